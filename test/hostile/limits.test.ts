import { afterEach, describe, expect, it, vi } from 'vitest';
import { check, checkInParallel } from '../../checker/check.js';
import { UsageError } from '../../checker/errors.js';
import { checkOne } from '../../cli/commands/check.js';
import endless from './fixtures/endless.js';
import { capture, fixture } from './support.js';

// Each check also has a limit of states it never reaches in time, so that a search blind to the
// time limit or to the signal ends too (with the wrong limit) rather than running forever.
const backstop = 3_000_000;

describe('a time limit ends a check as incomplete, with what it explored', () => {
  afterEach(() => vi.restoreAllMocks());

  it('--max-seconds N: exit 3', async () => {
    const run = await capture(() => checkOne(fixture('endless').path, { deadlock: true, quiet: true, workers: '1', maxSeconds: '1', maxStates: String(backstop) }));
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(
      /^incomplete: endless \(variant counting\) was not explored exhaustively: the search passed 1 s with \d+ states still queued\. This is not a pass\.\n\n[\d,]+ distinct states, [\d,]+ transitions, depth \d+, 1\.\d\d s\n$/,
    );
  }, 30_000);

  it('--max-seconds takes a positive whole number', async () => {
    await expect(checkOne('peterson', { deadlock: true, maxSeconds: 'soon' })).rejects.toThrow(new UsageError('--max-seconds takes a positive whole number; got "soon"'));
  });

  it('maxSeconds in the library API', () => {
    vi.spyOn(process.stderr, 'write').mockReturnValue(true); // the fixture's "model built"
    const result = check(endless, { maxSeconds: 0.2, maxStates: backstop });
    expect(result.outcome).toEqual({ verdict: 'incomplete', limit: 'time', explanation: expect.stringMatching(/^the search passed 0\.2 s with \d+ states still queued$/) });
    expect(result.stats.seconds).toBeGreaterThanOrEqual(0.2);
  });
});

describe('an abort signal interrupts a check from the library API', () => {
  afterEach(() => vi.restoreAllMocks());

  it('checkInParallel lets the event loop in, so an abort made while it runs stops it', async () => {
    vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    const controller = new AbortController();
    setTimeout(() => controller.abort('by the test'), 200);
    const result = await checkInParallel(endless, { workers: 1, modelUrl: fixture('endless').url, signal: controller.signal, maxStates: backstop });
    expect(result.outcome).toEqual({ verdict: 'incomplete', limit: 'interrupted', explanation: expect.stringMatching(/^interrupted by the test, with \d+ states still queued$/) });
    expect(result.stats.states).toBeGreaterThan(1);
  });

  it('with worker threads sharing the table too: they stop taking states, and the check ends as interrupted', async () => {
    vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    const controller = new AbortController();
    const result = await checkInParallel(endless, {
      workers: 2,
      parallelLevel: 1,
      waitForWorkers: true,
      modelUrl: fixture('endless').url,
      signal: controller.signal,
      maxStates: backstop,
      // Aborted once the workers are at work.
      onProgress: () => controller.abort('by the test'),
      progressEveryMs: 1,
    });
    expect(result.outcome).toEqual({ verdict: 'incomplete', limit: 'interrupted', explanation: expect.stringMatching(/^interrupted by the test, with \d+ states still queued$/) });
    expect(result.threads?.parallelLevels).toBeGreaterThan(0);
  }, 60_000);
});
