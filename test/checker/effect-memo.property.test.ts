import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { codecFor } from '../../checker/encoding/codec.js';
import { compileEffects, type Effect } from '../../checker/search/dispatch.js';
import { EffectMemo } from '../../checker/search/effect-memo/effect-memo.js';

const Phase = z.enum(['idle', 'wait', 'crit']);
const State = z.object({
  pc: z.array(Phase).length(3),
  flag: z.array(z.boolean()).length(3),
  turn: z.number().int().min(0).max(2),
  queue: z.array(z.number().int().min(0).max(3)).max(3),
  cells: z.array(z.object({ owner: z.number().int().min(0).max(2).nullable(), marked: z.boolean() })).max(2),
  pair: z.tuple([z.number().int().min(0).max(5), z.enum(['a', 'b'])]),
});
type S = z.infer<typeof State>;

const states: fc.Arbitrary<S> = fc.record({
  pc: fc.array(fc.constantFrom(...Phase.options), { minLength: 3, maxLength: 3 }),
  flag: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  turn: fc.integer({ min: 0, max: 2 }),
  queue: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
  cells: fc.array(fc.record({ owner: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }), marked: fc.boolean() }), { maxLength: 2 }),
  pair: fc.tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom('a' as const, 'b' as const)),
});

/**
 * Effects written the ways model authors write them: index writes, reads through array
 * methods, spreads and iteration, reads that depend on earlier reads, lists that grow and
 * shrink, objects inside lists, reads after writes, and things a proxy cannot stand in for.
 */
const effects: Record<string, (s: S) => void> = {
  'write an index': (s) => {
    s.pc[1] = 'wait';
  },
  'read through every, then maybe write': (s) => {
    if (s.flag.every((f) => !f)) s.turn = (s.turn + 1) % 3;
  },
  'reads that depend on a read': (s) => {
    if (s.pc[s.turn] === 'crit') s.flag[s.turn] = !s.flag[(s.turn + 1) % 3];
  },
  'push onto a list, or out of range': (s) => {
    s.queue.push(s.turn);
  },
  'shift a list': (s) => {
    const head = s.queue.shift();
    if (head !== undefined) s.turn = Math.min(head, 2);
  },
  'write one list element, read another': (s) => {
    s.queue[0] = 3;
    s.turn = Math.min(s.queue[1] ?? 0, 2);
  },
  'spread, reverse, write back': (s) => {
    const copy = [...s.flag].reverse();
    copy.forEach((f, i) => (s.flag[i] = f));
  },
  'assign a whole array': (s) => {
    s.flag = s.flag.map((f) => !f);
  },
  'stringify a part': (s) => {
    s.turn = JSON.stringify(s.pc).length % 3;
  },
  'keys and entries': (s) => {
    s.turn = Object.keys(s).length % 3;
    for (const [k, v] of Object.entries(s.pair)) if (k === '1' && v === 'b') s.pair[0] = 5;
  },
  'write into an object in a list': (s) => {
    const cell = s.cells[0];
    if (cell) cell.marked = !cell.marked;
    if (s.cells.indexOf(cell!) !== 0 && cell) s.turn = 2;
  },
  'structuredClone of a part': (s) => {
    const copy = structuredClone(s.pair);
    s.pair[0] = copy[0] === 5 ? 0 : copy[0] + 1;
  },
  'read after write': (s) => {
    s.turn = 0;
    if (s.turn === 0) s.pair[0] = s.pair[0] < 5 ? s.pair[0] + 1 : 0;
  },
  'delete a field': (s) => {
    delete (s as Partial<S>).pair;
  },
  'an out-of-domain write, sometimes': (s) => {
    s.turn = s.turn + (s.flag[0] ? 1 : 0);
  },
  'filter a list of objects': (s) => {
    s.cells = s.cells.filter((c) => c.owner !== null);
  },
};
const names = Object.keys(effects);
const codec = codecFor(State);
const runEffect = compileEffects(Object.values(effects) as Effect[], names.map(() => undefined));

/** The successor as the search makes it without the memo: the effect on a copy, encoded; or the error it throws. */
function plain(action: number, state: S): Uint32Array | string {
  const next = codec.clone(state);
  try {
    runEffect(action, next);
    const out = new Uint32Array(codec.words);
    codec.encode(next, out, 0);
    return out;
  } catch (error) {
    return String(error);
  }
}

describe('the effect memo', () => {
  it('makes exactly the successor, or the error, that running the effect makes, whatever it has seen before', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(states, fc.nat(names.length - 1)), { minLength: 1, maxLength: 300 }), (steps) => {
        const memo = new EffectMemo(codec, names.length, runEffect, 0);
        const words = new Uint32Array(codec.words);
        // Every step twice, so that the second is made from the memo when the first was remembered.
        for (const [state, action] of [...steps, ...steps]) {
          codec.encode(state, words, 0);
          const parent = codec.decode(words, 0);
          const expected = plain(action, state);
          const out = new Uint32Array(codec.words);
          let got: Uint32Array | string = out;
          try {
            memo.successor(action, parent, words, 0, out, 0);
          } catch (error) {
            got = String(error);
          }
          expect(got, `${names[action]} on ${JSON.stringify(state)}`).toEqual(expected);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('hits on a transition it has seen, and not on one whose read bits differ', () => {
    const counted = { calls: 0 };
    const Small = z.object({ a: z.array(z.boolean()).length(4), n: z.number().int().min(0).max(7) });
    const small = codecFor(Small);
    const run = compileEffects(
      [
        ((s: z.infer<typeof Small>) => {
          counted.calls++;
          s.a[0] = !s.a[0];
        }) as Effect,
      ],
      [undefined],
    );
    const memo = new EffectMemo(small, 1, run, 0);
    const words = new Uint32Array(small.words);
    const out = new Uint32Array(small.words);
    const successor = (state: z.infer<typeof Small>) => {
      small.encode(state, words, 0);
      memo.successor(0, small.decode(words, 0), words, 0, out, 0);
      return small.decode(out, 0);
    };
    expect(successor({ a: [false, true, false, true], n: 3 })).toEqual({ a: [true, true, false, true], n: 3 });
    // Only a[0] was read: every state with a[0] false is made from the memo.
    expect(successor({ a: [false, false, false, false], n: 6 })).toEqual({ a: [true, false, false, false], n: 6 });
    expect(counted.calls).toBe(1);
    expect(successor({ a: [true, false, true, false], n: 0 })).toEqual({ a: [false, false, true, false], n: 0 });
    expect(counted.calls).toBe(2);
  });
});
