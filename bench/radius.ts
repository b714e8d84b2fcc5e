/**
 * radius: our RADIUS server measured in one run side by side with FreeRADIUS 3.2 from Debian,
 * configured by the benchmark with the same subscribers (bench/radius/freeradius.ts) and driven
 * by the same load generator (bench/radius/load.ts, a process of its own, our own codec):
 * - Access-Requests per second for PAP, CHAP and MS-CHAPv2 with p50/p99, at concurrency 16, 64
 *   and 256, against FreeRADIUS with its users file and with rlm_sql on PostgreSQL, once as
 *   Debian's default site runs it (a radpostauth row per authentication: the issue's
 *   ~2,400/s, and the floor's baseline) and once reading only;
 * - Accounting-Request Interim-Updates per second, against FreeRADIUS writing its detail file
 *   and with rlm_sql into radacct;
 * - a reconnect storm (our server only): 20,000 logins paced over a minute while 20,000
 *   sessions send interim updates; no request may go unanswered for 3 s, and every session
 *   must be stored.
 * Targets: at least 5x FreeRADIUS+rlm_sql for authentication and 2x for accounting; the goal,
 * and the closing line's ratio, is 1.0x FreeRADIUS with its users file and detail file.
 * Our server is the `backhaul` target (bench/radius/backhaul.ts); while it cannot start, the
 * run reports FreeRADIUS's figures alone and the target as missed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchContext } from './lib/benchmark.ts';
import { numberOption, stringOption } from './lib/options.ts';
import { startDatabase } from './lib/postgres.ts';
import { count, ms, progress, ratio, type Outcome } from './lib/report.ts';
import { defaultWorkers } from '../radius/src/workers.ts';
import { startBackhaulTarget } from './radius/backhaul.ts';
import { createRadiusDatabase, prepareFreeradius, startFreeradius } from './radius/freeradius.ts';
import type { FromLoad, MeasureResult, StormResult, ToLoad } from './radius/messages.ts';
import { KIND_LABEL, SessionSpace, sessionId, type RequestKind } from './radius/packets.ts';
import { subscribers as makeSubscribers } from './radius/subscribers.ts';
import { endpointOf, type Target } from './radius/target.ts';

const SECRET = 'bench-radius-secret';
const TIMEOUT_MS = 3_000;
const KINDS = ['pap', 'chap', 'mschapv2', 'interim'] as const satisfies readonly RequestKind[];
type Kind = (typeof KINDS)[number];
const DEFAULT_CONCURRENCY = [16, 64, 256];
/** The issue's floors: our server against FreeRADIUS with rlm_sql (Debian's default site, radpostauth included). */
const MIN_VS_SQL: Record<Kind, number> = { pap: 5, chap: 5, mschapv2: 5, interim: 2 };

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const benchmark: Benchmark = {
  name: 'radius',
  description: 'RADIUS requests/s of our server beside FreeRADIUS 3.2 (users file, rlm_sql)',
  async run(context) {
    const { smoke, args } = context;
    const seconds = numberOption(args, '--seconds') ?? (smoke ? 0.5 : 5);
    const concurrencies = listOption(args, '--concurrency') ?? DEFAULT_CONCURRENCY;
    // Diagnosis: the storm on FreeRADIUS's users file (which then holds the storm's subscribers too).
    const stormOn = stringOption(args, '--storm-on') ?? 'backhaul';
    if (stormOn !== 'backhaul' && stormOn !== 'freeradius-users' && stormOn !== 'none') throw new Error('--storm-on takes backhaul, freeradius-users or none');
    // Diagnosis: measure only some kinds (the closing line then misses the others).
    const kinds = (stringOption(args, '--kinds')?.split(',') ?? KINDS) as Kind[];
    if (kinds.some((k) => !KINDS.includes(k))) throw new Error(`--kinds takes ${KINDS.join(',')}`);
    const compared = smoke ? 1_000 : 10_000;
    const stormLogins = smoke ? 200 : 20_000;
    const stormSessions = smoke ? 200 : 20_000;
    const stormSeconds = (60 * stormLogins) / 20_000;
    const all = makeSubscribers(compared + stormLogins + stormSessions);
    // Smoke: a few hundred requests a point, but several times the concurrency, or the requests
    // already in flight when the window opens would make up most of it.
    const measure = (concurrency: number) => ({
      warmupMs: smoke ? 100 : 1_000,
      durationMs: seconds * 1_000,
      ...(smoke ? { maxRequests: Math.max(300, 4 * concurrency) } : {}),
    });

    const database = await startDatabase();
    context.defer(() => database.stop());
    progress(`database: ${database.where}`);

    // FreeRADIUS has the compared subscribers (the storm's too when it is the storm's target).
    const freeradiusSubscribers = all.slice(0, stormOn === 'freeradius-users' ? compared + stormLogins : compared);
    const work = await prepareFreeradius(context);
    const [users, [sql, sqlRo], backhaul] = await Promise.all([
      startFreeradius(context, work, { name: 'users', kind: 'users', subscribers: freeradiusSubscribers }, SECRET),
      createRadiusDatabase(context, work, database.url, all.slice(0, compared)).then((radiusDb) =>
        Promise.all([
          startFreeradius(context, work, { name: 'sql', kind: 'sql', database: radiusDb, postAuth: true }, SECRET),
          startFreeradius(context, work, { name: 'sql-ro', kind: 'sql', database: radiusDb, postAuth: false }, SECRET),
        ]),
      ),
      startBackhaulTarget(context, { databaseUrl: database.url, subscribers: all }).then(
        (target) => target,
        (error: unknown) => new Unavailable(error instanceof Error ? error.message : String(error)),
      ),
    ]);
    progress(`freeradius-users: ${users.host}:${users.authPort}/${users.acctPort}, ${count(freeradiusSubscribers.length)} subscribers in its users file, accounting into ${work.dir}/log/detail`);
    progress(`freeradius-sql: ${sql.host}:${sql.authPort}/${sql.acctPort}, ${count(compared)} subscribers in radcheck, every authentication logged into radpostauth, accounting into radacct`);
    progress(`freeradius-sql-ro: ${sqlRo.host}:${sqlRo.authPort}, the same without radpostauth (authentication only)`);
    progress(backhaul instanceof Unavailable ? `backhaul: not available (${backhaul.message})` : `backhaul: ${backhaul.host}:${backhaul.authPort}/${backhaul.acctPort}, ${process.env.RADIUS_WORKERS ?? defaultWorkers()} RADIUS workers`);
    const targets: Target[] = [...(backhaul instanceof Unavailable ? [] : [backhaul]), users, sql, sqlRo];
    // sql-ro differs from sql in post-auth only: its accounting would be the same figure again.
    const targetsFor = (kind: Kind) => targets.filter((t) => kind !== 'interim' || t !== sqlRo);

    const load = startLoad(context);
    await load.ready;

    const results: Row[] = [];
    for (const kind of kinds) {
      if (kind === 'interim') {
        // Interim updates are for sessions that exist: start each compared subscriber's once.
        for (const target of targetsFor(kind)) {
          const r = await load.measure({ endpoint: endpointOf(target), kind: 'start', concurrency: 64, subscribers: compared, warmupMs: 0, durationMs: 120_000, maxRequests: compared, timeoutMs: TIMEOUT_MS });
          progress(`${target.name}: ${count(r.ok)} sessions started (${count(r.perSecond)} Accounting-Start/s${problems(r)})`);
        }
      }
      for (const concurrency of concurrencies) {
        // Targets take turns at each point, so a change in the machine's load hits them alike.
        for (const target of targetsFor(kind)) {
          const cpu = cpuMeter(target.pids);
          const r = await load.measure({ endpoint: endpointOf(target), kind, concurrency, subscribers: compared, ...measure(concurrency), timeoutMs: TIMEOUT_MS });
          const serverCores = cpu();
          results.push({ kind, concurrency, target: target.name, result: r });
          progress(
            `${KIND_LABEL[kind].padEnd(10)} c=${String(concurrency).padEnd(3)} ${target.name.padEnd(17)} ${count(r.perSecond).padStart(7)}/s  ` +
              `p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, max ${ms(r.max)}; ${r.timeouts} timeouts, ${r.wrong} wrong${r.firstWrong ? ` (${r.firstWrong})` : ''}; ` +
              `CPU: server ${serverCores === undefined ? 'n/a' : serverCores.toFixed(2)}, generator ${r.generatorCores.toFixed(2)} cores`,
          );
        }
      }
    }

    const best = (kind: Kind, target: string) =>
      results.filter((r) => r.kind === kind && r.target === target).reduce<Row | undefined>((a, b) => (!a || b.result.perSecond > a.result.perSecond ? b : a), undefined);
    const describe = (row: Row | undefined) => (row ? `${count(row.result.perSecond)}/s (c=${row.concurrency}, p99 ${ms(row.result.p99)})` : 'n/a');
    progress('best concurrency per target:');
    for (const kind of KINDS) {
      const line = targetsFor(kind).map((t) => `${t.name} ${describe(best(kind, t.name))}`).join('; ');
      progress(`  ${KIND_LABEL[kind].padEnd(10)} ${line}`);
    }

    // The storm runs against our server; --storm-on freeradius-users tries it on FreeRADIUS.
    let storm: { result: StormResult; recorded: number | undefined; expected: number } | undefined;
    const stormTarget = targets.find((t) => t.name === stormOn);
    if (!stormTarget) {
      progress(`reconnect storm: skipped (${stormOn === 'backhaul' && backhaul instanceof Unavailable ? 'backhaul not available' : `no target ${stormOn}`})`);
    } else {
      progress(`reconnect storm on ${stormTarget.name}: starting ${count(stormSessions)} sessions, then ${count(stormLogins)} logins over ${stormSeconds} s while those sessions send interim updates`);
      const loginsFrom = compared + 1;
      const sessionsFrom = compared + stormLogins + 1;
      const result = await load.storm({ endpoint: endpointOf(stormTarget), loginsFrom, logins: stormLogins, sessionsFrom, sessions: stormSessions, seconds: stormSeconds, timeoutMs: TIMEOUT_MS });
      const ids = [
        ...Array.from({ length: stormLogins }, (_, i) => sessionId(SessionSpace.stormLogin, loginsFrom + i)),
        ...Array.from({ length: stormSessions }, (_, i) => sessionId(SessionSpace.stormInterim, sessionsFrom + i)),
      ];
      const recorded = stormTarget.recordedSessions ? await stormTarget.recordedSessions(ids) : undefined;
      storm = { result, recorded, expected: ids.length };
      reportStorm(storm);
    }

    // A storm on FreeRADIUS (diagnosis) says nothing about our server's target.
    return closingLine({ backhaul, best, storm: stormOn === 'backhaul' ? storm : undefined, concurrencies });
  },
};

class Unavailable {
  constructor(readonly message: string) {}
}

interface Row {
  kind: Kind;
  concurrency: number;
  target: string;
  result: MeasureResult;
}

function problems(r: { timeouts: number; wrong: number; firstWrong?: string }): string {
  return r.timeouts || r.wrong ? `; ${r.timeouts} timeouts, ${r.wrong} wrong${r.firstWrong ? ` (${r.firstWrong})` : ''}` : '';
}

function reportStorm({ result: r, recorded, expected }: { result: StormResult; recorded: number | undefined; expected: number }) {
  const line = (name: string, f: StormResult['access']) =>
    `${name}: ${count(f.ok)} answered, ${f.timeouts} timeouts, ${f.wrong} wrong; p50 ${ms(f.p50)}, p99 ${ms(f.p99)}, max ${ms(f.max)}`;
  progress(`  set-up: ${count(r.setup.ok)} sessions started in ${r.setup.seconds.toFixed(1)} s${problems(r.setup)}`);
  progress(`  ${line('Access-Request', r.access)}`);
  progress(`  ${line('Accounting-Start', r.start)}`);
  progress(`  ${line('Interim-Update', r.interim)}`);
  progress(`  ${count(r.loggedIn)} logged in; last reply ${r.seconds.toFixed(1)} s after the first login; generator at worst ${ms(r.maxLagMs)} behind schedule; ${r.stray} late replies${r.firstWrong ? `; first problem: ${r.firstWrong}` : ''}`);
  progress(`  sessions recorded: ${recorded === undefined ? 'not checked (the target cannot count them)' : `${count(recorded)} of ${count(expected)}`}`);
}

function closingLine(input: {
  backhaul: Target | Unavailable;
  best: (kind: Kind, target: string) => Row | undefined;
  storm: { result: StormResult; recorded: number | undefined; expected: number } | undefined;
  concurrencies: readonly number[];
}): Outcome {
  const { backhaul, best, storm } = input;
  const of = `best of c=${input.concurrencies.join('/')}`;
  const rate = (kind: Kind, target: string) => best(kind, target)?.result.perSecond ?? 0;
  const auth = (target: string) => `PAP ${count(rate('pap', target))}/s, CHAP ${count(rate('chap', target))}/s, MS-CHAPv2 ${count(rate('mschapv2', target))}/s`;
  const figures = (target: string, accountingName: string) => `${auth(target)}, ${accountingName} ${count(rate('interim', target))}/s`;
  const freeradius =
    `FreeRADIUS users file ${figures('freeradius-users', 'detail file')}; rlm_sql ${figures('freeradius-sql', 'accounting')}; ` +
    `rlm_sql without radpostauth ${auth('freeradius-sql-ro')}`;
  const target = '1.0x FreeRADIUS users file (auth) and detail file (accounting)';
  if (backhaul instanceof Unavailable) {
    return {
      line: `radius: backhaul not available; ${freeradius} (${of}); target ${target}: ${ratio(0)} of target — MISS (backhaul not available)`,
      pass: false,
    };
  }
  // The closing ratio is the weakest kind's: every kind has to reach FreeRADIUS's users file.
  const ratios = KINDS.map((kind) => rate(kind, 'backhaul') / Math.max(1e-9, rate(kind, 'freeradius-users')));
  const weakest = Math.min(...ratios);
  const failures: string[] = [];
  for (const kind of KINDS) {
    const vsSql = rate(kind, 'backhaul') / Math.max(1e-9, rate(kind, 'freeradius-sql'));
    const vsRo = kind === 'interim' ? '' : `, ${ratio(rate(kind, 'backhaul') / Math.max(1e-9, rate(kind, 'freeradius-sql-ro')))} freeradius-sql-ro`;
    progress(`${KIND_LABEL[kind].padEnd(10)} backhaul ${ratio(vsSql)} freeradius-sql (floor ${MIN_VS_SQL[kind]}x)${vsRo}, ${ratio(rate(kind, 'backhaul') / Math.max(1e-9, rate(kind, 'freeradius-users')))} freeradius-users${kind === 'interim' ? ' (detail file)' : ''} (target 1.0x)`);
    if (vsSql < MIN_VS_SQL[kind]) failures.push(`${KIND_LABEL[kind]} ${ratio(vsSql)} rlm_sql, below ${MIN_VS_SQL[kind]}x`);
  }
  let stormText = 'storm not run';
  if (storm) {
    const r = storm.result;
    const timeouts = r.access.timeouts + r.start.timeouts + r.interim.timeouts;
    const wrong = r.access.wrong + r.start.wrong + r.interim.wrong;
    stormText = `storm ${timeouts} timeouts, ${storm.recorded === undefined ? 'sessions not checked' : `${count(storm.recorded)} of ${count(storm.expected)} sessions recorded`}`;
    if (timeouts > 0 || wrong > 0) failures.push(`storm: ${timeouts} timeouts, ${wrong} wrong`);
    if (storm.recorded !== undefined && storm.recorded < storm.expected) failures.push(`storm: ${count(storm.expected - storm.recorded)} sessions not recorded`);
  }
  const pass = weakest >= 1 && failures.length === 0;
  const verdict = pass ? 'PASS' : `MISS${failures.length ? ` (${failures.join('; ')})` : ''}`;
  return {
    line: `radius: backhaul ${figures('backhaul', 'accounting')}; ${freeradius} (${of}); ${stormText}; target ${target}: ${ratio(weakest)} of target — ${verdict}`,
    pass,
  };
}

interface Load {
  readonly ready: Promise<void>;
  measure(job: Omit<Extract<ToLoad, { type: 'measure' }>, 'type' | 'id'>): Promise<MeasureResult>;
  storm(job: Omit<Extract<ToLoad, { type: 'storm' }>, 'type' | 'id'>): Promise<StormResult>;
}

/** The load generator process (bench/radius/load.ts), one job at a time. */
function startLoad(context: BenchContext): Load {
  const child: ChildProcess = fork(here('./radius/load.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  context.defer(() => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // Letting go of the IPC channel ends it; the kill is for a stuck one.
    if (child.connected) child.disconnect();
    setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), 2_000).unref();
  });
  let nextId = 0;
  const waiting = new Map<number, { resolve: (m: FromLoad) => void; reject: (e: Error) => void }>();
  let exit: string | undefined;
  let onReady!: () => void;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    child.once('exit', (code, signal) => {
      exit = `the load generator exited (${signal ?? `code ${code}`})`;
      reject(new Error(exit));
      for (const w of waiting.values()) w.reject(new Error(exit));
      waiting.clear();
    });
  });
  child.on('message', (m: FromLoad) => {
    if (m.type === 'ready') return onReady();
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.type === 'failed') w?.reject(new Error(`load generator: ${m.error}`));
    else w?.resolve(m);
  });
  const run = <T extends FromLoad>(job: ToLoad): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exit) return reject(new Error(exit));
      waiting.set(job.id, { resolve: resolve as (m: FromLoad) => void, reject });
      child.send(job);
    });
  return {
    ready,
    measure: (job) => run<MeasureResult>({ type: 'measure', id: ++nextId, ...job }),
    storm: (job) => run<StormResult>({ type: 'storm', id: ++nextId, ...job }),
  };
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node runs on

/**
 * Starts measuring the CPU time of `pids` and their descendants (a server's worker processes),
 * all threads included, from /proc; the returned function gives the cores used since, or
 * `undefined` where /proc cannot tell.
 */
function cpuMeter(pids: readonly number[] | undefined): () => number | undefined {
  if (!pids?.length) return () => undefined;
  const read = (): Map<number, number> | undefined => {
    // Every process's parent and CPU ticks (/proc/<pid>/task/*/children is not on every kernel).
    const all = new Map<number, { parent: number; ticks: number }>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        // After the command name (which may hold spaces and parentheses): ppid, then utime and stime (fields 4, 14, 15).
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        all.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
      } catch {
        // Gone since the directory was listed.
      }
    }
    const ticks = new Map<number, number>();
    const visit = (pid: number) => {
      const entry = all.get(pid);
      if (!entry || ticks.has(pid)) return;
      ticks.set(pid, entry.ticks);
      for (const [child, { parent }] of all) if (parent === pid) visit(child);
    };
    for (const pid of pids) visit(pid);
    return ticks.size ? ticks : undefined;
  };
  const before = read();
  const started = performance.now();
  return () => {
    const after = read();
    if (!before || !after) return undefined;
    let used = 0;
    // A process that started meanwhile counts from zero; one that ended is lost (rare: servers keep their workers).
    for (const [pid, ticks] of after) used += ticks - (before.get(pid) ?? 0);
    return used / CLOCK_TICKS_PER_SECOND / ((performance.now() - started) / 1000);
  };
}

function listOption(args: readonly string[], name: string): number[] | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const values = text.split(',').map(Number);
  if (values.some((v) => !Number.isInteger(v) || v < 1 || v > 4096)) throw new Error(`${name} needs whole numbers from 1 to 4096, comma-separated`);
  return values;
}
