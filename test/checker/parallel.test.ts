import { describe, expect, it } from 'vitest';
import grid from '../fixtures/grid.js';
import philosophers from '../../models/philosophers/philosophers.js';
import { check, checkInParallel } from '../../checker/check.js';
import { workerModelUrl } from '../support/worker-model.js';

/**
 * Everything a check reports except the time it took and the bytes its store holds (the shared
 * table's hash table grows by other steps than the serial store's, and it has a staging area).
 */
function verdictAndCounts(result: Awaited<ReturnType<typeof checkInParallel>>) {
  const { seconds, statesPerSecond, storeBytes, ...counts } = result.stats;
  return { outcome: result.outcome, counts, reached: result.reached };
}

// parallelLevel 1 with waitForWorkers sends every level to the workers, however small.
describe('worker threads change nothing but the speed', () => {
  it('the same counts and the same deadlock trace, with 1, 2 and 4 workers', async () => {
    const options = { params: { n: 9 }, modelUrl: workerModelUrl('models/philosophers/philosophers.ts') };
    const alone = check(philosophers, options);
    for (const workers of [2, 4]) {
      const parallel = await checkInParallel(philosophers, { ...options, workers, parallelLevel: 1, waitForWorkers: true });
      expect(verdictAndCounts(parallel)).toEqual(verdictAndCounts(alone));
    }
    expect(alone.outcome.verdict === 'deadlocks' && alone.outcome.trace.steps.length).toBe(18);
  });

  it('the same violation, the same trace and the same counts when it is found in the middle of a wide level', async () => {
    const options = { variant: 'corner', modelUrl: workerModelUrl('test/fixtures/grid.ts') };
    const alone = check(grid, options);
    expect(alone.outcome).toMatchObject({ verdict: 'violates', property: 'not in the corner' });
    for (const workers of [2, 4]) {
      expect(verdictAndCounts(await checkInParallel(grid, { ...options, workers, parallelLevel: 1, waitForWorkers: true }))).toEqual(verdictAndCounts(alone));
    }
  });

  it('the same exhaustive counts on a wide graph', async () => {
    const options = { variant: 'open', modelUrl: workerModelUrl('test/fixtures/grid.ts') };
    const alone = check(grid, options);
    expect(alone.stats.states).toBe(27_000);
    expect(verdictAndCounts(await checkInParallel(grid, { ...options, workers: 2, parallelLevel: 1, waitForWorkers: true }))).toEqual(verdictAndCounts(alone));
  });

  it('the same trace and counts in fingerprint mode, once the words of expanded states are dropped', async () => {
    // 234,256 states: the corner lies beyond the first segments of 65,536, which are released.
    const options = { variant: 'corner', params: { counters: 4, size: 22 }, modelUrl: workerModelUrl('test/fixtures/grid.ts') };
    const exact = check(grid, options);
    const fingerprinted = check(grid, { ...options, fingerprint: true });
    expect(exact.stats.states).toBeGreaterThan(3 * 65_536);
    expect(verdictAndCounts(fingerprinted)).toEqual(verdictAndCounts(exact));
    expect(verdictAndCounts(await checkInParallel(grid, { ...options, fingerprint: true, workers: 2, parallelLevel: 1, waitForWorkers: true }))).toEqual(verdictAndCounts(fingerprinted));
  });
});
