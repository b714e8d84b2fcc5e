import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('GraphQL operations', () => {
  // `npm run check` validates against the schema only the operations in src/lib/graphql/
  // (gql-tada check runs there), so an operation written anywhere else would go unchecked.
  it('are all written in src/lib/graphql/', () => {
    const outside = files(src)
      .filter((f) => /\.(ts|svelte)$/.test(f) && !f.startsWith(here) && !f.endsWith('.test.ts'))
      .filter((f) => /\bgraphql\(\s*`/.test(readFileSync(f, 'utf8')));
    expect(outside.map((f) => path.relative(src, f))).toEqual([]);
  });
});
