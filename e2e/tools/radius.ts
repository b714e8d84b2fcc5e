/** FreeRADIUS's radclient as the NAS (Debian's freeradius-utils; `npm test` installs it), and a NAS's CoA port. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The demo NAS's shared secret (the demo ISP's NAS is 127.0.0.1). */
export const DEMO_SECRET = 'testing123';

export interface RadiusReply {
  /** e.g. Access-Accept, Access-Reject, Accounting-Response; undefined when nothing came back. */
  code: string | undefined;
  /** Reply attributes as radclient prints them: name → values. */
  attributes: Map<string, string[]>;
  output: string;
}

async function radclient(host: string, port: number, type: 'auth' | 'acct', attributes: Record<string, string>): Promise<RadiusReply> {
  const body = Object.entries(attributes)
    .map(([name, value]) => `${name} = ${/^[\d.:]+$/.test(value) && !value.includes(':') ? value : `"${value}"`}`)
    .join('\n');
  const child = exec('radclient', ['-x', '-r', '2', '-t', '3', `${host}:${port}`, type, DEMO_SECRET], { timeout: 15_000 });
  child.child.stdin?.end(`${body}\n`);
  // radclient exits with 1 on an Access-Reject ("Expected Access-Accept got Access-Reject"): the reply is still the answer.
  const stdout = await child.then(
    (r) => r.stdout,
    (e: { stdout?: string }) => {
      if (!e.stdout?.includes('Received')) throw e;
      return e.stdout;
    },
  );
  const received = stdout.split(/Received \S+ Id[^\n]*\n/)[1] ?? '';
  const replied = new Map<string, string[]>();
  for (const line of received.split('\n')) {
    const m = /^\s+(\S+) = "?(.*?)"?$/.exec(line);
    if (m) replied.set(m[1]!, [...(replied.get(m[1]!) ?? []), m[2]!]);
  }
  return { code: /Received (\S+) Id/.exec(stdout)?.[1], attributes: replied, output: stdout };
}

/** Sends one accounting request; attributes as radclient reads them ("Name = value" lines). */
export async function sendAccounting(host: string, port: number, attributes: Record<string, string>): Promise<string> {
  return (await radclient(host, port, 'acct', attributes)).output;
}

/** A PAP login, as a PPPoE server asks for it. */
export function authenticate(host: string, port: number, login: string, password: string): Promise<RadiusReply> {
  return radclient(host, port, 'auth', { 'User-Name': login, 'User-Password': password, 'Calling-Station-Id': '02:00:5E:10:E2:E0' });
}

export interface DisconnectRequest {
  userName: string | undefined;
  acctSessionId: string | undefined;
}

/**
 * A NAS's CoA port (RFC 5176) on 127.0.0.1: answers every Disconnect-Request with a Disconnect-ACK
 * (a correct response authenticator) and records what it was asked.
 */
export async function startCoaListener(secret = DEMO_SECRET): Promise<{ port: number; received: DisconnectRequest[]; close(): void }> {
  const socket = createSocket('udp4');
  const received: DisconnectRequest[] = [];
  socket.on('message', (packet, from) => {
    if (packet.length < 20 || packet[0] !== 40) return; // Disconnect-Request
    const text = (type: number) => {
      for (let i = 20; i + 2 <= packet.length && packet[i + 1]! >= 2; i += packet[i + 1]!) {
        if (packet[i] === type) return packet.subarray(i + 2, i + packet[i + 1]!).toString('utf8');
      }
      return undefined;
    };
    received.push({ userName: text(1), acctSessionId: text(44) });
    const reply = Buffer.alloc(20);
    reply[0] = 41; // Disconnect-ACK
    reply[1] = packet[1]!;
    reply.writeUInt16BE(20, 2);
    packet.copy(reply, 4, 4, 20);
    createHash('md5').update(reply).update(secret).digest().copy(reply, 4);
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, received, close: () => socket.close() };
}

/**
 * Sends one Access-Request (radclient encrypts User-Password with the secret) and returns
 * radclient's output, whether the NAS would get an Access-Accept or an Access-Reject.
 */
export async function sendAccessRequest(host: string, port: number, attributes: Record<string, string>): Promise<string> {
  const body = Object.entries(attributes)
    .map(([name, value]) => `${name} = "${value}"`)
    .join('\n');
  const child = exec('radclient', ['-x', '-r', '2', '-t', '3', `${host}:${port}`, 'auth', DEMO_SECRET], { timeout: 15_000 });
  child.child.stdin?.end(`${body}\n`);
  try {
    return (await child).stdout;
  } catch (error) {
    // radclient exits non-zero on an Access-Reject; its output still says what came back.
    const stdout = (error as { stdout?: string }).stdout;
    if (stdout?.includes('Access-Reject')) return stdout;
    throw error;
  }
}
