/** FreeRADIUS's radclient as the NAS (Debian's freeradius-utils; `npm test` installs it). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The demo NAS's shared secret (the demo ISP's NAS is 127.0.0.1). */
export const DEMO_SECRET = 'testing123';

/** Sends one accounting request; attributes as radclient reads them ("Name = value" lines). */
export async function sendAccounting(host: string, port: number, attributes: Record<string, string>): Promise<string> {
  const body = Object.entries(attributes)
    .map(([name, value]) => `${name} = ${/^[\d.:]+$/.test(value) && !value.includes(':') ? value : `"${value}"`}`)
    .join('\n');
  const child = exec('radclient', ['-x', '-r', '2', '-t', '3', `${host}:${port}`, 'acct', DEMO_SECRET], { timeout: 15_000 });
  child.child.stdin?.end(`${body}\n`);
  const { stdout } = await child;
  return stdout;
}
