import { z } from 'zod';

const sessionRef = z.object({
  /** RadiusSession.id (a bigint, as text). */
  id: z.string(),
  routerId: z.number().int().nullable(),
  serviceId: z.number().int().nullable(),
  customerId: z.number().int().nullable(),
  partnerId: z.number().int().nullable(),
  /** The subscriber's MAC (Calling-Station-Id), for the simultaneous-use check of other RADIUS instances. */
  mac: z.string().nullable().optional(),
});
export type SessionRef = z.infer<typeof sessionRef>;

const coaAction = z.enum(['DISCONNECT', 'RATE']);

/**
 * Every topic on the shared pub/sub and the shape of its payload. Payloads stay small (ids and
 * counters); high-rate producers publish per-interval aggregates. Publishers and receivers both
 * validate against these schemas.
 */
export const catalogue = {
  AuditLogAdded: z.object({
    id: z.string(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string(),
    customerId: z.number().int().nullable(),
    partnerId: z.number().int().nullable(),
  }),
  CustomerChanged: z.object({
    customerId: z.number().int(),
    partnerId: z.number().int(),
    change: z.enum(['created', 'updated', 'deleted']),
  }),
  /** Any change that affects RADIUS decisions for a service: the RADIUS process drops it from its cache. */
  SubscriberChanged: z.object({
    serviceId: z.number().int().nullable(),
    customerId: z.number().int(),
    login: z.string().nullable(),
  }),
  /**
   * Sessions started, updated (interim) or stopped, batched per interval by each RADIUS process
   * and split so one message stays under PostgreSQL's 8,000-byte NOTIFY limit (SESSION_REFS_PER_EVENT).
   */
  SessionsChanged: z.object({
    started: z.array(sessionRef),
    updated: z.array(sessionRef),
    stopped: z.array(sessionRef),
  }),
  /**
   * Rows just written to the RADIUS log (accepts and rejects; repeats are folded before they are
   * written), at most SESSION_REFS_PER_EVENT per message.
   */
  RadiusLogged: z.object({
    entries: z.array(
      z.object({
        /** RadiusAuthLog.id (a bigint, as text). */
        id: z.string(),
        result: z.enum(['ACCEPT', 'BLOCKED', 'REJECT']),
        reason: z.string().nullable(),
        login: z.string(),
        routerId: z.number().int().nullable(),
        customerId: z.number().int().nullable(),
        partnerId: z.number().int().nullable(),
      }),
    ),
  }),
  /** One RADIUS process's counters for the last interval (about a second), per NAS. */
  RadiusRates: z.object({
    instance: z.string(),
    at: z.iso.datetime(),
    intervalMs: z.number().int().positive(),
    nas: z.array(
      z.object({
        routerId: z.number().int(),
        accepts: z.number().int().nonnegative(),
        blocked: z.number().int().nonnegative(),
        rejects: z.number().int().nonnegative(),
        accounting: z.number().int().nonnegative(),
        /** Online sessions on this NAS (all instances), as this process knows them. */
        online: z.number().int().nonnegative(),
        /** When this process last heard from the NAS (ms since the epoch), if it has since it started. */
        lastPacketAt: z.number().int().nullable().optional(),
      }),
    ),
  }),
  /** Staff asked for a Disconnect or a rate change (CoA) of one session; the RADIUS leader sends it. */
  CoaRequested: z.object({
    requestId: z.string(),
    sessionId: z.string(),
    action: coaAction,
    /** For RATE: the new rate limit in MikroTik syntax ("rx/tx", e.g. "10M/50M"). */
    rateLimit: z.string().nullable(),
  }),
  /** The NAS's answer to a Disconnect- or CoA-Request (or none, after the retries). */
  CoaResult: z.object({
    requestId: z.string(),
    sessionId: z.string(),
    routerId: z.number().int().nullable(),
    action: coaAction,
    result: z.enum(['ACK', 'NAK', 'TIMEOUT', 'NOT_ONLINE', 'NO_NAS']),
    /** RFC 5176 Error-Cause of a NAK, when the NAS sent one. */
    errorCause: z.number().int().nullable(),
    attempts: z.number().int().nonnegative(),
  }),
} as const;

/** How many references one SessionsChanged or RadiusLogged message carries at most. */
export const SESSION_REFS_PER_EVENT = 50;

export type Topic = keyof typeof catalogue;
export type EventPayload<T extends Topic> = z.infer<(typeof catalogue)[T]>;

export function isTopic(value: string): value is Topic {
  return Object.hasOwn(catalogue, value);
}

/** Validates a payload for a topic; throws a ZodError naming the bad fields. */
export function parseEvent<T extends Topic>(topic: T, payload: unknown): EventPayload<T> {
  return catalogue[topic].parse(payload) as EventPayload<T>;
}
