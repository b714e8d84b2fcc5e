import type { Reporter, TestModule } from 'vitest/node';

/** Ends the run with the one line CI reads: `N passed, N failed` (and skipped). */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = errors.length;
    let skipped = 0;
    for (const module of modules) {
      let failedTests = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedTests++;
        else skipped++;
      }
      // A file that failed without a failing test (it did not load, or a beforeAll threw and its tests were skipped) counts once.
      failed += module.state() === 'failed' && failedTests === 0 ? 1 : failedTests;
    }
    console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  }
}
