import type { EventPayload, Topic } from '@backhaul/schema/events/catalogue.ts';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ZodError } from 'zod';
import { adminQuery, createTestDatabase, type TestDatabase } from '@backhaul/prisma/testing';
import { createPubSub } from '@backhaul/schema/events/transports/create.ts';
import { CHANNEL, PayloadTooLargeError, withTimeout, type PubSubLogger, type ServerPubSub } from '@backhaul/schema/events/transports/fanout.ts';
import { createPostgresPubSub, LISTENER_APPLICATION_NAME } from '@backhaul/schema/events/transports/postgres.ts';
import { createRedisPubSub } from '@backhaul/schema/events/transports/redis.ts';
import { publishFromProcess } from './support/publish-from-process.ts';
import { startRedis, type RedisServer } from './support/redis.ts';

type TransportName = 'postgres' | 'redis';

/** What the shared cases need from each transport, beyond the PubSub itself. */
interface Harness {
  url: string;
  create(options?: { bufferSize?: number; log?: PubSubLogger }): Promise<ServerPubSub>;
  /** Sends a message on the channel with no validation, as a buggy or hostile peer would. */
  injectRaw(message: string): Promise<void>;
  /** Kills the server side of the subscriber connections; resolves to how many were killed. */
  killSubscriberConnections(): Promise<number>;
  /** Makes the server refuse connections and drops the subscriber's; the result undoes it. */
  outage(): Promise<() => Promise<void>>;
  dispose(): Promise<void>;
}

async function postgresHarness(): Promise<Harness> {
  const database: TestDatabase = await createTestDatabase();
  const name = new URL(database.url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  const kill = async () =>
    (
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
        [LISTENER_APPLICATION_NAME],
      )
    ).rowCount ?? 0;
  return {
    url: database.url,
    create: (options) => createPostgresPubSub({ url: database.url, log: quiet, ...options }),
    injectRaw: async (message) => void (await admin.query('SELECT pg_notify($1, $2)', [CHANNEL, message])),
    killSubscriberConnections: kill,
    async outage() {
      // Connections are refused per database, so the rest of the suite's server is unaffected.
      const serverUrl = inject('postgresUrl');
      await adminQuery(serverUrl, `ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await kill();
      return () => adminQuery(serverUrl, `ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    },
    async dispose() {
      await admin.end();
      await database.drop();
    },
  };
}

async function redisHarness(): Promise<Harness> {
  const server: RedisServer = await startRedis();
  const admin = new Redis(server.url);
  admin.on('error', () => undefined); // it loses its connection during the outage test
  return {
    url: server.url,
    create: (options) => createRedisPubSub({ url: server.url, log: quiet, ...options }),
    injectRaw: async (message) => void (await admin.publish(CHANNEL, message)),
    killSubscriberConnections: async () => Number(await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub')),
    async outage() {
      await server.stop();
      return () => server.start();
    },
    async dispose() {
      admin.disconnect();
      await server.dispose();
    },
  };
}

const harnesses: Record<TransportName, () => Promise<Harness>> = { postgres: postgresHarness, redis: redisHarness };

const quiet: PubSubLogger = { info: () => undefined, warn: () => undefined };

function recordingLogger(): PubSubLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, warn: (message) => void warnings.push(message) };
}

function changed(customerId: number, change: 'created' | 'updated' | 'deleted' = 'updated'): EventPayload<'CustomerChanged'> {
  return { customerId, partnerId: 1, change };
}

/** The iterator's next event, failing the test if none comes within `ms`. */
async function nextEvent<T>(iterator: AsyncIterator<T>, ms = 5_000): Promise<T> {
  const result = await withTimeout(iterator.next(), ms, `no event within ${ms} ms`);
  if (result.done) throw new Error('the iterator ended instead of yielding an event');
  return result.value;
}

/** Polls `check` every 20 ms until it returns true; fails after `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Publishes `probe` every 50 ms until the iterator yields something: proof that the subscriber
 * is listening again after a reconnection (events sent while it was down are lost by design).
 */
async function publishUntilReceived<T extends Topic>(
  pubsub: ServerPubSub,
  iterator: AsyncIterator<EventPayload<T>>,
  topic: T,
  probe: EventPayload<T>,
  ms = 15_000,
): Promise<EventPayload<T>> {
  const received = iterator.next();
  let arrived = false;
  void received.then(() => (arrived = true));
  const deadline = Date.now() + ms;
  while (!arrived) {
    if (Date.now() > deadline) throw new Error(`nothing received within ${ms} ms of publishing probes`);
    await pubsub.publish(topic, probe).catch(() => undefined); // the publisher may still be reconnecting
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const result = await received;
  if (result.done) throw new Error('the iterator ended');
  return result.value;
}

describe.each(['postgres', 'redis'] as const)('%s pub/sub', (transport) => {
  let harness: Harness;
  const open: ServerPubSub[] = [];
  async function create(options?: { bufferSize?: number; log?: PubSubLogger }): Promise<ServerPubSub> {
    const pubsub = await harness.create(options);
    open.push(pubsub);
    return pubsub;
  }

  beforeAll(async () => {
    harness = await harnesses[transport]();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((pubsub) => pubsub.close()));
  });
  afterAll(async () => {
    await harness?.dispose();
  });

  it('delivers an event published by another OS process to a subscriber here', async () => {
    const pubsub = await create();
    const events = pubsub.subscribe('CustomerChanged');
    await publishFromProcess(transport, harness.url, 'CustomerChanged', changed(101, 'created'), changed(102, 'deleted'));
    expect(await nextEvent(events)).toEqual(changed(101, 'created'));
    expect(await nextEvent(events)).toEqual(changed(102, 'deleted'));
  });

  it('delivers events in the order publish() was called, to every subscriber of the topic only', async () => {
    const publisher = await create();
    const subscriber = await create();
    const first = subscriber.subscribe('CustomerChanged');
    const second = subscriber.subscribe('CustomerChanged');
    const other = subscriber.subscribe('SubscriberChanged');
    const sent = Array.from({ length: 100 }, (_, i) => changed(i));
    // Not awaited one by one: the order must hold for concurrent calls too.
    await Promise.all(sent.map((payload) => publisher.publish('CustomerChanged', payload)));
    for (const iterator of [first, second]) {
      const got = [];
      for (let i = 0; i < sent.length; i++) got.push(await nextEvent(iterator));
      expect(got).toEqual(sent);
    }
    const pending = other.next();
    await publisher.publish('SubscriberChanged', { serviceId: null, customerId: 7, login: null });
    expect((await pending).value).toEqual({ serviceId: null, customerId: 7, login: null });
  });

  it('refuses an invalid payload in publish() with the ZodError, and sends nothing', async () => {
    const pubsub = await create();
    const events = pubsub.subscribe('CustomerChanged');
    const bad = { customerId: 'seven', partnerId: 1, change: 'updated' } as unknown as EventPayload<'CustomerChanged'>;
    await expect(pubsub.publish('CustomerChanged', bad)).rejects.toBeInstanceOf(ZodError);
    await expect(pubsub.publish('NoSuchTopic' as Topic, {} as never)).rejects.toThrow(/Unknown pub\/sub topic/);
    await pubsub.publish('CustomerChanged', changed(5));
    expect(await nextEvent(events)).toEqual(changed(5));
    expect(pubsub.stats().received).toBe(1);
  });

  it('refuses a payload too large for a PostgreSQL NOTIFY, on either transport', async () => {
    const pubsub = await create();
    const huge = { id: 'a', action: 'x'.repeat(9_000), entity: 'Customer', entityId: '1', customerId: 1, partnerId: null };
    await expect(pubsub.publish('AuditLogAdded', huge)).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(pubsub.publish('AuditLogAdded', { ...huge, action: 'x'.repeat(7_000) })).resolves.toBeUndefined();
  });

  it('drops and logs malformed messages from the wire, and keeps delivering valid ones', async () => {
    const log = recordingLogger();
    const pubsub = await create({ log });
    const events = pubsub.subscribe('CustomerChanged');
    await harness.injectRaw('not json');
    await harness.injectRaw(JSON.stringify({ hello: 'world' }));
    await harness.injectRaw(JSON.stringify({ t: 'NoSuchTopic', p: {} }));
    await harness.injectRaw(JSON.stringify({ t: 'CustomerChanged', p: { customerId: 'seven' } }));
    await harness.injectRaw(JSON.stringify({ t: 'CustomerChanged', p: changed(9) }));
    expect(await nextEvent(events)).toEqual(changed(9));
    expect(pubsub.stats()).toMatchObject({ received: 5, invalid: 4 });
    expect(log.warnings).toHaveLength(4);
    expect(log.warnings.join('\n')).toMatch(/not JSON[\s\S]*envelope[\s\S]*unknown topic[\s\S]*invalid payload/);
  });

  it('ends an iterator when its signal aborts, and one subscribed with an aborted signal at once', async () => {
    const pubsub = await create();
    const controller = new AbortController();
    const events = pubsub.subscribe('CustomerChanged', controller.signal);
    const pending = events.next();
    expect(pubsub.stats().subscribers).toBe(1);
    controller.abort();
    expect(await withTimeout(pending, 1_000, 'abort did not end the iterator')).toEqual({ value: undefined, done: true });
    expect(await events.next()).toEqual({ value: undefined, done: true });
    expect(pubsub.stats().subscribers).toBe(0);
    expect(await pubsub.subscribe('CustomerChanged', controller.signal).next()).toEqual({ value: undefined, done: true });
  });

  it('ends an iterator on return() (as for-await does on break) and every iterator on close()', async () => {
    const pubsub = await create();
    const events = pubsub.subscribe('CustomerChanged');
    await pubsub.publish('CustomerChanged', changed(1));
    for await (const event of events) {
      expect(event).toEqual(changed(1));
      break;
    }
    expect(pubsub.stats().subscribers).toBe(0);
    expect(await events.next()).toEqual({ value: undefined, done: true });

    const a = pubsub.subscribe('CustomerChanged');
    const b = pubsub.subscribe('SubscriberChanged');
    const pending = [a.next(), b.next()];
    await pubsub.close();
    expect(await withTimeout(Promise.all(pending), 1_000, 'close() did not end the iterators')).toEqual([
      { value: undefined, done: true },
      { value: undefined, done: true },
    ]);
    expect(await pubsub.subscribe('CustomerChanged').next()).toEqual({ value: undefined, done: true });
    await expect(pubsub.publish('CustomerChanged', changed(2))).rejects.toThrow(/closed/);
  });

  it("drops a slow subscriber's oldest events beyond its buffer, and counts them, without slowing others", async () => {
    const publisher = await create();
    const pubsub = await create({ bufferSize: 5 });
    const slow = pubsub.subscribe('CustomerChanged');
    const fast = pubsub.subscribe('CustomerChanged');
    // One at a time, so the fast subscriber never sees a burst larger than its own buffer.
    for (let i = 1; i <= 20; i++) {
      await publisher.publish('CustomerChanged', changed(i));
      expect((await nextEvent(fast)).customerId).toBe(i);
    }
    expect(pubsub.stats()).toMatchObject({ received: 20, dropped: 15 });
    const slowGot = [];
    for (let i = 0; i < 5; i++) slowGot.push((await nextEvent(slow)).customerId);
    expect(slowGot).toEqual([16, 17, 18, 19, 20]);
  });

  it('re-subscribes by itself after its connection is killed, and receives events published after', async () => {
    const pubsub = await create();
    const events = pubsub.subscribe('CustomerChanged');
    expect(await harness.killSubscriberConnections()).toBeGreaterThanOrEqual(1);
    await publishUntilReceived(pubsub, events, 'CustomerChanged', changed(0));
    await pubsub.publish('CustomerChanged', changed(42));
    let event = await nextEvent(events);
    while (event.customerId === 0) event = await nextEvent(events); // probes still in flight
    expect(event).toEqual(changed(42));
    expect(pubsub.stats().reconnects).toBeGreaterThanOrEqual(1);
  });

  it('reports unhealthy while the server is unreachable, and healthy again once it is back', async () => {
    const pubsub = await create();
    const events = pubsub.subscribe('CustomerChanged');
    expect(await pubsub.health()).toEqual({ transport, ok: true });
    const restore = await harness.outage();
    try {
      await until(async () => !(await pubsub.health()).ok, 5_000, 'health() to report the outage');
      const health = await pubsub.health();
      expect(health).toMatchObject({ transport, ok: false });
      expect(health.error).toBeTruthy();
    } finally {
      await restore();
    }
    await until(async () => (await pubsub.health()).ok, 15_000, 'health() to report recovery');
    await publishUntilReceived(pubsub, events, 'CustomerChanged', changed(3));
  });
});

describe('createPubSub', () => {
  let database: TestDatabase;
  let redis: RedisServer;
  beforeAll(async () => {
    [database, redis] = await Promise.all([createTestDatabase(), startRedis()]);
  });
  afterAll(async () => {
    await Promise.all([database?.drop(), redis?.dispose()]);
  });

  it('uses Redis when a Redis URL is set, and PostgreSQL otherwise', async () => {
    const withRedis = await createPubSub({ databaseUrl: database.url, redisUrl: redis.url, log: quiet });
    const withoutRedis = await createPubSub({ databaseUrl: database.url, redisUrl: '', log: quiet });
    try {
      expect((await withRedis.health()).transport).toBe('redis');
      expect((await withoutRedis.health()).transport).toBe('postgres');
    } finally {
      await Promise.all([withRedis.close(), withoutRedis.close()]);
    }
  });

  it('fails at creation when the server cannot be reached', async () => {
    const closedPort = `postgresql://postgres@127.0.0.1:1/nothing`;
    await expect(createPubSub({ databaseUrl: closedPort, log: quiet })).rejects.toThrow();
    await expect(createPubSub({ databaseUrl: closedPort, redisUrl: 'redis://127.0.0.1:1', log: quiet })).rejects.toThrow(
      /could not connect to Redis/,
    );
  });
});
