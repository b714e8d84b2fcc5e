import { withDatabase } from '@backhaul/prisma/db';
import { startScratchPostgres } from '@backhaul/prisma/embedded';
import { applyMigrations } from '@backhaul/prisma/migrate';
import { adminQuery } from '@backhaul/prisma/testing';

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
  const pg = await startScratchPostgres();
  try {
    await adminQuery(pg.url, `CREATE DATABASE "${name}"`);
    const url = withDatabase(pg.url, name);
    await applyMigrations(url);
    return { url, where: 'embedded PostgreSQL', stop: pg.stop };
  } catch (error) {
    await pg.stop();
    throw error;
  }
}
