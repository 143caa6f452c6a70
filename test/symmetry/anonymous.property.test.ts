import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { check } from '../../checker/check.js';
import { defineModel, holds, scalarset, system, type DeepReadonly } from '../../spec/index.js';

// Threads that no field names: each has a place and a bit, and a rule moves a thread when few
// enough threads are at some place. Ids with equal data are then interchangeable without any
// renaming elsewhere, which the exact form exploits by not trying their orders.

interface Rule {
  readonly from: number;
  readonly to: number;
  readonly watch: number;
  readonly below: number;
  readonly flip: boolean;
}

interface S {
  place: number[];
  bit: boolean[];
}

const specs = fc.record({
  threads: fc.integer({ min: 1, max: 5 }),
  rules: fc.array(
    fc.record({ from: fc.integer({ min: 0, max: 2 }), to: fc.integer({ min: 0, max: 2 }), watch: fc.integer({ min: 0, max: 2 }), below: fc.integer({ min: 1, max: 4 }), flip: fc.boolean() }),
    { minLength: 1, maxLength: 4 },
  ),
});

const enabled = (r: Rule, s: { readonly place: readonly number[] }, t: number): boolean =>
  s.place[t] === r.from && s.place.filter((p) => p === r.watch).length < r.below;

function fire(r: Rule, s: S, t: number): void {
  s.place[t] = r.to;
  if (r.flip) s.bit[t] = !s.bit[t];
}

function modelOf(threads: number, rules: readonly Rule[]) {
  const Thread = scalarset('thread', threads);
  return defineModel({
    name: 'anonymous-threads',
    summary: 'threads no field names',
    variants: { only: { summary: 'the rules', source: 'fast-check', expect: holds() } },
    build: () =>
      system(z.object({ place: Thread.array(z.number().int().min(0).max(2)), bit: Thread.array(z.boolean()) }), {
        init: { place: Array(threads).fill(0), bit: Array(threads).fill(false) },
        actions: Object.fromEntries(
          rules.map((r, i) => [
            `rule${i}`,
            {
              over: Thread.ids,
              guard: (s: DeepReadonly<S>, t: number) => enabled(r, s, t),
              effect: (s: S, t: number) => fire(r, s, t),
              describe: (t: number) => `${t} follows rule ${i}`,
            },
          ]),
        ),
        properties: {},
      }),
  });
}

/** The orbits of the reachable states: with no ids stored, a state's orbit is the multiset of its threads' (place, bit). */
function orbits(threads: number, rules: readonly Rule[]): number {
  const start: S = { place: Array(threads).fill(0), bit: Array(threads).fill(false) };
  const seen = new Map([[JSON.stringify(start), start]]);
  const queue = [start];
  while (queue.length > 0) {
    const s = queue.shift()!;
    for (const r of rules) {
      for (let t = 0; t < threads; t++) {
        if (!enabled(r, s, t)) continue;
        const next = structuredClone(s);
        fire(r, next, t);
        const key = JSON.stringify(next);
        if (!seen.has(key)) seen.set(key, next), queue.push(next);
      }
    }
  }
  const multiset = (s: S): string => s.place.map((p, t) => `${p}${s.bit[t]}`).sort().join();
  return new Set([...seen.values()].map(multiset)).size;
}

describe('symmetry reduction of threads that no field names', () => {
  it('the exact form stores one state per orbit without trying the orders of alike threads', () => {
    fc.assert(
      fc.property(specs, ({ threads, rules }) => {
        const result = check(modelOf(threads, rules), { symmetry: 'exact', deadlock: false });
        expect(result.stats.states).toBe(orbits(threads, rules));
      }),
      { numRuns: 100 },
    );
  });
});
