/**
 * FreeRADIUS 3.2 (Debian's package) as benchmark targets: a raddb of the run's own, copied from
 * /etc/freeradius/3.0 into a temporary directory (the system's configuration is never touched),
 * and one `freeradius -f -n <name>` child process per instance on free loopback ports:
 * - `freeradius-users`: subscribers from a `users` file (rlm_files), accounting into one detail
 *   file (rlm_detail);
 * - `freeradius-sql`: subscribers from radcheck through rlm_sql's PostgreSQL driver, every
 *   authentication logged into radpostauth (as Debian's default site does), accounting into
 *   radacct, in a database of the standard FreeRADIUS schema on the run's PostgreSQL;
 * - `freeradius-sql-ro`: the same without the radpostauth row (reads only).
 * Both authenticate PAP, CHAP and MS-CHAPv2 with the pap, chap and mschap modules against
 * Cleartext-Password. Configuration: freeradius-config.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { withDatabase } from '@backhaul/prisma/db';
import { adminQuery } from '@backhaul/prisma/testing';
import type { BenchContext } from '../lib/benchmark.ts';
import { instanceConfig, usersFile, type FreeradiusBackend } from './freeradius-config.ts';
import { freeUdpPort, waitForRadius } from './probe.ts';
import type { Subscriber } from './subscribers.ts';
import type { Target } from './target.ts';

export const FREERADIUS = '/usr/sbin/freeradius';
const SYSTEM_RADDB = '/etc/freeradius/3.0';

/** The run's FreeRADIUS directory: `raddb/` (the copy), `log/`, `run/`. */
export interface FreeradiusWork {
  readonly dir: string;
  readonly raddb: string;
}

/** Copies Debian's configuration into a temporary directory, deleted at the end of the run. */
export async function prepareFreeradius(context: BenchContext): Promise<FreeradiusWork> {
  if (!existsSync(FREERADIUS) || !existsSync(SYSTEM_RADDB)) {
    throw new Error(`FreeRADIUS is not installed (${FREERADIUS}, ${SYSTEM_RADDB}): run e2e/tools/ensure-system-packages.sh`);
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'backhaul-freeradius-'));
  context.defer(() => rm(dir, { recursive: true, force: true }));
  const raddb = path.join(dir, 'raddb');
  // verbatimSymlinks: Debian's raddb has relative links (users → mods-config/files/authorize).
  await cp(SYSTEM_RADDB, raddb, { recursive: true, verbatimSymlinks: true });
  await mkdir(path.join(dir, 'log'));
  await mkdir(path.join(dir, 'run'));
  return { dir, raddb };
}

export interface RadiusDatabase {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  readonly url: string;
}

/**
 * A database for rlm_sql next to the run's own (same server, so the same PostgreSQL serves
 * both peers): FreeRADIUS's PostgreSQL schema as Debian ships it, radcheck holding a
 * Cleartext-Password per subscriber. Dropped at the end of the run.
 */
export async function createRadiusDatabase(context: BenchContext, work: FreeradiusWork, benchDatabaseUrl: string, list: readonly Subscriber[]): Promise<RadiusDatabase> {
  const database = `freeradius_bench_${process.pid}_${Date.now().toString(36)}`;
  const serverUrl = withDatabase(benchDatabaseUrl, 'postgres');
  await adminQuery(serverUrl, `CREATE DATABASE "${database}"`);
  context.defer(() => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  const url = withDatabase(benchDatabaseUrl, database);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(await readFile(path.join(work.raddb, 'mods-config/sql/main/postgresql/schema.sql'), 'utf8'));
    await client.query(
      `INSERT INTO radcheck (username, attribute, op, value)
       SELECT name, 'Cleartext-Password', ':=', password FROM unnest($1::text[], $2::text[]) AS s(name, password)`,
      [list.map((s) => s.name), list.map((s) => s.password)],
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database,
    url,
  };
}

export type FreeradiusSetup =
  | { readonly name: 'users'; readonly kind: 'users'; readonly subscribers: readonly Subscriber[] }
  | { readonly name: 'sql' | 'sql-ro'; readonly kind: 'sql'; readonly database: RadiusDatabase; readonly postAuth: boolean };

/**
 * Writes the instance's configuration, starts `freeradius -f` with it and waits until it
 * answers Status-Server. Its stop (SIGTERM, then SIGKILL after 5 s) is registered with `context`.
 */
export async function startFreeradius(context: BenchContext, work: FreeradiusWork, setup: FreeradiusSetup, secret: string): Promise<Target> {
  const { name } = setup;
  const authPort = await freeUdpPort();
  let acctPort = await freeUdpPort();
  while (acctPort === authPort) acctPort = await freeUdpPort();
  const logDir = path.join(work.dir, 'log');
  let backend: FreeradiusBackend;
  if (setup.kind === 'users') {
    const file = path.join(work.dir, 'bench-users');
    await writeFile(file, usersFile(setup.subscribers));
    backend = { kind: 'users', usersFile: file, detailFile: path.join(logDir, 'detail') };
  } else {
    const d = setup.database;
    backend = { kind: 'sql', host: d.host, port: d.port, user: d.user, password: d.password, database: d.database, postAuth: setup.postAuth };
  }
  await writeFile(
    path.join(work.raddb, `${name}.conf`),
    instanceConfig({ name, raddb: work.raddb, logDir, runDir: path.join(work.dir, 'run'), authPort, acctPort, secret, backend }),
  );

  // -f: stay in the foreground (a child we can stop), multi-threaded as in production (-X or -s
  // would make it single-threaded). As root it stays root: the configuration sets no user.
  const child = spawn(FREERADIUS, ['-f', '-d', work.raddb, '-n', name], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => void (output = (output + chunk.toString('utf8')).slice(-4000));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = `freeradius -n ${name} exited (${signal ?? `code ${code}`})`;
      resolve();
    });
    child.once('error', (error) => {
      exit = `freeradius -n ${name} could not start: ${error.message}`;
      resolve();
    });
  });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (exit) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    })());
  context.defer(stop);

  const target: Target = { name: `freeradius-${name}`, host: '127.0.0.1', authPort, acctPort, secret, stop, pids: child.pid ? [child.pid] : [] };
  try {
    await waitForRadius(target, { timeoutMs: 30_000, exited: () => exit });
  } catch (error) {
    await stop();
    const log = await readFile(path.join(logDir, `${name}.log`), 'utf8').catch(() => '');
    throw new Error(`${(error as Error).message}\n${output}${log.split('\n').slice(-30).join('\n')}`, { cause: error });
  }
  return target;
}
