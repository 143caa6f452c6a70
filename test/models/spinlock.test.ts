import { describe, expect, it } from 'vitest';
import model, { getsTheLock } from '../../models/spinlock/spinlock.js';
import { check } from '../../checker/check.js';
import { toReport } from '../../checker/report/json.js';
import { toItf } from '../../checker/report/itf.js';
import { renderResult } from '../../checker/report/text.js';
import { checkVariant, storyOf } from '../support/variants.js';

const loopOf = (result: ReturnType<typeof check>) => (result.outcome.verdict === 'violates' ? result.outcome.trace?.loop : undefined);

describe('spinlock', () => {
  it('test-and-set: under weak fairness thread 0 spins forever while thread 1 takes the lock again and again', () => {
    const result = checkVariant(model, 'test-and-set');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: getsTheLock(0), kind: 'leadsTo' });
    expect(storyOf(result)).toEqual([
      'thread 0 wants the lock and starts spinning',
      'thread 1 wants the lock and starts spinning',
      "thread 1's test-and-set finds the lock free and takes it",
      "thread 0's test-and-set finds the lock held; it spins",
      'thread 1 leaves the critical section and releases the lock',
    ]);
    expect(loopOf(result)).toBe(1);
    expect(result.outcome.verdict === 'violates' && result.outcome.explanation).toBe(
      'its trigger holds after step 1, and its response never follows. Steps 2 to 5 repeat forever, and the schedule is fair: thread 0 and thread 1 take steps in the loop.',
    );
    expect(result.warnings).toEqual([]);
  });

  it('test-and-set: the text trace marks the loop, JSON and ITF carry the same index', () => {
    const result = check(model, { variant: 'test-and-set' });
    expect(renderResult(result)).toMatch(
      /by a behaviour of 1 step then a loop of 4 steps repeated forever[^]*Step 1 {2}thread 0 wants the lock[^]*\n\nFrom here the steps repeat forever \(loop 1: the state after step 1, where step 5 leads back\):\n\nStep 2 {2}thread 1 wants the lock/,
    );
    const report = toReport(result);
    expect(report.trace!.loop).toBe(1);
    const itf = toItf(result, report.trace!) as { loop: number; states: unknown[] };
    // ITF repeats states[1..4]: the last state of the trace, states[1] again, is left out.
    expect(itf.loop).toBe(1);
    expect(itf.states).toHaveLength(5);
  });

  it('test-and-set-strong: strong fairness of acquire rules the starvation out; all 8 states', () => {
    const result = checkVariant(model, 'test-and-set-strong');
    expect(result.stats).toMatchObject({ states: 8, transitions: 16 });
  });

  it('test-and-set-unfair: without fairness the thread simply never tests again, and a warning says why that counts', () => {
    const result = checkVariant(model, 'test-and-set-unfair');
    expect(storyOf(result)).not.toContain("thread 0's test-and-set finds the lock held; it spins");
    expect(result.warnings).toEqual([expect.stringMatching(/^the liveness properties are checked without fairness/)]);
    expect(toReport(result).warnings).toEqual(result.warnings);
  });

  it('ticket: first come, first served, so weak fairness is enough', () => {
    const result = checkVariant(model, 'ticket');
    expect(result.stats).toMatchObject({ states: 18, transitions: 36 });
  });

  it('with three threads: test-and-set still starves thread 0, strong fairness and the ticket lock still hold', () => {
    const params = { threads: 3 };
    expect(check(model, { variant: 'test-and-set', params }).outcome).toMatchObject({ verdict: 'violates', property: getsTheLock(0) });
    expect(check(model, { variant: 'test-and-set-strong', params }).outcome.verdict).toBe('holds');
    expect(check(model, { variant: 'ticket', params }).outcome.verdict).toBe('holds');
  });

  it('gives the same counts and the same lasso every time', () => {
    const a = check(model, { variant: 'test-and-set' });
    const b = check(model, { variant: 'test-and-set' });
    expect(storyOf(b)).toEqual(storyOf(a));
    expect(loopOf(b)).toBe(loopOf(a));
  });
});
