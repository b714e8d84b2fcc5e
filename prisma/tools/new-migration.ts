/**
 * Writes the next migration: the SQL that takes the database from the schema as of the last
 * committed migration to the current schema.prisma.
 *
 *   npm run migration:new -w @backhaul/prisma -- <snake_case_name>
 *
 * Review the SQL; hand-written additions (exclusion constraints, triggers) go at its end.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startScratchPostgres } from '../src/embedded.ts';
import { MIGRATIONS_DIR } from '../src/migrate.ts';
import { diffSchemas } from './diff.ts';

const prismaDir = fileURLToPath(new URL('..', import.meta.url));
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: new-migration <snake_case_name>');
  process.exit(2);
}

const db = process.env.DATABASE_URL
  ? { url: process.env.DATABASE_URL, stop: async () => undefined }
  : await startScratchPostgres();
try {
  const sql = await diffSchemas({
    from: await schemaAtLastMigration(),
    to: await readFile(path.join(prismaDir, 'schema.prisma'), 'utf8'),
    databaseUrl: db.url,
  });
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'migration.sql'), sql);
  if (!existsSync(path.join(MIGRATIONS_DIR, 'migration_lock.toml'))) {
    await writeFile(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), 'provider = "postgresql"\n');
  }
  console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
} finally {
  await db.stop();
}

/** schema.prisma as of the commit that added the newest migration, or null if there is none. */
async function schemaAtLastMigration(): Promise<string | null> {
  const names = existsSync(MIGRATIONS_DIR)
    ? (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()
    : [];
  const last = names.at(-1);
  if (last === undefined) return null;
  const rel = path.relative(path.join(prismaDir, '..'), path.join(MIGRATIONS_DIR, last, 'migration.sql'));
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', cwd: path.join(prismaDir, '..') });
  const commit = git('log', '-1', '--format=%H', '--', rel).trim();
  if (!commit) throw new Error(`commit ${last} before writing the next migration`);
  return git('show', `${commit}:prisma/schema.prisma`);
}
