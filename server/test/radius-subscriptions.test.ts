import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '@backhaul/schema/events/catalogue.ts';
import { publishFromProcess } from './support/publish-from-process.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { collect, until, wsClient } from './support/subscriptions.ts';

let s: TestServer;
let admin: string;
let manager: string;
let partnerA: number;
let partnerB: number;
let routerA: number;
let routerB: number;

beforeAll(async () => {
  s = await startTestServer();
  admin = (await s.staff('Super administrator')).token;
  partnerA = (await s.database.db.partner.create({ data: { name: 'Partner A' } })).id;
  partnerB = (await s.database.db.partner.create({ data: { name: 'Partner B' } })).id;
  manager = (await s.staff('Manager', { partnerId: partnerA })).token;
  const router = (title: string, nasIp: string, partnerId: number | null) =>
    s.database.db.router.create({ data: { title, ip: nasIp, nasIp, radiusSecretEnc: s.secrets.seal('secret123'), partnerId } });
  routerA = (await router('North POP', '192.0.2.1', partnerA)).id;
  routerB = (await router('South POP', '192.0.2.2', partnerB)).id;
});
afterAll(() => s.close());




type Change = { kind: string; sessionId: string; routerId: number | null; customerId: number | null };
const ref = (id: number, routerId: number | null, partnerId: number | null, customerId: number | null = null, serviceId: number | null = null) => ({ id: String(id), routerId, serviceId, customerId, partnerId });
const gid = (id: number) => Buffer.from(`RadiusSession:${id}`).toString('base64');

describe('Subscription.sessionChanges', () => {
  it('delivers sessions starting, updating and stopping in batches, only those the subscriber may see', async () => {
    const adminClient = wsClient(s, admin);
    const managerClient = wsClient(s, manager);
    const query = 'subscription($filter: SessionChangesFilter) { sessionChanges(batchMs: 100, filter: $filter) { kind sessionId routerId customerId } }';
    const all = collect<{ sessionChanges: Change[] }>(adminClient, query);
    const own = collect<{ sessionChanges: Change[] }>(managerClient, query);
    const oneCustomer = collect<{ sessionChanges: Change[] }>(adminClient, query, { filter: { customerId: 77 } });
    const oneService = collect<{ sessionChanges: Change[] }>(adminClient, query, { filter: { serviceId: 5 } });
    const flat = (sub: { received: Array<{ sessionChanges: Change[] }> }) => sub.received.flatMap((r) => r.sessionChanges).filter((c) => c.sessionId !== gid(1));
    // The server starts subscriptions asynchronously: publish a probe everyone sees until all have it.
    const probe = { started: [ref(1, routerA, partnerA, 77, 5)], updated: [], stopped: [] };
    const probed = (sub: { received: Array<{ sessionChanges: Change[] }> }) => sub.received.some((r) => r.sessionChanges.some((c) => c.sessionId === gid(1)));
    await until(() => [all, own, oneCustomer, oneService].every(probed), 'the subscriptions to start', 8000, () => s.pubsub.publish('SessionsChanged', probe));

    const events: Array<EventPayload<'SessionsChanged'>> = [
      { started: [ref(10, routerA, partnerA, 77), ref(11, routerB, partnerB)], updated: [], stopped: [] },
      { started: [], updated: [ref(10, routerA, partnerA, 77, 5), ref(12, routerB, null)], stopped: [ref(13, routerB, partnerB)] },
    ];
    await publishFromProcess('postgres', s.database.url, 'SessionsChanged', ...events);
    await until(() => flat(all).length >= 5 && flat(own).length >= 2 && flat(oneCustomer).length >= 2, 'the changes');
    await new Promise((r) => setTimeout(r, 300));
    expect(flat(all).map((c) => `${c.kind}:${Buffer.from(c.sessionId, 'base64').toString()}`)).toEqual([
      'STARTED:RadiusSession:10', 'STARTED:RadiusSession:11', 'UPDATED:RadiusSession:10', 'UPDATED:RadiusSession:12', 'STOPPED:RadiusSession:13',
    ]);
    expect(flat(own)).toEqual([
      { kind: 'STARTED', sessionId: gid(10), routerId: routerA, customerId: 77 },
      { kind: 'UPDATED', sessionId: gid(10), routerId: routerA, customerId: 77 },
    ]);
    expect(flat(oneCustomer).map((c) => c.kind)).toEqual(['STARTED', 'UPDATED']);
    expect(flat(oneService).map((c) => `${c.kind}:${Buffer.from(c.sessionId, 'base64').toString()}`)).toEqual(['UPDATED:RadiusSession:10']);
    // Two events from another process, 100 ms batches: a few messages, not one per session.
    expect(all.received.length).toBeLessThan(10);
    await adminClient.dispose();
    await managerClient.dispose();
  });

  it('refuses a subscriber without sessions:read', async () => {
    const client = wsClient(s, (await s.staff('Financial manager')).token);
    const sub = collect(client, 'subscription { sessionChanges { kind } }');
    await until(() => sub.errors.length > 0, 'the refusal');
    expect(JSON.stringify(sub.errors)).toMatch(/FORBIDDEN|not allowed/);
    await client.dispose();
  });
});

type Snapshot = {
  instances: number;
  nas: Array<{ routerId: number; title: string; acceptsPerSecond: number; rejectsPerSecond: number; blockedPerSecond: number; accountingPerSecond: number; online: number }>;
  totals: { acceptsPerSecond: number; online: number };
};

describe('Subscription.radiusRates', () => {
  it('sums every RADIUS process’s counters per NAS each interval, and shows a partner only its NAS', async () => {
    const adminClient = wsClient(s, admin);
    const managerClient = wsClient(s, manager);
    const query = `subscription { radiusRates(intervalMs: 250) {
      at intervalMs instances totals { acceptsPerSecond online }
      nas { routerId title acceptsPerSecond blockedPerSecond rejectsPerSecond accountingPerSecond online } } }`;
    const all = collect<{ radiusRates: Snapshot }>(adminClient, query);
    const own = collect<{ radiusRates: Snapshot }>(managerClient, query);
    const report = (instance: string, accepts: number, online: number): EventPayload<'RadiusRates'> => ({
      instance, at: new Date().toISOString(), intervalMs: 250,
      nas: [
        { routerId: routerA, accepts, blocked: 1, rejects: 2, accounting: 10, online },
        { routerId: routerB, accepts: 1, blocked: 0, rejects: 0, accounting: 0, online: 5 },
      ],
    });
    // Both processes report every 250 ms, as they would every second.
    const complete = (sub: { received: Array<{ radiusRates: Snapshot }> }) => sub.received.some((r) => r.radiusRates.instances === 2);
    const end = Date.now() + 8000;
    while (!complete(all) || !complete(own)) {
      if (Date.now() > end) throw new Error('no snapshot with both RADIUS processes');
      // Each process reports the NAS's whole online count (which one wins is unit-tested).
      await s.pubsub.publish('RadiusRates', report('radius-1', 3, 41));
      await s.pubsub.publish('RadiusRates', report('radius-2', 2, 41));
      await new Promise((r) => setTimeout(r, 250));
    }
    const latest = (sub: { received: Array<{ radiusRates: Snapshot }> }) => sub.received.filter((r) => r.radiusRates.instances === 2).at(-1)!.radiusRates;
    const snapshot = latest(all);
    // Each process: 3 (or 2) accepts per 250 ms = 12 (or 8) per second.
    expect(snapshot.nas).toEqual([
      { routerId: routerA, title: 'North POP', acceptsPerSecond: 20, blockedPerSecond: 8, rejectsPerSecond: 16, accountingPerSecond: 80, online: 41 },
      { routerId: routerB, title: 'South POP', acceptsPerSecond: 8, blockedPerSecond: 0, rejectsPerSecond: 0, accountingPerSecond: 0, online: 5 },
    ]);
    expect(snapshot.totals).toEqual({ acceptsPerSecond: 28, online: 46 });
    const mine = latest(own);
    expect(mine.nas.map((n) => n.title)).toEqual(['North POP']);
    expect(mine.totals).toEqual({ acceptsPerSecond: 20, online: 41 });
    await adminClient.dispose();
    await managerClient.dispose();
  });
});
