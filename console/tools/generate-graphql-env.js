/**
 * Writes src/lib/graphql/graphql-env.d.ts, the schema's types that gql.tada infers every
 * operation's result and variables from, from ../schema/schema.graphql (the committed SDL).
 *
 * Runs before `check`, `build` and `test`, so a fresh clone needs no separate step. The file is
 * rewritten only when its content changes: `npm start` rebuilds the console when anything under
 * src/ is newer than the build, and a type-check must not trigger a one-minute rebuild.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateOutput } from '@gql.tada/cli-utils';

const consoleDir = fileURLToPath(new URL('..', import.meta.url));
const target = path.join(consoleDir, 'src/lib/graphql/graphql-env.d.ts');
const scratch = await mkdtemp(path.join(tmpdir(), 'backhaul-gql-'));
try {
  const output = path.join(scratch, 'graphql-env.d.ts');
  await generateOutput({ output, tsconfig: path.join(consoleDir, 'tsconfig.json'), silent: true });
  const next = await readFile(output, 'utf8');
  const current = await readFile(target, 'utf8').catch(() => null);
  if (next !== current) {
    await writeFile(target, next);
    console.log(`console: wrote ${path.relative(consoleDir, target)} from schema/schema.graphql`);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
