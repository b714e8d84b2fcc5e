/**
 * The RADIUS benchmark's load generator: a process of its own, so that it shares no event loop
 * with the benchmark or a server under test (it does share the machine's two cores, equally for
 * every target). Driven over IPC by bench/radius.ts (messages.ts): one job at a time, a
 * closed-loop measurement or the reconnect storm.
 */
import { performance } from 'node:perf_hooks';
import { loadDictionary } from '@backhaul/schema/radius/dictionary.ts';
import { quantile } from '../lib/report.ts';
import { RadiusClient, type Done, type Outcome } from './client.ts';
import type { Figures, FromLoad, MeasureJob, MeasureResult, StormJob, StormResult, ToLoad } from './messages.ts';
import { AUTH_KINDS, PacketFactory, SessionSpace, type RequestKind, type Template } from './packets.ts';
import { subscriber } from './subscribers.ts';

if (!process.send) {
  console.error('bench/radius/load.ts is started by bench/radius.ts over IPC');
  process.exit(2);
}
const send = (message: FromLoad) => process.send!(message);
process.once('disconnect', () => process.exit(0));

const dictionary = loadDictionary();
const factories = new Map<string, PacketFactory>();
const templates = new Map<string, Template[]>();

function factoryFor(secret: string): PacketFactory {
  let factory = factories.get(secret);
  if (!factory) factories.set(secret, (factory = new PacketFactory(dictionary, secret)));
  return factory;
}

/** Templates of `kind` for subscribers `from`…`from + count - 1`, built once per secret. */
function templatesFor(secret: string, kind: RequestKind, from: number, count: number, space: number): Template[] {
  const key = `${secret}\0${kind}\0${from}\0${count}\0${space}`;
  let list = templates.get(key);
  if (!list) {
    const factory = factoryFor(secret);
    list = Array.from({ length: count }, (_, i) => factory.template(kind, subscriber(from + i), space));
    templates.set(key, list);
  }
  return list;
}

/** Latencies and outcomes as they come in. */
class Tally {
  ok = 0;
  wrong = 0;
  timeouts = 0;
  #latencies = new Float64Array(1 << 16);
  #n = 0;

  add(outcome: Outcome, latencyMs: number): void {
    if (outcome === 'timeout') {
      this.timeouts++;
      return;
    }
    if (outcome === 'ok') this.ok++;
    else this.wrong++;
    if (this.#n === this.#latencies.length) {
      const grown = new Float64Array(this.#latencies.length * 2);
      grown.set(this.#latencies);
      this.#latencies = grown;
    }
    this.#latencies[this.#n++] = latencyMs;
  }

  figures(): Figures {
    const sorted = this.#latencies.slice(0, this.#n).sort();
    return {
      ok: this.ok,
      wrong: this.wrong,
      timeouts: this.timeouts,
      p50: quantile(sorted, 0.5),
      p99: quantile(sorted, 0.99),
      max: this.#n ? sorted[this.#n - 1]! : Number.NaN,
    };
  }
}

/** At least 1,024 Identifiers, so one is reused only long after its last answer (FreeRADIUS logs a
 * "conflicting packet" when a reused Identifier overtakes the clean-up of its previous request). */
const sockets = (concurrency: number) => Math.max(4, Math.ceil(concurrency / 32));

async function measure(job: MeasureJob): Promise<MeasureResult> {
  const { endpoint, kind } = job;
  const factory = factoryFor(endpoint.secret);
  const list = templatesFor(endpoint.secret, kind, 1, job.subscribers, SessionSpace.bench);
  const accounting = kind === 'interim' || kind === 'start' || kind === 'stop';
  const client = await RadiusClient.open({
    host: endpoint.host,
    port: accounting ? endpoint.acctPort : endpoint.authPort,
    secret: endpoint.secret,
    sockets: sockets(job.concurrency),
    timeoutMs: job.timeoutMs,
  });
  try {
    return await new Promise<MeasureResult>((resolve) => {
      const maxRequests = job.maxRequests ?? Number.POSITIVE_INFINITY;
      let tally = new Tally();
      let phase: 'warmup' | 'measuring' | 'draining' = 'warmup';
      let cursor = 0;
      let sentMeasuring = 0;
      let started = performance.now();
      let ended = started;
      let cpu = process.cpuUsage();
      let cpuEnd = cpu;
      let timer: NodeJS.Timeout | undefined;

      const stamp = (identifier: number) => factory.stamp(list[cursor++ % list.length]!, identifier);
      const fire = () => {
        if (phase === 'measuring') {
          if (sentMeasuring >= maxRequests) return;
          sentMeasuring++;
        }
        client.send(stamp, done);
      };
      const startMeasuring = () => {
        phase = 'measuring';
        tally = new Tally();
        started = performance.now();
        cpu = process.cpuUsage();
        timer = setTimeout(stopMeasuring, job.durationMs);
      };
      const stopMeasuring = () => {
        if (phase !== 'measuring') return;
        clearTimeout(timer);
        phase = 'draining';
        ended = performance.now();
        cpuEnd = process.cpuUsage(cpu);
        if (client.outstanding === 0) finish();
      };
      const finish = () => {
        const seconds = (ended - started) / 1000;
        const figures = tally.figures();
        const stats = client.stats();
        resolve({
          type: 'measured',
          id: job.id,
          ...figures,
          perSecond: figures.ok / seconds,
          seconds,
          stray: stats.stray,
          ...(stats.firstWrong ? { firstWrong: stats.firstWrong } : {}),
          generatorCores: (cpuEnd.user + cpuEnd.system) / 1000 / (ended - started),
        });
      };
      const done: Done = (outcome, latencyMs) => {
        if (phase === 'draining') {
          // Sent in the window, answered after it: only a timeout still says something.
          if (outcome === 'timeout') tally.timeouts++;
          if (client.outstanding === 0) finish();
          return;
        }
        if (phase === 'measuring') {
          tally.add(outcome, latencyMs);
          if (tally.ok + tally.wrong + tally.timeouts >= maxRequests) return stopMeasuring();
        }
        fire();
      };

      if (job.warmupMs > 0) setTimeout(startMeasuring, job.warmupMs);
      else startMeasuring();
      for (let i = 0; i < job.concurrency; i++) fire();
    });
  } finally {
    client.close();
  }
}

async function storm(job: StormJob): Promise<StormResult> {
  const { endpoint } = job;
  const factory = factoryFor(endpoint.secret);
  const byKind = Object.fromEntries(
    AUTH_KINDS.map((kind) => [kind, templatesFor(endpoint.secret, kind, job.loginsFrom, job.logins, SessionSpace.bench)]),
  ) as Record<(typeof AUTH_KINDS)[number], Template[]>;
  const loginStarts = templatesFor(endpoint.secret, 'start', job.loginsFrom, job.logins, SessionSpace.stormLogin);
  const sessionStarts = templatesFor(endpoint.secret, 'start', job.sessionsFrom, job.sessions, SessionSpace.stormInterim);
  const interims = templatesFor(endpoint.secret, 'interim', job.sessionsFrom, job.sessions, SessionSpace.stormInterim);
  // Enough Identifiers for every request of 3 s at the storm's rate, many times over.
  const open = (port: number) => RadiusClient.open({ host: endpoint.host, port, secret: endpoint.secret, sockets: 16, timeoutMs: job.timeoutMs });
  const auth = await open(endpoint.authPort);
  const acct = await open(endpoint.acctPort);
  try {
    // The sessions that will send interim updates exist before the storm.
    const setupTally = new Tally();
    const setupStarted = performance.now();
    await new Promise<void>((resolve) => {
      let next = 0;
      const fire = () => {
        const t = sessionStarts[next++]!;
        acct.send((id) => factory.stamp(t, id), after);
      };
      const after: Done = (outcome, latency) => {
        setupTally.add(outcome, latency);
        if (next < sessionStarts.length) fire();
        else if (acct.outstanding === 0) resolve();
      };
      for (let i = 0; i < Math.min(64, sessionStarts.length); i++) fire();
      if (sessionStarts.length === 0) resolve();
    });
    const setup = { ...setupTally.figures(), seconds: (performance.now() - setupStarted) / 1000 };

    const access = new Tally();
    const start = new Tally();
    const interim = new Tally();
    let loggedIn = 0;
    let unsent = 0;
    const loginInterval = (job.seconds * 1000) / Math.max(1, job.logins);
    const interimInterval = (job.seconds * 1000) / Math.max(1, job.sessions);
    const begin = performance.now() + 20;
    let lastReply = begin;
    let maxLagMs = 0;
    const login = (i: number) => {
      const kind = AUTH_KINDS[i % AUTH_KINDS.length]!;
      const request = byKind[kind][i]!;
      const sent = auth.send(
        (id) => factory.stamp(request, id),
        (outcome, latency) => {
          access.add(outcome, latency);
          lastReply = performance.now();
          if (outcome !== 'ok') return;
          const accounted = acct.send(
            (id) => factory.stamp(loginStarts[i]!, id),
            (startOutcome, startLatency) => {
              start.add(startOutcome, startLatency);
              lastReply = performance.now();
              if (startOutcome === 'ok') loggedIn++;
            },
          );
          if (!accounted) unsent++;
        },
      );
      if (!sent) unsent++;
    };
    const update = (j: number) => {
      const sent = acct.send(
        (id) => factory.stamp(interims[j]!, id),
        (outcome, latency) => {
          interim.add(outcome, latency);
          lastReply = performance.now();
        },
      );
      if (!sent) unsent++;
    };

    let i = 0;
    let j = 0;
    while (i < job.logins || j < job.sessions) {
      const now = performance.now();
      const nextLogin = i < job.logins ? begin + i * loginInterval : Number.POSITIVE_INFINITY;
      const nextInterim = j < job.sessions ? begin + (j + 0.5) * interimInterval : Number.POSITIVE_INFINITY;
      const due = Math.min(nextLogin, nextInterim);
      if (now < due) {
        // Timers fire at best every millisecond: sleep until the next request is due, then send
        // everything due by then.
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - now - 0.2)));
        continue;
      }
      maxLagMs = Math.max(maxLagMs, now - due);
      if (nextLogin <= nextInterim) login(i++);
      else update(j++);
    }
    while (auth.outstanding > 0 || acct.outstanding > 0) await new Promise((resolve) => setTimeout(resolve, 20));

    const stats = [auth.stats(), acct.stats()];
    const firstWrong = stats.find((s) => s.firstWrong)?.firstWrong ?? (unsent ? `${unsent} requests not sent: no free Identifier` : undefined);
    const startFigures = start.figures();
    return {
      type: 'stormed',
      id: job.id,
      setup,
      access: access.figures(),
      // A login the generator could not even send counts as timed out: the NAS would have waited.
      start: { ...startFigures, timeouts: startFigures.timeouts + unsent },
      interim: interim.figures(),
      loggedIn,
      maxLagMs,
      seconds: (lastReply - begin) / 1000,
      stray: stats[0]!.stray + stats[1]!.stray,
      ...(firstWrong ? { firstWrong } : {}),
    };
  } finally {
    auth.close();
    acct.close();
  }
}

process.on('message', (message: ToLoad) => {
  const run = message.type === 'measure' ? measure(message) : storm(message);
  run.then(send, (error: unknown) => send({ type: 'failed', id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
});
send({ type: 'ready' });
