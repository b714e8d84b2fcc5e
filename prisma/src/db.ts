import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/client/client.ts';

export type Db = PrismaClient;

export interface DbOptions {
  /** Pool size of the driver adapter. */
  max?: number;
}

/** Creates the Prisma client over node-postgres. One per process, made in its main.ts. */
export function createDb(url: string, options: DbOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}

/** Replaces the database name in a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
