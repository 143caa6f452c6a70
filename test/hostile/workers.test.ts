import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkInParallel } from '../../checker/check.js';
import { UsageError } from '../../checker/errors.js';
import { workerCount } from '../../cli/options.js';
import { runCli } from '../support/cli.js';
import dyingWorker from './fixtures/dying-worker.js';
import randomBuild from './fixtures/random-build.js';
import { fixture } from './support.js';

// parallelLevel 1 with waitForWorkers sends every level to the workers, however small.
describe('a worker thread that fails fails the check with a model error saying how, never a hang or exit 13', () => {
  it('the model calls process.exit on a worker thread', async () => {
    const result = await checkInParallel(dyingWorker, { variant: 'exits', workers: 2, parallelLevel: 1, waitForWorkers: true, modelUrl: fixture('dying-worker').url });
    expect(result.outcome).toEqual({
      verdict: 'error',
      explanation: "a worker thread ended (exit code 7) in the middle of the search: the model's code must not call process.exit",
    });
  }, 30_000);

  it('the model throws from a timer on a worker thread', async () => {
    const result = await checkInParallel(dyingWorker, { variant: 'throws-later', workers: 2, parallelLevel: 1, waitForWorkers: true, modelUrl: fixture('dying-worker').url });
    expect(result.outcome).toEqual({
      verdict: 'error',
      explanation: "a worker thread failed: the model's code threw outside any guard, effect or property (from a timer or a callback, say): Error: the watchdog fired",
    });
  }, 30_000);

  it('the command line prints the model error and exits 2', () => {
    const run = runCli('check', fixture('dying-worker').path, '--variant', 'exits', '--workers', '2');
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(
      /^model error in dying-worker \(variant exits\): a worker thread ended \(exit code 7\) in the middle of the search: the model's code must not call process\.exit\n\n[\d,]+ distinct states/,
    );
  }, 60_000);
});

describe('each worker thread confirms it built the same instance as the main thread before it expands anything', () => {
  it('a model whose module draws Math.random at load time is a model error: its build is not deterministic', async () => {
    const result = await checkInParallel(randomBuild, { workers: 2, parallelLevel: 1, waitForWorkers: true, modelUrl: fixture('random-build').url });
    expect(result.outcome).toEqual({
      verdict: 'error',
      explanation:
        "the model's build is not deterministic: a worker thread built it with different action instances than the main thread did. The model module and build() must give the same system every time they run (no Math.random, Date.now or other outside state)",
    });
    // The workers expanded nothing: only the initial state was stored.
    expect(result.stats.states).toBe(1);
  }, 30_000);
});

describe('--workers', () => {
  afterEach(() => vi.restoreAllMocks());

  it('above the core count: a warning on stderr, and the check goes on', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    expect(workerCount({ workers: '3', deadlock: true }, 2)).toBe(3);
    expect(stderr).toHaveBeenCalledWith("warning: --workers 3 is more than this machine's 2 cores; the extra threads only add overhead\n");
  });

  it('above 4 per core: a clear error before anything is checked', () => {
    expect(() => workerCount({ workers: '64', deadlock: true }, 2)).toThrow(
      new UsageError('--workers takes at most 8 on this machine (4 per core, 2 cores); got 64. Threads beyond the cores only add overhead'),
    );
    const cores = availableParallelism();
    const run = runCli('check', 'peterson', '--workers', String(4 * cores + 1));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `interleave: --workers takes at most ${4 * cores} on this machine (4 per core, ${cores} cores); got ${4 * cores + 1}. Threads beyond the cores only add overhead\n`,
    );
  });
});
