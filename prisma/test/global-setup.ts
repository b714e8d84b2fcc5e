import type { TestProject } from 'vitest/node';
import { withDatabase } from '../src/db.ts';
import { startScratchPostgres } from '../src/embedded.ts';
import { applyMigrations } from '../src/migrate.ts';
import { adminQuery, TEMPLATE_DATABASE } from '../src/testing.ts';

/**
 * Starts one PostgreSQL for the whole test run (embedded, or the server in DATABASE_URL) and
 * migrates a template database that every test file clones.
 */
export default async function setup(project: TestProject) {
  const scratch = process.env.DATABASE_URL ? undefined : await startScratchPostgres();
  const serverUrl = scratch?.url ?? withDatabase(process.env.DATABASE_URL!, 'postgres');
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
  await adminQuery(serverUrl, `CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  await applyMigrations(withDatabase(serverUrl, TEMPLATE_DATABASE));
  project.provide('postgresUrl', serverUrl);
  return async () => {
    await scratch?.stop();
  };
}
