import { Prisma } from '@backhaul/prisma/client';
import type { RadiusAuthResult } from '@backhaul/prisma/enums';
import { batchEvents } from '../events/batch.ts';
import type { EventPayload, SessionRef } from '../events/catalogue.ts';
import type { PubSub } from '../events/pubsub.ts';
import { canonical, end, formatBlock, parseBlock } from '../network/ip.ts';
import { normaliseMac } from '../services/mac.ts';
import type { ServiceContext } from '../shared/context.ts';
import { partnerOf } from '../shared/principal.ts';

type Scoped = Pick<ServiceContext, 'principal'>;

export interface SessionFilter {
  routerId?: number | null;
  customerId?: number | null;
  serviceId?: number | null;
  /** One address, or a network whose sessions' addresses it contains. */
  ip?: string | null;
  /** Part of the login, any case. */
  login?: string | null;
  mac?: string | null;
}

export interface SessionHistoryFilter extends SessionFilter {
  /** Sessions still running at or after this instant (they ended at or after it, or are online). */
  from?: Date | null;
  /** Sessions started before this instant. */
  to?: Date | null;
  /** Include sessions that are still online (default: ended sessions only). */
  includeOnline?: boolean | null;
}

/**
 * Rows the principal may see: a partner-bound principal sees its partner's sessions (and log
 * rows) only; rows of no partner (an unknown login) only principals bound to no partner see.
 */
export function radiusScope(ctx: Scoped): { partnerId?: number } {
  const partnerId = partnerOf(ctx.principal);
  return partnerId === null ? {} : { partnerId };
}

/** `framedIp` matching an address or lying in a network: a range on the (framedIp, startedAt) index. */
function ipCondition(text: string): Prisma.StringNullableFilter<'RadiusSession'> | string {
  const parsed = parseBlock(text);
  // Validated by the argument; a bad value here matches nothing rather than everything.
  if (!parsed) return '0.0.0.0/0';
  const block = canonical(parsed);
  const host = block.family === 4 ? 32 : 128;
  if (block.prefix === host) return formatBlock(block);
  // Session addresses are host addresses, which inet orders by their bits: the network's first
  // and last address bound them.
  const first = formatBlock({ ...block, prefix: host });
  const last = formatBlock({ family: block.family, start: end(block), prefix: host });
  return { gte: first, lte: last };
}

export function sessionWhere(ctx: Scoped, f: SessionFilter = {}): Prisma.RadiusSessionWhereInput {
  const mac = f.mac ? normaliseMac(f.mac) : null;
  return {
    ...radiusScope(ctx),
    ...(f.routerId != null ? { routerId: f.routerId } : {}),
    ...(f.customerId != null ? { customerId: f.customerId } : {}),
    ...(f.serviceId != null ? { serviceId: f.serviceId } : {}),
    ...(f.ip ? { framedIp: ipCondition(f.ip) } : {}),
    ...(f.login?.trim() ? { login: { contains: f.login.trim(), mode: 'insensitive' } } : {}),
    ...(f.mac ? { mac: mac ?? '-' } : {}),
  };
}

export function onlineSessionWhere(ctx: Scoped, f: SessionFilter = {}): Prisma.RadiusSessionWhereInput {
  return { ...sessionWhere(ctx, f), stoppedAt: null };
}

/** Sessions that overlap [from, to): started before `to`, and not ended before `from`. */
export function sessionHistoryWhere(ctx: Scoped, f: SessionHistoryFilter = {}): Prisma.RadiusSessionWhereInput {
  const and: Prisma.RadiusSessionWhereInput[] = [sessionWhere(ctx, f)];
  if (f.to) and.push({ startedAt: { lt: f.to } });
  if (!f.includeOnline) and.push({ stoppedAt: { not: null } });
  if (f.from) and.push(f.includeOnline ? { OR: [{ stoppedAt: null }, { stoppedAt: { gte: f.from } }] } : { stoppedAt: { gte: f.from } });
  return { AND: and };
}

/** Newest first; the id breaks ties so the cursor is stable. */
export const SESSION_ORDER: Prisma.RadiusSessionOrderByWithRelationInput[] = [{ startedAt: 'desc' }, { id: 'desc' }];

/**
 * "Who had this address at that instant": the latest session on the address that had started
 * by then and had not yet ended. One backward scan of the (framedIp, startedAt) index.
 */
export function sessionAtSql(ctx: Scoped, ip: string, at: Date): Prisma.Sql {
  const { partnerId } = radiusScope(ctx);
  return Prisma.sql`SELECT id FROM "RadiusSession"
    WHERE "framedIp" = ${ip}::inet AND "startedAt" <= ${at} AND ("stoppedAt" IS NULL OR "stoppedAt" >= ${at})
    ${partnerId === undefined ? Prisma.empty : Prisma.sql`AND "partnerId" = ${partnerId}`}
    ORDER BY "startedAt" DESC LIMIT 1`;
}

/** The id of the session that had `ip` at `at`, or null; `ip` must be one address. */
export async function findSessionIdAt(ctx: Scoped & Pick<ServiceContext, 'db'>, ip: string, at: Date): Promise<bigint | null> {
  const block = parseBlock(ip);
  if (!block || block.prefix !== (block.family === 4 ? 32 : 128)) return null;
  const rows = await ctx.db.$queryRaw<Array<{ id: bigint }>>(sessionAtSql(ctx, formatBlock(block), at));
  return rows[0]?.id ?? null;
}

export interface RadiusLogFilter {
  result?: readonly RadiusAuthResult[] | null;
  login?: string | null;
  customerId?: number | null;
  routerId?: number | null;
  /** A REJECT_REASONS key such as BAD_PASSWORD. */
  reason?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export function radiusLogWhere(ctx: Scoped, f: RadiusLogFilter = {}): Prisma.RadiusAuthLogWhereInput {
  return {
    ...radiusScope(ctx),
    ...(f.result?.length ? { result: { in: [...f.result] } } : {}),
    ...(f.login?.trim() ? { login: { contains: f.login.trim(), mode: 'insensitive' } } : {}),
    ...(f.customerId != null ? { customerId: f.customerId } : {}),
    ...(f.routerId != null ? { routerId: f.routerId } : {}),
    ...(f.reason ? { reason: f.reason } : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
}

export const RADIUS_LOG_ORDER: Prisma.RadiusAuthLogOrderByWithRelationInput[] = [{ at: 'desc' }, { id: 'desc' }];

/** A global id's key as a session id, or null when it is not one (so the lookup finds nothing). */
export function sessionKey(id: string): bigint | null {
  return /^\d{1,19}$/.test(id) ? BigInt(id) : null;
}

export interface SessionChange {
  kind: 'STARTED' | 'UPDATED' | 'STOPPED';
  /** RadiusSession.id as text. */
  id: string;
  routerId: number | null;
  serviceId: number | null;
  customerId: number | null;
}

export interface SessionChangesFilter {
  routerId?: number | null;
  customerId?: number | null;
  serviceId?: number | null;
  /** The subscriber's partner (null: every partner's sessions, and those of none). */
  partnerId: number | null;
}

/**
 * The SessionsChanged events a subscriber may see, as batches of changes: one batch per
 * `batchMs` at most, none when nothing visible happened.
 */
export function sessionChanges(pubsub: PubSub, filter: SessionChangesFilter, batchMs: number): AsyncIterableIterator<SessionChange[]> {
  const keep = (ref: SessionRef) =>
    (filter.partnerId === null || ref.partnerId === filter.partnerId) &&
    (filter.routerId == null || ref.routerId === filter.routerId) &&
    (filter.customerId == null || ref.customerId === filter.customerId) &&
    (filter.serviceId == null || ref.serviceId === filter.serviceId);
  return abortable(async function* (signal) {
    // Batch the raw events first: filtering a batch is one loop, not one generator step per session.
    for await (const events of batchEvents(pubsub.subscribe('SessionsChanged', signal), batchMs)) {
      const visible: SessionChange[] = [];
      for (const event of events) {
        for (const [kind, refs] of [['STARTED', event.started], ['UPDATED', event.updated], ['STOPPED', event.stopped]] as const) {
          for (const ref of refs) {
            if (keep(ref)) visible.push({ kind, id: ref.id, routerId: ref.routerId, serviceId: ref.serviceId, customerId: ref.customerId });
          }
        }
      }
      if (visible.length) yield visible;
    }
  });
}

export type LoggedEntry = EventPayload<'RadiusLogged'>['entries'][number];

export interface RadiusLogAddedFilter {
  partnerId: number | null;
  result?: readonly RadiusAuthResult[] | null;
  routerId?: number | null;
  customerId?: number | null;
}

/** Rows added to the RADIUS log that a subscriber may see, in batches of at most one per `batchMs`. */
export function radiusLogAdded(pubsub: PubSub, filter: RadiusLogAddedFilter, batchMs: number): AsyncIterableIterator<LoggedEntry[]> {
  const keep = (e: LoggedEntry) =>
    (filter.partnerId === null || e.partnerId === filter.partnerId) &&
    (!filter.result?.length || filter.result.includes(e.result)) &&
    (filter.routerId == null || e.routerId === filter.routerId) &&
    (filter.customerId == null || e.customerId === filter.customerId);
  return abortable(async function* (signal) {
    for await (const events of batchEvents(pubsub.subscribe('RadiusLogged', signal), batchMs)) {
      const visible = events.flatMap((event) => event.entries.filter(keep));
      if (visible.length) yield visible;
    }
  });
}

/**
 * Runs a generator that ends when `signal` aborts, and aborts it from return(): a plain async
 * generator waiting for an event that never comes would not see return() until one did, and
 * would hold its pub/sub subscription (and timers) for ever.
 */
export function abortable<T>(make: (signal: AbortSignal) => AsyncGenerator<T>): AsyncIterableIterator<T> {
  const stop = new AbortController();
  const inner = make(stop.signal);
  const iterator: AsyncIterableIterator<T> = {
    next: () => inner.next(),
    async return() {
      stop.abort();
      return inner.return(undefined);
    },
    async throw(error?: unknown) {
      stop.abort();
      return inner.throw(error);
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
