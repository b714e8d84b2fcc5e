import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('migrations', () => {
  it('record every applied migration in _prisma_migrations as Prisma does', async () => {
    const rows = await t.db.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
      'SELECT migration_name, checksum FROM "_prisma_migrations"',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
  });
});
