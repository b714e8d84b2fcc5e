import { defineConfig } from 'prisma/config';

// Used by `prisma generate` (and by `prisma migrate deploy` where the native schema engine exists).
export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
