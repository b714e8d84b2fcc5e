import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@backhaul/prisma/testing';
import { DEMO_NAS, DEMO_SUBSCRIBERS, seedDemo } from '@backhaul/schema/demo/seed.ts';
import type { EventPayload } from '@backhaul/schema/events/catalogue.ts';
import { createPubSub } from '@backhaul/schema/events/transports/create.ts';
import type { ServerPubSub } from '@backhaul/schema/events/transports/fanout.ts';
import { loadDictionary } from '@backhaul/schema/radius/dictionary.ts';
import { createSecretBox } from '@backhaul/schema/shared/secrets.ts';
import { attribute, decode, encodeResponse, getValue, PacketCode, type RadiusPacket } from '../src/protocol/packet.ts';
import { eventually, radclient, startTestRadius, TEST_SERVER_KEY, type TestRadius } from './support.ts';

/**
 * CoA and Disconnect end to end: a test NAS listens on the demo router's CoA port; blocking a
 * customer disconnects their session, a new tariff sends the new rate, staff requests come over
 * the pub/sub; every outcome lands in the audit log and on the bus.
 */
const dictionary = loadDictionary();
const def = (name: string) => dictionary.attribute(name);
let database: TestDatabase;
let radius: TestRadius;
let pubsub: ServerPubSub;
let nas: Socket;
let answer: (packet: RadiusPacket) => { code: PacketCode; errorCause?: number } | undefined = () => undefined;
const received: RadiusPacket[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, createSecretBox(TEST_SERVER_KEY));
  nas = createSocket('udp4');
  await new Promise<void>((resolve) => nas.bind(0, '127.0.0.1', resolve));
  nas.on('message', (datagram: Buffer, from: RemoteInfo) => {
    const decoded = decode(datagram, DEMO_NAS.secret);
    if (!decoded.ok) return;
    received.push(decoded.packet);
    const reply = answer(decoded.packet);
    if (!reply) return;
    const attributes = reply.errorCause ? [attribute(dictionary.attribute('Error-Cause', 'integer'), reply.errorCause)] : [];
    nas.send(encodeResponse(decoded.packet, reply.code, attributes, DEMO_NAS.secret), from.port, from.address);
  });
  await database.db.router.update({ where: { nasIp: DEMO_NAS.nasIp }, data: { coaPort: nas.address().port } });
  radius = await startTestRadius(database.url, { coaTimeoutMs: 200, coaAttempts: 2 });
  pubsub = await createPubSub({ databaseUrl: database.url, log: { info() {}, warn() {}, error() {}, debug() {} } });
  await eventually(async () => radius.leader.isLeader);
}, 120_000);

afterAll(async () => {
  nas?.close();
  await pubsub?.close();
  await radius?.close();
  await database?.drop();
});

const { pap } = DEMO_SUBSCRIBERS;

async function startSession(id: string) {
  await radclient(radius.acctPort, 'acct', `User-Name = "${pap.login}"\nAcct-Status-Type = Start\nAcct-Session-Id = "${id}"\nFramed-IP-Address = ${pap.framedIp}`);
  await radius.accountingSettled();
  return database.db.radiusSession.findFirstOrThrow({ where: { acctSessionId: id } });
}

async function subscriberChanged(change: () => Promise<unknown>) {
  await change();
  const service = await database.db.service.findUniqueOrThrow({ where: { login: pap.login } });
  await pubsub.publish('SubscriberChanged', { serviceId: service.id, customerId: service.customerId, login: pap.login });
}

describe('CoA and Disconnect', () => {
  it('disconnects the session of a customer who gets blocked, and audit-logs the NAS answer', async () => {
    const session = await startSession('coa-1');
    received.length = 0;
    answer = (p) => (p.code === PacketCode.DisconnectRequest ? { code: PacketCode.DisconnectAck } : undefined);
    await subscriberChanged(() => database.db.customer.update({ where: { id: session.customerId! }, data: { status: 'BLOCKED' } }));
    const request = await eventually(async () => received.find((p) => p.code === PacketCode.DisconnectRequest));
    expect(getValue(request, def('User-Name') as never)).toBe(pap.login);
    expect(getValue(request, def('Acct-Session-Id') as never)).toBe('coa-1');
    expect(getValue(request, def('Framed-IP-Address') as never)).toBe(pap.framedIp);
    const audit = await eventually(() => database.db.auditLog.findFirst({ where: { action: 'session.disconnect', entityId: String(session.id) } }));
    expect(audit).toMatchObject({ actorType: 'SYSTEM', customerId: session.customerId });
    expect(audit.after).toMatchObject({ reason: 'blocked', result: 'ACK' });
    await subscriberChanged(() => database.db.customer.update({ where: { id: session.customerId! }, data: { status: 'ACTIVE' } }));
  });

  it('sends the new rate limit when the tariff changes, and records a NAK with its Error-Cause', async () => {
    await radclient(radius.acctPort, 'acct', `User-Name = "${pap.login}"\nAcct-Status-Type = Stop\nAcct-Session-Id = "coa-1"`);
    await radius.accountingSettled();
    const session = await startSession('coa-2');
    const tariff = await database.db.tariff.create({ data: { name: 'CoA test 77M', downloadKbps: 77_000, uploadKbps: 7_000, price: 10 } });
    received.length = 0;
    answer = (p) => (p.code === PacketCode.CoaRequest ? { code: PacketCode.CoaNak, errorCause: 503 } : undefined);
    await subscriberChanged(() => database.db.service.update({ where: { login: pap.login }, data: { tariffId: tariff.id } }));
    const request = await eventually(async () => received.find((p) => p.code === PacketCode.CoaRequest));
    expect(getValue(request, def('Mikrotik-Rate-Limit') as never)).toBe('7000k/77000k');
    const audit = await eventually(() => database.db.auditLog.findFirst({ where: { action: 'session.rate', entityId: String(session.id) } }));
    expect(audit.after).toMatchObject({ result: 'NAK', errorCause: 'Session-Context-Not-Found' });
    expect((await database.db.radiusSession.findUniqueOrThrow({ where: { id: session.id } })).rateLimit).not.toBe('7000k/77000k');
  });

  it('carries out a staff Disconnect request from the pub/sub and publishes the result', async () => {
    const session = await database.db.radiusSession.findFirstOrThrow({ where: { acctSessionId: 'coa-2' } });
    answer = () => undefined; // the NAS does not answer: retried, then TIMEOUT
    const results: EventPayload<'CoaResult'>[] = [];
    const stop = new AbortController();
    const following = (async () => {
      for await (const r of pubsub.subscribe('CoaResult', stop.signal)) results.push(r);
    })();
    received.length = 0;
    await pubsub.publish('CoaRequested', { requestId: 'req-1', sessionId: String(session.id), action: 'DISCONNECT', rateLimit: null });
    const result = await eventually(async () => results.find((r) => r.requestId === 'req-1'));
    expect(result).toMatchObject({ result: 'TIMEOUT', attempts: 2, action: 'DISCONNECT' });
    expect(received.filter((p) => p.code === PacketCode.DisconnectRequest)).toHaveLength(2);

    await pubsub.publish('CoaRequested', { requestId: 'req-2', sessionId: '999999', action: 'DISCONNECT', rateLimit: null });
    expect(await eventually(async () => results.find((r) => r.requestId === 'req-2'))).toMatchObject({ result: 'NOT_ONLINE' });
    stop.abort();
    await following;
  });
});
