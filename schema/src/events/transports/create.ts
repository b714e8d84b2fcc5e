import type { PubSubLogger, ServerPubSub } from './fanout.ts';
import { createPostgresPubSub } from './postgres.ts';
import { createRedisPubSub } from './redis.ts';

export interface CreatePubSubOptions {
  /** Used for LISTEN/NOTIFY when no Redis URL is given. */
  databaseUrl: string;
  /** When set (and not empty), Redis carries the events: needed once several servers share them. */
  redisUrl?: string | undefined;
  /** Defaults to `console`. */
  log?: PubSubLogger | undefined;
  /** Events buffered per slow subscriber before its oldest are dropped (default 10,000). */
  bufferSize?: number | undefined;
}

/** The process's pub/sub, made once in its main.ts: Redis when configured, else PostgreSQL. */
export function createPubSub(options: CreatePubSubOptions): Promise<ServerPubSub> {
  const { log, bufferSize } = options;
  return options.redisUrl
    ? createRedisPubSub({ url: options.redisUrl, log, bufferSize })
    : createPostgresPubSub({ url: options.databaseUrl, log, bufferSize });
}
