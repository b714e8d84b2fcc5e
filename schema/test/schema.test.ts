import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildSchema, printSdl } from '../src/schema.ts';

describe('the GraphQL schema', () => {
  it('builds (misconfiguration would throw here)', () => {
    expect(buildSchema().getQueryType()?.getFields().customers).toBeDefined();
  });

  it('matches the committed schema/schema.graphql (run `npm run generate` after changing it)', async () => {
    const committed = await readFile(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(printSdl()).toBe(committed);
  });

  it('gives every mutation a <Field>Result union of typed errors, never a bare Error type', () => {
    const mutations = Object.values(buildSchema().getMutationType()!.getFields());
    expect(mutations.length).toBeGreaterThan(20);
    const sdl = printSdl();
    expect(sdl).not.toMatch(/\bBaseError\b/);
    for (const field of mutations) {
      if (field.name === 'logout') continue;
      expect(String(field.type)).toMatch(/Result!?$/);
    }
  });
});
