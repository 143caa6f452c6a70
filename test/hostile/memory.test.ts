import { afterEach, describe, expect, it, vi } from 'vitest';
import { check } from '../../checker/check.js';
import endless from './fixtures/endless.js';
import { fixture, start, stopAll } from './support.js';

const leaky = fixture('leaky');

describe('running out of memory ends a check as incomplete (memory), exit 3, never with a crash', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    stopAll();
  });

  it('an allocation that fails while the state store grows', () => {
    // The store's hash table doubles to 2^18 slots once 98,304 states are stored: that allocation fails, as it would without memory.
    class ScarceUint32Array extends Uint32Array {
      constructor(...args: unknown[]) {
        if (typeof args[0] === 'number' && args[0] >= 2 ** 18) throw new RangeError('Array buffer allocation failed');
        super(...(args as [number]));
      }
    }
    vi.stubGlobal('Uint32Array', ScarceUint32Array);
    vi.spyOn(process.stderr, 'write').mockReturnValue(true); // the fixture's "model built"
    const result = check(endless);
    expect(result.outcome).toEqual({
      verdict: 'incomplete',
      limit: 'memory',
      explanation: expect.stringMatching(/^the process ran out of memory \(Array buffer allocation failed\) with \d+ states still queued$/),
    });
    expect(result.stats.states).toBe(98_305);
  }, 60_000);

  it('a JavaScript heap near its limit (a model that leaks), before V8 aborts the process', async () => {
    const run = start(['check', leaky.path, '--variant', 'everywhere', '--workers', '1', '--quiet'], { nodeArgs: ['--max-old-space-size=64'] });
    expect(await run.ended).toEqual({ code: 3, signal: null });
    expect(run.stdout()).toMatch(
      /^incomplete: leaky \(variant everywhere\) was not explored exhaustively: the JavaScript heap is nearly full \(\d+ of \d+ MiB\) with \d+ states still queued\. This is not a pass\.\n\n[\d,]+ distinct states/,
    );
    expect(run.stderr()).toBe('');
  }, 60_000);

  it('a worker thread that runs out of memory', async () => {
    const run = start(['check', leaky.path, '--variant', 'in-workers', '--workers', '2'], { nodeArgs: ['--max-old-space-size=64'] });
    expect(await run.ended).toEqual({ code: 3, signal: null });
    expect(run.stdout()).toMatch(
      /^incomplete: leaky \(variant in-workers\) was not explored exhaustively: a worker thread ran out of memory \(Worker terminated due to reaching memory limit: JS heap out of memory\) with \d+ states still queued\. This is not a pass\.\n/,
    );
  }, 60_000);
});
