import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateStore, hashWords } from '../../checker/store/state-store.js';
import { FingerprintStore } from '../../checker/store/fingerprint-store.js';

/** Inserts `state` with its table hash, as the search does. */
function insert(store: StateStore, state: Uint32Array, parent: number): number {
  return store.insertAt(state, 0, parent, hashWords(state, 0, store.words));
}

describe('the state store', () => {
  it('behaves as a set of word vectors that remembers first parents, across segments and table growth', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 3, maxLength: 3 }), { maxLength: 400 }), (words, rows) => {
        const store = new StateStore(words, 3);
        const seen = new Map<string, number>();
        rows.forEach((row, i) => {
          const state = Uint32Array.from(row.slice(0, words));
          const key = state.join();
          const id = insert(store, state, i - 1);
          if (seen.has(key)) expect(id).toBe(-1 - seen.get(key)!);
          else {
            expect(id).toBe(seen.size);
            seen.set(key, id);
          }
        });
        expect(store.count).toBe(seen.size);
        for (const [key, id] of seen) {
          expect(Array.from(store.segmentOf(id).subarray(store.offsetOf(id), store.offsetOf(id) + words)).join()).toBe(key);
          expect(store.parentOf(id)).toBe(rows.findIndex((r) => r.slice(0, words).join() === key) - 1);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('the state store, past several table doublings', () => {
  it('finds every stored state again and stores each once', () => {
    const store = new StateStore(2, 10);
    const n = 50_000;
    const state = (i: number) => Uint32Array.of(Math.imul(i, 2654435761) >>> 0, i);
    for (let i = 0; i < n; i++) expect(insert(store, state(i), i - 1)).toBe(i);
    for (let i = 0; i < n; i += 7) expect(insert(store, state(i), 0)).toBe(-1 - i);
    expect(store.count).toBe(n);
    expect(store.parentOf(n - 1)).toBe(n - 2);
  });
});

describe('the fingerprint store', () => {
  it('behaves as the exact store on distinct fingerprints, and still knows states whose words it dropped', () => {
    const exact = new StateStore(4, 8);
    const fingerprints = new FingerprintStore(4, 8);
    const state = (i: number) => Uint32Array.of(i, Math.imul(i, 2654435761) >>> 0, i >>> 3, 7);
    for (let i = 0; i < 5_000; i++) expect(insert(fingerprints, state(i), i - 1)).toBe(insert(exact, state(i), i - 1));
    const before = fingerprints.bytes;
    fingerprints.release(4_000);
    // Fifteen segments of 256 states, four words each, are gone.
    expect(before - fingerprints.bytes).toBe(15 * 256 * 4 * 4);
    for (let i = 0; i < 5_000; i += 3) {
      expect(insert(fingerprints, state(i), 0)).toBe(-1 - i);
      expect(fingerprints.matches(i, state(i), 0)).toBe(true);
      expect(fingerprints.matches(i, state(i + 1), 0)).toBe(false);
      expect(fingerprints.parentOf(i)).toBe(i - 1);
    }
    expect(insert(fingerprints, state(5_000), 0)).toBe(5_000);
  });
});
