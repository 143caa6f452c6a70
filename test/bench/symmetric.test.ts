import { describe, expect, it } from 'vitest';
import filter from '../../bench/models/filter.js';
import gcStw from '../../bench/models/gc-stw.js';
import { assertSymmetric } from '../../checker/assertions.js';
import { check } from '../../checker/check.js';
import type { Model } from '../../spec/model.js';

// The benchmark's symmetric tier on its smallest instances: filter and gc-stw with their
// processes declared interchangeable, reduced to orbits. The counts are rumur's (v2022.08.20,
// `--symmetry-reduction exhaustive` on bench/murphi/filter_sym.m and gc_stw_sym.m; `heuristic`
// gives the same there): states, and rules fired as transitions. The exact form stores one state
// per orbit, so it must give these counts. The fast form may keep several states of an orbit, but
// never more than rumur's heuristic, which keeps one here. A regression in either form shows here.

/** Checks one instance reduced in one form and returns its counts. */
function reduced(model: Model, n: number, symmetry: 'exact' | 'fast') {
  const result = check(model, { params: { n }, symmetry, validate: true });
  expect(result.outcome.verdict).toBe('holds');
  // One process has no permutation but the identity: there is nothing to reduce.
  expect(result.symmetry?.form).toBe(n > 1 ? symmetry : undefined);
  return { states: result.stats.states, transitions: result.stats.transitions };
}

describe.each(['exact', 'fast'] as const)('symmetric tier, %s form', (form) => {
  it.each([
    [2, 10, 17],
    [3, 55, 128],
    [4, 254, 736],
    [5, 1_049, 3_629],
    [6, 4_004, 16_092],
  ])('filter N=%i: %i states, %i transitions, as rumur', (n, states, transitions) => {
    expect(reduced(filter, n, form)).toEqual({ states, transitions });
  });

  it.each([
    [1, 9, 13],
    [2, 16, 34],
    [3, 25, 72],
    [4, 36, 132],
    [5, 49, 219],
    [6, 64, 338],
    [7, 81, 494],
  ])('gc-stw N=%i: %i states, %i transitions, as rumur', (n, states, transitions) => {
    expect(reduced(gcStw, n, form)).toEqual({ states, transitions });
  });
});

describe('symmetric tier, reduction against the whole state space', () => {
  it('gc-stw: one state per multiset of mutator phases in each collector phase, (N+2)^2, of 2^N + 2·3^N + 1', () => {
    for (const n of [3, 6]) {
      expect(check(gcStw, { params: { n }, symmetry: 'exact' }).stats.states).toBe((n + 2) ** 2);
      expect(check(gcStw, { params: { n }, symmetry: 'off' }).stats.states).toBe(2 ** n + 2 * 3 ** n + 1);
    }
  });

  it('the bench models reduce by default (auto), and not with symmetry off', () => {
    expect(check(filter, { params: { n: 4 } }).stats.states).toBe(254);
    expect(check(filter, { params: { n: 4 }, symmetry: 'off' }).stats.states).toBe(4_752);
  });

  it('both models honour their declaration (--verify-symmetry on small sizes)', () => {
    expect(assertSymmetric(gcStw, { params: { n: 4 } }).states).toBe(2 ** 4 + 2 * 3 ** 4 + 1);
    expect(assertSymmetric(filter, { params: { n: 3 } }).states).toBe(288);
  });
});
