import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{prisma,schema,server,radius,bench}/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: ['prisma/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './.ci/summary-reporter.ts'],
  },
});
