import pg from 'pg';
import type { Db } from '@backhaul/prisma/db';
import { DEMO_CUSTOMER_COUNT, seedBulkCustomers, seedDemo } from '@backhaul/schema/demo/seed.ts';
import type { SecretBox } from '@backhaul/schema/shared/secrets.ts';
import { count, progress } from './report.ts';

/** The demo ISP, then bulk customers (schema/src/demo/seed.ts) up to `customers` in all: 100,000 take about ten seconds. */
export async function seedCustomers(db: Db, secrets: SecretBox, customers: number): Promise<void> {
  const started = performance.now();
  await seedDemo(db, secrets);
  await seedBulkCustomers(db, customers - DEMO_CUSTOMER_COUNT, {
    secrets,
    onProgress: (done, total) => done % 20_000 === 0 && progress(`bulk customers: ${count(done)} of ${count(total)}`),
  });
  progress(`seeded ${count(customers)} customers in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * VACUUM (ANALYZE) of the bulk-loaded tables, to measure a database in its steady state, as
 * autovacuum keeps a live one: right after the bulk load the trigram index's pending list holds
 * megabytes of entries that every search scans, and autovacuum would start cleaning them up in
 * the middle of the measurement.
 */
export async function vacuumCustomers(client: pg.Client): Promise<void> {
  const started = performance.now();
  await client.query('VACUUM (ANALYZE) "Customer", "Service", "IpAssignment"');
  progress(`vacuumed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
