import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { check } from '../../checker/check.js';
import { always, defineModel, holds, system } from '../../spec/index.js';

// A pair of two-word states on which any hash built from murmur3's block mixing collides,
// whatever its seed: the fingerprint mode's old hash (two murmur3 hashes, two seeds) took them
// for one state. Block k mixes to m(k) = rotl(k * c1, 15) * c2 and enters h as
// h = rotl(h ^ m(k), 13) * 5 + c. A difference at bit 18 of m(k0) becomes bit 31 of h, which
// multiplying by 5 and adding c keep at bit 31; the same difference at bit 31 of m(k1) then
// cancels it, so h, and the hash, come out equal for every seed.
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** The inverse of an odd number modulo 2^32 (Newton's iteration). */
function inverse(a: number): number {
  let x = a;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x));
  return x;
}

const mix = (k: number): number => Math.imul(((Math.imul(k, C1) << 15) | (Math.imul(k, C1) >>> 17)), C2) >>> 0;
function unmix(m: number): number {
  const r = Math.imul(m, inverse(C2));
  return Math.imul((r >>> 15) | (r << 17), inverse(C1)) >>> 0;
}

/** The murmur3-style hash the old fingerprints were made of, with the seed as a parameter. */
function murmurWords(words: readonly number[], seed: number): number {
  let h = seed ^ words.length;
  for (const w of words) {
    h ^= mix(w);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// A state of two 32-bit words: each field is a nullable integer of 2^31 values, whose word
// holds null as 0 and the value v as v + 1, so a word may be anything up to 2^31.
const fits = (word: number): boolean => word <= 2 ** 31;

/** The first word from 1 up whose partner (the word that differs by `bit` after mixing) also fits. */
function firstPair(bit: number): [number, number] {
  for (let k = 1; ; k++) {
    const partner = unmix((mix(k) ^ bit) >>> 0);
    if (fits(partner)) return [k, partner];
  }
}

const [a0, b0] = firstPair(1 << 18);
const [a1, b1] = firstPair(0x80000000);
const A = [a0, a1];
const B = [b0, b1];

const Field = z.number().int().min(0).max(2 ** 31 - 1).nullable();
const asField = (word: number): number | null => (word === 0 ? null : word - 1);

const pair = defineModel({
  name: 'collision-pair',
  summary: 'one step from a state to its murmur3 collision partner, where the invariant fails',
  variants: { only: { summary: 'the step', source: 'test', expect: holds() } },
  build: () =>
    system(z.object({ first: Field, second: Field }), {
      init: { first: asField(A[0]), second: asField(A[1]) },
      actions: {
        jump: {
          guard: (s) => s.first === asField(A[0]),
          effect: (s) => {
            s.first = asField(B[0]);
            s.second = asField(B[1]);
          },
          describe: () => 'jump to the partner state',
        },
      },
      properties: { 'the partner is never reached': always((s) => s.first !== asField(B[0])) },
      final: () => true,
    }),
});

describe('fingerprints', () => {
  it('the pair collides under murmur3 mixing for every seed tried', () => {
    expect(B).not.toEqual(A);
    for (const seed of [0, 1, 0x9747b28c, 0x3c6ef372, 0xdeadbeef]) expect(murmurWords(B, seed)).toBe(murmurWords(A, seed));
  });

  it('tell the pair apart: the fingerprint search finds the violation the exact search finds', () => {
    const exact = check(pair, {});
    const fingerprinted = check(pair, { fingerprint: true });
    expect(exact.outcome.verdict).toBe('violates');
    expect(fingerprinted.outcome.verdict).toBe('violates');
    expect(fingerprinted.stats.states).toBe(2);
  });
});
