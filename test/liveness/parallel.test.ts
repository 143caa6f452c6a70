import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import spinlock from '../../models/spinlock/spinlock.js';
import { check, checkInParallel } from '../../checker/check.js';
import { root } from '../support/cli.js';

const modelUrl = pathToFileURL(join(root, 'models/spinlock/spinlock.ts')).href;

// parallelLevel 1 with waitForWorkers sends every level to the workers: the edges must still be recorded in state order.
describe('liveness with worker threads', () => {
  it.each(['test-and-set', 'ticket'])('%s with 4 threads: the same verdict and the same lasso with 1 and 2 workers', async (variant) => {
    const options = { variant, params: { threads: 4 }, modelUrl };
    const alone = check(spinlock, options);
    const two = await checkInParallel(spinlock, { ...options, workers: 2, parallelLevel: 1, waitForWorkers: true });
    expect(two.outcome).toEqual(alone.outcome);
    expect(two.stats.states).toBe(alone.stats.states);
  });
});
