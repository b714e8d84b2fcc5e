import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships ESM (`module`) and CJS (`main`) builds; Vite would pick the ESM one for
    // our sources while Node loads the CJS one for Pothos and Apollo, and graphql refuses to mix
    // realms. Use the one Node uses, as it is at run time.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // One run for every package, so CI reads one summary line.
    projects: [
      {
        extends: true,
        test: {
          name: 'backend',
          include: ['{prisma,schema,server,radius,bench}/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['prisma/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      { extends: './console/vite.config.ts', test: { name: 'console', root: './console' } },
      { extends: './portal/vite.config.ts', test: { name: 'portal', root: './portal' } },
    ],
    reporters: ['default', './.ci/summary-reporter.ts'],
  },
});
