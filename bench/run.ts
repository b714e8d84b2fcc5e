/**
 * The benchmark runner:
 *
 *   npm run bench -- --list                 what there is
 *   npm run bench -- <name> [--smoke] […]   one benchmark (full size, or the short CI mode)
 *
 * Progress goes to stderr; stdout gets one closing line with the figure and its ratio to the
 * target. The exit code is 0 when the benchmark ran (whether or not it met its target), 1 when
 * it failed to run, 2 for a usage error.
 */
import type { Benchmark, BenchContext } from './lib/benchmark.ts';

const BENCHMARKS: Record<string, { description: string; options?: string; load: () => Promise<Benchmark> }> = {
  console: {
    description: 'the NOC console in headless Chromium on the whole stack with 100,000 customers: time until usable of the dashboard and the customer list (target < 1.5 s), Accounting-Start → dashboard delay (target p99 < 1 s), 10 minutes of 1,000 session events/s into the dashboard (frames per second, JS heap)',
    options: '--loads N (per page, cold and warm each; default 10), --samples N (radclient samples, default 200), --soak-seconds N (default 600), --rate N (session events/s, default 1,000), --customers N (default 100,000)',
    load: async () => (await import('./console.ts')).benchmark,
  },
  'customer-search': {
    description: 'customers(first: 50, filter, orderBy) over GraphQL/HTTP on 100,000 customers: p50/p99 of 1,000+ queries (target p99 < 50 ms)',
    options: '--sql FILE (apply SQL, e.g. a proposed index, before measuring), --exact-count (ask for the exact totalCount instead of count { value exact }), --no-count (ask for neither), --no-vacuum (measure right after the bulk load, without VACUUM)',
    load: async () => (await import('./customer-search.ts')).benchmark,
  },
  fanout: {
    description: '200 graphql-ws subscribers, 1,000 events/s published by another process for 30 s: delivery rate, p99 delay, drops (target p99 < 250 ms, none dropped)',
    options: '--redis (carry events over a redis-server spawned for the run instead of PostgreSQL LISTEN/NOTIFY), --clients N, --rate N (explore other loads)',
    load: async () => (await import('./fanout.ts')).benchmark,
  },
  radius: {
    description: 'Access-Request/s (PAP, CHAP, MS-CHAPv2) and Accounting-Request/s at concurrency 16/64/256 beside FreeRADIUS 3.2 (users file, rlm_sql), and a reconnect storm (target 1.0x FreeRADIUS users file, at least 5x/2x its rlm_sql)',
    options: '--seconds N (per measurement, default 5), --concurrency 16,64,256, --storm-on freeradius-users|none (try the storm on FreeRADIUS, or skip it), --kinds pap,chap,mschapv2,interim (measure only these)',
    load: async () => (await import('./radius.ts')).benchmark,
  },
};

function usage(): string {
  const names = Object.entries(BENCHMARKS)
    .map(([name, b]) => `  ${name.padEnd(16)} ${b.description}${b.options ? `\n  ${''.padEnd(16)} options: ${b.options}` : ''}`)
    .join('\n');
  return `usage: npm run bench -- <name> [--smoke] [options]\n       npm run bench -- --list\n\n${names}\n`;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--list')) {
    process.stdout.write(`${Object.entries(BENCHMARKS).map(([name, b]) => `${name}\t${b.description}`).join('\n')}\n`);
    return 0;
  }
  const name = argv.find((a) => !a.startsWith('-'));
  const entry = name ? BENCHMARKS[name] : undefined;
  if (!name || !entry) {
    process.stderr.write(`${name ? `no benchmark named ${name}\n\n` : ''}${usage()}`);
    return 2;
  }

  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (error) {
          process.stderr.write(`clean-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping ${name}\n`);
      void cleanUp().finally(() => process.exit(130));
    });
  }

  const context: BenchContext = {
    smoke: argv.includes('--smoke'),
    args: argv.filter((a) => a !== name && a !== '--smoke'),
    defer: (cleanup) => void cleanups.push(cleanup),
  };
  const started = performance.now();
  process.stderr.write(`${name}${context.smoke ? ' (smoke)' : ''}\n`);
  try {
    const benchmark = await entry.load();
    const result = await benchmark.run(context);
    await cleanUp();
    process.stderr.write(`  finished in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    process.stdout.write(`${result.line}\n`);
    return 0;
  } catch (error) {
    await cleanUp();
    process.stderr.write(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

// Exit explicitly: pools and sockets a failed run left behind must not keep the process alive.
main().then((code) => process.exit(code));
