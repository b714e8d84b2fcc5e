import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishFromProcess } from './support/publish-from-process.ts';
import { startRedis, type RedisServer } from './support/redis.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { collect, until, wsClient } from './support/subscriptions.ts';



/**
 * Resolves once the server-side subscription is live: the server starts it asynchronously, so
 * publish a probe (customer 0) in-process until one arrives.
 */
async function live(s: TestServer, sub: { received: Array<{ customerChanged: { customerNumber: number } }> }) {
  const end = Date.now() + 8000;
  while (!sub.received.some((r) => r.customerChanged.customerNumber === 0)) {
    if (Date.now() > end) throw new Error('the subscription never started');
    await s.pubsub.publish('CustomerChanged', { customerId: 0, partnerId: 1, change: 'updated' });
    await new Promise((r) => setTimeout(r, 50));
  }
}


describe.each(['postgres', 'redis'] as const)('subscriptions over graphql-ws, %s pub/sub', (transport) => {
  let s: TestServer;
  let redis: RedisServer | undefined;
  let admin: string;
  let busUrl: string;

  beforeAll(async () => {
    if (transport === 'redis') redis = await startRedis();
    s = await startTestServer({ redisUrl: redis?.url });
    admin = (await s.staff('Super administrator')).token;
    busUrl = redis?.url ?? s.database.url;
  });
  afterAll(async () => {
    await s.close();
    await redis?.dispose();
  });

  it('deliver to a client events published by another OS process', async () => {
    const client = wsClient(s, admin);
    const sub = collect<{ customerChanged: { customerNumber: number; change: string } }>(client, 'subscription { customerChanged { customerNumber change } }');
    await live(s, sub);
    await publishFromProcess(transport, busUrl, 'CustomerChanged',
      { customerId: 7, partnerId: 1, change: 'created' },
      { customerId: 7, partnerId: 1, change: 'updated' },
      { customerId: 7, partnerId: 1, change: 'deleted' },
    );
    const fromOtherProcess = () => sub.received.filter((r) => r.customerChanged.customerNumber === 7);
    await until(() => fromOtherProcess().length >= 3, 'three events');
    expect(fromOtherProcess().map((r) => r.customerChanged.change)).toEqual(['created', 'updated', 'deleted']);
    sub.dispose();
    await client.dispose();
  });

  it('deliver many events in few messages through the batched field, in order and all of them', async () => {
    const client = wsClient(s, admin);
    const probe = collect<{ customerChanged: { customerNumber: number } }>(client, 'subscription { customerChanged { customerNumber } }');
    const batched = collect<{ customerChanges: Array<{ customerNumber: number }> }>(client, 'subscription { customerChanges(batchMs: 200) { customerNumber change } }');
    await live(s, probe);
    const numbers = Array.from({ length: 50 }, (_, i) => 1000 + i);
    await publishFromProcess(transport, busUrl, 'CustomerChanged', ...numbers.map((customerId) => ({ customerId, partnerId: 1, change: 'updated' as const })));
    const received = () => batched.received.flatMap((r) => r.customerChanges.map((e) => e.customerNumber)).filter((n) => n >= 1000);
    await until(() => received().length >= 50, 'fifty batched events');
    expect(received()).toEqual(numbers);
    expect(batched.received.length).toBeLessThan(10);
    await client.dispose();
  });

  it('stream the audit log as staff make changes, and only what the subscriber may see', async () => {
    const partnerA = await s.database.db.partner.create({ data: { name: `A-${transport}` } });
    const partnerB = await s.database.db.partner.create({ data: { name: `B-${transport}` } });
    const manager = await s.staff('Manager', { partnerId: partnerA.id });
    const client = wsClient(s, manager.token);
    const sub = collect<{ auditLogAdded: { action: string; customerNumber: number } }>(client, 'subscription { auditLogAdded { action customerNumber } }');
    const create = (name: string, partnerId: number) =>
      s.gql('mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { ... on CreateCustomerSuccess { data { number } } } }', { i: { name, partnerId } }, admin);
    await new Promise((r) => setTimeout(r, 300)); // let the subscription start on the server
    await create('Other', partnerB.id);
    await create('Mine', partnerA.id);
    await until(() => sub.received.length > 0, 'an audit event');
    const ownNumbers = new Set((await s.database.db.customer.findMany({ where: { partnerId: partnerA.id } })).map((c) => c.id));
    for (const r of sub.received) {
      expect(r.auditLogAdded.action).toBe('customer.create');
      expect(ownNumbers.has(r.auditLogAdded.customerNumber)).toBe(true);
    }
    sub.dispose();
    await client.dispose();
  });

  it('refuse a subscription the caller has no permission for', async () => {
    const client = wsClient(s);
    const sub = collect(client, 'subscription { customerChanged { customerNumber } }');
    await until(() => sub.errors.length > 0, 'the refusal');
    expect(JSON.stringify(sub.errors)).toMatch(/FORBIDDEN|not allowed/);
    await client.dispose();
  });
});

describe('shared subscriptions', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  it('give identical subscribers every event, and never share between partners', async () => {
    const partners = await Promise.all(['North', 'South'].map((name) => s.database.db.partner.create({ data: { name } })));
    const [north1, north2, south] = await Promise.all([
      s.staff('Manager', { partnerId: partners[0]!.id }),
      s.staff('Manager', { partnerId: partners[0]!.id }),
      s.staff('Manager', { partnerId: partners[1]!.id }),
    ]);
    const query = 'subscription { customerChanged { customerNumber } }';
    const clients = [north1, north2, south].map((u) => wsClient(s, u.token));
    const subs = clients.map((c) => collect<{ customerChanged: { customerNumber: number } }>(c, query));
    const admin = wsClient(s, (await s.staff('Super administrator')).token);
    await live(s, collect(admin, query) as never);
    await new Promise((r) => setTimeout(r, 300));
    // Leaving does not end the others' shared stream.
    subs[1]!.dispose();
    for (const [customerId, partner] of [[501, partners[0]!], [502, partners[1]!], [503, partners[0]!]] as const) {
      await s.pubsub.publish('CustomerChanged', { customerId, partnerId: partner.id, change: 'updated' });
    }
    const numbers = (i: number) => subs[i]!.received.map((r) => r.customerChanged.customerNumber).filter((n) => n > 500);
    await until(() => numbers(0).length >= 2 && numbers(2).length >= 1, 'the events');
    expect(numbers(0)).toEqual([501, 503]);
    expect(numbers(2)).toEqual([502]);
    for (const c of [...clients, admin]) await c.dispose();
  });
});

describe('graphql-ws authentication', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  it('closes the connection with 4403 for an invalid token', async () => {
    const closed = new Promise<number>((resolve) => {
      const client = createClient({
        url: s.graphqlUrl.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: 'Bearer bhs_forged' },
        retryAttempts: 0,
        on: { closed: (event) => resolve((event as { code: number }).code) },
      });
      client.subscribe({ query: 'subscription { customerChanged { change } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    });
    expect(await closed).toBe(4403);
  });

  it('stops a revoked session from starting new subscriptions on an open connection', async () => {
    const { id, token } = await s.staff('Super administrator');
    const client = wsClient(s, token);
    const first = collect(client, 'subscription { customerChanged { change } }');
    await new Promise((r) => setTimeout(r, 200));
    expect(first.errors).toEqual([]);
    await s.database.db.staffSession.updateMany({ where: { staffId: id }, data: { revokedAt: new Date() } });
    const second = collect(client, 'subscription { auditLogAdded { action } }');
    await until(() => second.errors.length > 0, 'the refusal');
    expect(JSON.stringify(second.errors)).toMatch(/UNAUTHENTICATED|session has ended/);
    await client.dispose();
  });
});
