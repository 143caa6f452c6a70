import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { describeProgress, fitLine, formatElapsed, progressReporter, workLeftHint } from '../../cli/progress.js';
import { root } from '../support/cli.js';

describe('the work left, from the growth of the levels', () => {
  it('nothing before two levels are complete', () => {
    expect(workLeftHint([1])).toBeUndefined();
    expect(workLeftHint([1, 3])).toBeUndefined();
  });

  it('growing levels: no end in sight', () => {
    expect(workLeftHint([1, 3, 6, 10])).toBe('levels still growing (×2.00 per level): no end in sight yet');
  });

  it('levels near 1: too early to tell', () => {
    expect(workLeftHint([1, 100, 95, 40])).toBe('levels levelling off (×0.95 per level): too early to tell the end');
  });

  it('shrinking levels: the geometric series from the last complete level gives a rough total', () => {
    // 1 + 100 + 50 known; then 50·(1/2 + 1/4 + …) = 50 more.
    expect(workLeftHint([1, 100, 50, 10])).toBe('levels shrinking (×0.50 per level): roughly 201 states in all');
    // The next level already past its share: the total is at least what is known.
    expect(workLeftHint([1, 100, 50, 80])).toBe('levels shrinking (×0.50 per level): roughly 231 states in all');
  });
});

describe('a progress line', () => {
  const snapshot = { states: 1_204_332, queued: 310_004, depth: 17, transitions: 9_000_000, seconds: 15.2, levels: [1, 4, 12, 30] };

  it('says states, rate, queue, depth, elapsed time, memory and the hint', () => {
    expect(describeProgress(snapshot, 412 * 2 ** 20)).toBe(
      '1,204,332 states, 79,232 states/s, 310,004 queued, depth 17, 15 s, 412 MiB; levels still growing (×3.00 per level): no end in sight yet',
    );
  });

  it('a live line is cut to the terminal, never wrapped', () => {
    expect(fitLine('short', 80)).toBe('short');
    expect(fitLine('a line of twenty-one', 12)).toBe('a line of …');
    expect(fitLine('no width known', undefined)).toBe('no width known');
  });

  it('elapsed time reads as a person reads it', () => {
    expect([formatElapsed(42.9), formatElapsed(185), formatElapsed(3720)]).toEqual(['42 s', '3 min 05 s', '1 h 02 min']);
  });

  it('a terminal gets one line redrawn in place, cleared at the end; a log a line each time; --quiet nothing', () => {
    const stream = (isTTY: boolean) => {
      const written: string[] = [];
      return { written, stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream };
    };
    const tty = stream(true);
    (tty.stream as { columns: number }).columns = 12;
    const live = progressReporter<number>({ quiet: false, stream: tty.stream }, (n) => `${n} states`);
    live.onProgress!(1);
    live.onProgress!(123_456);
    live.done();
    // Cut to the terminal's width, so that the line never wraps and can be redrawn.
    expect(tty.written).toEqual(['\r\x1b[K1 states', '\r\x1b[K123456 sta…', '\r\x1b[K']);

    const log = stream(false);
    const logged = progressReporter<number>({ quiet: false, stream: log.stream, logEverySeconds: 30 }, (n) => `${n} states`);
    expect(logged.everyMs).toBe(30_000);
    logged.onProgress!(1);
    logged.done();
    expect(log.written).toEqual(['progress: 1 states\n']);

    expect(progressReporter({ quiet: true, stream: tty.stream }, String).onProgress).toBeUndefined();
  });
});

describe('progress in a CI log', () => {
  it('a check whose stderr is not a terminal prints a progress line every --log-every seconds', () => {
    const run = spawnSync(process.execPath, ['dist/cli/main.js', 'check', 'test/hostile/fixtures/endless.ts', '--max-seconds', '3', '--log-every', '1', '--workers', '1'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.status).toBe(3);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('progress: '));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) {
      expect(line).toMatch(/^progress: [\d,]+ states, [\d,]+ states\/s, [\d,]+ queued, depth \d+, \d+ s, [\d,]+ MiB; levels still growing \(×[\d.]+ per level\): no end in sight yet$/);
    }
  }, 60_000);

  it('--log-every takes a positive whole number', () => {
    const run = spawnSync(process.execPath, ['dist/cli/main.js', 'check', 'peterson', '--log-every', 'often'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('interleave: --log-every takes a positive whole number; got "often"\n');
  });
});
