import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withDatabase } from '../src/db.ts';
import { adminQuery, createTestDatabase, type TestDatabase } from '../src/testing.ts';
import { diffSchemas } from '../tools/diff.ts';

/**
 * The migrations are hand-applied SQL (Prisma's own migrate cannot run here), so prove they
 * build exactly the database schema.prisma describes: migrate one database, create another
 * straight from schema.prisma, and compare their catalogues. Hand-written extras that Prisma
 * cannot express (exclusion and check constraints, triggers) are left out of the comparison
 * and have behaviour tests of their own.
 */
let migrated: TestDatabase;
const fromSchema = `fromschema_${process.pid}`;

beforeAll(async () => {
  migrated = await createTestDatabase();
  const server = inject('postgresUrl');
  await adminQuery(server, `CREATE DATABASE "${fromSchema}"`);
  const sql = await diffSchemas({ from: null, to: await readFile(new URL('../schema.prisma', import.meta.url), 'utf8'), databaseUrl: server });
  await adminQuery(withDatabase(server, fromSchema), `CREATE EXTENSION IF NOT EXISTS pg_trgm; ${sql}`);
}, 120_000);

afterAll(async () => {
  await migrated.drop();
  await adminQuery(inject('postgresUrl'), `DROP DATABASE IF EXISTS "${fromSchema}" WITH (FORCE)`);
});

describe('the migrations', () => {
  it('build exactly the database that schema.prisma describes', async () => {
    const a = await catalogue(migrated.url);
    const b = await catalogue(withDatabase(inject('postgresUrl'), fromSchema));
    expect(a.length).toBeGreaterThan(100);
    expect(a).toEqual(b);
  });
});

async function catalogue(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows: string[] = [];
    const columns = await client.query(`
      SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, numeric_precision, numeric_scale
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`);
    for (const c of columns.rows) rows.push(`column ${Object.values(c).join(' | ')}`);
    const indexes = await client.query(`
      SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
      AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'x') AND indexdef NOT LIKE '% WHERE %'`);
    for (const i of indexes.rows) rows.push(`index ${i.indexname} ${i.indexdef}`);
    const constraints = await client.query(`
      SELECT conname, contype, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'f', 'u')
      AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = conrelid AND c.relname = '_prisma_migrations')`);
    for (const c of constraints.rows) rows.push(`constraint ${c.conname} ${c.contype} ${c.def}`);
    const enums = await client.query(`
      SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
    for (const e of enums.rows) rows.push(`enum ${e.typname} ${e.labels}`);
    return rows.sort();
  } finally {
    await client.end();
  }
}
