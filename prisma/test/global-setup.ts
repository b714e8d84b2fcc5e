import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { withDatabase } from '../src/db.ts';
import { startEmbeddedPostgres } from '../src/embedded.ts';
import { applyMigrations } from '../src/migrate.ts';
import { adminQuery, TEMPLATE_DATABASE } from '../src/testing.ts';

/**
 * Starts one PostgreSQL for the whole test run (embedded, or the server in DATABASE_URL) and
 * migrates a template database that every test file clones.
 */
export default async function setup(project: TestProject) {
  let stop = async () => undefined as void;
  let serverUrl = process.env.DATABASE_URL;
  let work: string | undefined;
  if (!serverUrl) {
    work = await mkdtemp(path.join(tmpdir(), 'backhaul-test-pg-'));
    await chmod(work, 0o755); // PostgreSQL runs as its own user when we are root
    const port = 20000 + Math.floor(Math.random() * 20000);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(work, 'data'), port });
    serverUrl = pg.url;
    stop = pg.stop;
  } else {
    serverUrl = withDatabase(serverUrl, 'postgres');
  }
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
  await adminQuery(serverUrl, `CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  await applyMigrations(withDatabase(serverUrl, TEMPLATE_DATABASE));
  project.provide('postgresUrl', serverUrl);
  return async () => {
    await stop();
    if (work) await rm(work, { recursive: true, force: true });
  };
}
