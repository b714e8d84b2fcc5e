import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { EventPayload } from '../events/catalogue.ts';
import { change } from '../shared/changes.ts';
import type { ServiceContext } from '../shared/context.ts';
import { InputValidationError, NotFoundError } from '../shared/errors.ts';
import { mikrotikRateLimit } from './policy.ts';
import { RadiusUnavailableError } from './radius.errors.ts';
import { radiusScope, sessionKey } from './sessions.service.ts';

/** How long a CoA waits for the RADIUS leader by default: its 3 attempts × 3 s, and a margin. */
export const DEFAULT_COA_TIMEOUT_MS = 15_000;

export type CoaAction = EventPayload<'CoaResult'>['action'];
export type CoaResultCode = EventPayload<'CoaResult'>['result'];

export interface CoaContext extends ServiceContext {
  coaTimeoutMs?: number | undefined;
}

/** What became of a Disconnect or rate change. */
export interface CoaOutcome {
  requestId: string | null;
  sessionId: bigint;
  action: CoaAction;
  result: CoaResultCode;
  /** RFC 5176 Error-Cause of a NAK, when the NAS sent one. */
  errorCause: number | null;
  /** Packets sent to the NAS (0: none was sent). */
  attempts: number;
  rateLimit: string | null;
}

const rateSchema = z.object({
  downloadKbps: z.number().int().min(8, 'must be at least 8 kbit/s').max(100_000_000, 'must be at most 100,000,000 kbit/s'),
  uploadKbps: z.number().int().min(8, 'must be at least 8 kbit/s').max(100_000_000, 'must be at most 100,000,000 kbit/s'),
});

/** The MikroTik rate limit for a new speed; the errors name the argument (`downloadKbps`). */
export function rateLimitFor(input: { downloadKbps: number; uploadKbps: number }): string {
  const parsed = rateSchema.safeParse(input);
  if (!parsed.success) throw new InputValidationError(parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
  const { downloadKbps, uploadKbps } = parsed.data;
  return mikrotikRateLimit({
    name: '', downloadKbps, uploadKbps, priority: 8,
    burstDownloadKbps: null, burstUploadKbps: null, burstThresholdDownKbps: null, burstThresholdUpKbps: null, burstTimeSeconds: null,
  });
}

/**
 * Asks the RADIUS leader to disconnect a session or change its rate, and waits for the NAS's
 * answer: publishes CoaRequested and takes the CoaResult with the same requestId. A NAK or a
 * timeout at the NAS is an outcome; no answer from any RADIUS process within the timeout is
 * RadiusUnavailableError. Either way the request is audit-logged with what became of it.
 */
export async function requestCoa(ctx: CoaContext, id: string, action: CoaAction, rateLimit: string | null): Promise<CoaOutcome> {
  const key = sessionKey(id);
  const session = key === null ? null : await ctx.db.radiusSession.findFirst({ where: { id: key, ...radiusScope(ctx) } });
  if (!session) throw new NotFoundError('RadiusSession', id, 'id');
  if (session.stoppedAt !== null) {
    return { requestId: null, sessionId: session.id, action, result: 'NOT_ONLINE', errorCause: null, attempts: 0, rateLimit };
  }

  const requestId = randomUUID();
  const timeoutMs = ctx.coaTimeoutMs ?? DEFAULT_COA_TIMEOUT_MS;
  const stop = new AbortController();
  // Subscribed before publishing, so an answer cannot overtake the subscription.
  const answers = ctx.pubsub.subscribe('CoaResult', stop.signal);
  let answer: EventPayload<'CoaResult'> | null;
  try {
    await ctx.pubsub.publish('CoaRequested', { requestId, sessionId: session.id.toString(), action, rateLimit });
    answer = await firstMatch(answers, (r) => r.requestId === requestId, timeoutMs);
  } finally {
    stop.abort();
  }

  await change(ctx, async (tx, changes) => {
    // The session's customer id is not a foreign key: it may name a customer deleted since.
    const customerId = session.customerId !== null && (await tx.customer.count({ where: { id: session.customerId } })) > 0 ? session.customerId : null;
    await changes.audit({
      action: action === 'DISCONNECT' ? 'session.disconnect' : 'session.rate',
      entity: 'RadiusSession',
      entityId: session.id.toString(),
      customerId,
      partnerId: session.partnerId,
      before: { login: session.login, routerId: session.routerId, framedIp: session.framedIp, rateLimit: session.rateLimit },
      after: {
        requestId,
        result: answer?.result ?? 'UNANSWERED',
        errorCause: answer?.errorCause ?? null,
        attempts: answer?.attempts ?? 0,
        ...(rateLimit !== null ? { rateLimit } : {}),
      },
    });
  });
  if (!answer) throw new RadiusUnavailableError(timeoutMs);
  return { requestId, sessionId: session.id, action, result: answer.result, errorCause: answer.errorCause, attempts: answer.attempts, rateLimit };
}

/** The first event `match` accepts, or null when none came within `ms`. */
async function firstMatch<T>(source: AsyncIterator<T>, match: (event: T) => boolean, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    for (;;) {
      const next = await Promise.race([source.next(), timeout]);
      if (next === null || next.done) return null;
      if (match(next.value)) return next.value;
    }
  } finally {
    clearTimeout(timer);
  }
}
