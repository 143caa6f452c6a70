import { describe, expect, it } from 'vitest';
import filter from '../../bench/models/filter.js';
import gcStw from '../../bench/models/gc-stw.js';
import fifo from '../../bench/models/fifo.js';
import { check } from '../../checker/check.js';
import { checkVariant } from '../support/variants.js';

// Exact counts of the benchmark models' small instances (shared/bench/MODELS.md). Model A,
// philosophers, is pinned in test/models/philosophers.test.ts. filter and gc-stw declare their
// processes symmetric; MODELS.md counts every state, so they are checked with symmetry off
// here (test/bench/symmetric.test.ts pins the reduced counts).

describe('filter (benchmark model B)', () => {
  it('N=4: exactly 4,752 states and 13,080 transitions, depth 24, mutual exclusion holds', () => {
    const result = checkVariant(filter, 'textbook', { symmetry: 'off' });
    expect(result.stats).toMatchObject({ states: 4_752, transitions: 13_080, depth: 24 });
  });

  it('N=5: exactly 88,560 states and 286,985 transitions, depth 36', () => {
    const result = check(filter, { params: { n: 5 }, symmetry: 'off' });
    expect(result.outcome.verdict).toBe('holds');
    expect(result.stats).toMatchObject({ states: 88_560, transitions: 286_985, depth: 36 });
  });
});

describe('gc-stw (benchmark model C)', () => {
  /** states(N) = 2^N + 2·3^N + 1 (MODELS.md, model C). */
  const closedForm = (n: number) => 2 ** n + 2 * 3 ** n + 1;

  it('N=8: exactly 13,379 states and 90,042 transitions, depth 35, the invariant holds', () => {
    const result = checkVariant(gcStw, 'handshake', { symmetry: 'off' });
    expect(result.stats).toMatchObject({ states: 13_379, transitions: 90_042, depth: 35 });
  });

  it.each([1, 2, 3, 5, 7, 9])('N=%i matches the closed form', (n) => {
    const result = check(gcStw, { params: { n }, symmetry: 'off' });
    expect(result.outcome.verdict).toBe('holds');
    expect(result.stats.states).toBe(closedForm(n));
  });
});

describe('fifo (benchmark model D)', () => {
  /** states(K, M) = (K+1)(2M - K + 1) for M >= K (MODELS.md, model D). */
  const closedForm = (k: number, m: number) => (k + 1) * (2 * m - k + 1);

  it('K=4 M=1000: exactly 9,985 states and 16,968 transitions, depth 3,000, in-order delivery holds', () => {
    const result = checkVariant(fifo, 'ring-buffer');
    expect(result.stats).toMatchObject({ states: 9_985, transitions: 16_968, depth: 3_000 });
  });

  it.each([
    [1, 1],
    [1, 50],
    [2, 2],
    [3, 10],
    [5, 200],
    [8, 8],
  ])('K=%i M=%i matches the closed form, depth 3M', (k, m) => {
    const result = check(fifo, { params: { k, m } });
    expect(result.outcome.verdict).toBe('holds');
    expect(result.stats.states).toBe(closedForm(k, m));
    expect(result.stats.depth).toBe(3 * m);
  });

  it('the end, every message consumed, is final and not a deadlock', () => {
    const result = check(fifo, { params: { k: 2, m: 3 }, deadlock: true });
    expect(result.outcome.verdict).toBe('holds');
  });
});
