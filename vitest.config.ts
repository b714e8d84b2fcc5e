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
      {
        extends: true,
        test: {
          // Browser tests of the whole stack (e2e/tools/global-setup.ts starts it, as `npm start` does).
          name: 'e2e',
          include: ['e2e/specs/**/*.spec.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['e2e/tools/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 360_000,
          pool: 'forks',
          // One Chromium at a time on two cores, after the other projects' tests are done.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
    reporters: ['default', './.ci/summary-reporter.ts'],
  },
});
