import type pg from 'pg';
import { SESSION_REFS_PER_EVENT, type EventPayload, type SessionRef } from '@backhaul/schema/events/catalogue.ts';
import type { PubSub } from '@backhaul/schema/events/pubsub.ts';
import type { Log } from '@backhaul/schema/shared/log.ts';
import type { StoredSession } from './accounting/writer.ts';
import type { NasTable } from './nas-table.ts';
import type { OnlineSessions } from './online.ts';

const INTERVAL_MS = 1_000;
/** Session changes go out four times a second: the NOC sees a login within about half a second. */
const SESSIONS_EVERY_MS = 250;
const NAS_PER_EVENT = 50;
/** How often Router.lastPacketAt is brought up to date (one UPDATE for every NAS heard from meanwhile). */
const LAST_PACKET_EVERY_MS = 10_000;

type Counter = 'accepts' | 'blocked' | 'rejects' | 'accounting';

/**
 * What this process tells the rest of Backhaul: once a second its counters per NAS
 * (RadiusRates), and four times a second the sessions that started, changed or stopped
 * (SessionsChanged), in messages small enough for PostgreSQL NOTIFY. A session appears once per
 * message however many packets it sent; 100,000 online sessions with 5-minute interims make
 * about 330 updates a second: 8 messages, not 330.
 */
export class LivePublisher {
  private counters = new Map<number, Record<Counter, number>>();
  /** This interval's changes, one per session: its latest (a session started and updated is reported started). */
  private changes = new Map<string, { kind: StoredSession['change']; ref: SessionRef }>();
  private timers: NodeJS.Timeout[] = [];
  private last = Date.now();
  /** When each NAS was last heard from since this process started (reported with the rates). */
  private lastHeard = new Map<number, number>();
  /** What Router.lastPacketAt was last set to, per NAS: the ones heard from since are written next. */
  private written = new Map<number, number>();

  constructor(
    private readonly instance: string,
    private readonly pubsub: PubSub,
    private readonly nasTable: NasTable,
    private readonly online: OnlineSessions,
    private readonly pool: pg.Pool,
    private readonly log: Log,
  ) {}

  start(): void {
    this.timers.push(
      setInterval(() => void this.publishRates(), INTERVAL_MS).unref(),
      setInterval(() => void this.publishSessions(), SESSIONS_EVERY_MS).unref(),
      setInterval(() => void this.writeLastPackets(), LAST_PACKET_EVERY_MS).unref(),
    );
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all([this.publishRates(), this.publishSessions(), this.writeLastPackets()]);
  }

  count(routerId: number, counter: Counter): void {
    let c = this.counters.get(routerId);
    if (!c) this.counters.set(routerId, (c = { accepts: 0, blocked: 0, rejects: 0, accounting: 0 }));
    c[counter]++;
    this.lastHeard.set(routerId, Date.now());
  }

  /** Sessions a batch stored (or the sweeper closed): into the registry now, onto the bus within SESSIONS_EVERY_MS. */
  sessions(stored: readonly StoredSession[]): void {
    for (const s of stored) {
      const ref: SessionRef = { id: s.id, routerId: s.routerId, serviceId: s.serviceId, customerId: s.customerId, partnerId: s.partnerId, mac: s.mac };
      if (s.change === 'started') this.online.add(s.id, { serviceId: s.serviceId, routerId: s.routerId, mac: s.mac });
      if (s.change === 'stopped') this.online.remove(s.id);
      const seen = this.changes.get(s.id);
      this.changes.set(s.id, { kind: seen?.kind === 'started' && s.change === 'updated' ? 'started' : s.change, ref });
    }
  }

  private async writeLastPackets(): Promise<void> {
    const heard = [...this.lastHeard].filter(([id, at]) => this.written.get(id) !== at);
    if (heard.length === 0) return;
    for (const [id, at] of heard) this.written.set(id, at);
    try {
      await this.pool.query(
        `UPDATE "Router" r SET "lastPacketAt" = GREATEST(r."lastPacketAt", h.at)
         FROM unnest($1::int[], $2::timestamp[]) AS h(id, at) WHERE r.id = h.id`,
        [heard.map(([id]) => id), heard.map(([, at]) => new Date(at).toISOString())],
      );
    } catch (error) {
      this.log.debug('could not record when the NAS were last heard from', { error: (error as Error).message });
    }
  }

  private async publishRates(): Promise<void> {
    const now = Date.now();
    const counters = this.counters;
    this.counters = new Map();
    const perNas = this.online.perNas();
    const nas = [...this.nasTable.all()].map((n) => ({
      routerId: n.routerId,
      ...(counters.get(n.routerId) ?? { accepts: 0, blocked: 0, rejects: 0, accounting: 0 }),
      online: perNas.get(n.routerId) ?? 0,
      lastPacketAt: this.lastHeard.get(n.routerId) ?? null,
    }));
    const intervalMs = Math.max(1, now - this.last);
    this.last = now;
    try {
      for (let i = 0; i < Math.max(1, nas.length); i += NAS_PER_EVENT) {
        await this.pubsub.publish('RadiusRates', { instance: this.instance, at: new Date(now).toISOString(), intervalMs, nas: nas.slice(i, i + NAS_PER_EVENT) });
      }
    } catch (error) {
      this.log.debug('could not publish the RADIUS rates', { error: (error as Error).message });
    }
  }

  private async publishSessions(): Promise<void> {
    if (this.changes.size === 0) return;
    const changes = this.changes;
    this.changes = new Map();
    try {
      for (const event of chunk(changes)) await this.pubsub.publish('SessionsChanged', event);
    } catch (error) {
      this.log.debug('could not publish the session changes', { error: (error as Error).message });
    }
  }
}

/** Publishes rows just written to the RADIUS log, in messages small enough for NOTIFY. */
export async function publishLogged(pubsub: PubSub, entries: readonly EventPayload<'RadiusLogged'>['entries'][number][], log: Log): Promise<void> {
  try {
    for (let i = 0; i < entries.length; i += SESSION_REFS_PER_EVENT) {
      await pubsub.publish('RadiusLogged', { entries: entries.slice(i, i + SESSION_REFS_PER_EVENT) });
    }
  } catch (error) {
    log.debug('could not publish the live RADIUS log', { error: (error as Error).message });
  }
}

function* chunk(changes: Map<string, { kind: StoredSession['change']; ref: SessionRef }>): Generator<EventPayload<'SessionsChanged'>> {
  const all = [...changes.values()];
  for (let i = 0; i < all.length; i += SESSION_REFS_PER_EVENT) {
    const event: EventPayload<'SessionsChanged'> = { started: [], updated: [], stopped: [] };
    for (const { kind, ref } of all.slice(i, i + SESSION_REFS_PER_EVENT)) event[kind].push(ref);
    yield event;
  }
}
