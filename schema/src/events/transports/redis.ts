import type { EventPayload, Topic } from '../catalogue.ts';
import type { PubSubHealth } from '../pubsub.ts';
import { Redis, type RedisOptions } from 'ioredis';
import {
  CHANNEL,
  createFanout,
  encodeEvent,
  errorMessage,
  withTimeout,
  type PubSubLogger,
  type ServerPubSub,
} from './fanout.ts';

const HEALTH_TIMEOUT_MS = 2_000;

export interface RedisPubSubOptions {
  /** Redis URL (`redis://host:port/db`). */
  url: string;
  /** Defaults to `console`. */
  log?: PubSubLogger | undefined;
  /** Events buffered per slow subscriber before its oldest are dropped (default 10,000). */
  bufferSize?: number | undefined;
}

/**
 * The pub/sub over Redis PUBLISH/SUBSCRIBE, for deployments with several servers. One publisher
 * and one subscriber connection; ioredis reconnects both and re-subscribes by itself. Resolves
 * once subscribed (and rejects if the first connection fails). As with PostgreSQL, events
 * published while the subscriber is disconnected are missed.
 */
export async function createRedisPubSub(options: RedisPubSubOptions): Promise<ServerPubSub> {
  const log = options.log ?? console;
  const fanout = createFanout({ log, bufferSize: options.bufferSize });
  const common: RedisOptions = {
    lazyConnect: true,
    retryStrategy: (attempt) => Math.min(100 * 2 ** (attempt - 1), 5_000),
  };
  // Without an offline queue, publish() fails at once while Redis is down instead of hanging.
  const publisher = new Redis(options.url, { ...common, connectionName: 'backhaul-pubsub-publisher', enableOfflineQueue: false });
  const subscriber = new Redis(options.url, { ...common, connectionName: 'backhaul-pubsub-subscriber' });

  let closed = false;
  let started = false;
  let lastError: string | undefined;
  let reconnects = 0;

  // ioredis emits 'error' on every failed attempt; logging only transitions keeps an outage to two lines.
  publisher.on('error', (error: Error) => {
    if (!started) lastError ??= error.message;
  });
  subscriber.on('error', (error: Error) => {
    if (started && !closed && lastError === undefined) log.warn('pub/sub: Redis subscriber connection failed', { error: error.message });
    lastError = error.message;
  });
  subscriber.on('close', () => {
    if (!started || closed || lastError !== undefined) return;
    lastError = 'connection closed';
    log.warn('pub/sub: lost the Redis subscriber connection; reconnecting');
  });
  subscriber.on('ready', () => {
    if (!started) return;
    reconnects++;
    lastError = undefined;
    log.info('pub/sub: Redis subscriber connection restored; events published while it was down were missed');
  });
  subscriber.on('message', (channel: string, message: string) => {
    if (channel === CHANNEL) fanout.receive(message);
  });

  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.subscribe(CHANNEL);
    started = true;
  } catch (error) {
    fanout.close();
    publisher.disconnect();
    subscriber.disconnect();
    // ioredis rejects with "Connection is closed."; the socket error says what went wrong.
    throw new Error(`pub/sub could not connect to Redis: ${lastError ?? errorMessage(error)}`, { cause: error });
  }

  return {
    async publish<T extends Topic>(topic: T, payload: EventPayload<T>): Promise<void> {
      if (closed) throw new Error('pub/sub is closed');
      await publisher.publish(CHANNEL, encodeEvent(topic, payload));
    },

    subscribe: fanout.subscribe,

    async health(): Promise<PubSubHealth> {
      if (closed) return { transport: 'redis', ok: false, error: 'closed' };
      if (subscriber.status !== 'ready') {
        return { transport: 'redis', ok: false, error: `subscriber connection ${subscriber.status}: ${lastError ?? 'connecting'}` };
      }
      try {
        await withTimeout(
          Promise.all([publisher.ping(), subscriber.ping()]),
          HEALTH_TIMEOUT_MS,
          `no answer from Redis within ${HEALTH_TIMEOUT_MS} ms`,
        );
        return { transport: 'redis', ok: true };
      } catch (error) {
        return { transport: 'redis', ok: false, error: errorMessage(error) };
      }
    },

    stats: () => ({ ...fanout.stats(), reconnects }),

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      fanout.close();
      // QUIT lets in-flight publishes finish; disconnect() covers a connection that is down.
      await Promise.allSettled(
        [publisher, subscriber].map((connection) =>
          connection.status === 'ready' ? withTimeout(connection.quit(), HEALTH_TIMEOUT_MS, 'QUIT timed out') : undefined,
        ),
      );
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
