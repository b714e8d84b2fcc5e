import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withDatabase } from '@backhaul/prisma/db';
import { startEmbeddedPostgres } from '@backhaul/prisma/embedded';
import { applyMigrations } from '@backhaul/prisma/migrate';
import { adminQuery } from '@backhaul/prisma/testing';
import { freePort } from './net.ts';

export interface BenchDatabase {
  /** URL of the benchmark's own, migrated database. */
  url: string;
  /** Where it runs, for the report: `embedded PostgreSQL` or `DATABASE_URL`. */
  where: string;
  /** Drops the database, or stops the embedded server and deletes its files. */
  stop(): Promise<void>;
}

/**
 * A fresh, migrated database for one benchmark run: on the server in DATABASE_URL when set
 * (a new database on it, dropped afterwards), else on an embedded PostgreSQL in a temporary
 * directory, as the tests do.
 */
export async function startDatabase(): Promise<BenchDatabase> {
  const name = `backhaul_bench_${process.pid}_${Date.now().toString(36)}`;
  const external = process.env.DATABASE_URL;
  if (external) {
    const serverUrl = withDatabase(external, 'postgres');
    await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
    const url = withDatabase(external, name);
    await applyMigrations(url);
    return {
      url,
      where: `DATABASE_URL (${new URL(external).host})`,
      stop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    };
  }
  const work = await mkdtemp(path.join(tmpdir(), 'backhaul-bench-pg-'));
  // PostgreSQL runs as its own user when we are root, and must reach its data directory.
  await chmod(work, 0o755);
  let pg: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  try {
    pg = await startEmbeddedPostgres({ dataDir: path.join(work, 'data'), port: await freePort() });
    await adminQuery(pg.url, `CREATE DATABASE "${name}"`);
    const url = withDatabase(pg.url, name);
    await applyMigrations(url);
    return {
      url,
      where: 'embedded PostgreSQL',
      async stop() {
        await pg?.stop().catch(() => undefined);
        await rm(work, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await pg?.stop().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}
