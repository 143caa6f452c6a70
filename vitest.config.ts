import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Models import the modelling API by the package's own name, as a user's models do.
    alias: { 'interleave-check': fileURLToPath(new URL('./index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // One test file per core: vitest's default (cores - 1) runs one file at a time on 2 cores,
    // while many files spend their time waiting on processes and worker threads they start.
    maxWorkers: availableParallelism(),
    // Test files share their worker's modules rather than import the checker afresh each (half
    // the time of the short files). They restore what they change: spies, stubbed globals, the
    // environment (test/support/run-cli.ts), and close their servers and processes.
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
