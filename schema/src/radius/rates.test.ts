import { describe, expect, it } from 'vitest';
import { createFanout } from '../events/transports/fanout.ts';
import type { PubSub } from '../events/pubsub.ts';
import { radiusRateStream, RatesAccumulator } from './rates.service.ts';
import { sessionChanges } from './sessions.service.ts';

const nas = (routerId: number, counts: Partial<Record<'accepts' | 'blocked' | 'rejects' | 'accounting' | 'online' | 'lastPacketAt', number>>) => ({
  routerId, accepts: 0, blocked: 0, rejects: 0, accounting: 0, online: 0, ...counts,
});
const report = (instance: string, at: number, list: ReturnType<typeof nas>[], intervalMs = 1000) => ({
  instance, at: new Date(at).toISOString(), intervalMs, nas: list,
});

describe('RatesAccumulator', () => {
  it('adds up the rates of every RADIUS process per NAS, and takes the latest online count', () => {
    const acc = new RatesAccumulator();
    acc.add(report('a', 1000, [nas(1, { accepts: 10, rejects: 2, online: 100 }), nas(2, { accounting: 50, online: 7 })]));
    acc.add(report('b', 1100, [nas(1, { accepts: 4, blocked: 1, online: 101 })]));
    const flushed = acc.flush(2000)!;
    expect(flushed.instances).toBe(2);
    expect(flushed.nas.get(1)).toEqual({ acceptsPerSecond: 14, blockedPerSecond: 1, rejectsPerSecond: 2, accountingPerSecond: 0, online: 101 });
    expect(flushed.nas.get(2)).toEqual({ acceptsPerSecond: 0, blockedPerSecond: 0, rejectsPerSecond: 0, accountingPerSecond: 50, online: 7 });
  });

  it('divides by the time the reports cover, so two reports in one interval do not double the rate', () => {
    const acc = new RatesAccumulator();
    acc.add(report('a', 1000, [nas(1, { accepts: 10 })]));
    acc.add(report('a', 2000, [nas(1, { accepts: 30 })]));
    expect(acc.flush(2100)!.nas.get(1)!.acceptsPerSecond).toBe(20);
  });

  it('keeps a process’s last rate through an interval it missed, and drops a process that went silent', () => {
    const acc = new RatesAccumulator();
    acc.add(report('a', 1000, [nas(1, { accepts: 10 })]));
    acc.flush(1000);
    expect(acc.flush(2000)!.nas.get(1)!.acceptsPerSecond).toBe(10);
    expect(acc.flush(5000)).toBeNull();
  });

  it('keeps the latest packet any process heard per NAS', () => {
    const acc = new RatesAccumulator();
    acc.add(report('a', 1_000, [nas(1, { lastPacketAt: 900 })]));
    acc.add(report('b', 1_100, [nas(1, { lastPacketAt: 500 }), nas(2, {})]));
    expect([acc.lastPacketAt(1), acc.lastPacketAt(2)]).toEqual([900, null]);
  });

  it('does not let an older report overwrite a newer online count', () => {
    const acc = new RatesAccumulator();
    acc.add(report('a', 2000, [nas(1, { online: 50 })]));
    acc.add(report('b', 1000, [nas(1, { online: 40 })]));
    expect(acc.flush(2500)!.nas.get(1)!.online).toBe(50);
  });
});

const quiet = { info: () => undefined, warn: () => undefined };

function memoryPubSub(): PubSub & { fanout: ReturnType<typeof createFanout> } {
  const fanout = createFanout({ log: quiet });
  return {
    fanout,
    publish: async (topic, payload) => fanout.receive(JSON.stringify({ t: topic, p: payload })),
    subscribe: fanout.subscribe,
    health: async () => ({ transport: 'memory', ok: true }),
    close: async () => fanout.close(),
  };
}

describe('live RADIUS streams', () => {
  it('end at once when the subscriber leaves, even while nothing is happening', async () => {
    const pubsub = memoryPubSub();
    const db = { router: { findMany: async () => [] } } as never;
    const rates = radiusRateStream({ db, pubsub }, null, 60_000);
    const changes = sessionChanges(pubsub, { partnerId: null }, 100);
    const pending = [rates.next(), changes.next()];
    await new Promise((r) => setTimeout(r, 20));
    // Two streams, and the last reports the API process keeps for the next subscriber.
    expect(pubsub.fanout.stats().subscribers).toBe(3);
    await Promise.all([rates.return!(), changes.return!()]);
    expect(await Promise.all(pending)).toEqual([{ done: true, value: undefined }, { done: true, value: undefined }]);
    expect(pubsub.fanout.stats().subscribers).toBe(1);
    await pubsub.close();
    expect(pubsub.fanout.stats().subscribers).toBe(0);
  });

  it('sends the first snapshot soon after the first report, not an interval later', async () => {
    const pubsub = memoryPubSub();
    const db = { router: { findMany: async () => [{ id: 7, title: 'Tiel core', partnerId: null, lastPacketAt: null }] } } as never;
    const rates = radiusRateStream({ db, pubsub }, null, 60_000);
    const first = rates.next();
    await new Promise((r) => setTimeout(r, 20));
    const sent = Date.now();
    await pubsub.publish('RadiusRates', report('a', sent, [nas(7, { accepts: 10, lastPacketAt: sent - 400 })]));
    const { value } = await first;
    expect(Date.now() - sent).toBeLessThan(1_000);
    expect(value).toMatchObject({ nas: [{ routerId: 7, title: 'Tiel core', acceptsPerSecond: 10, lastPacketAt: new Date(sent - 400) }] });
    await rates.return!();
  });

  it('sends a later subscriber the figures of the last reports at once', async () => {
    const pubsub = memoryPubSub();
    const db = {
      router: {
        findMany: async () => [
          { id: 7, title: 'Tiel core', partnerId: null, lastPacketAt: null },
          { id: 8, title: 'Culemborg', partnerId: null, lastPacketAt: null },
        ],
      },
    } as never;
    const first = radiusRateStream({ db, pubsub }, null, 60_000);
    const firstSnapshot = first.next();
    await new Promise((r) => setTimeout(r, 20));
    const at = Date.now();
    // Process a reports its NAS in two events (many NAS are split), b in one.
    await pubsub.publish('RadiusRates', report('a', at, [nas(7, { accepts: 12, online: 40 })]));
    await pubsub.publish('RadiusRates', report('a', at, [nas(8, { accounting: 5, online: 9 })]));
    await pubsub.publish('RadiusRates', report('b', at + 1, [nas(7, { rejects: 3, online: 41 })], 500));
    await firstSnapshot;

    const opened = Date.now();
    const later = radiusRateStream({ db, pubsub }, null, 60_000);
    const { value } = await later.next();
    expect(Date.now() - opened).toBeLessThan(100);
    expect(value).toMatchObject({
      instances: 2,
      nas: [
        { routerId: 8, accountingPerSecond: 5, online: 9 },
        { routerId: 7, acceptsPerSecond: 12, rejectsPerSecond: 6, online: 41 },
      ],
    });
    await Promise.all([first.return!(), later.return!(), pubsub.close()]);
  });
});
