import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import tangle from '../fixtures/tangle.js';
import grid from '../fixtures/grid.js';
import hourglass from '../fixtures/hourglass.js';
import philosophers from '../../models/philosophers/philosophers.js';
import { check, checkInParallel } from '../../checker/check.js';
import { range } from '../../spec/ranges.js';
import type { CheckResult } from '../../checker/result.js';
import { workerModelUrl } from '../support/worker-model.js';

/** What must not depend on the number of threads: everything but the times and the bytes held. */
function answer(result: CheckResult) {
  const { seconds, statesPerSecond, storeBytes, ...counts } = result.stats;
  return JSON.stringify({ outcome: result.outcome, counts, reached: result.reached, witnesses: result.witnesses, coverage: result.coverage });
}

// parallelLevel 1 with waitForWorkers sends every level to the workers, however small; a larger
// parallelLevel has the single-threaded search run the levels before the first that large.
describe('the shared-table search gives the single-threaded answer byte for byte', () => {
  it('on random graphs, with 1, 2 and 3 threads, handed over at any level, state and depth limits and deadlocks included', async () => {
    const modelUrl = workerModelUrl('test/fixtures/tangle.ts');
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.nat(10_000),
          size: fc.integer({ min: 2, max: 60 }),
          actions: fc.integer({ min: 1, max: 5 }),
          bad: fc.boolean(),
          deadlock: fc.boolean(),
          maxStates: fc.option(fc.integer({ min: 1, max: 800 }), { nil: undefined }),
          maxDepth: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
          parallelLevel: fc.integer({ min: 1, max: 40 }),
        }),
        async ({ deadlock, maxStates, maxDepth, parallelLevel, ...params }) => {
          const options = { params, deadlock, maxStates, maxDepth, witnessAll: true, modelUrl };
          const alone = answer(check(tangle, options));
          for (const workers of [1, 2, 3]) expect(answer(await checkInParallel(tangle, { ...options, workers, parallelLevel, waitForWorkers: true }))).toBe(alone);
        },
      ),
      { numRuns: 4 },
    );
  }, 300_000);

  it('the same violation found in the middle of a wide level: the same trace, byte for byte, run after run with 4 threads', async () => {
    const options = { variant: 'corner', modelUrl: workerModelUrl('test/fixtures/grid.ts') };
    const alone = check(grid, options);
    expect(alone.outcome.verdict).toBe('violates');
    for (let run = 0; run < 4; run++) {
      const four = await checkInParallel(grid, { ...options, workers: 4, parallelLevel: 1, waitForWorkers: true });
      expect(four.threads?.engine).toBe('shared table');
      expect(answer(four)).toBe(answer(alone));
    }
  }, 300_000);

  it('the same answer when the table fills up in the middle of a level, and the workers wait while it grows', async () => {
    const options = { params: { n: 8 }, modelUrl: workerModelUrl('models/philosophers/philosophers.ts') };
    const two = await checkInParallel(philosophers, { ...options, workers: 2, parallelLevel: 1, waitForWorkers: true });
    expect(two.threads?.growths).toBeGreaterThan(0);
    expect(answer(two)).toBe(answer(check(philosophers, options)));
  }, 120_000);

  it('the state limit stops it where the single-threaded search stops, in the middle of a wide level', async () => {
    const options = { variant: 'open', maxStates: 5_000, modelUrl: workerModelUrl('test/fixtures/grid.ts') };
    const alone = check(grid, options);
    expect(alone.outcome).toMatchObject({ verdict: 'incomplete', limit: 'states' });
    expect(answer(await checkInParallel(grid, { ...options, workers: 2, parallelLevel: 1, waitForWorkers: true }))).toBe(answer(alone));
  }, 120_000);
});

describe('levels that start narrow, grow wide, narrow to one state and grow wide again', () => {
  const modelUrl = workerModelUrl('test/fixtures/hourglass.ts');
  /** Levels of three counters from 0 to 12 with this sum, at least `size` states: each round's levels that the workers take. */
  const wideLevels = (size: number) => range(37).filter((sum) => triples(sum) >= size).length;

  it('the single-threaded search hands over at the first wide level; the workers take the wide levels, the main thread the narrow ones', async () => {
    for (const variant of ['ends', 'stuck', 'bad corner']) {
      const options = { variant, witnessAll: true, modelUrl };
      const alone = answer(check(hourglass, options));
      for (const workers of [2, 3]) {
        const result = await checkInParallel(hourglass, { ...options, workers, parallelLevel: 60, waitForWorkers: true });
        expect(answer(result)).toBe(alone);
        if (variant === 'ends') expect(result.threads?.parallelLevels).toBe(2 * wideLevels(60));
      }
    }
  }, 300_000);

  it('the same answer with the state and depth limits anywhere, handed over at any level', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          variant: fc.constantFrom('ends', 'stuck', 'bad corner'),
          maxStates: fc.option(fc.integer({ min: 1, max: 4_500 }), { nil: undefined }),
          maxDepth: fc.option(fc.integer({ min: 0, max: 115 }), { nil: undefined }),
          parallelLevel: fc.integer({ min: 1, max: 130 }),
        }),
        async ({ parallelLevel, ...limits }) => {
          const options = { ...limits, witnessAll: true, modelUrl };
          expect(answer(await checkInParallel(hourglass, { ...options, workers: 2, parallelLevel, waitForWorkers: true }))).toBe(answer(check(hourglass, options)));
        },
      ),
      { numRuns: 6 },
    );
  }, 300_000);
});

/** How many triples of counters from 0 to 12 sum to `sum`. */
function triples(sum: number): number {
  let n = 0;
  for (const a of range(13)) for (const b of range(13)) if (sum - a - b >= 0 && sum - a - b <= 12) n++;
  return n;
}

describe('what the shared table does not do yet runs on one thread, and says so', () => {
  it('fingerprint mode', async () => {
    const result = await checkInParallel(grid, { variant: 'open', fingerprint: true, workers: 2, modelUrl: workerModelUrl('test/fixtures/grid.ts') });
    expect(result.threads).toMatchObject({ threads: 2, engine: 'one thread', fallback: expect.stringContaining('fingerprint mode runs on one thread') });
  });
});
