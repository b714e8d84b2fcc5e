import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLog } from '@backhaul/schema/shared/log.ts';
import { startRadius, type RadiusInstance } from '../src/instance.ts';

export const TEST_SERVER_KEY = 'radius-test-server-key-0123456789abcdef';

export interface TestRadius extends RadiusInstance {
  readonly spoolDir: string;
}

/** A RADIUS instance on ephemeral loopback ports over `databaseUrl`, its spool in a temporary directory. */
export async function startTestRadius(
  databaseUrl: string,
  options: { coaTimeoutMs?: number; coaAttempts?: number; serverKey?: string; udp?: 'auto' | 'dgram' } = {},
): Promise<TestRadius> {
  const spoolDir = await mkdtemp(path.join(tmpdir(), 'backhaul-spool-'));
  const radius = await startRadius({
    databaseUrl,
    host: '127.0.0.1',
    authPort: 0,
    acctPort: 0,
    spoolDir,
    log: createLog('radius', (process.env.TEST_LOG as 'debug' | undefined) ?? 'silent'),
    ...options,
    serverKey: options.serverKey ?? TEST_SERVER_KEY,
  });
  return {
    ...radius,
    spoolDir,
    async close() {
      await radius.close();
      await rm(spoolDir, { recursive: true, force: true });
    },
  };
}

export interface RadclientResult {
  /** The reply's code name (Access-Accept, Access-Reject, Accounting-Response), or undefined when nothing came back. */
  readonly code: string | undefined;
  /** Reply attributes as radclient prints them: name → values. */
  readonly attributes: Map<string, string[]>;
  readonly output: string;
}

/**
 * FreeRADIUS's radclient as the NAS: sends `attributes` (radclient's text format) as one
 * request of `type` (auth, acct, status) and parses what it printed. One try, one second.
 */
export function radclient(port: number, type: 'auth' | 'acct' | 'status', attributes: string, secret = 'testing123'): Promise<RadclientResult> {
  return new Promise((resolve, reject) => {
    const child = execFile('radclient', ['-x', '-r', '1', '-t', '1', `127.0.0.1:${port}`, type, secret], { timeout: 10_000 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (error && !/no reply|Expected .* got|timed out/i.test(output) && error.killed) return reject(error);
      const code = /Received (\S+) Id/.exec(output)?.[1];
      const attributesOut = new Map<string, string[]>();
      const received = output.split(/Received \S+ Id[^\n]*\n/)[1] ?? '';
      for (const line of received.split('\n')) {
        const m = /^\s+(\S+) = (.*)$/.exec(line);
        if (!m) continue;
        const [, name = '', value = ''] = m;
        attributesOut.set(name, [...(attributesOut.get(name) ?? []), value.replace(/^"|"$/g, '')]);
      }
      resolve({ code, attributes: attributesOut, output });
    });
    child.stdin?.end(`${attributes}\n`);
  });
}

export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
