import { Prisma } from '@backhaul/prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionAtSql } from '@backhaul/schema/radius/sessions.service.ts';
import { startTestServer, type TestServer } from './support/server.ts';

let s: TestServer;
let admin: string;
let managerA: string;
const ids = {} as Record<'partnerA' | 'partnerB' | 'customerA' | 'customerB' | 'serviceA' | 'serviceB' | 'routerA' | 'routerB', number>;
const sessions = {} as Record<'alice' | 'bob' | 'aliceEarlier' | 'ghost' | 'bobEarlier', string>;

const T0 = new Date('2026-11-01T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const gid = (id: bigint) => Buffer.from(`RadiusSession:${id}`).toString('base64');
let counter = 0;

async function addSession(data: Partial<Prisma.RadiusSessionUncheckedCreateInput> & { login: string; startedAt: Date }) {
  const n = ++counter;
  const row = await s.database.db.radiusSession.create({
    data: { uniqueId: `u-${n}`, acctSessionId: `acct-${n}`, nasIp: '192.0.2.1', updatedAt: data.stoppedAt ?? data.startedAt, ...data } as Prisma.RadiusSessionUncheckedCreateInput,
  });
  return gid(row.id);
}

beforeAll(async () => {
  s = await startTestServer();
  admin = (await s.staff('Super administrator')).token;
  const db = s.database.db;
  ids.partnerA = (await db.partner.create({ data: { name: 'Partner A' } })).id;
  ids.partnerB = (await db.partner.create({ data: { name: 'Partner B' } })).id;
  managerA = (await s.staff('Manager', { partnerId: ids.partnerA })).token;
  ids.customerA = (await db.customer.create({ data: { name: 'Anna Alpha', partnerId: ids.partnerA } })).id;
  ids.customerB = (await db.customer.create({ data: { name: 'Bert Beta', partnerId: ids.partnerB } })).id;
  const tariff = await db.tariff.create({ data: { name: 'Home 50', downloadKbps: 50_000, uploadKbps: 10_000, price: '20' } });
  ids.serviceA = (await db.service.create({ data: { customerId: ids.customerA, tariffId: tariff.id, login: 'alice' } })).id;
  ids.serviceB = (await db.service.create({ data: { customerId: ids.customerB, tariffId: tariff.id, login: 'bob' } })).id;
  const router = (title: string, nasIp: string, partnerId: number | null) =>
    db.router.create({ data: { title, ip: nasIp, nasIp, radiusSecretEnc: s.secrets.seal('secret123'), partnerId } });
  ids.routerA = (await router('North POP', '192.0.2.1', ids.partnerA)).id;
  ids.routerB = (await router('South POP', '192.0.2.2', null)).id;
  const a = { serviceId: ids.serviceA, customerId: ids.customerA, partnerId: ids.partnerA, routerId: ids.routerA };
  const b = { serviceId: ids.serviceB, customerId: ids.customerB, partnerId: ids.partnerB, routerId: ids.routerB, nasIp: '192.0.2.2' };
  sessions.aliceEarlier = await addSession({ ...a, login: 'alice', framedIp: '100.64.0.10', startedAt: at(0), stoppedAt: at(5), terminateCause: 'User-Request' });
  sessions.alice = await addSession({
    ...a, login: 'alice', framedIp: '100.64.0.10', mac: 'aa:bb:cc:00:00:01', startedAt: at(10), rateLimit: '10000k/50000k',
    inputOctets: 9_007_199_254_740_993n, outputOctets: 42n, sessionTime: 600,
  });
  sessions.bobEarlier = await addSession({ ...b, login: 'bob', framedIp: '100.64.1.20', startedAt: at(-60), stoppedAt: at(-30) });
  sessions.bob = await addSession({ ...b, login: 'bob', framedIp: '100.64.1.20', startedAt: at(20), blocked: true });
  sessions.ghost = await addSession({ login: 'Ghost', routerId: ids.routerB, nasIp: '192.0.2.2', framedIp: '100.64.2.1', startedAt: at(15) });
});
afterAll(() => s.close());

const ONLINE = `query($filter: RadiusSessionFilter, $first: Int, $after: String) {
  onlineSessions(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id login } }
  }
}`;

async function online(filter: Record<string, unknown> = {}, token = admin, page: { first?: number; after?: string } = {}) {
  const res = await s.gql(ONLINE, { filter, first: page.first ?? 50, after: page.after }, token);
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.onlineSessions as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: Array<{ node: { id: string; login: string } }> };
}
const idsOf = (c: { edges: Array<{ node: { id: string } }> }) => c.edges.map((e) => e.node.id);

describe('Query.onlineSessions', () => {
  it('lists the sessions online now, newest first, with their count', async () => {
    const list = await online();
    expect(idsOf(list)).toEqual([sessions.bob, sessions.ghost, sessions.alice]);
    expect(list.totalCount).toBe(3);
  });

  it('filters by NAS, customer, service, login, MAC, address and network', async () => {
    expect(idsOf(await online({ routerId: ids.routerB }))).toEqual([sessions.bob, sessions.ghost]);
    expect(idsOf(await online({ customerId: ids.customerA }))).toEqual([sessions.alice]);
    expect(idsOf(await online({ serviceId: ids.serviceB }))).toEqual([sessions.bob]);
    expect(idsOf(await online({ login: 'GHO' }))).toEqual([sessions.ghost]);
    expect(idsOf(await online({ mac: 'AA-BB-CC-00-00-01' }))).toEqual([sessions.alice]);
    expect(idsOf(await online({ ip: '100.64.1.20' }))).toEqual([sessions.bob]);
    expect(idsOf(await online({ ip: '100.64.0.0/23' }))).toEqual([sessions.bob, sessions.alice]);
    expect(idsOf(await online({ ip: '100.64.0.7/24' }))).toEqual([sessions.alice]);
    expect((await online({ ip: '100.64.0.0/23', login: 'alice' })).totalCount).toBe(1);
  });

  it('refuses an address that is not one', async () => {
    const res = await s.gql(ONLINE, { filter: { ip: '100.64.0' } }, admin);
    expect(JSON.stringify(res.body.errors)).toMatch(/not an IP address or network/);
  });

  it('pages through the list with cursors', async () => {
    const first = await online({}, admin, { first: 2 });
    expect(idsOf(first)).toEqual([sessions.bob, sessions.ghost]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await online({}, admin, { first: 2, after: first.pageInfo.endCursor });
    expect(idsOf(rest)).toEqual([sessions.alice]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('shows a session with its NAS, service, customer and counters beyond 2^53', async () => {
    const res = await s.gql(`{ onlineSessions(first: 5, filter: { login: "alice" }) { edges { node {
      login acctSessionId nasIp framedIp mac online startedAt stoppedAt inputOctets outputOctets sessionTime rateLimit blocked
      router { title } service { login } customer { name } } } } }`, {}, admin);
    expect(res.body.data?.onlineSessions.edges.map((e: { node: unknown }) => e.node)).toEqual([{
      login: 'alice', acctSessionId: expect.any(String), nasIp: '192.0.2.1', framedIp: '100.64.0.10', mac: 'aa:bb:cc:00:00:01', online: true,
      startedAt: at(10).toISOString(), stoppedAt: null, inputOctets: '9007199254740993', outputOctets: '42', sessionTime: 600,
      rateLimit: '10000k/50000k', blocked: false, router: { title: 'North POP' }, service: { login: 'alice' }, customer: { name: 'Anna Alpha' },
    }]);
  });

  it('still names the customer of a session whose service was deleted since', async () => {
    const id = await addSession({ login: 'gone', customerId: ids.customerA, partnerId: ids.partnerA, startedAt: at(-200), stoppedAt: at(-199) });
    const res = await s.gql('query($id: ID!) { node(id: $id) { ... on RadiusSession { service { login } customer { name } } } }', { id }, admin);
    expect(res.body.data?.node).toEqual({ service: null, customer: { name: 'Anna Alpha' } });
    await s.database.db.radiusSession.delete({ where: { uniqueId: `u-${counter}` } });
  });

  it('loads a page with its NAS, services and customers in the same number of queries, whatever its size', async () => {
    const query = '{ onlineSessions(first: $n) { edges { node { login router { title } service { login } customer { name } } } } }';
    const count = async (n: number) => {
      s.queries.count = 0;
      const res = await s.gql(query.replace('$n', String(n)), {}, admin);
      expect(res.body.errors).toBeUndefined();
      return s.queries.count;
    };
    const one = await count(1);
    expect(one).toBeGreaterThan(0);
    expect(await count(3)).toBe(one);
  });
});

describe('Query.sessionHistory', () => {
  const HISTORY = 'query($filter: RadiusSessionHistoryFilter) { sessionHistory(first: 50, filter: $filter) { totalCount edges { node { id } } } }';
  const history = async (filter: Record<string, unknown>, token = admin) => {
    const res = await s.gql(HISTORY, { filter }, token);
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.sessionHistory as { totalCount: number; edges: Array<{ node: { id: string } }> };
  };

  it('lists ended sessions newest first, and online ones too when asked', async () => {
    expect(idsOf(await history({}))).toEqual([sessions.aliceEarlier, sessions.bobEarlier]);
    expect(idsOf(await history({ includeOnline: true }))).toEqual([sessions.bob, sessions.ghost, sessions.alice, sessions.aliceEarlier, sessions.bobEarlier]);
  });

  it('keeps the sessions that overlap from–to', async () => {
    expect(idsOf(await history({ from: at(-40).toISOString(), to: at(2).toISOString() }))).toEqual([sessions.aliceEarlier, sessions.bobEarlier]);
    expect(idsOf(await history({ from: at(-20).toISOString(), to: at(12).toISOString(), includeOnline: true }))).toEqual([sessions.alice, sessions.aliceEarlier]);
    expect(idsOf(await history({ from: at(6).toISOString() }))).toEqual([]);
  });

  it('applies the same filters as the online list', async () => {
    const list = await history({ ip: '100.64.0.10', includeOnline: true });
    expect(idsOf(list)).toEqual([sessions.alice, sessions.aliceEarlier]);
    expect(list.totalCount).toBe(2);
  });
});

describe('Query.sessionAt', () => {
  const who = async (ip: string, when: Date, token = admin) => {
    const res = await s.gql('query($ip: String!, $at: DateTime!) { sessionAt(ip: $ip, at: $at) { id } }', { ip, at: when.toISOString() }, token);
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.sessionAt?.id ?? null;
  };

  it('finds who had the address at an instant, its start and stop included', async () => {
    expect(await who('100.64.0.10', new Date(at(0).getTime() - 1))).toBeNull();
    expect(await who('100.64.0.10', at(0))).toBe(sessions.aliceEarlier);
    expect(await who('100.64.0.10', at(5))).toBe(sessions.aliceEarlier);
    expect(await who('100.64.0.10', at(7))).toBeNull();
    expect(await who('100.64.0.10', at(10))).toBe(sessions.alice);
    expect(await who('100.64.0.10', at(10_000))).toBe(sessions.alice);
    expect(await who('100.64.1.20', at(-45))).toBe(sessions.bobEarlier);
  });

  it('answers with one scan of the (framedIp, startedAt) index', async () => {
    const db = s.database.db;
    await db.radiusSession.createMany({
      data: Array.from({ length: 2000 }, (_, i) => ({
        uniqueId: `bulk-${i}`, acctSessionId: `bulk-${i}`, nasIp: '192.0.2.9', login: `bulk${i % 400}`,
        framedIp: `10.${(i >> 8) & 255}.${i & 255}.1`, startedAt: at(-i), updatedAt: at(-i), stoppedAt: at(-i + 1),
      })),
    });
    await db.$executeRawUnsafe('ANALYZE "RadiusSession"');
    for (const principal of [{ principal: null }, { principal: { kind: 'staff', partnerId: ids.partnerA } }] as const) {
      const plan = await db.$queryRaw<Array<{ 'QUERY PLAN': string }>>(Prisma.sql`EXPLAIN ${sessionAtSql(principal as never, '10.0.5.1', at(-3))}`);
      const text = plan.map((row) => row['QUERY PLAN']).join('\n');
      expect(text).toContain('RadiusSession_framedIp_startedAt_idx');
      expect(text).not.toMatch(/Seq Scan/);
    }
  });

  it('refuses a network where an address is needed', async () => {
    const res = await s.gql('{ sessionAt(ip: "100.64.0.0/24", at: "2026-11-01T10:00:00Z") { id } }', {}, admin);
    expect(JSON.stringify(res.body.errors)).toMatch(/not an IP address/);
  });
});

describe('RADIUS sessions of services and customers', () => {
  it('lists a service’s and a customer’s online sessions', async () => {
    const res = await s.gql(`query($c: ID!) { node(id: $c) { ... on Customer { onlineSessions { id } services { onlineSessions { id } } } } }`,
      { c: Buffer.from(`Customer:${ids.customerA}`).toString('base64') }, admin);
    expect(res.body.data?.node).toEqual({ onlineSessions: [{ id: sessions.alice }], services: [{ onlineSessions: [{ id: sessions.alice }] }] });
  });

  it('shows a service’s traffic per day within the dates asked', async () => {
    const day = (d: string) => new Date(`${d}T00:00:00Z`);
    await s.database.db.trafficDaily.createMany({
      data: [
        { serviceId: ids.serviceA, day: day('2026-10-30'), inputOctets: 1n, outputOctets: 2n },
        { serviceId: ids.serviceA, day: day('2026-10-31'), inputOctets: 10_000_000_000_000_000n, outputOctets: 20n },
        { serviceId: ids.serviceA, day: day('2026-11-01'), inputOctets: 100n, outputOctets: 200n },
      ],
    });
    const res = await s.gql(`query($s: ID!) { node(id: $s) { ... on Service { traffic(from: "2026-10-31", to: "2026-11-01") { day inputOctets outputOctets } } } }`,
      { s: Buffer.from(`Service:${ids.serviceA}`).toString('base64') }, admin);
    expect(res.body.data?.node.traffic).toEqual([
      { day: '2026-10-31', inputOctets: '10000000000000000', outputOctets: '20' },
      { day: '2026-11-01', inputOctets: '100', outputOctets: '200' },
    ]);
  });
});

describe('Query.radiusLog', () => {
  beforeAll(async () => {
    const base = { nasIp: '192.0.2.1', routerId: ids.routerA, method: 'PAP' };
    await s.database.db.radiusAuthLog.createMany({
      data: [
        { ...base, at: at(1), login: 'alice', result: 'ACCEPT', serviceId: ids.serviceA, customerId: ids.customerA, partnerId: ids.partnerA },
        { ...base, at: at(2), login: 'alice', result: 'REJECT', reason: 'BAD_PASSWORD', serviceId: ids.serviceA, customerId: ids.customerA, partnerId: ids.partnerA },
        { ...base, at: at(3), login: 'bob', result: 'BLOCKED', routerId: ids.routerB, nasIp: '192.0.2.2', serviceId: ids.serviceB, customerId: ids.customerB, partnerId: ids.partnerB },
        { ...base, at: at(4), login: 'nobody', result: 'REJECT', reason: 'UNKNOWN_USER', routerId: ids.routerB, nasIp: '192.0.2.2' },
      ],
    });
  });

  const LOG = `query($filter: RadiusLogFilter, $first: Int, $after: String) { radiusLog(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { login result reason reasonText method router { title } customer { name } } } } }`;
  const log = async (filter: Record<string, unknown> = {}, token = admin, page: { first?: number; after?: string } = {}) => {
    const res = await s.gql(LOG, { filter, first: page.first ?? 50, after: page.after }, token);
    expect(res.body.errors).toBeUndefined();
    const { edges, ...rest } = res.body.data!.radiusLog as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: Array<{ node: Record<string, unknown> }> };
    return { ...rest, nodes: edges.map((e) => e.node) };
  };
  const logins = (l: { nodes: Array<Record<string, unknown>> }) => l.nodes.map((n) => `${n.login}:${n.result}`);

  it('lists accepts and rejects newest first, with the reason in words', async () => {
    const list = await log();
    expect(logins(list)).toEqual(['nobody:REJECT', 'bob:BLOCKED', 'alice:REJECT', 'alice:ACCEPT']);
    expect(list.nodes[2]).toEqual({
      login: 'alice', result: 'REJECT', reason: 'BAD_PASSWORD', reasonText: 'wrong password', method: 'PAP', router: { title: 'North POP' }, customer: { name: 'Anna Alpha' },
    });
    expect(list.nodes[0]).toMatchObject({ reasonText: 'no service with this login', customer: null });
  });

  it('filters by result, login, customer, NAS, reason and time', async () => {
    expect(logins(await log({ result: ['REJECT'] }))).toEqual(['nobody:REJECT', 'alice:REJECT']);
    expect(logins(await log({ login: 'ALI' }))).toEqual(['alice:REJECT', 'alice:ACCEPT']);
    expect(logins(await log({ customerId: ids.customerB }))).toEqual(['bob:BLOCKED']);
    expect(logins(await log({ routerId: ids.routerB }))).toEqual(['nobody:REJECT', 'bob:BLOCKED']);
    expect(logins(await log({ reason: 'UNKNOWN_USER' }))).toEqual(['nobody:REJECT']);
    expect(logins(await log({ from: at(2).toISOString(), to: at(4).toISOString() }))).toEqual(['bob:BLOCKED', 'alice:REJECT']);
  });

  it('pages through the log', async () => {
    const first = await log({}, admin, { first: 3 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await log({}, admin, { first: 3, after: first.pageInfo.endCursor });
    expect(logins(rest)).toEqual(['alice:ACCEPT']);
    expect(first.totalCount).toBe(4);
  });

  it('names the reject reasons', async () => {
    const res = await s.gql('{ radiusRejectReasons { code text } }', {}, admin);
    expect(res.body.data?.radiusRejectReasons).toContainEqual({ code: 'SIMULTANEOUS_USE', text: 'the simultaneous-use limit is reached' });
  });
});

describe('partner isolation of RADIUS data', () => {
  it('shows a partner’s staff only their partner’s sessions', async () => {
    expect(idsOf(await online({}, managerA))).toEqual([sessions.alice]);
    expect((await online({ routerId: ids.routerB }, managerA)).totalCount).toBe(0);
    const history = await s.gql('{ sessionHistory(first: 50, filter: { includeOnline: true }) { totalCount } }', {}, managerA);
    expect(history.body.data?.sessionHistory.totalCount).toBe(2);
  });

  it('does not tell a partner’s staff who had another partner’s address', async () => {
    const res = await s.gql('query($at: DateTime!) { sessionAt(ip: "100.64.1.20", at: $at) { id } }', { at: at(25).toISOString() }, managerA);
    expect(res.body.data?.sessionAt).toBeNull();
    const ghost = await s.gql('query($at: DateTime!) { sessionAt(ip: "100.64.2.1", at: $at) { id } }', { at: at(25).toISOString() }, managerA);
    expect(ghost.body.data?.sessionAt).toBeNull();
  });

  it('does not reach another partner’s session through node()', async () => {
    for (const id of [sessions.bob, sessions.ghost]) {
      const res = await s.gql('query($id: ID!) { node(id: $id) { ... on RadiusSession { login } } }', { id }, managerA);
      expect(res.body.data?.node ?? null).toBeNull();
      expect(JSON.stringify(res.body)).not.toMatch(/bob|Ghost/);
    }
    const own = await s.gql('query($id: ID!) { node(id: $id) { ... on RadiusSession { login } } }', { id: sessions.alice }, managerA);
    expect(own.body.data?.node).toEqual({ login: 'alice' });
  });

  it('shows a partner’s staff only their partner’s RADIUS log', async () => {
    const res = await s.gql('{ radiusLog(first: 50) { totalCount edges { node { login } } } }', {}, managerA);
    expect(res.body.data?.radiusLog).toEqual({ totalCount: 2, edges: [{ node: { login: 'alice' } }, { node: { login: 'alice' } }] });
  });

  it('refuses RADIUS data to a role without sessions:read', async () => {
    const finance = (await s.staff('Financial manager')).token;
    const res = await s.gql('{ onlineSessions(first: 5) { totalCount } }', {}, finance);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('Query.onlineHistory', () => {
  const HISTORY = `query($from: DateTime!, $to: DateTime, $routerId: Int) {
    onlineHistory(from: $from, to: $to, routerId: $routerId) { bucketSeconds points { at online peak } }
  }`;

  beforeAll(async () => {
    // North (partner A) and South (the ISP's): minutes 0–2, then nothing at minute 3 (no leader), then minute 4.
    const samples = [
      [0, 10, 5], [1, 12, 5], [2, 14, 6], [4, 20, 0],
    ].flatMap(([minute, north, south]) => [
      { at: at(minute!), routerId: ids.routerA, online: north! },
      { at: at(minute!), routerId: ids.routerB, online: south! },
    ]);
    await s.database.db.onlineSample.createMany({ data: samples });
  });

  it('sums the NAS per minute and leaves minutes without a sample out', async () => {
    const r = await s.gql(HISTORY, { from: at(0).toISOString(), to: at(60).toISOString() }, admin);
    expect(r.body.data?.onlineHistory).toEqual({
      bucketSeconds: 60,
      points: [
        { at: at(0).toISOString(), online: 15, peak: 15 },
        { at: at(1).toISOString(), online: 17, peak: 17 },
        { at: at(2).toISOString(), online: 20, peak: 20 },
        { at: at(4).toISOString(), online: 20, peak: 20 },
      ],
    });
  });

  it('averages wider buckets for longer ranges, with their peak', async () => {
    const r = await s.gql(HISTORY, { from: at(0).toISOString(), to: at(7 * 24 * 60).toISOString(), routerId: ids.routerA }, admin);
    expect(r.body.data?.onlineHistory).toEqual({ bucketSeconds: 900, points: [{ at: at(0).toISOString(), online: 14, peak: 20 }] });
  });

  it('shows a partner only their own routers', async () => {
    const r = await s.gql(HISTORY, { from: at(0).toISOString(), to: at(5).toISOString() }, managerA);
    expect(r.body.data?.onlineHistory.points.map((p: { online: number }) => p.online)).toEqual([10, 12, 14, 20]);
  });

  it('refuses a range backwards or longer than the samples are kept', async () => {
    const backwards = await s.gql(HISTORY, { from: at(5).toISOString(), to: at(0).toISOString() }, admin);
    expect(backwards.body.errors?.[0]).toMatchObject({ message: 'from: must be before to', extensions: { code: 'BAD_USER_INPUT' } });
    const tooLong = await s.gql(HISTORY, { from: at(0).toISOString(), to: at(36 * 24 * 60).toISOString() }, admin);
    expect(tooLong.body.errors?.[0]?.message).toBe('from: at most 35 days before to');
  });
});
