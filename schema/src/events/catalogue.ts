import { z } from 'zod';

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
} as const;

export type Topic = keyof typeof catalogue;
export type EventPayload<T extends Topic> = z.infer<(typeof catalogue)[T]>;

export function isTopic(value: string): value is Topic {
  return Object.hasOwn(catalogue, value);
}

/** Validates a payload for a topic; throws a ZodError naming the bad fields. */
export function parseEvent<T extends Topic>(topic: T, payload: unknown): EventPayload<T> {
  return catalogue[topic].parse(payload) as EventPayload<T>;
}
