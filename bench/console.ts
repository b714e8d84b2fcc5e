/**
 * console: the NOC console in headless Chromium (Debian's, driven by playwright-core) against the
 * whole stack as `npm start` runs it (e2e/tools/stack.ts: the API, the RADIUS process and the
 * built console), on a database with 100,000 customers:
 * 1. time until usable of the dashboard and of the customer list, cold (a new browser context,
 *    empty cache) and warm, already signed in (target < 1.5 s);
 * 2. the delay from a radclient Accounting-Start to the session on an open dashboard (target
 *    p99 < 1 s);
 * 3. a soak: 1,000 session events a second (Accounting-Start and -Stop to the stack's RADIUS
 *    process, which publishes SessionsChanged as in production) into an open dashboard for 10
 *    minutes: frames per second and the JS heap at the start and at the end (targets: smooth
 *    frames, no growth).
 * What "usable" means is in bench/README.md#console; bench/console/page-probe.js measures it.
 */
import path from 'node:path';
import { tmpdir } from 'node:os';
import pg from 'pg';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { createDb } from '@backhaul/prisma/db';
import { DEMO_NAS, DEMO_STAFF } from '@backhaul/schema/demo/seed.ts';
import { createSecretBox } from '@backhaul/schema/shared/secrets.ts';
import { launchBrowser } from '../e2e/tools/chromium.ts';
import { sendAccounting } from '../e2e/tools/radius.ts';
import { startStack } from '../e2e/tools/stack.ts';
import { clockOffset, epochMs, heap, load, signedInContext, takeAppeared, takeSeconds, watchLogins, type FrameSecond, type HeapFigures, type SignedIn, type Usable } from './console/page.ts';
import { SessionLoad } from './console/sessions.ts';
import { watchSessionStream } from './console/stream.ts';
import type { Benchmark } from './lib/benchmark.ts';
import { seedCustomers, vacuumCustomers } from './lib/customers.ts';
import { numberOption } from './lib/options.ts';
import { startDatabase } from './lib/postgres.ts';
import { count, ms, progress, quantile, ratio, type Outcome } from './lib/report.ts';
import { BENCH_SERVER_KEY, signInSession } from './lib/server.ts';

const TARGET_USABLE_MS = 1_500;
const TARGET_DELAY_P99_MS = 1_000;
/** Smooth: 99% of the seconds of the soak draw at least this many frames. */
const TARGET_FPS = 50;
/** No growth: the heap at the end at most this much above the heap after the warm-up (GC noise). */
const HEAP_GROWTH_ALLOWED = 0.1;
/** A sample that has not appeared this long after it was sent counts as not shown. */
const APPEAR_TIMEOUT_MS = 10_000;

const FULL = {
  customers: 100_000,
  /** Loads per page, cold and warm each (after one discarded). */
  loads: 10,
  /** Sessions online before the measurements; the soak keeps as many online. */
  online: 20_000,
  /** radclient samples on a quiet dashboard. */
  samples: 200,
  soakSeconds: 600,
  rate: 1_000,
  /** A radclient sample during the soak this often. */
  soakSampleEveryMs: 2_000,
  /**
   * How long the dashboard has been open when the soak starts: the rate charts keep 10 minutes
   * of points, and until their windows are full the heap grows by design (a few hundred bytes a
   * point), which would hide what the soak is after.
   */
  openBeforeSoakSeconds: 600,
  /** Into the soak before its starting heap is taken. */
  warmupSeconds: 30,
  /** The heap (after a forced GC) this often during the soak, for its trend. */
  heapEverySeconds: 60,
  reportEverySeconds: 30,
  /** Idle before the soak (the idle frame rate), and after it for the last sessions to show. */
  settleMs: 3_000,
};
const SMOKE: typeof FULL = {
  customers: 5_000,
  loads: 1,
  online: 2_000,
  samples: 5,
  soakSeconds: 10,
  rate: 1_000,
  soakSampleEveryMs: 1_000,
  openBeforeSoakSeconds: 0,
  warmupSeconds: 2,
  heapEverySeconds: 0,
  reportEverySeconds: 5,
  settleMs: 1_500,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const benchmark: Benchmark = {
  name: 'console',
  description: 'NOC console in headless Chromium: time until usable, Start → dashboard delay, 1,000 session events/s soak',
  async run({ smoke, args, defer }) {
    const plan = {
      ...(smoke ? SMOKE : FULL),
      ...definedOnly({
        customers: numberOption(args, '--customers', { integer: true }),
        loads: numberOption(args, '--loads', { integer: true }),
        samples: numberOption(args, '--samples', { integer: true }),
        soakSeconds: numberOption(args, '--soak-seconds'),
        rate: numberOption(args, '--rate', { integer: true }),
      }),
    };

    // 1. The database, with its customers, before the stack starts on it.
    const database = await startDatabase();
    defer(() => database.stop());
    progress(`database: ${database.where}`);
    const secrets = createSecretBox(BENCH_SERVER_KEY);
    const seedDb = createDb(database.url, { max: 4 });
    try {
      await seedCustomers(seedDb, secrets, plan.customers);
    } finally {
      await seedDb.$disconnect();
    }
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    defer(() => sql.end());
    await vacuumCustomers(sql);

    // 2. The stack on it, as `npm start` runs it (the stack finds the demo there and leaves it).
    let t = performance.now();
    const logFile = path.join(tmpdir(), 'backhaul-bench-console-stack.log');
    const stack = await startStack({ env: { DATABASE_URL: database.url, SERVER_KEY: BENCH_SERVER_KEY }, logFile });
    defer(() => stack.stop());
    progress(`stack running in ${((performance.now() - t) / 1000).toFixed(1)} s (console ${stack.consoleUrl}, output in ${logFile})`);
    const session: SignedIn = { consoleUrl: stack.consoleUrl, ...(await signInSession(stack.graphqlUrl, DEMO_STAFF.username, DEMO_STAFF.password)) };

    const sessions = await SessionLoad.open({ host: stack.radius.host, port: stack.radius.acctPort, secret: DEMO_NAS.secret });
    defer(() => sessions.close());
    t = performance.now();
    const online = await sessions.startSessions(plan.online);
    progress(`${count(online.ok)} sessions online in ${((performance.now() - t) / 1000).toFixed(1)} s${problems(online)}`);

    const browser = await launchBrowser();
    defer(() => browser.close());

    // 3. Time until usable.
    const dashboard = await measureLoads(browser, session, '/', plan.loads, 'rates');
    const customers = await measureLoads(browser, session, '/customers', plan.loads);

    // 4. Accounting-Start → the dashboard, on a quiet dashboard.
    const soakContext = await signedInContext(browser, session);
    defer(() => soakContext.close());
    const page = await soakContext.newPage();
    await load(page, `${stack.consoleUrl}/`, { alsoMark: 'rates' });
    const openedAt = performance.now();
    const cdp = await soakContext.newCDPSession(page);
    const opened = await heap(cdp);
    const offset = await clockOffset(page);
    progress(`dashboard open (heap ${mb(opened.usedBytes)}, ${count(opened.nodes)} DOM nodes); its clock is ${offset.toFixed(1)} ms off ours`);
    await watchLogins(page, ['probe-', 'bench-']);
    const watcher = new Appearances(page, offset, sessions);

    const stream = await watchSessionStream(`${stack.apiUrl.replace(/^http/, 'ws')}/graphql`, session.token);
    await sleep(1_000);
    const quiet = await sendSamples(stack.radius, 'probe-q', plan.samples, () => sleep(200 + Math.random() * 200));
    await watcher.waitFor(quiet);
    await stream.close();
    const quietDelays = quiet.delays(watcher);
    const streamDelays = await streamDelaysOf(sql, quiet, stream);
    progress(
      `Accounting-Start → dashboard, quiet (${count(quiet.sent.size)} radclient samples): p50 ${ms(quantile(quietDelays, 0.5))}, p99 ${ms(quantile(quietDelays, 0.99))}, max ${ms(quietDelays.at(-1) ?? Number.NaN)}` +
        `${quiet.failed ? `, ${quiet.failed} radclient failures` : ''}${quietDelays.length < quiet.sent.size ? `, ${quiet.sent.size - quietDelays.length} never shown` : ''}`,
    );
    progress(`  of which to the server's stream (sessionChanges, batchMs 10): p50 ${ms(quantile(streamDelays, 0.5))}, p99 ${ms(quantile(streamDelays, 0.99))}, max ${ms(streamDelays.at(-1) ?? Number.NaN)}`);

    // 5. The soak, once the charts' windows are full.
    const waitMs = openedAt + plan.openBeforeSoakSeconds * 1000 - performance.now();
    if (waitMs > 0) {
      progress(`waiting ${(waitMs / 1000).toFixed(0)} s: the dashboard's rate charts fill their 10-minute windows first`);
      await sleep(waitMs);
    }
    const soak = await runSoak(page, cdp, sessions, watcher, stack.radius, plan);
    progress(`  the dashboard open ${((performance.now() - openedAt) / 60_000).toFixed(0)} minutes: heap ${mb(opened.usedBytes)} when it opened, ${mb(soak.idle.usedBytes)} before the soak, ${mb(soak.end.usedBytes)} at its end`);

    return closingLine({ plan, dashboard, customers, quietDelays, quietSent: quiet.sent.size, soak });
  },
};

interface LoadFigures {
  cold: Usable[];
  warm: Usable[];
}

/**
 * `loads` cold loads (each in a new context: empty cache, nothing stored but the session) and
 * `loads` warm ones (one context, the page opened again and again), each after one that is not
 * counted (the first use of a path warms the console's server and the API).
 */
async function measureLoads(browser: Browser, session: SignedIn, pathname: string, loads: number, alsoMark?: string): Promise<LoadFigures> {
  const url = `${session.consoleUrl}${pathname}`;
  const options = alsoMark ? { alsoMark } : {};
  const cold: Usable[] = [];
  for (let i = 0; i <= loads; i++) {
    const context = await signedInContext(browser, session);
    try {
      const usable = await load(await context.newPage(), url, options);
      if (i > 0) cold.push(usable);
    } finally {
      await context.close();
    }
  }
  const warm: Usable[] = [];
  const context = await signedInContext(browser, session);
  try {
    const page = await context.newPage();
    for (let i = 0; i <= loads; i++) {
      const usable = await load(page, url, options);
      if (i > 0) warm.push(usable);
    }
  } finally {
    await context.close();
  }
  for (const [kind, list] of [['cold', cold], ['warm', warm]] as const) {
    const sorted = list.map((u) => u.ms).sort((a, b) => a - b);
    const parts = Object.keys(list[0]?.marks ?? {})
      .map((name) => `${name} ${ms(median(list.map((u) => u.marks[name] ?? Number.NaN)))}`)
      .join(', ');
    progress(`${pathname} ${kind}: usable p50 ${ms(quantile(sorted, 0.5))}, max ${ms(sorted.at(-1)!)} (${list.length} load${list.length === 1 ? '' : 's'}; medians: ${parts})`);
  }
  return { cold, warm };
}

/** radclient samples: one Accounting-Start each, for a login of its own; the time taken just before radclient starts. */
class Samples {
  /** Login → when its Start was sent (epoch ms). */
  readonly sent = new Map<string, number>();
  failed = 0;
  readonly #running: Promise<unknown>[] = [];

  send(radius: { host: string; acctPort: number }, login: string): void {
    this.sent.set(login, epochMs());
    this.#running.push(
      sendAccounting(radius.host, radius.acctPort, {
        'User-Name': login,
        'Acct-Session-Id': `${login}-${Date.now().toString(36)}`,
        'Acct-Status-Type': 'Start',
        'Framed-IP-Address': '100.64.1.1',
      }).catch(() => this.failed++),
    );
  }

  settled(): Promise<unknown> {
    return Promise.all(this.#running);
  }

  /** Delays of the samples the dashboard showed, ascending. */
  delays(appearances: Appearances): number[] {
    const delays: number[] = [];
    for (const [login, sentAt] of this.sent) {
      const at = appearances.at(login);
      if (at !== undefined) delays.push(at - sentAt);
    }
    return delays.sort((a, b) => a - b);
  }
}

async function sendSamples(radius: { host: string; acctPort: number }, prefix: string, n: number, between: () => Promise<unknown>): Promise<Samples> {
  const samples = new Samples();
  for (let i = 1; i <= n; i++) {
    samples.send(radius, `${prefix}-${i}`);
    if (i < n) await between();
  }
  await samples.settled();
  return samples;
}

/**
 * The logins the dashboard showed, as the probe saw them appear, on our clock: radclient samples
 * (`probe-…`) by login, and soak sessions (`bench-…`) as delays from their Start straight away,
 * so that 10 minutes of them take no memory in the page nor here.
 */
class Appearances {
  readonly #samples = new Map<string, number>();
  /** Delays of soak sessions shown since the last take. */
  #soak: number[] = [];

  constructor(
    private readonly page: Page,
    private readonly offset: number,
    private readonly sessions: SessionLoad,
  ) {}

  at(login: string): number | undefined {
    return this.#samples.get(login);
  }

  /** Reads what appeared since the last poll. */
  async poll(): Promise<void> {
    for (const { login, at } of await takeAppeared(this.page)) {
      const ours = at - this.offset;
      if (login.startsWith('probe-')) {
        if (!this.#samples.has(login)) this.#samples.set(login, ours);
      } else {
        const sentAt = this.sessions.startedAt(Number(login.slice('bench-'.length)));
        if (sentAt !== undefined) this.#soak.push(ours - sentAt);
      }
    }
  }

  takeSoakDelays(): number[] {
    const taken = this.#soak;
    this.#soak = [];
    return taken;
  }

  /** Polls until every sample appeared or APPEAR_TIMEOUT_MS passed since the last was sent. */
  async waitFor(samples: Samples): Promise<void> {
    const deadline = Math.max(...samples.sent.values()) + APPEAR_TIMEOUT_MS;
    for (;;) {
      await this.poll();
      if ([...samples.sent.keys()].every((login) => this.#samples.has(login)) || epochMs() > deadline) return;
      await sleep(200);
    }
  }
}

/** Sample → the server's stream: the sessions' ids from the database, matched with what the stream received. */
async function streamDelaysOf(sql: pg.Client, samples: Samples, stream: { startedAt(id: string): number | undefined }): Promise<number[]> {
  const { rows } = await sql.query<{ id: string; login: string }>('SELECT id::text AS id, login FROM "RadiusSession" WHERE login = ANY($1)', [[...samples.sent.keys()]]);
  const delays: number[] = [];
  for (const { id, login } of rows) {
    const received = stream.startedAt(id);
    const sentAt = samples.sent.get(login);
    if (received !== undefined && sentAt !== undefined) delays.push(received - sentAt);
  }
  return delays.sort((a, b) => a - b);
}

interface SoakFigures {
  rate: number;
  seconds: number;
  sent: number;
  replies: { ok: number; wrong: number; timeouts: number; unsent: number };
  maxLagMs: number;
  idleFps: number;
  /** Frames per second, one value a second, ascending (seconds spanning a forced GC left out). */
  fps: number[];
  longFrameSeconds: number;
  idle: HeapFigures;
  /** After a forced GC: after the warm-up, every heapEverySeconds, and at the end. */
  trend: Array<{ at: number; heap: HeapFigures }>;
  start: HeapFigures;
  end: HeapFigures;
  /** Soak sessions the dashboard showed: delay from their Start, ascending. */
  shownDelays: number[];
  samples: { sent: number; shown: number; delays: number[] };
}

async function runSoak(
  page: Page,
  cdp: CDPSession,
  sessions: SessionLoad,
  watcher: Appearances,
  radius: { host: string; acctPort: number },
  plan: typeof FULL,
): Promise<SoakFigures> {
  // The dashboard idle for a moment: its frame rate and heap without load.
  await takeSeconds(page);
  await sleep(plan.settleMs);
  const idleSeconds = await takeSeconds(page);
  const idleFps = median(idleSeconds.map((s) => s.frames));
  const idle = await heap(cdp);
  progress(`soak: idle dashboard ${idleFps.toFixed(0)} fps, heap ${mb(idle.usedBytes)}, ${count(idle.nodes)} DOM nodes; now ${count(plan.rate)} session events/s (Start and Stop) for ${plan.soakSeconds} s`);
  watcher.takeSoakDelays();

  const fps: FrameSecond[] = [];
  const shownDelays: number[] = [];
  const samples = new Samples();
  const trend: SoakFigures['trend'] = [];
  const warmup = Math.min(plan.warmupSeconds, plan.soakSeconds / 5);
  const heapAt = [warmup];
  if (plan.heapEverySeconds > 0) for (let at = warmup + plan.heapEverySeconds; at < plan.soakSeconds - 2; at += plan.heapEverySeconds) heapAt.push(at);
  heapAt.push(plan.soakSeconds - 2);
  const began = performance.now();
  const elapsed = () => (performance.now() - began) / 1000;
  let done = false;
  const churn = sessions.churn({ rate: plan.rate, seconds: plan.soakSeconds, online: plan.online }).finally(() => (done = true));

  // A forced GC stalls the page: the seconds around it do not count as frames dropped by the load.
  const measureHeap = async () => {
    await takeSeconds(page).then((s) => fps.push(...s));
    const figures = await heap(cdp);
    await sleep(1_100);
    await takeSeconds(page);
    return figures;
  };
  let nextSample = 0;
  let nextReport = plan.reportEverySeconds;
  let reportedFrames = 0;
  let reportedShown = 0;
  // Bounded by the churn, which sends a fixed number of packets.
  while (!done) {
    await sleep(1_000);
    const now = elapsed();
    fps.push(...(await takeSeconds(page)));
    await watcher.poll();
    shownDelays.push(...watcher.takeSoakDelays());
    if (trend.length < heapAt.length && now >= heapAt[trend.length]!) trend.push({ at: now, heap: await measureHeap() });
    while (now * 1000 >= nextSample && now < plan.soakSeconds - 1) {
      samples.send(radius, `probe-s-${samples.sent.size + 1}`);
      nextSample += plan.soakSampleEveryMs;
    }
    if (now >= nextReport) {
      const window = fps.slice(reportedFrames).map((s) => s.frames);
      progress(`  ${now.toFixed(0)} s: ${window.length ? `${(window.reduce((a, b) => a + b, 0) / window.length).toFixed(1)} fps (worst second ${Math.min(...window)})` : 'no frames'}, ${count(shownDelays.length - reportedShown)} soak sessions shown`);
      reportedFrames = fps.length;
      reportedShown = shownDelays.length;
      nextReport += plan.reportEverySeconds;
    }
  }
  const result = await churn;
  if (trend.length < 2) trend.push({ at: elapsed(), heap: await heap(cdp) });
  await samples.settled();
  await sleep(plan.settleMs);
  await watcher.poll();
  shownDelays.push(...watcher.takeSoakDelays());
  const sampleDelays = samples.delays(watcher);
  return {
    rate: result.sent / result.seconds,
    seconds: result.seconds,
    sent: result.sent,
    replies: result,
    maxLagMs: result.maxLagMs,
    idleFps,
    fps: fps.map((s) => s.frames).sort((a, b) => a - b),
    longFrameSeconds: fps.filter((s) => s.longestMs > 50).length,
    idle,
    trend,
    start: trend[0]!.heap,
    end: trend.at(-1)!.heap,
    shownDelays: shownDelays.sort((a, b) => a - b),
    samples: { sent: samples.sent.size, shown: sampleDelays.length, delays: sampleDelays },
  };
}

function closingLine(input: {
  plan: typeof FULL;
  dashboard: LoadFigures;
  customers: LoadFigures;
  quietDelays: number[];
  quietSent: number;
  soak: SoakFigures;
}): Outcome {
  const { plan, soak } = input;
  const misses: string[] = [];
  const ratios: number[] = [];
  /** `measured / limit` into the worst ratio; a figure over its limit is a miss. */
  const judge = (what: string, measured: number, limit: number) => {
    const r = Number.isFinite(measured) ? measured / limit : Number.POSITIVE_INFINITY;
    ratios.push(r);
    if (!(r < 1)) misses.push(what);
    return ratio(r);
  };

  const usable = (name: string, figures: LoadFigures) => {
    const all = [...figures.cold, ...figures.warm].map((u) => u.ms);
    const line = (kind: string, list: Usable[]) => {
      const sorted = list.map((u) => u.ms).sort((a, b) => a - b);
      return `${kind} p50 ${ms(quantile(sorted, 0.5))}, max ${ms(sorted.at(-1)!)}`;
    };
    return `${name} ${line('cold', figures.cold)}; ${line('warm', figures.warm)} (${judge(`${name} usable`, Math.max(...all), TARGET_USABLE_MS)})`;
  };

  const p99 = quantile(input.quietDelays, 0.99);
  const notShown = input.quietSent - input.quietDelays.length;
  if (notShown > 0) misses.push(`${notShown} samples never shown`);
  const fpsP1 = quantile(soak.fps, 0.01);
  const growth = (soak.end.usedBytes - soak.start.usedBytes) / soak.start.usedBytes;
  if (soak.replies.timeouts + soak.replies.wrong + soak.replies.unsent > 0) misses.push('RADIUS requests unanswered');

  const figures = [
    `usable (${count(plan.customers)} customers): ${usable('dashboard', input.dashboard)}; ${usable('customers', input.customers)}`,
    `Accounting-Start → dashboard p99 ${ms(p99)} (quiet, ${count(input.quietDelays.length)} of ${count(input.quietSent)} shown; ${judge('delay', p99, TARGET_DELAY_P99_MS)})`,
    `soak ${count(soak.rate)} events/s × ${soak.seconds.toFixed(0)} s: frames p1 ${fpsP1} fps, median ${quantile(soak.fps, 0.5)} (${judge('frames', TARGET_FPS / Math.max(fpsP1, 1e-9), 1)}), ` +
      `heap ${mb(soak.start.usedBytes)} → ${mb(soak.end.usedBytes)} (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%; ${judge('heap growth', Math.max(0, growth), HEAP_GROWTH_ALLOWED)}), ` +
      `DOM nodes ${count(soak.start.nodes)} → ${count(soak.end.nodes)}`,
  ];
  progress(`soak: ${count(soak.sent)} packets in ${soak.seconds.toFixed(1)} s (${count(soak.rate)}/s), ${count(soak.replies.ok)} answered, ${soak.replies.timeouts} timeouts, ${soak.replies.wrong} wrong, ${soak.replies.unsent} not sent; sender at worst ${ms(soak.maxLagMs)} behind`);
  progress(`  frames: ${soak.fps.length} seconds counted, median ${quantile(soak.fps, 0.5)} fps, p1 ${fpsP1}, min ${soak.fps[0]}, ${soak.longFrameSeconds} seconds with a frame over 50 ms (idle: ${soak.idleFps.toFixed(0)} fps)`);
  progress(`  heap after GC: before the soak ${mb(soak.idle.usedBytes)}, then ${soak.trend.map((p) => `${p.at.toFixed(0)} s ${mb(p.heap.usedBytes)}`).join(', ')}`);
  progress(`  DOM nodes ${count(soak.idle.nodes)} → ${count(soak.end.nodes)}, JS event listeners ${count(soak.idle.listeners)} → ${count(soak.end.listeners)}`);
  progress(
    `  soak sessions shown: ${count(soak.shownDelays.length)} (the list keeps the newest 20 of each batch), Start → shown p50 ${ms(quantile(soak.shownDelays, 0.5))}, p99 ${ms(quantile(soak.shownDelays, 0.99))}; ` +
      `radclient samples during the soak: ${soak.samples.shown} of ${soak.samples.sent} shown${soak.samples.shown ? `, p50 ${ms(quantile(soak.samples.delays, 0.5))}` : ''}`,
  );

  const worst = Math.max(...ratios);
  const pass = misses.length === 0;
  return {
    line: `console: ${figures.join('; ')}; target usable < ${ms(TARGET_USABLE_MS)}, Start → dashboard p99 < ${ms(TARGET_DELAY_P99_MS)}, ≥ ${TARGET_FPS} fps in 99% of seconds, heap growth < ${HEAP_GROWTH_ALLOWED * 100}%: ${ratio(worst)} of target — ${pass ? 'PASS' : `MISS (${misses.join(', ')})`}`,
    pass,
  };
}

function problems(r: { timeouts: number; wrong: number; unsent: number }): string {
  return r.timeouts || r.wrong || r.unsent ? `; ${r.timeouts} timeouts, ${r.wrong} wrong, ${r.unsent} not sent` : '';
}

function median(values: number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function definedOnly<T extends Record<string, unknown>>(values: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}
