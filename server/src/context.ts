import type { IncomingHttpHeaders } from 'node:http';
import type { Db } from '@backhaul/prisma/db';
import { authenticate } from '@backhaul/schema/admin/auth.service.ts';
import type { Context } from '@backhaul/schema/builder.ts';
import type { PubSub } from '@backhaul/schema/events/pubsub.ts';
import type { LoginLimiter } from '@backhaul/schema/shared/rate-limit.ts';
import type { SecretBox } from '@backhaul/schema/shared/secrets.ts';

export interface ContextDeps {
  db: Db;
  pubsub: PubSub;
  secrets: SecretBox;
  loginLimiter: LoginLimiter;
  /** How long CoA mutations wait for a RADIUS process's answer (default 15 s). */
  coaTimeoutMs?: number;
}

export interface RequestInfo {
  /** The Authorization header (HTTP) or connectionParams.authorization (WebSocket). */
  authorization: string | null;
  ip: string | null;
  userAgent: string | null;
}

/**
 * One context factory for HTTP and WebSocket alike. Throws AuthenticationError when the
 * credentials are present but not valid.
 */
export function createContextFactory(deps: ContextDeps) {
  return async (request: RequestInfo): Promise<Context> => ({
    ...deps,
    principal: await authenticate(deps.db, request.authorization, request.ip),
    ip: request.ip,
    userAgent: request.userAgent,
  });
}

export type CreateContext = ReturnType<typeof createContextFactory>;

/** The client address: the socket's, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientIp(headers: IncomingHttpHeaders, socketAddress: string | undefined, trustProxy: boolean): string | null {
  const forwarded = trustProxy ? String(headers['x-forwarded-for'] ?? '').split(',')[0]?.trim() : '';
  const ip = forwarded || socketAddress || null;
  return ip?.replace(/^::ffff:/, '') ?? null;
}
