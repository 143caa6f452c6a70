import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Ends a test run with the plain closing line "N passed, N failed" (", N skipped" when some
 * were), which CI reads to know how many tests ran. An error outside any test counts as a
 * failure: one that made a file or a suite fail to load or set up (its tests are then skipped),
 * and one vitest caught unhandled (a rejection nobody awaited, a lost RPC call to a worker),
 * which vitest says may make passing tests false positives.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    let outsideTests = unhandledErrors.length;
    for (const module of modules) {
      outsideTests += module.errors().length;
      for (const suite of module.children.allSuites()) outsideTests += suite.errors().length;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
    }
    const failed = counts.failed + outsideTests;
    const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
    const which = outsideTests > 0 ? `; ${outsideTests} of the failures ${outsideTests === 1 ? 'is an error' : 'are errors'} outside any test` : '';
    // The default reporter prints its own summary after every reporter's hook: write ours last.
    process.once('exit', () => process.stdout.write(`\n${counts.passed} passed, ${failed} failed${skipped}${which}\n`));
  }
}
