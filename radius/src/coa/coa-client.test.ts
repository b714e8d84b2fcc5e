import { createHash, createHmac } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDictionary } from '@backhaul/schema/radius/dictionary.ts';
import { attribute } from '../protocol/packet.ts';
import { createCoaClient, type CoaClient, type CoaClientOptions } from './coa-client.ts';

/*
 * A test NAS on 127.0.0.1 (or ::1) receives what the client sends. Everything it checks and
 * everything it answers is computed here by hand from the RFCs with node:crypto — never with
 * our codec — so these tests are an independent check of the packets on the wire.
 */

const dictionary = loadDictionary();
const SECRET = 'coa-secret';

interface Tlv {
  readonly type: number;
  readonly value: Buffer;
}

interface Received {
  readonly raw: Buffer;
  readonly from: RemoteInfo;
}

interface TestNas {
  readonly socket: Socket;
  readonly port: number;
  readonly received: Received[];
  /** Called for each datagram; answer with `socket.send`. */
  onPacket: (packet: Received) => void;
  close(): Promise<void>;
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

async function startNas(type: 'udp4' | 'udp6' = 'udp4'): Promise<TestNas> {
  const socket = createSocket(type);
  await new Promise<void>((done) => socket.bind(0, type === 'udp4' ? '127.0.0.1' : '::1', done));
  const nas: TestNas = {
    socket,
    port: socket.address().port,
    received: [],
    onPacket: () => undefined,
    close: () => new Promise((done) => socket.close(() => done())),
  };
  socket.on('message', (raw, from) => {
    const packet = { raw, from };
    nas.received.push(packet);
    nas.onPacket(packet);
  });
  cleanup.push(nas.close);
  return nas;
}

function client(options: Partial<CoaClientOptions> = {}): CoaClient {
  const coa = createCoaClient({ dictionary, timeoutMs: 100, attempts: 3, ...options });
  cleanup.push(() => coa.close());
  return coa;
}

const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest();
const secretBytes = (secret: string) => Buffer.from(secret, 'utf8');

/** The attributes of a packet, parsed by hand (RFC 2865 §5: type, length, value). */
function tlvs(raw: Buffer, from = 20, to = raw.length): Tlv[] {
  const out: Tlv[] = [];
  for (let at = from; at < to; at += raw[at + 1]!) {
    expect(raw[at + 1]).toBeGreaterThanOrEqual(2);
    expect(at + raw[at + 1]!).toBeLessThanOrEqual(to);
    out.push({ type: raw[at]!, value: raw.subarray(at + 2, at + raw[at + 1]!) });
  }
  return out;
}

function only(attributes: Tlv[], type: number): Buffer {
  const found = attributes.filter((a) => a.type === type);
  expect(found, `attribute ${type}`).toHaveLength(1);
  return found[0]!.value;
}

/**
 * Checks the header and both authenticators of a CoA- or Disconnect-Request against RFC 5176
 * §3.1 and RFC 3579 §3.2 (as FreeRADIUS computes it: the authenticator field zeroed).
 */
function checkRequest(raw: Buffer, code: number, secret = SECRET): Tlv[] {
  expect(raw[0]).toBe(code);
  expect(raw.readUInt16BE(2)).toBe(raw.length);
  const zeroed = Buffer.from(raw);
  zeroed.fill(0, 4, 20);
  // Request Authenticator = MD5(Code + Identifier + Length + 16 zero octets + Attributes + Secret).
  expect(md5(zeroed, secretBytes(secret)).toString('hex')).toBe(raw.subarray(4, 20).toString('hex'));
  const attributes = tlvs(raw);
  let offset = 20;
  let messageAuthenticator: number | undefined;
  for (const a of attributes) {
    if (a.type === 80) {
      expect(messageAuthenticator).toBeUndefined();
      messageAuthenticator = offset;
    }
    offset += a.value.length + 2;
  }
  expect(messageAuthenticator, 'a Message-Authenticator').toBeDefined();
  expect(raw[messageAuthenticator! + 1]).toBe(18);
  zeroed.fill(0, messageAuthenticator! + 2, messageAuthenticator! + 18);
  const expected = createHmac('md5', secret).update(zeroed).digest();
  expect(raw.subarray(messageAuthenticator! + 2, messageAuthenticator! + 18).toString('hex')).toBe(expected.toString('hex'));
  return attributes;
}

/**
 * A reply built by hand: Response Authenticator = MD5(Code + Identifier + Length + Request
 * Authenticator + Attributes + Secret) (RFC 5176 §3.1), optionally with a Message-Authenticator
 * computed over the packet carrying the Request Authenticator.
 */
function reply(request: Buffer, code: number, attributes: Tlv[] = [], options: { secret?: string; messageAuthenticator?: boolean; identifier?: number } = {}): Buffer {
  const secret = options.secret ?? SECRET;
  const all = options.messageAuthenticator ? [{ type: 80, value: Buffer.alloc(16) }, ...attributes] : attributes;
  const body = Buffer.concat(all.map((a) => Buffer.concat([Buffer.of(a.type, a.value.length + 2), a.value])));
  const packet = Buffer.concat([Buffer.of(code, options.identifier ?? request[1]!, 0, 0), request.subarray(4, 20), body]);
  packet.writeUInt16BE(packet.length, 2);
  if (options.messageAuthenticator) createHmac('md5', secret).update(packet).digest().copy(packet, 22);
  md5(packet, secretBytes(secret)).copy(packet, 4);
  return packet;
}

const errorCause = (value: number): Tlv => {
  const octets = Buffer.alloc(4);
  octets.writeUInt32BE(value);
  return { type: 101, value: octets };
};

function answer(nas: TestNas, build: (raw: Buffer) => Buffer): void {
  nas.onPacket = ({ raw, from }) => nas.socket.send(build(raw), from.port, from.address);
}

const session = {
  userName: 'alice@isp',
  acctSessionId: '81a00003',
  nasIpAddress: '192.0.2.10',
  framedIpAddress: '100.64.3.17',
  callingStationId: 'AA:BB:CC:00:11:22',
  nasPortId: 'ether1-vlan100',
};

describe('CoaClient: the packets on the wire (RFC 5176 §3)', () => {
  it('sends a Disconnect-Request with the identifying attributes, Event-Timestamp and both authenticators', async () => {
    const nas = await startNas();
    answer(nas, (raw) => reply(raw, 41));
    const before = Math.floor(Date.now() / 1000);
    const outcome = await client().send({ kind: 'disconnect', nas: { address: '127.0.0.1', port: nas.port, secret: SECRET }, session });
    const after = Math.ceil(Date.now() / 1000);

    expect(nas.received).toHaveLength(1);
    const attributes = checkRequest(nas.received[0]!.raw, 40);
    expect(attributes[0]?.type).toBe(80); // Message-Authenticator first, as FreeRADIUS sends it
    expect(only(attributes, 1).toString()).toBe('alice@isp'); // User-Name
    expect(only(attributes, 44).toString()).toBe('81a00003'); // Acct-Session-Id
    expect(only(attributes, 4).toString('hex')).toBe('c000020a'); // NAS-IP-Address 192.0.2.10
    expect(only(attributes, 8).toString('hex')).toBe('64400311'); // Framed-IP-Address 100.64.3.17
    expect(only(attributes, 31).toString()).toBe('AA:BB:CC:00:11:22'); // Calling-Station-Id
    expect(only(attributes, 87).toString()).toBe('ether1-vlan100'); // NAS-Port-Id
    const timestamp = only(attributes, 55); // Event-Timestamp: 4 octets, seconds since 1970
    expect(timestamp).toHaveLength(4);
    expect(timestamp.readUInt32BE()).toBeGreaterThanOrEqual(before);
    expect(timestamp.readUInt32BE()).toBeLessThanOrEqual(after);
    expect(attributes.map((a) => a.type).sort((a, b) => a - b)).toEqual([1, 4, 8, 31, 44, 55, 80, 87]);

    expect(outcome).toMatchObject({ result: 'ACK', errorCause: null, errorCauseName: null, attempts: 1 });
    expect(outcome.rttMs).toBeGreaterThanOrEqual(0);
  });

  it('sends a CoA-Request with the new Mikrotik-Rate-Limit as a Vendor-Specific attribute', async () => {
    const nas = await startNas();
    answer(nas, (raw) => reply(raw, 44, [], { messageAuthenticator: true }));
    const outcome = await client().send({
      kind: 'coa',
      nas: { address: '127.0.0.1', port: nas.port, secret: Buffer.from(SECRET) },
      session: { userName: 'bob', acctSessionId: 'sess-2' },
      attributes: [attribute(dictionary.attribute('Mikrotik-Rate-Limit', 'string'), '10M/50M')],
    });

    const attributes = checkRequest(nas.received[0]!.raw, 43);
    expect(attributes.map((a) => a.type)).toEqual([80, 1, 44, 55, 26]);
    // RFC 2865 §5.26: Vendor-Id 14988 (MikroTik), then vendor type 8, vendor length, value.
    const vsa = only(attributes, 26);
    expect(vsa.readUInt32BE(0)).toBe(14988);
    expect(vsa[4]).toBe(8);
    expect(vsa[5]).toBe(2 + '10M/50M'.length);
    expect(vsa.subarray(6).toString()).toBe('10M/50M');
    expect(vsa).toHaveLength(6 + '10M/50M'.length);
    expect(outcome).toMatchObject({ result: 'ACK', attempts: 1 });
  });

  it('uses NAS-IPv6-Address for an IPv6 NAS identity and reaches a NAS at ::1', async () => {
    const nas = await startNas('udp6');
    answer(nas, (raw) => reply(raw, 41));
    const outcome = await client().send({
      kind: 'disconnect',
      nas: { address: '0:0:0:0:0:0:0:1', port: nas.port, secret: SECRET },
      session: { userName: 'carol', acctSessionId: 's6', nasIpAddress: '2001:db8::10' },
    });
    expect(outcome.result).toBe('ACK');
    const attributes = checkRequest(nas.received[0]!.raw, 40);
    expect(only(attributes, 95).toString('hex')).toBe('20010db8000000000000000000000010');
    expect(attributes.some((a) => a.type === 4)).toBe(false);
  });
});

describe('CoaClient: replies', () => {
  it('reports a NAK with its Error-Cause number and dictionary name', async () => {
    const nas = await startNas();
    answer(nas, (raw) => reply(raw, 42, [errorCause(503)], { messageAuthenticator: true }));
    const outcome = await client().send({ kind: 'disconnect', nas: { address: '127.0.0.1', port: nas.port, secret: SECRET }, session });
    expect(outcome).toMatchObject({ result: 'NAK', errorCause: 503, errorCauseName: 'Session-Context-Not-Found', attempts: 1 });
  });

  it('retransmits the identical packet on timeout, `attempts` times in all, then reports TIMEOUT', async () => {
    const nas = await startNas();
    const started = performance.now();
    const outcome = await client({ timeoutMs: 100, attempts: 3 }).send({ kind: 'coa', nas: { address: '127.0.0.1', port: nas.port, secret: SECRET }, session });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(outcome).toEqual({ result: 'TIMEOUT', errorCause: null, errorCauseName: null, attempts: 3, rttMs: null });
    await sleep(150);
    expect(nas.received).toHaveLength(3);
    const [first, ...again] = nas.received.map((r) => r.raw.toString('hex'));
    expect(again).toEqual([first, first]);
    expect(new Set(nas.received.map((r) => r.from.port)).size).toBe(1);
  });

  it('ignores a reply signed with another secret, and accepts the genuine one after it', async () => {
    const nas = await startNas();
    nas.onPacket = ({ raw, from }) => {
      nas.socket.send(reply(raw, 42, [errorCause(503)], { secret: 'wrong-secret' }), from.port, from.address);
      nas.socket.send(reply(raw, 41), from.port, from.address);
    };
    const outcome = await client().send({ kind: 'disconnect', nas: { address: '127.0.0.1', port: nas.port, secret: SECRET }, session });
    expect(outcome).toMatchObject({ result: 'ACK', errorCause: null, attempts: 1 });
  });

  it('ignores an ACK of the other kind and a reply with another identifier', async () => {
    const nas = await startNas();
    nas.onPacket = ({ raw, from }) => {
      nas.socket.send(reply(raw, 44), from.port, from.address); // a CoA-ACK to a Disconnect-Request
      nas.socket.send(reply(raw, 41, [], { identifier: (raw[1]! + 1) & 0xff }), from.port, from.address);
      nas.socket.send(reply(raw, 42, [errorCause(504)]), from.port, from.address);
    };
    const outcome = await client().send({ kind: 'disconnect', nas: { address: '127.0.0.1', port: nas.port, secret: SECRET }, session });
    expect(outcome).toMatchObject({ result: 'NAK', errorCause: 504, errorCauseName: 'Session-Context-Not-Removable' });
  });

  it('ignores a genuine reply that comes from another port than the one the request went to', async () => {
    const nas = await startNas();
    const other = await startNas();
    // The first transmission is answered from the other port only; the genuine answer waits for the second.
    nas.onPacket = ({ raw, from }) => {
      if (nas.received.length === 1) other.socket.send(reply(raw, 44), from.port, from.address);
      else nas.socket.send(reply(raw, 45, [errorCause(404)]), from.port, from.address);
    };
    const outcome = await client().send({ kind: 'coa', nas: { address: '127.0.0.1', port: nas.port, secret: SECRET }, session });
    expect(outcome).toMatchObject({ result: 'NAK', errorCause: 404, errorCauseName: 'Invalid-Request', attempts: 2 });
  });

  it('completes 300 concurrent requests to one NAS, never reusing an identifier still in flight', async () => {
    const nas = await startNas();
    const inFlight = new Set<number>();
    const reused: number[] = [];
    const held: (() => void)[] = [];
    let seenWhileHolding = 0;
    nas.onPacket = ({ raw, from }) => {
      const identifier = raw[1]!;
      if (inFlight.has(identifier)) reused.push(identifier);
      inFlight.add(identifier);
      const odd = Number(only(tlvs(raw), 44).toString().slice(2)) % 2 === 1;
      // Odd sessions are NAKed, so a reply routed to the wrong request would show.
      const respond = () => {
        inFlight.delete(identifier);
        nas.socket.send(odd ? reply(raw, 45, [errorCause(503)]) : reply(raw, 44), from.port, from.address);
      };
      if (nas.received.length > 256) return void setTimeout(respond, Math.random() * 10);
      held.push(respond);
      if (nas.received.length === 256) {
        // Hold the first 256 a while: a 257th must not arrive before an identifier is freed.
        setTimeout(() => {
          seenWhileHolding = nas.received.length;
          for (const send of held.sort(() => Math.random() - 0.5)) send();
        }, 50);
      }
    };
    const coa = client({ timeoutMs: 5000, attempts: 1 });
    const outcomes = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        coa.send({ kind: 'coa', nas: { address: '127.0.0.1', port: nas.port, secret: SECRET }, session: { userName: `u${i}`, acctSessionId: `s-${i}` } }),
      ),
    );
    outcomes.forEach((outcome, i) => expect(outcome.result, `request ${i}`).toBe(i % 2 === 1 ? 'NAK' : 'ACK'));
    expect(reused, 'identifiers reused while in flight').toEqual([]);
    expect(seenWhileHolding).toBe(256);
    expect(nas.received).toHaveLength(300);
  });
});

describe('CoaClient: failures', () => {
  it('counts a send the network refuses as an attempt and reports TIMEOUT without throwing', async () => {
    // Linux refuses a broadcast from a socket without SO_BROADCAST (EACCES) in the send callback.
    const outcome = await client({ timeoutMs: 30, attempts: 2 }).send({ kind: 'disconnect', nas: { address: '255.255.255.255', port: 3799, secret: SECRET }, session });
    expect(outcome).toMatchObject({ result: 'TIMEOUT', attempts: 2 });
  });

  it('resolves requests in flight and queued as TIMEOUT when closed', async () => {
    const nas = await startNas();
    const coa = createCoaClient({ dictionary, timeoutMs: 10_000 });
    const sent = Array.from({ length: 258 }, (_, i) =>
      coa.send({ kind: 'coa', nas: { address: '127.0.0.1', port: nas.port, secret: SECRET }, session: { userName: 'u', acctSessionId: `s-${i}` } }),
    );
    await coa.close();
    const outcomes = await Promise.all(sent);
    expect(outcomes.every((o) => o.result === 'TIMEOUT')).toBe(true);
    expect(outcomes.slice(0, 256).every((o) => o.attempts === 1)).toBe(true);
    expect(outcomes.slice(256).map((o) => o.attempts)).toEqual([0, 0]);
    await expect(coa.send({ kind: 'coa', nas: { address: '127.0.0.1', port: nas.port, secret: SECRET }, session })).resolves.toMatchObject({ result: 'TIMEOUT', attempts: 0 });
  });

  it('rejects a request that cannot be encoded, and goes on serving others', async () => {
    const nas = await startNas();
    answer(nas, (raw) => reply(raw, 41));
    const coa = client();
    const target = { address: '127.0.0.1', port: nas.port, secret: SECRET };
    await expect(coa.send({ kind: 'disconnect', nas: { ...target, address: 'nas.example' }, session })).rejects.toThrow(/not an IP address/);
    await expect(coa.send({ kind: 'disconnect', nas: target, session: { ...session, framedIpAddress: '2001:db8::1' } })).rejects.toThrow(/IPv4/);
    await expect(coa.send({ kind: 'disconnect', nas: target, session })).resolves.toMatchObject({ result: 'ACK' });
  });
});

describe('CoaClient: the npm radius package as an independent check', () => {
  const radius = createRequire(import.meta.url)('radius') as {
    add_dictionary(path: string): void;
    decode(args: { packet: Buffer; secret: string; no_secret?: boolean }): { code: string; identifier: number; attributes: Record<string, unknown> };
    encode_response(args: { packet: unknown; code: string; secret: string; attributes: [string, unknown][] }): Buffer;
  };
  radius.add_dictionary(new URL('../../../schema/src/radius/dictionaries/dictionary.mikrotik', import.meta.url).pathname);

  it('reads our CoA-Request, and its CoA-NAK (with Message-Authenticator) is accepted', async () => {
    const nas = await startNas();
    let theirs: ReturnType<typeof radius.decode> | undefined;
    answer(nas, (raw) => {
      // The package checks a request's Message-Authenticator over the real authenticator where
      // FreeRADIUS (and we) zero it, so it reads the request without the secret.
      theirs = radius.decode({ packet: raw, secret: SECRET, no_secret: true });
      return radius.encode_response({ packet: theirs, code: 'CoA-NAK', secret: SECRET, attributes: [['Error-Cause', 'Session-Context-Not-Found']] });
    });
    const outcome = await client().send({
      kind: 'coa',
      nas: { address: '127.0.0.1', port: nas.port, secret: SECRET },
      session: { userName: 'dave', acctSessionId: 'a1b2', framedIpAddress: '100.64.0.9' },
      attributes: [attribute(dictionary.attribute('Mikrotik-Rate-Limit', 'string'), '5M/5M')],
    });
    expect(theirs?.code).toBe('CoA-Request');
    expect(theirs?.attributes).toMatchObject({
      'User-Name': 'dave',
      'Acct-Session-Id': 'a1b2',
      'Framed-IP-Address': '100.64.0.9',
      'Vendor-Specific': { 'Mikrotik-Rate-Limit': '5M/5M' },
    });
    expect(theirs?.attributes['Event-Timestamp']).toBeInstanceOf(Date);
    expect(outcome).toMatchObject({ result: 'NAK', errorCause: 503, errorCauseName: 'Session-Context-Not-Found' });
  });
});
