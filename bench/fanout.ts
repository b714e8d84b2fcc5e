/**
 * fanout: live events from the shared pub/sub to many console tabs. The server as main.ts runs
 * it; 200 graphql-ws clients (a process of their own, bench/fanout/clients.ts) signed in as the
 * super administrator and subscribed to customerChanged; another OS process
 * (bench/fanout/publisher.ts) publishes 1,000 CustomerChanged events a second into the pub/sub
 * (PostgreSQL LISTEN/NOTIFY, or with --redis a redis-server started for the run) for 30 s.
 * Measures deliveries per second across all clients, the p99 delay from publish() to receipt
 * (both on the machine's monotonic clock), and every (client, event) pair that never arrived.
 * Target: p99 < 250 ms and nothing dropped.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createDb } from '@backhaul/prisma/db';
import { DEMO_STAFF, seedDemo } from '@backhaul/schema/demo/seed.ts';
import type { Benchmark } from './lib/benchmark.ts';
import { numberOption } from './lib/options.ts';
import { startDatabase } from './lib/postgres.ts';
import { startRedis } from '../server/test/support/redis.ts';
import { count, ms, outcome, progress } from './lib/report.ts';
import { monotonicMs } from './fanout/clock.ts';
import { signIn, startServer } from './lib/server.ts';
import type { FromClients, FromPublisher, ToClients, ToPublisher } from './fanout/messages.ts';

const TARGET_P99_MS = 250;
const DEFAULT_CLIENTS = 200;
const DEFAULT_RATE = 1_000;

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const benchmark: Benchmark = {
  name: 'fanout',
  description: 'graphql-ws fan-out of pub/sub events',
  async run({ smoke, args, defer }) {
    const redis = args.includes('--redis');
    // For finding the envelope the server sustains; the target is defined for the defaults.
    const CLIENTS = numberOption(args, '--clients', { integer: true }) ?? DEFAULT_CLIENTS;
    const RATE = numberOption(args, '--rate', { integer: true }) ?? DEFAULT_RATE;
    const seconds = smoke ? 3 : 30;
    // After the last publish, how long stragglers may take before they count as dropped.
    const drainMs = smoke ? 5_000 : 15_000;
    const transport = redis ? 'redis' : 'postgres';

    const database = await startDatabase();
    defer(() => database.stop());
    let redisUrl: string | undefined;
    if (redis) {
      const server = await startRedis();
      defer(() => server.dispose());
      redisUrl = server.url;
    }
    progress(`database: ${database.where}; pub/sub: ${redis ? `Redis (${redisUrl})` : 'PostgreSQL LISTEN/NOTIFY'}`);

    let slowWarnings = 0;
    const server = await startServer({
      databaseUrl: database.url,
      ...(redisUrl ? { redisUrl } : {}),
      pubsubLog: {
        info: () => undefined,
        warn: (message) => {
          if (/too slow/.test(message)) slowWarnings++;
          else progress(`server pub/sub: ${message}`);
        },
      },
    });
    defer(() => server.close());
    const seedDb = createDb(database.url, { max: 2 });
    await seedDemo(seedDb, server.secrets);
    await seedDb.$disconnect();
    const token = await signIn(server.graphqlUrl, DEMO_STAFF.username, DEMO_STAFF.password);

    // The subscribers, in their own process.
    const clients = startChild<FromClients, ToClients>(here('./fanout/clients.ts'), []);
    defer(() => clients.kill());
    let delivered = 0;
    clients.on((m) => {
      if (m.type === 'progress') delivered = m.delivered;
    });
    const maxEvents = RATE * seconds;
    clients.send({ type: 'connect', url: server.wsUrl, token, clients: CLIENTS, maxEvents });
    const connected = await clients.next('connected', 60_000);
    // graphql-ws has no "subscribed" acknowledgement, and identical subscriptions share one
    // pub/sub subscriber: wait for it, then give the rest a moment to join. A client that missed
    // the start shows up below as undelivered events.
    await until(() => server.pubsub.stats().subscribers >= 1, 30_000, () => 'no subscription reached the server');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    progress(`${connected.clients} clients connected and subscribed`);

    // The publisher, another process on the same pub/sub.
    const publisher = startChild<FromPublisher, ToPublisher>(here('./fanout/publisher.ts'), [database.url, ...(redisUrl ? [redisUrl] : [])]);
    defer(() => publisher.kill());
    await publisher.next('ready', 30_000);
    const before = server.pubsub.stats();
    const elu = performance.eventLoopUtilization();
    const ticker = setInterval(() => progress(`… ${count(delivered)} deliveries so far`), 5_000);
    defer(() => clearInterval(ticker));
    progress(`publishing ${count(RATE)} events/s for ${seconds} s to ${CLIENTS} subscribers (${count(RATE * CLIENTS)} deliveries/s)`);
    publisher.send({ type: 'go', rate: RATE, seconds });
    // Generous: this process hosts the busy server, so it may read the report long after it came.
    const published = await publisher.next('done', (seconds + 600) * 1_000);
    const serverElu = performance.eventLoopUtilization(elu).utilization;
    const expected = published.published * CLIENTS;

    // Let the last events arrive, until a deadline on the monotonic clock the children share
    // (this process may read the publisher's report late: it hosts the server, which is busy).
    const deadline = Math.max(...published.times) + drainMs;
    while (delivered < expected && monotonicMs() < deadline) await sleep(100);
    clearInterval(ticker);
    clients.send({ type: 'finish', times: published.times, deadline });
    const result = await clients.next('result', 600_000);
    const stats = server.pubsub.stats();

    // Not received by the end of the drain window: lost, or so late that it counts as lost.
    const dropped = expected - result.delivered;
    const window = (result.lastReceiptMs - (published.times[1] ?? result.firstReceiptMs)) / 1000;
    const rate = result.delivered / window;
    progress(`published ${count(published.published)} events (${published.failed} failed${published.firstError ? `: ${published.firstError}` : ''}); publisher at worst ${ms(published.maxLagMs)} behind schedule`);
    progress(`delivered ${count(result.delivered)} of ${count(expected)} (${count(result.late)} more arrived later) within ${drainMs / 1000} s of the last publish (fewest to one client: ${count(result.minPerClient)}); duplicates ${result.duplicates}; unknown ${result.unknown}; client errors ${result.errors}${result.firstError ? ` (${result.firstError})` : ''}`);
    progress(`delay publish → receipt: p50 ${ms(result.p50)}, p99 ${ms(result.p99)}, max ${ms(result.max)}`);
    progress(`server pub/sub: had read ${count(stats.received - before.received)} of ${count(published.published)} messages from the transport by then, dropped ${count(stats.dropped - before.dropped)} from full subscriber buffers (${slowWarnings} slow-subscriber warnings)`);
    progress(`event-loop utilisation while publishing: server ${(serverElu * 100).toFixed(0)} %, clients process ${(result.elu * 100).toFixed(0)} %`);

    const problems = [
      dropped > 0 ? `${count(dropped)} not delivered` : '',
      published.failed > 0 ? `${count(published.failed)} publishes failed` : '',
      result.errors > 0 ? `${result.errors} client errors` : '',
    ].filter(Boolean).join(', ');
    return outcome(
      `fanout (${transport})`,
      `p99 delay ${ms(result.p99)}, ${count(rate)} events/s delivered, ${count(dropped)} of ${count(expected)} dropped or late ` +
        `(${CLIENTS} clients × ${count(RATE)} events/s for ${seconds} s)`,
      `p99 < ${TARGET_P99_MS} ms, nothing dropped`,
      result.p99,
      TARGET_P99_MS,
      problems || undefined,
    );
  },
};

interface Child<In, Out> {
  send(message: Out): void;
  on(listener: (message: In) => void): void;
  /** The next message of `type`; rejects if the process exits first or `timeoutMs` passes. */
  next<T extends In extends { type: infer K } ? K : never>(type: T, timeoutMs: number): Promise<Extract<In, { type: T }>>;
  kill(): void;
}

/** A TypeScript child process with an IPC channel; its stderr passes through. */
function startChild<In extends { type: string }, Out>(file: string, args: string[]): Child<In, Out> {
  const child: ChildProcess = fork(file, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  let exit: string | undefined;
  const exitListeners = new Set<(why: string) => void>();
  child.once('exit', (code, signal) => {
    exit = `${file} exited (${signal ?? `code ${code}`})`;
    for (const listener of exitListeners) listener(exit);
  });
  return {
    send: (message) => void child.send(message as object),
    on: (listener) => void child.on('message', (m) => listener(m as In)),
    next(type, timeoutMs) {
      return new Promise((resolve, reject) => {
        if (exit) return reject(new Error(exit));
        // A starved event loop runs timers before it reads pending I/O: give the message one more
        // turn of the loop before calling it missing.
        const timer = setTimeout(() => setImmediate(() => done(new Error(`no '${String(type)}' from ${file} within ${timeoutMs / 1000} s`))), timeoutMs);
        const onMessage = (m: In) => m.type === type && done(undefined, m);
        const onExit = (why: string) => done(new Error(why));
        let settled = false;
        function done(error?: Error, message?: In) {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          child.off('message', onMessage);
          exitListeners.delete(onExit);
          if (error) reject(error);
          else resolve(message as never);
        }
        child.on('message', onMessage);
        exitListeners.add(onExit);
      });
    },
    kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Letting go of the IPC channel ends it (see the children); the kill is for a stuck one.
      if (child.connected) child.disconnect();
      setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), 2_000).unref();
    },
  };
}

async function until(condition: () => boolean, timeoutMs: number, message: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(message());
    await sleep(50);
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
