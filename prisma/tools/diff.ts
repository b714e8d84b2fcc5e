import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);

/**
 * The SQL that takes a database from one Prisma schema (or from empty) to another.
 *
 * `prisma migrate diff` of Prisma 7 needs a native schema engine that cannot be downloaded on
 * our machines, so this runs the Prisma 6.19 CLI's WebAssembly engine (`engine: "js"`) through
 * a temporary config. That engine connects to a database through the driver adapter even for a
 * datamodel-to-datamodel diff, so it needs a server URL (nothing is written to it).
 */
export async function diffSchemas(options: { from: string | null; to: string; databaseUrl: string }): Promise<string> {
  const work = await mkdtemp(path.join(tmpdir(), 'backhaul-diff-'));
  try {
    await writeFile(path.join(work, 'to.prisma'), withUrl(options.to));
    if (options.from !== null) await writeFile(path.join(work, 'from.prisma'), withUrl(options.from));
    await writeFile(
      path.join(work, 'prisma.config.ts'),
      `import { defineConfig } from ${JSON.stringify(require.resolve('prisma6/config'))};
import { PrismaPg } from ${JSON.stringify(require.resolve('@prisma/adapter-pg'))};
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: ${JSON.stringify(path.join(work, 'to.prisma'))},
  adapter: async () => new PrismaPg({ connectionString: ${JSON.stringify(options.databaseUrl)} }),
});
`,
    );
    const from = options.from === null ? ['--from-empty'] : ['--from-schema-datamodel', path.join(work, 'from.prisma')];
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        ...['--import', 'tsx'],
        path.join(path.dirname(require.resolve('prisma6/package.json')), 'build', 'index.js'),
        ...['migrate', 'diff', '--config', path.join(work, 'prisma.config.ts'), ...from],
        ...['--to-schema-datamodel', path.join(work, 'to.prisma'), '--script'],
      ],
      { env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_QUERY_ENGINE_LIBRARY: '/bin/true' }, maxBuffer: 16 * 1024 * 1024 },
    );
    return stdout;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Prisma 6 wants a URL in the datasource block; Prisma 7 forbids it there. */
function withUrl(schema: string): string {
  return schema.replace(/datasource db \{/, 'datasource db {\n  url = env("UNUSED_DATABASE_URL")');
}
