/**
 * Writes the next migration: the SQL that takes the database from the schema as of the last
 * committed migration to the current schema.prisma.
 *
 *   npm run migration:new -w prisma -- <name>
 *
 * `prisma migrate dev` needs a native schema engine that cannot be downloaded on our machines,
 * so this runs the Prisma 6.19 CLI's WebAssembly engine (`engine: "js"`) through a temporary
 * config, against an embedded PostgreSQL (or DATABASE_URL). Review the SQL; hand-written
 * additions (exclusion constraints, triggers) go at its end.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startEmbeddedPostgres } from '../src/embedded.ts';
import { MIGRATIONS_DIR } from '../src/migrate.ts';

const require = createRequire(import.meta.url);
const prismaDir = fileURLToPath(new URL('..', import.meta.url));
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: new-migration <snake_case_name>');
  process.exit(2);
}

const work = await mkdtemp(path.join(tmpdir(), 'backhaul-migration-'));
await chmod(work, 0o755); // PostgreSQL runs as its own user when we are root
const db = process.env.DATABASE_URL
  ? { url: process.env.DATABASE_URL, stop: async () => undefined }
  : await startEmbeddedPostgres({ dataDir: path.join(work, 'pg'), port: 54000 + Math.floor(Math.random() * 900) });
try {
  const current = await withUrl(await readFile(path.join(prismaDir, 'schema.prisma'), 'utf8'));
  await writeFile(path.join(work, 'to.prisma'), current);
  const previous = await schemaAtLastMigration();
  const from = previous === undefined ? ['--from-empty'] : ['--from-schema-datamodel', path.join(work, 'from.prisma')];
  if (previous !== undefined) await writeFile(path.join(work, 'from.prisma'), await withUrl(previous));
  await writeFile(
    path.join(work, 'prisma.config.ts'),
    `import { defineConfig } from ${JSON.stringify(require.resolve('prisma6/config'))};
import { PrismaPg } from ${JSON.stringify(require.resolve('@prisma/adapter-pg'))};
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: ${JSON.stringify(path.join(work, 'to.prisma'))},
  adapter: async () => new PrismaPg({ connectionString: ${JSON.stringify(db.url)} }),
});
`,
  );
  const sql = execFileSync(
    process.execPath,
    [
      ...['--import', 'tsx'],
      path.join(prismaDir, '..', 'node_modules', 'prisma6', 'build', 'index.js'),
      ...['migrate', 'diff', '--config', path.join(work, 'prisma.config.ts'), ...from],
      ...['--to-schema-datamodel', path.join(work, 'to.prisma'), '--script'],
    ],
    {
      cwd: prismaDir,
      encoding: 'utf8',
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_QUERY_ENGINE_LIBRARY: '/bin/true' },
    },
  );
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
  await rm(work, { recursive: true, force: true });
}

/** Prisma 6 wants the URL in the datasource block; Prisma 7 forbids it there. */
async function withUrl(schema: string): Promise<string> {
  return schema.replace(/datasource db \{/, 'datasource db {\n  url = env("UNUSED_DATABASE_URL")');
}

/** schema.prisma as of the commit that added the newest migration, or undefined if none. */
async function schemaAtLastMigration(): Promise<string | undefined> {
  const names = existsSync(MIGRATIONS_DIR)
    ? (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()
    : [];
  const last = names.at(-1);
  if (last === undefined) return undefined;
  const rel = path.relative(path.join(prismaDir, '..'), path.join(MIGRATIONS_DIR, last, 'migration.sql'));
  const commit = execFileSync('git', ['log', '-1', '--format=%H', '--', rel], { encoding: 'utf8' }).trim();
  if (!commit) throw new Error(`commit ${last} before writing the next migration`);
  return execFileSync('git', ['show', `${commit}:prisma/schema.prisma`], { encoding: 'utf8' });
}
