import type { Db } from '@backhaul/prisma/db';
import type { EventPayload } from '../events/catalogue.ts';
import type { PubSub } from '../events/pubsub.ts';
import { abortable } from './sessions.service.ts';

type RatesEvent = EventPayload<'RadiusRates'>;

export interface Rates {
  acceptsPerSecond: number;
  blockedPerSecond: number;
  rejectsPerSecond: number;
  accountingPerSecond: number;
  /** Online sessions. */
  online: number;
}

export interface NasRates extends Rates {
  routerId: number;
  /** The router's title, or `#id` for a NAS no router row has any more. */
  title: string;
  /** The last RADIUS packet from it: seen in these rates, or recorded by a RADIUS process (Router.lastPacketAt). */
  lastPacketAt: Date | null;
}

export interface RatesSnapshot {
  at: Date;
  intervalMs: number;
  /** RADIUS processes whose counters are in this snapshot. */
  instances: number;
  nas: NasRates[];
  totals: Rates;
}

interface Counts {
  accepts: number;
  blocked: number;
  rejects: number;
  accounting: number;
}

interface Instance {
  /** Counters received in the current interval, per NAS, and the time they cover. */
  counts: Map<number, Counts>;
  coveredMs: number;
  /** Per-second rates per NAS as of the last interval in which the instance reported. */
  rates: Map<number, Counts>;
  lastSeen: number;
  reportMs: number;
}

/**
 * Sums the RadiusRates of every RADIUS process into one view per interval. Each process reports
 * its own counters about once a second, not in step with the others or with the subscriber's
 * interval, so each process's rate is its counts over the time they cover (no jitter when an
 * interval catches two of its reports, or none); the rates of all processes are added up. A
 * process that stops reporting drops out after three of its intervals. `online` is a gauge:
 * every process reports the NAS's whole count, so the latest report wins.
 */
export class RatesAccumulator {
  readonly #instances = new Map<string, Instance>();
  readonly #online = new Map<number, { value: number; at: number }>();
  /** The latest packet any process reported per NAS (ms). */
  readonly #lastPacket = new Map<number, number>();

  lastPacketAt(routerId: number): number | null {
    return this.#lastPacket.get(routerId) ?? null;
  }

  add(event: RatesEvent, receivedAt = Date.now()): void {
    let instance = this.#instances.get(event.instance);
    if (!instance) {
      instance = { counts: new Map(), coveredMs: 0, rates: new Map(), lastSeen: receivedAt, reportMs: event.intervalMs };
      this.#instances.set(event.instance, instance);
    }
    instance.coveredMs += event.intervalMs;
    instance.reportMs = event.intervalMs;
    const at = Date.parse(event.at);
    for (const nas of event.nas) {
      const c = instance.counts.get(nas.routerId) ?? { accepts: 0, blocked: 0, rejects: 0, accounting: 0 };
      c.accepts += nas.accepts;
      c.blocked += nas.blocked;
      c.rejects += nas.rejects;
      c.accounting += nas.accounting;
      instance.counts.set(nas.routerId, c);
      const online = this.#online.get(nas.routerId);
      if (!online || online.at <= at) this.#online.set(nas.routerId, { value: nas.online, at });
      if (nas.lastPacketAt && nas.lastPacketAt > (this.#lastPacket.get(nas.routerId) ?? 0)) this.#lastPacket.set(nas.routerId, nas.lastPacketAt);
    }
  }

  /** The rates per NAS as of now, and starts the next interval; null when no process is reporting. */
  flush(now = Date.now()): { instances: number; nas: Map<number, Rates> } | null {
    const nas = new Map<number, Rates>();
    for (const [name, instance] of this.#instances) {
      if (instance.coveredMs > 0) {
        // Multiplied before dividing: 9 in 750 ms is exactly 12/s, not 11.999….
        const perSecond = (count: number) => (count * 1000) / instance.coveredMs;
        instance.rates = new Map(
          [...instance.counts].map(([id, c]) => [id, { accepts: perSecond(c.accepts), blocked: perSecond(c.blocked), rejects: perSecond(c.rejects), accounting: perSecond(c.accounting) }]),
        );
        instance.counts = new Map();
        instance.coveredMs = 0;
        instance.lastSeen = now;
      } else if (now - instance.lastSeen > 3 * Math.max(instance.reportMs, 1000)) {
        this.#instances.delete(name);
        continue;
      }
      for (const [id, r] of instance.rates) {
        const sum = nas.get(id) ?? { acceptsPerSecond: 0, blockedPerSecond: 0, rejectsPerSecond: 0, accountingPerSecond: 0, online: 0 };
        sum.acceptsPerSecond += r.accepts;
        sum.blockedPerSecond += r.blocked;
        sum.rejectsPerSecond += r.rejects;
        sum.accountingPerSecond += r.accounting;
        nas.set(id, sum);
      }
    }
    if (this.#instances.size === 0) return null;
    for (const [id, sum] of nas) sum.online = this.#online.get(id)?.value ?? 0;
    return { instances: this.#instances.size, nas };
  }
}

interface RouterInfo {
  title: string;
  partnerId: number | null;
  lastPacketAt: Date | null;
}

/** Router titles, partners and last packets, reloaded when an unknown NAS shows up (at most every 5 s) and every minute. */
function routerDirectory(db: Pick<Db, 'router'>) {
  let routers = new Map<number, RouterInfo>();
  let loadedAt = 0;
  return async (ids: Iterable<number>, now: number): Promise<Map<number, RouterInfo>> => {
    const unknown = [...ids].some((id) => !routers.has(id));
    if (now - loadedAt > 60_000 || (unknown && now - loadedAt > 5_000)) {
      const rows = await db.router.findMany({ select: { id: true, title: true, partnerId: true, lastPacketAt: true } });
      routers = new Map(rows.map((r) => [r.id, { title: r.title, partnerId: r.partnerId, lastPacketAt: r.lastPacketAt }]));
      loadedAt = now;
    }
    return routers;
  };
}

/** How long the first snapshot waits, after the first report, for the other RADIUS processes' reports. */
const FIRST_SNAPSHOT_AFTER_MS = 150;

/** A process's last report: its NAS may come in several events with the same `at`. */
interface Report {
  event: RatesEvent;
  receivedAt: number;
}

/**
 * The last report of every RADIUS process, kept per pub/sub (so per API process; the server
 * starts it, or the first rates stream does), so that a subscriber's first snapshot needs no
 * wait for the next reports: a dashboard shows its per-second figures as it opens. Ends with
 * the pub/sub.
 */
const lastReports = new WeakMap<PubSub, Map<string, Report>>();
export function keepLastRadiusReports(pubsub: PubSub): Map<string, Report> {
  let reports = lastReports.get(pubsub);
  if (!reports) {
    const kept = (reports = new Map<string, Report>());
    lastReports.set(pubsub, kept);
    void (async () => {
      for await (const event of pubsub.subscribe('RadiusRates')) {
        const last = kept.get(event.instance);
        if (last && last.event.at === event.at) last.event = { ...last.event, nas: [...last.event.nas, ...event.nas] };
        else kept.set(event.instance, { event, receivedAt: Date.now() });
      }
    })()
      .catch(() => undefined)
      .finally(() => lastReports.delete(pubsub));
  }
  return reports;
}

/**
 * One snapshot per `intervalMs` of the RADIUS rates the subscriber may see: a partner-bound
 * subscriber sees its partner's NAS only, and totals over those. Nothing is sent while no
 * RADIUS process reports.
 */
export function radiusRateStream(deps: { db: Pick<Db, 'router'>; pubsub: PubSub }, partnerId: number | null, intervalMs: number): AsyncIterableIterator<RatesSnapshot> {
  return abortable(async function* (signal) {
    const accumulator = new RatesAccumulator();
    const routers = routerDirectory(deps.db);
    // Ends the pump however this generator ends (returned, aborted, or a failed router query).
    const listening = new AbortController();
    signal.addEventListener('abort', () => listening.abort(), { once: true });
    let heardFirst: () => void = () => undefined;
    const firstReport = new Promise<void>((resolve) => (heardFirst = resolve));
    const pump = (async () => {
      for await (const event of deps.pubsub.subscribe('RadiusRates', listening.signal)) {
        accumulator.add(event);
        heardFirst();
      }
    })();
    // What each process reported last, if recent: counted as if this stream had heard it.
    const now = Date.now();
    let seeded = false;
    const reports = keepLastRadiusReports(deps.pubsub);
    for (const [instance, report] of reports) {
      if (now - report.receivedAt > 3 * Math.max(report.event.intervalMs, 1000)) {
        reports.delete(instance); // a process that stopped reporting
        continue;
      }
      accumulator.add(report.event, report.receivedAt);
      seeded = true;
    }
    const snapshotAt = async (now: number): Promise<RatesSnapshot | null> => {
      const flushed = accumulator.flush(now);
      if (!flushed) return null;
      const known = await routers(flushed.nas.keys(), now);
      const nas: NasRates[] = [];
      for (const [routerId, rates] of flushed.nas) {
        const router = known.get(routerId);
        if (partnerId !== null && router?.partnerId !== partnerId) continue;
        // Heard by a running RADIUS process, or before it started (as the last one recorded it).
        const last = Math.max(accumulator.lastPacketAt(routerId) ?? 0, router?.lastPacketAt?.getTime() ?? 0);
        nas.push({ routerId, title: router?.title ?? `#${routerId}`, lastPacketAt: last ? new Date(last) : null, ...rates });
      }
      nas.sort((a, b) => a.title.localeCompare(b.title));
      return { at: new Date(now), intervalMs, instances: flushed.instances, nas, totals: total(nas) };
    };
    try {
      // The first snapshot goes out at once from the last reports, or else shortly after the
      // first report (the other processes' come within the same second): a screen opening
      // shows figures at once, not an interval later.
      if (!seeded) await Promise.race([sleep(intervalMs, signal), firstReport.then(() => sleep(FIRST_SNAPSHOT_AFTER_MS, signal))]);
      while (!signal.aborted) {
        const snapshot = await snapshotAt(Date.now());
        if (snapshot && !signal.aborted) yield snapshot;
        await sleep(intervalMs, signal);
      }
    } finally {
      listening.abort();
      await pump.catch(() => undefined);
    }
  });
}

function total(nas: readonly Rates[]): Rates {
  const sum: Rates = { acceptsPerSecond: 0, blockedPerSecond: 0, rejectsPerSecond: 0, accountingPerSecond: 0, online: 0 };
  for (const n of nas) {
    sum.acceptsPerSecond += n.acceptsPerSecond;
    sum.blockedPerSecond += n.blockedPerSecond;
    sum.rejectsPerSecond += n.rejectsPerSecond;
    sum.accountingPerSecond += n.accountingPerSecond;
    sum.online += n.online;
  }
  return sum;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
