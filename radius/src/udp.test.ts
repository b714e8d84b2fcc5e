import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { bindUdp, nativeUdp, reservePort, type Endpoint, type Receive, type UdpMode } from './udp.ts';

const open: Array<Endpoint | Socket> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => ('kind' in o ? o.close() : new Promise<void>((resolve) => o.close(() => resolve())))));
});

async function endpoint(udp: UdpMode, receive: Receive, options: { host?: string; port?: number; group?: number } = {}): Promise<Endpoint> {
  const e = await bindUdp({ host: options.host ?? '127.0.0.1', port: options.port ?? 0, receiveBufferBytes: 1 << 20, udp, group: options.group }, receive);
  open.push(e);
  return e;
}

async function client(type: 'udp4' | 'udp6' = 'udp4'): Promise<Socket> {
  const socket = createSocket(type);
  open.push(socket);
  await new Promise<void>((resolve) => socket.bind(0, type === 'udp4' ? '127.0.0.1' : '::1', resolve));
  return socket;
}

/** Sends `count` datagrams at once and resolves with the answers, by their first byte. */
function exchange(socket: Socket, port: number, host: string, count: number): Promise<Map<number, Buffer>> {
  const answers = new Map<number, Buffer>();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${answers.size} of ${count} answers`)), 5_000);
    socket.on('message', (answer) => {
      answers.set(answer[0]!, answer);
      if (answers.size === count) {
        clearTimeout(timer);
        resolve(answers);
      }
    });
    for (let i = 0; i < count; i++) socket.send(Buffer.from([i, ...Buffer.from(`request ${i}`)]), port, host);
  });
}

const reversed = (datagram: Buffer) => Buffer.concat([datagram.subarray(0, 1), Buffer.from(datagram.subarray(1)).reverse()]);

describe.each(['auto', 'dgram'] as const)('UDP endpoint (%s)', (udp) => {
  it('answers a burst of 200 datagrams, each to its sender, whether the answer is immediate or later', async () => {
    const seen: string[] = [];
    const server = await endpoint(udp, (datagram, from) => {
      seen.push(`${from.address}:${from.port}`);
      if (datagram[0]! % 2) from.reply(reversed(datagram));
      else setTimeout(() => from.reply(reversed(datagram)), 5);
    });
    const socket = await client();
    const answers = await exchange(socket, server.port, '127.0.0.1', 200);
    for (let i = 0; i < 200; i++) expect(answers.get(i)?.subarray(1).toString()).toBe([...`request ${i}`].reverse().join(''));
    expect(new Set(seen)).toEqual(new Set([`127.0.0.1:${socket.address().port}`]));
    expect(server.kind).toBe(udp === 'dgram' || !nativeUdp() ? 'dgram' : 'batched');
  });

  it('serves IPv6, with the sender as text', async () => {
    let sender = '';
    const server = await endpoint(udp, (datagram, from) => {
      sender = from.address;
      from.reply(datagram);
    }, { host: '::1' });
    await exchange(await client('udp6'), server.port, '::1', 3);
    expect(sender).toBe('::1');
  });
});

describe.runIf(process.platform === 'linux')('batched UDP (the native addon)', () => {
  it('is built by npm install', () => {
    expect(nativeUdp(), 'radius/native/build/Release/udp_batch.node: run `npm install` (needs python3, make and g++)').not.toBeNull();
  });

  it('spreads one sender’s datagrams over every socket of a group, which together answer all of them', async () => {
    const port = reservePort('127.0.0.1', 0)!;
    const counts = [0, 0];
    for (const index of [0, 1]) {
      await endpoint('auto', (datagram, from) => {
        counts[index]!++;
        from.reply(datagram);
      }, { port, group: 2 });
    }
    const answers = await exchange(await client(), port, '127.0.0.1', 256);
    expect(answers.size).toBe(256);
    expect(counts[0]! + counts[1]!).toBe(256);
    expect(Math.min(...counts)).toBeGreaterThan(64); // at random, far from all on one socket
  });

  it('refuses a port already in use, even one a group of another process could join', async () => {
    const holder = await endpoint('auto', () => {}, { group: 2 });
    expect(() => reservePort('127.0.0.1', holder.port)).toThrow(expect.objectContaining({ code: 'EADDRINUSE' }));
  });
});
