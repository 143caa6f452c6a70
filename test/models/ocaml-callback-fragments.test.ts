import { describe, expect, it } from 'vitest';
import model from '../../models/ocaml-callback-fragments/ocaml-callback-fragments.js';
import { buildSystem } from '../../models/ocaml-callback-fragments/build.js';
import { DESIGNS, VARIANTS, type Design, type Variant } from '../../models/ocaml-callback-fragments/design.js';
import {
  ARGUMENTS,
  CODE_POINTERS,
  DEAD_MEMORY_SCANNED,
  FREED,
  MANY_ARGUMENTS,
  RACE_WINDOW,
} from '../../models/ocaml-callback-fragments/properties.js';
import type { Model } from '../../spec/model.js';
import { check } from '../../checker/check.js';
import { assertSymmetric } from '../../checker/assertions.js';
import type { CheckResult } from '../../checker/result.js';
import { checkAndReplay, checkVariant, expectStory, storyOf } from '../support/variants.js';

/** The seed's seven steps, as the leak variants tell them (the fragment handling at exit differs). */
const leakStory = (exit: RegExp): RegExp[] => [
  /^domain 0 spawns domain 1 \(Domain\.spawn\): its new thread's TLS, which holds the thread's copy of the callback code, is block 0$/,
  /^domain 1's thread calls back .*caml_callback_res.*first callback on this thread: it initialises the callback code in its TLS \(block 0\), registers it as a code fragment and writes ACC 4; APPLY 1 into it$/,
  /^domain 1's interpreter runs its callback code, ACC 4; APPLY 1: it applies f to its 1 argument$/,
  exit,
  /^domain 0 allocates value v0 on its minor heap; only a local variable on its bytecode stack refers to it$/,
  /^domain 0's minor GC promotes value v0 to the major heap, into block 0, memory that was the TLS of domain 1, still registered as domain 1's callback code fragment$/,
  /^a major cycle begins: .*domain 0 skips value v0 in block 0, taking it for a code pointer \(block 0 lies in domain 1's callback code fragment\)$/,
  /^marking ends and the sweep frees value v0 \(block 0\), unmarked although domain 0's stack still refers to it$/,
];
const NEVER_UNREGISTERED = /^f returns and domain 1 terminates: its thread exits and the C library frees its TLS \(block 0\), but its callback code stays registered as a code fragment$/;
const UNREGISTERED_WHEN_JOINED = /^f returns and domain 1 terminates: its thread exits and the C library frees its TLS \(block 0\); its callback code fragment stays registered until a domain joins it$/;

const explanationOf = (result: CheckResult): string => (result.outcome.verdict === 'violates' ? result.outcome.explanation : '');

/** The model with one variant's design changed: the same build function, one mechanism switched off. */
function weakened(change: Design): Model {
  return { ...model, build: ({ params }) => buildSystem(params as Parameters<typeof buildSystem>[0], change) };
}

describe('ocaml-callback-fragments', () => {
  it('per-thread-leak: the shortest trace is the seed story, 8 steps, ending with the sweep freeing a value on a stack', () => {
    const result = checkVariant(model, 'per-thread-leak');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: FREED, kind: 'always' });
    expectStory(storyOf(result), leakStory(NEVER_UNREGISTERED));
    expect(explanationOf(result)).toMatch(/^value v0 in block 0 was freed by the sweep while domain 0's stack still refers to it/);
    expect(explanationOf(result)).toMatch(/block 0 lies in domain 1's callback code fragment, which is still registered although block 0 was the TLS of domain 1/);
    expect(result.stats).toMatchObject({ states: 634, transitions: 1938 });
  });

  it('global-mutable: two domains write the shared callback code; one applies the wrong slot to the wrong number of arguments', () => {
    const result = checkVariant(model, 'global-mutable');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: ARGUMENTS });
    expectStory(storyOf(result), [
      /^domain 0 spawns domain 1 \(Domain\.spawn\): its new thread's TLS is block 0$/,
      /^domain 0 calls a C function that calls back into OCaml with 2 arguments; it writes ACC 5; APPLY 2 into the shared callback code$/,
      /^domain 1's thread calls back .*; it writes ACC 4; APPLY 1 into the shared callback code$/,
      /^domain 0's interpreter runs the shared callback code, now ACC 4; APPLY 1: its caller pushed 2 arguments, so it takes the wrong stack slot/,
    ]);
    expect(result.stats).toMatchObject({ states: 153, transitions: 310 });
  });

  it('unregister-after-free: the window between the TLS free and the join is reachable; the join never comes in time', () => {
    const result = checkVariant(model, 'unregister-after-free');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: FREED });
    expectStory(storyOf(result), leakStory(UNREGISTERED_WHEN_JOINED));
    expect(result.stats).toMatchObject({ states: 718, transitions: 2115 });
  });

  it('unregister-in-callback: at_exit hooks unregister the code while f still returns into it', () => {
    const result = checkVariant(model, 'unregister-in-callback');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: CODE_POINTERS });
    expectStory(storyOf(result), [
      /^domain 0 spawns domain 1 /,
      /^domain 1's thread calls back .*registers it as a code fragment/,
      /^domain 1's interpreter runs its callback code/,
      /^domain 1's Domain\.at_exit hooks run inside f and call uninit_callback: its callback code fragment \(block 0\) is unregistered while f's return address still points into it$/,
    ]);
    expect(explanationOf(result)).toMatch(/^domain 1's callback frame returns into its thread's callback code \(callback_code \+ 4, block 0\), but the code-fragment table has no entry for block 0/);
    expect(result.stats).toMatchObject({ states: 134, transitions: 299 });
  });

  it.each([
    ['fixed-thunks', 739, 2559, 3],
    ['unregister-at-exit', 693, 2423, 2],
    ['interpreter-entry', 693, 2423, 2],
  ] as const)('%s: holds over all %i states (symmetry-reduced), with the dead-memory scan and sweep, a callbackN and the race window reached', (variant, states, transitions, manyArgumentSteps) => {
    const result = checkVariant(model, variant);
    expect(result.stats).toMatchObject({ states, transitions });
    expect(result.reached).toEqual(
      expect.arrayContaining([
        { property: DEAD_MEMORY_SCANNED, steps: 8 },
        { property: MANY_ARGUMENTS, steps: manyArgumentSteps },
        { property: RACE_WINDOW, steps: 3 },
      ]),
    );
  });

  it('the witness of the dead-memory check is the seed story with the fix: the scan marks the value and the sweep keeps it', () => {
    const result = check(model, { variant: 'unregister-at-exit', witness: DEAD_MEMORY_SCANNED });
    const story = result.witness!.trace.steps.map((s) => s.description);
    expect(story[3]).toMatch(/uninit_callback unregisters its callback code fragment, then its thread exits and the C library frees its TLS \(block 0\)$/);
    expect(story.slice(-2)).toEqual([
      'a major cycle begins: every domain scans its stack (stop-the-world); domain 0 marks value v0 in block 0',
      'marking ends and the sweep frees nothing',
    ]);
  });

  it('per-thread-leak never marks a value in a dead thread\'s memory: the leaked fragment is a blind spot for good', () => {
    const result = check(model, { variant: 'per-thread-leak', properties: [DEAD_MEMORY_SCANNED] });
    expect(result.outcome).toMatchObject({ verdict: 'violates', kind: 'sometimes' });
  });

  it.each([
    ['per-thread-leak', ARGUMENTS],
    ['per-thread-leak', CODE_POINTERS],
    ['unregister-after-free', ARGUMENTS],
    ['unregister-after-free', CODE_POINTERS],
    ['unregister-in-callback', FREED],
    ['unregister-in-callback', ARGUMENTS],
    ['global-mutable', FREED],
    ['global-mutable', CODE_POINTERS],
  ])('%s fails for its own reason only: "%s" holds', (variant, property) => {
    expect(check(model, { variant, properties: [property] }).outcome.verdict).toBe('holds');
  });

  describe('every fix, weakened, fails', () => {
    const cases: [Variant, string, Design, string, number][] = [
      ['fixed-thunks', 'one shared code written on every call', { ...DESIGNS['fixed-thunks'], entry: { via: 'operands-written' } }, ARGUMENTS, 4],
      ['fixed-thunks', 'the static code not registered at startup', { ...DESIGNS['fixed-thunks'], registeredAtStartup: false }, CODE_POINTERS, 1],
      [
        'fixed-thunks',
        'the arguments beyond the third not registered as roots',
        { ...DESIGNS['fixed-thunks'], entry: { via: 'code-per-arity', remainingArgumentsRooted: false } },
        FREED,
        2,
      ],
      ['unregister-at-exit', 'never unregistered', DESIGNS['per-thread-leak'], FREED, 8],
      ['unregister-at-exit', 'unregistered too late, when joined', DESIGNS['unregister-after-free'], FREED, 8],
      ['unregister-at-exit', 'unregistered too early, in the at_exit hooks', DESIGNS['unregister-in-callback'], CODE_POINTERS, 4],
      ['interpreter-entry', 'the closure not registered as a local root', { ...DESIGNS['interpreter-entry'], entry: { via: 'interpreter-entry', closureRooted: false } }, FREED, 4],
      ['interpreter-entry', 'the STOP not registered at startup', { ...DESIGNS['interpreter-entry'], registeredAtStartup: false }, CODE_POINTERS, 1],
      ['interpreter-entry', 'the argument count written into shared code', { ...DESIGNS['interpreter-entry'], entry: { via: 'operands-written' } }, ARGUMENTS, 4],
    ];

    it.each(cases)('%s with %s violates its property', (variant, _what, design, property, steps) => {
      expect(check(model, { variant }).outcome.verdict).toBe('holds');
      const result = checkAndReplay(weakened(design), { variant });
      expect(result.outcome).toMatchObject({ verdict: 'violates', property });
      expect(storyOf(result)).toHaveLength(steps);
    });

    it('interpreter-entry without CAMLparam1: a cycle starting before the interpreter takes f frees it', () => {
      const design: Design = { ...DESIGNS['interpreter-entry'], entry: { via: 'interpreter-entry', closureRooted: false } };
      const result = check(weakened(design), { variant: 'interpreter-entry' });
      expectStory(storyOf(result), [
        /^domain 0 spawns domain 1 /,
        /^domain 1's thread calls back .*return address is the static STOP instruction; f is not on the stack: it stays in a C variable that no root registers \(no CAMLparam1\)$/,
        /^a major cycle begins: .*nothing marks domain 1's closure f, held only in a C variable of caml_callbackN_exn that no root registers$/,
        /^marking ends and the sweep frees domain 1's closure f, unmarked although domain 1 is about to run it$/,
      ]);
      expect(explanationOf(result)).toMatch(/the interpreter is about to enter freed code$/);
    });

    it('fixed-thunks without Begin_roots_block: a minor GC during callback3 leaves the 4th argument dangling', () => {
      const design: Design = { ...DESIGNS['fixed-thunks'], entry: { via: 'code-per-arity', remainingArgumentsRooted: false } };
      const result = check(weakened(design), { variant: 'fixed-thunks' });
      expectStory(storyOf(result), [
        /^domain 0 calls a C function that allocates value v0 .* with 4 arguments \(caml_callbackN\).*iterates callback3: it keeps the argument beyond the third, v0, in its C array without registering it as a root/,
        /^domain 0's minor GC does not see value v0, which no root registers, and reuses its minor-heap memory: v0 is left dangling$/,
      ]);
      expect(explanationOf(result)).toMatch(/^value v0, an argument of domain 0's caml_callbackN waiting in its C array for the next iteration, was left behind by a minor GC/);
    });
  });

  it('fixed-thunks iterates callback3 for 4 arguments: a partial application, then the code for 1 argument', () => {
    const result = check(model, { variant: 'fixed-thunks', witness: MANY_ARGUMENTS });
    expectStory(
      result.witness!.trace.steps.map((s) => s.description),
      [
        /^domain 0 calls a C function that allocates value v0 .*registered as a root \(Begin_roots_block\), and calls callback3 with the first 3 through the immutable callback code for 3 arguments$/,
        /^domain 0's interpreter runs the callback code for 3 arguments: the closure takes 3 of its 4 arguments and returns a partial application to C; caml_callbackN_exn calls back with it and the rest \(v0\), now pushed on the bytecode stack, through the code for 1 argument$/,
        /^domain 0's interpreter runs the callback code for 1 argument: the partial application now has all 4 arguments and the closure's body runs$/,
      ],
    );
  });

  describe('re-registration at the same start address (3 domains: a new thread\'s TLS lands where a dead one\'s was)', () => {
    const params = { domains: 3 };

    it('unregister-after-free: joining the dead domain removes the live one\'s entry while its frame returns into it (7 steps, before the 8-step free)', () => {
      const result = checkAndReplay(model, { variant: 'unregister-after-free', params });
      expect(result.outcome).toMatchObject({ verdict: 'violates', property: CODE_POINTERS });
      expectStory(storyOf(result), [
        ...leakStory(UNREGISTERED_WHEN_JOINED).slice(0, 4),
        /^domain 0 spawns domain 2 .* is block 0$/,
        /^domain 2's thread calls back .*registers it as a code fragment \(the table, keyed by start address, already has an entry for block 0, domain 1's: the registration overwrites it\)/,
        /^domain 0 joins domain 1 and unregisters its callback code fragment \(block 0\), after the C library freed the TLS that held it; the table's entry for block 0 now describes domain 2's callback code, and the removal deletes it$/,
      ]);
      expect(explanationOf(result)).toMatch(/^domain 2's callback frame returns into its thread's callback code \(callback_code \+ 4, block 0\), but the code-fragment table has no entry for block 0: a removal at the same start address deleted the entry/);
      const freed = check(model, { variant: 'unregister-after-free', params, properties: [FREED] });
      expect(storyOf(freed)).toHaveLength(8);
    });

    it.each(['per-thread-leak', 'unregister-at-exit'])('%s: the overwritten entry breaks nothing', (variant) => {
      expect(check(model, { variant, params, properties: [CODE_POINTERS] }).outcome.verdict).toBe('holds');
    });

    it('unregister-at-exit holds exhaustively', () => {
      const result = checkVariant(model, 'unregister-at-exit', { params });
      expect(result.stats).toMatchObject({ states: 4095, transitions: 16_059 });
    });
  });

  it('with 3 domains and 2 values: the same 8-step story, exhaustive clean checks', () => {
    const params = { domains: 3, values: 2, blocks: 2 };
    const leak = check(model, { variant: 'per-thread-leak', params });
    expect(leak.outcome).toMatchObject({ verdict: 'violates', property: FREED });
    expect(storyOf(leak)).toHaveLength(8);
    const clean = check(model, { variant: 'interpreter-entry', params });
    expect(clean.outcome.verdict).toBe('holds');
    expect(clean.stats).toMatchObject({ states: 11_512, transitions: 51_144 });
  });

  describe('symmetry: blocks and values are interchangeable (domain 0 is not, so the domains are not declared)', () => {
    /** Each variant's states and transitions at the defaults, unreduced (as before the declaration) and reduced. */
    const counts: [Variant, [number, number], [number, number]][] = [
      ['per-thread-leak', [1184, 3525], [634, 1938]],
      ['global-mutable', [261, 462], [153, 310]],
      ['fixed-thunks', [1452, 4988], [739, 2559]],
      ['unregister-at-exit', [1362, 4724], [693, 2423]],
      ['unregister-in-callback', [224, 444], [134, 299]],
      ['unregister-after-free', [1316, 3797], [718, 2115]],
      ['interpreter-entry', [1362, 4724], [693, 2423]],
    ];
    const sameStory = (reduced: CheckResult, full: CheckResult) => {
      expect(reduced.outcome.verdict).toBe(full.outcome.verdict);
      expect(storyOf(reduced)).toEqual(storyOf(full));
      expect(explanationOf(reduced)).toBe(explanationOf(full));
    };

    it.each(counts)('%s: the unreduced graph is unchanged; the reduced check tells the same story, as a trace that replays', (variant, unreduced, reduced) => {
      const full = check(model, { variant, symmetry: 'off' });
      const result = checkAndReplay(model, { variant });
      expect([full.stats.states, full.stats.transitions]).toEqual(unreduced);
      expect([result.stats.states, result.stats.transitions]).toEqual(reduced);
      expect(result.symmetry).toEqual({ form: 'exact', sets: [{ name: 'block', size: 2 }] }); // one value: nothing to permute
      sameStory(result, full);
    });

    // The violating variants, whose searches stop at their traces: at this size the clean ones take a few seconds unreduced.
    it.each(VARIANTS.filter((v) => model.variants[v].expect.verdict !== 'holds'))(
      '%s with 3 domains and 2 values: the same verdict and trace, reduced or not',
      (variant) => {
        const params = { domains: 3, values: 2, blocks: 2 };
        sameStory(checkAndReplay(model, { variant, params }), check(model, { variant, params, symmetry: 'off' }));
      },
    );

    it.each(VARIANTS)('%s honours the declaration under every permutation of 3 values, and of 3 blocks', (variant) => {
      for (const params of [{ values: 3, blocks: 1 }, { blocks: 3 }]) {
        expect(assertSymmetric(model, { variant, params }).permutations).toHaveLength(2);
      }
    });

    it("unregister-after-free honours it with 3 domains, where a new thread's TLS reuses a dead one's block", () => {
      expect(assertSymmetric(model, { variant: 'unregister-after-free', params: { domains: 3, blocks: 2 } }).states).toBe(17_690);
    });
  });

  it('gives the same counts and the same trace every time', () => {
    const a = check(model, { variant: 'per-thread-leak' });
    const b = check(model, { variant: 'per-thread-leak' });
    expect(b.stats.states).toBe(a.stats.states);
    expect(storyOf(b)).toEqual(storyOf(a));
  });
});
