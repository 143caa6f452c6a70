import { describe, expect, it } from 'vitest';
import philosophers from '../../models/philosophers/philosophers.js';
import { check } from '../../checker/check.js';
import { checkVariant, storyOf } from '../support/variants.js';

/** states(N) = a(N), a(0) = 2, a(1) = 3, a(N) = 3 a(N-1) + 2 a(N-2) (shared/bench/MODELS.md, model A). */
function closedForm(n: number): number {
  let [a, b] = [2, 3];
  for (let k = 2; k <= n; k++) [a, b] = [b, 3 * b + 2 * a];
  return n === 0 ? a : b;
}

describe('philosophers (benchmark model A)', () => {
  it('N=8 with deadlock detection off: exactly 25,889 states and 170,984 transitions, depth 16', () => {
    const result = check(philosophers, { params: { n: 8 }, deadlock: false });
    expect(result.outcome.verdict).toBe('holds');
    expect(result.stats).toMatchObject({ states: 25_889, transitions: 170_984, depth: 16 });
  });

  it.each([2, 3, 4, 5, 6, 7])('N=%i matches the closed form', (n) => {
    expect(check(philosophers, { params: { n }, deadlock: false }).stats.states).toBe(closedForm(n));
  });

  it('left-first: the shortest deadlock at N=8 is 16 steps, every philosopher holding a fork', () => {
    const result = checkVariant(philosophers, 'left-first');
    expect(storyOf(result)).toHaveLength(16);
    const last = result.outcome.verdict === 'deadlocks' ? result.outcome.trace.steps.at(-1)!.state : undefined;
    expect(last).toEqual({ pc: Array(8).fill('HASLEFT'), fork: Array(8).fill(true) });
  });

  it('ordered: no deadlock, and someone eats', () => {
    checkVariant(philosophers, 'ordered');
  });
});
