import { describe, expect, it } from 'vitest';
import model from '../../models/ocaml-callback-fragments/ocaml-callback-fragments.js';
import { check } from '../../checker/check.js';
import { checkVariant, expectStory, storyOf } from '../support/variants.js';

const FREED = 'no value is freed while a stack references it';
const ARGS = 'a callback runs with the arguments its caller wrote';
const DEAD_MEMORY = "a value on a stack lies in a dead thread's memory when a major cycle can begin";
const RACE = 'two domains prepare callbacks of different arities at once';


/** The seed's seven steps, as the leak variants tell them (the fragment handling at exit differs). */
const leakStory = (exit: RegExp): RegExp[] => [
  /^domain 0 spawns domain 1 \(Domain\.spawn\): its new thread's TLS, which holds the thread's copy of the callback code, is block 0$/,
  /^domain 1's thread calls back .*caml_callback_res.*first callback on this thread: it initialises the callback code in its TLS \(block 0\), registers it as a code fragment/,
  /^domain 1's interpreter runs its callback code, ACC 4; APPLY 1: it applies f to its 1 argument$/,
  exit,
  /^domain 0 allocates value v0 on its minor heap; only a local variable on its bytecode stack refers to it$/,
  /^domain 0's minor GC promotes value v0 to the major heap, into block 0, memory that was the TLS of domain 1, still registered as domain 1's callback code fragment$/,
  /^a major cycle begins: .*domain 0 skips value v0 in block 0, taking it for a code pointer \(block 0 lies in domain 1's callback code fragment\)$/,
  /^marking ends and the sweep frees value v0 \(block 0\), unmarked although domain 0's stack still refers to it$/,
];

describe('ocaml-callback-fragments', () => {
  it('per-thread-leak: the shortest trace is the seed story, 8 steps, ending with the sweep freeing a value on a stack', () => {
    const result = checkVariant(model, 'per-thread-leak');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: FREED, kind: 'always' });
    expectStory(
      storyOf(result),
      leakStory(/^f returns and domain 1 terminates: its thread exits and the C library frees its TLS \(block 0\), but its callback code stays registered as a code fragment$/),
    );
    const explanation = result.outcome.verdict === 'violates' ? result.outcome.explanation : '';
    expect(explanation).toMatch(/^value v0 in block 0 was freed by the sweep while domain 0's stack still refers to it/);
    expect(explanation).toMatch(/block 0 lies in domain 1's callback code fragment, which is still registered although block 0 was the TLS of domain 1/);
  });

  it('global-mutable: two domains write the shared callback code; one applies the wrong slot to the wrong number of arguments', () => {
    const result = checkVariant(model, 'global-mutable');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: ARGS });
    expectStory(storyOf(result), [
      /^domain 0 spawns domain 1 \(Domain\.spawn\): its new thread's TLS is block 0$/,
      /^domain 0 calls a C function that calls back into OCaml with 2 arguments; it writes ACC 5; APPLY 2 into the shared callback code$/,
      /^domain 1's thread calls back .*; it writes ACC 4; APPLY 1 into the shared callback code$/,
      /^domain 0's interpreter runs the shared callback code, now ACC 4; APPLY 1: its caller pushed 2 arguments, so it takes the wrong stack slot/,
    ]);
  });

  it('unregister-after-free: the window between the TLS free and the join is reachable; the join never comes in time', () => {
    const result = checkVariant(model, 'unregister-after-free');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: FREED });
    expectStory(
      storyOf(result),
      leakStory(/^f returns and domain 1 terminates: its thread exits and the C library frees its TLS \(block 0\); its callback code fragment stays registered until a domain joins it$/),
    );
  });

  it.each(['fixed-thunks', 'unregister-at-exit', 'interpreter-entry'])(
    '%s: holds over all 520 states, with the dead-memory and race paths reached',
    (variant) => {
      const result = checkVariant(model, variant);
      expect(result.stats).toMatchObject({ states: 520, transitions: 1888 });
      for (const property of [DEAD_MEMORY, RACE]) {
        expect(check(model, { variant, properties: [property] }).outcome.verdict, property).toBe('holds');
      }
    },
  );

  it.each([
    ['per-thread-leak', ARGS],
    ['unregister-after-free', ARGS],
    ['global-mutable', FREED],
  ])('%s fails for its own reason only: "%s" holds', (variant, property) => {
    expect(check(model, { variant, properties: [property] }).outcome.verdict).toBe('holds');
  });

  it('with 3 domains, 2 values and 3 blocks: the same verdicts, the same 8-step story, exhaustive clean checks', () => {
    const params = { domains: 3, values: 2, blocks: 3 };
    const leak = check(model, { variant: 'per-thread-leak', params });
    expect(leak.outcome).toMatchObject({ verdict: 'violates', property: FREED });
    expect(storyOf(leak)).toHaveLength(8);
    const clean = check(model, { variant: 'unregister-at-exit', params });
    expect(clean.outcome.verdict).toBe('holds');
    expect(clean.stats.states).toBe(61_360);
  });

  it('gives the same counts and the same trace every time', () => {
    const a = check(model, { variant: 'per-thread-leak' });
    const b = check(model, { variant: 'per-thread-leak' });
    expect(b.stats.states).toBe(a.stats.states);
    expect(storyOf(b)).toEqual(storyOf(a));
  });
});
