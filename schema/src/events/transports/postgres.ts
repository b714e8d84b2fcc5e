import type { EventPayload, Topic } from '../catalogue.ts';
import type { PubSubHealth } from '../pubsub.ts';
import pg from 'pg';
import {
  CHANNEL,
  createFanout,
  encodeEvent,
  errorMessage,
  withTimeout,
  type PubSubLogger,
  type ServerPubSub,
} from './fanout.ts';

/** application_name of the LISTEN connection, so operators (and tests) can find it in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'backhaul-pubsub-listener';
const PUBLISHER_APPLICATION_NAME = 'backhaul-pubsub-publisher';

const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 10_000;
const HEALTH_TIMEOUT_MS = 2_000;

export interface PostgresPubSubOptions {
  /** PostgreSQL connection URL; publishers and subscribers must use the same database. */
  url: string;
  /** Defaults to `console`. */
  log?: PubSubLogger | undefined;
  /** Events buffered per slow subscriber before its oldest are dropped (default 10,000). */
  bufferSize?: number | undefined;
}

/**
 * The pub/sub over PostgreSQL LISTEN/NOTIFY: no server beyond the database. Resolves once the
 * LISTEN connection is up (and rejects if the first attempt fails, so a wrong URL fails at boot);
 * after that, a lost connection is re-established with backoff while health() reports not-ok.
 * NOTIFY does not queue for absent listeners: events published while the listener is down are
 * missed, so subscribers must treat events as hints and reload state, not as a log.
 */
export async function createPostgresPubSub(options: PostgresPubSubOptions): Promise<ServerPubSub> {
  const { url } = options;
  const log = options.log ?? console;
  const fanout = createFanout({ log, bufferSize: options.bufferSize });
  // One connection: the pool queues queries in order, so events keep the order publish() was called in.
  const pool = new pg.Pool({ connectionString: url, max: 1, application_name: PUBLISHER_APPLICATION_NAME });
  pool.on('error', (error) => log.warn('pub/sub: an idle publisher connection failed', { error: error.message }));

  let listener: pg.Client | undefined; // set only while LISTENing
  let lastError: string | undefined;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryDelay = RECONNECT_MIN_MS;
  let reconnects = 0;

  async function listen(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: url,
      application_name: LISTENER_APPLICATION_NAME,
      // An idle LISTEN connection would otherwise never notice a silently dead peer.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client.on('notification', (notification) => {
      if (notification.channel === CHANNEL && notification.payload !== undefined) fanout.receive(notification.payload);
    });
    // Both stay attached for the client's life: an 'error' without a listener would crash the process.
    client.on('error', (error) => lost(client, error.message));
    client.on('end', () => lost(client, 'connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  function lost(client: pg.Client, reason: string): void {
    if (client !== listener) return; // still connecting (listen() reports it), or already handled
    listener = undefined;
    lastError = reason;
    client.end().catch(() => undefined);
    if (closed) return;
    log.warn('pub/sub: lost the LISTEN connection; reconnecting', { error: reason });
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    const delay = retryDelay * (0.5 + Math.random() / 2);
    retryDelay = Math.min(retryDelay * 2, RECONNECT_MAX_MS);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void reconnect();
    }, delay);
  }

  async function reconnect(): Promise<void> {
    if (closed) return;
    try {
      const client = await listen();
      if (closed) {
        await client.end().catch(() => undefined);
        return;
      }
      listener = client;
      lastError = undefined;
      retryDelay = RECONNECT_MIN_MS;
      reconnects++;
      log.info('pub/sub: LISTEN connection restored; events published while it was down were missed');
    } catch (error) {
      lastError = errorMessage(error);
      scheduleReconnect();
    }
  }

  try {
    listener = await listen();
  } catch (error) {
    fanout.close();
    await pool.end().catch(() => undefined);
    throw error;
  }

  return {
    async publish<T extends Topic>(topic: T, payload: EventPayload<T>): Promise<void> {
      if (closed) throw new Error('pub/sub is closed');
      const message = encodeEvent(topic, payload);
      await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, message]);
    },

    subscribe: fanout.subscribe,

    async health(): Promise<PubSubHealth> {
      const client = listener;
      if (closed) return { transport: 'postgres', ok: false, error: 'closed' };
      if (!client) return { transport: 'postgres', ok: false, error: `LISTEN connection down: ${lastError ?? 'connecting'}` };
      try {
        await withTimeout(
          Promise.all([client.query('SELECT 1'), pool.query('SELECT 1')]),
          HEALTH_TIMEOUT_MS,
          `no answer from PostgreSQL within ${HEALTH_TIMEOUT_MS} ms`,
        );
        return { transport: 'postgres', ok: true };
      } catch (error) {
        return { transport: 'postgres', ok: false, error: errorMessage(error) };
      }
    },

    stats: () => ({ ...fanout.stats(), reconnects }),

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      clearTimeout(retryTimer);
      fanout.close();
      const client = listener;
      listener = undefined;
      await Promise.allSettled([client?.end(), pool.end()]);
    },
  };
}
