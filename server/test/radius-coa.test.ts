import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '@backhaul/schema/events/catalogue.ts';
import { startTestServer, type TestServer } from './support/server.ts';

/** How long the server waits for a RADIUS process here (15 s in production). */
const COA_TIMEOUT_MS = 1000;

let s: TestServer;
let admin: string;
let partnerA: number;
let customerA: number;
let online: { id: string; key: bigint };
let stopped: string;
let otherPartners: string;

const gid = (id: bigint) => Buffer.from(`RadiusSession:${id}`).toString('base64');

beforeAll(async () => {
  s = await startTestServer({ coaTimeoutMs: COA_TIMEOUT_MS });
  admin = (await s.staff('Super administrator')).token;
  const db = s.database.db;
  partnerA = (await db.partner.create({ data: { name: 'Partner A' } })).id;
  const partnerB = (await db.partner.create({ data: { name: 'Partner B' } })).id;
  customerA = (await db.customer.create({ data: { name: 'Anna Alpha', partnerId: partnerA } })).id;
  const tariff = await db.tariff.create({ data: { name: 'Home 50', downloadKbps: 50_000, uploadKbps: 10_000, price: '20' } });
  const service = await db.service.create({ data: { customerId: customerA, tariffId: tariff.id, login: 'alice' } });
  const now = new Date();
  const base = { nasIp: '192.0.2.1', login: 'alice', startedAt: now, updatedAt: now, serviceId: service.id, customerId: customerA, partnerId: partnerA };
  const row = await db.radiusSession.create({ data: { ...base, uniqueId: 'u1', acctSessionId: 'a1', framedIp: '100.64.0.10', rateLimit: '10000k/50000k' } });
  online = { id: gid(row.id), key: row.id };
  stopped = gid((await db.radiusSession.create({ data: { ...base, uniqueId: 'u2', acctSessionId: 'a2', stoppedAt: now } })).id);
  otherPartners = gid((await db.radiusSession.create({ data: { ...base, login: 'bob', serviceId: null, customerId: null, partnerId: partnerB, uniqueId: 'u3', acctSessionId: 'a3' } })).id);
});
afterAll(() => s.close());

type CoaRequested = EventPayload<'CoaRequested'>;
type Answer = Omit<EventPayload<'CoaResult'>, 'requestId' | 'sessionId' | 'action'>;

/**
 * Plays the RADIUS leader: takes CoaRequested from the pub/sub and publishes the CoaResult that
 * `answer` gives (none when it returns null), first a stray result for another request.
 */
function radiusLeader(answer: (request: CoaRequested) => Answer | null) {
  const stop = new AbortController();
  const requests: CoaRequested[] = [];
  const running = (async () => {
    for await (const request of s.pubsub.subscribe('CoaRequested', stop.signal)) {
      requests.push(request);
      const result = answer(request);
      if (!result) continue;
      const { requestId, sessionId, action } = request;
      await s.pubsub.publish('CoaResult', { ...result, requestId: 'someone-else', sessionId, action, result: 'TIMEOUT' });
      await s.pubsub.publish('CoaResult', { ...result, requestId, sessionId, action });
    }
  })();
  return {
    requests,
    async stop() {
      stop.abort();
      await running;
    },
  };
}

const DISCONNECT = `mutation($id: ID!) { disconnectSession(id: $id) {
  __typename
  ... on DisconnectSessionSuccess { data { requestId action result errorCause errorCauseName attempts rateLimit session { login online } } }
  ... on DomainError { message code field }
  ... on InputValidationError { issues { field message } }
} }`;

const RATE = `mutation($id: ID!, $down: Int!, $up: Int!) { changeSessionRate(id: $id, downloadKbps: $down, uploadKbps: $up) {
  __typename
  ... on ChangeSessionRateSuccess { data { requestId action result errorCause errorCauseName attempts rateLimit } }
  ... on DomainError { message code field }
  ... on InputValidationError { issues { field message } }
} }`;

async function auditRows(action: string) {
  return s.database.db.auditLog.findMany({ where: { action }, orderBy: { id: 'asc' } });
}

describe('Mutation.disconnectSession', () => {
  it('asks the RADIUS leader to disconnect, returns the NAS’s ACK and audit-logs it', async () => {
    const leader = radiusLeader(() => ({ routerId: null, result: 'ACK', errorCause: null, attempts: 1 }));
    const res = await s.gql(DISCONNECT, { id: online.id }, admin);
    await leader.stop();
    expect(res.body.data?.disconnectSession).toEqual({
      __typename: 'DisconnectSessionSuccess',
      data: {
        requestId: leader.requests[0]!.requestId, action: 'DISCONNECT', result: 'ACK', errorCause: null, errorCauseName: null, attempts: 1, rateLimit: null,
        session: { login: 'alice', online: true },
      },
    });
    expect(leader.requests).toEqual([{ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), sessionId: online.key.toString(), action: 'DISCONNECT', rateLimit: null }]);
    const [audit] = await auditRows('session.disconnect');
    expect(audit).toMatchObject({
      entity: 'RadiusSession', entityId: online.key.toString(), customerId: customerA, partnerId: partnerA, actorType: 'STAFF',
      after: { requestId: leader.requests[0]!.requestId, result: 'ACK', errorCause: null, attempts: 1 },
    });
  });

  it('returns a NAK as an outcome, with the Error-Cause by name', async () => {
    const leader = radiusLeader(() => ({ routerId: 1, result: 'NAK', errorCause: 503, attempts: 1 }));
    const res = await s.gql(DISCONNECT, { id: online.id }, admin);
    await leader.stop();
    expect(res.body.data?.disconnectSession.data).toMatchObject({ result: 'NAK', errorCause: 503, errorCauseName: 'Session-Context-Not-Found' });
    expect((await auditRows('session.disconnect')).at(-1)?.after).toMatchObject({ result: 'NAK', errorCause: 503 });
  });

  it('says no RADIUS process answered when none does, and still audit-logs the request', async () => {
    const leader = radiusLeader(() => null);
    const started = Date.now();
    const res = await s.gql(DISCONNECT, { id: online.id }, admin);
    const took = Date.now() - started;
    await leader.stop();
    expect(res.body.data?.disconnectSession).toMatchObject({ __typename: 'RadiusUnavailableError', code: 'RADIUS_UNAVAILABLE', message: expect.stringMatching(/no RADIUS process answered within 1 s/) });
    expect(took).toBeGreaterThanOrEqual(COA_TIMEOUT_MS - 50);
    expect(took).toBeLessThan(COA_TIMEOUT_MS + 3000);
    expect(leader.requests).toHaveLength(1);
    expect((await auditRows('session.disconnect')).at(-1)?.after).toMatchObject({ requestId: leader.requests[0]!.requestId, result: 'UNANSWERED', attempts: 0 });
  });

  it('sends nothing for a session that is no longer online', async () => {
    const leader = radiusLeader(() => ({ routerId: 1, result: 'ACK', errorCause: null, attempts: 1 }));
    const before = (await auditRows('session.disconnect')).length;
    const res = await s.gql(DISCONNECT, { id: stopped }, admin);
    await new Promise((r) => setTimeout(r, 100));
    await leader.stop();
    expect(res.body.data?.disconnectSession.data).toMatchObject({ requestId: null, result: 'NOT_ONLINE', attempts: 0, session: { online: false } });
    expect(leader.requests).toEqual([]);
    expect(await auditRows('session.disconnect')).toHaveLength(before);
  });

  it('does not find another partner’s session, or one that does not exist', async () => {
    const manager = (await s.staff('Manager', { partnerId: partnerA })).token;
    const leader = radiusLeader(() => ({ routerId: 1, result: 'ACK', errorCause: null, attempts: 1 }));
    const other = await s.gql(DISCONNECT, { id: otherPartners }, manager);
    const missing = await s.gql(DISCONNECT, { id: gid(999_999n) }, admin);
    const garbage = await s.gql(DISCONNECT, { id: Buffer.from('RadiusSession:abc').toString('base64') }, admin);
    await leader.stop();
    for (const res of [other, missing, garbage]) expect(res.body.data?.disconnectSession).toMatchObject({ __typename: 'NotFoundError', field: 'id' });
    expect(leader.requests).toEqual([]);
  });
});

describe('Mutation.changeSessionRate', () => {
  it('sends the new rate in MikroTik syntax (upload/download) and returns the NAS’s answer', async () => {
    const leader = radiusLeader(() => ({ routerId: 1, result: 'ACK', errorCause: null, attempts: 2 }));
    const technician = (await s.staff('Technician')).token;
    const res = await s.gql(RATE, { id: online.id, down: 20_000, up: 5_000 }, technician);
    await leader.stop();
    expect(res.body.data?.changeSessionRate).toMatchObject({ __typename: 'ChangeSessionRateSuccess', data: { action: 'RATE', result: 'ACK', attempts: 2, rateLimit: '5000k/20000k' } });
    expect(leader.requests).toMatchObject([{ action: 'RATE', rateLimit: '5000k/20000k', sessionId: online.key.toString() }]);
    const [audit] = await auditRows('session.rate');
    expect(audit).toMatchObject({ entityId: online.key.toString(), customerId: customerA, before: { rateLimit: '10000k/50000k' }, after: { result: 'ACK', rateLimit: '5000k/20000k' } });
  });

  it('returns a timeout at the NAS as an outcome', async () => {
    const leader = radiusLeader(() => ({ routerId: 1, result: 'TIMEOUT', errorCause: null, attempts: 3 }));
    const res = await s.gql(RATE, { id: online.id, down: 20_000, up: 5_000 }, admin);
    await leader.stop();
    expect(res.body.data?.changeSessionRate.data).toMatchObject({ result: 'TIMEOUT', attempts: 3 });
  });

  it('refuses a speed out of range, naming the argument, and sends nothing', async () => {
    const leader = radiusLeader(() => ({ routerId: 1, result: 'ACK', errorCause: null, attempts: 1 }));
    const res = await s.gql(RATE, { id: online.id, down: 0, up: 5_000 }, admin);
    await new Promise((r) => setTimeout(r, 100));
    await leader.stop();
    expect(res.body.data?.changeSessionRate).toMatchObject({ __typename: 'InputValidationError', field: 'downloadKbps', issues: [{ field: 'downloadKbps', message: 'must be at least 8 kbit/s' }] });
    expect(leader.requests).toEqual([]);
  });

  it('is refused to a role without sessions:write', async () => {
    const readOnly = (await s.staff('Read-only')).token;
    const res = await s.gql(RATE, { id: online.id, down: 20_000, up: 5_000 }, readOnly);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
