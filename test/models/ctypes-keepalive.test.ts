import { describe, expect, it } from 'vitest';
import model, { currentSlots, eventuallyFreed, noLeak, useAfterFree, visibility } from '../../models/ctypes-keepalive/ctypes-keepalive.js';
import { compiledCode, frameTable, sourceOf, variantNames } from '../../models/ctypes-keepalive/program.js';
import { check } from '../../checker/check.js';
import { describeOutcome } from '../../checker/result.js';
import { always, defineModel } from '../../spec/index.js';
import type { Model } from '../../spec/model.js';
import { checkAndReplay, checkVariant, expectStory, storyOf } from '../support/variants.js';

const ctypes = model as unknown as Model;
const clean = ['ignore-call', 'root-released', 'opaque-keep-alive'] as const;
const reachability = [
  'the GC runs between the field store and the C call',
  'the C call runs',
  'every int is collected after its last use, before the final full GC',
  'a compaction moves an int while the struct holds its address',
];

/** The seed's story, step by step, as the shortest use-after-free trace must tell it. */
const seedStory = [
  /^let my_struct_pointer = Ctypes\.allocate_n ~count:1 MyStructure\.typ: malloc gives the struct's C block/,
  /^let my_int_pointer = Ctypes\.allocate_n ~count:1 Ctypes\.int: malloc gives the int's C block/,
  /^my_int_pointer <-@ 3: the int's C block holds 3/,
  /^my_struct_pointer \|-> MyStructure\.int_ptr_field <-@ my_int_pointer: .*the compiled code never reads my_int_pointer again/,
  /^the GC runs at this safepoint .*the frame table lists my_struct_pointer; global roots: none.*the int's managed buffer is not reached: garbage/,
  /^the sweep reaches the int's managed buffer: its finaliser \(ctypes' finalize_free\) frees the int's C block/,
  /^let ret = a_foreign_call_into_c my_struct_pointer: .*the int's C block was freed, a use after free/,
];


/** A property that fails exactly in the author's open case: the int was moved, not freed, and C then read it. */
const movedAndRead = 'witness: an int moved before the call, and the call read it';
const withWitness = defineModel({
  ...ctypes,
  build: (ctx) => {
    const built = ctypes.build(ctx);
    type S = { observed: { intMovedBeforeCall: boolean }; readAfterFree: string | null; pc: number };
    const calledAndFine = (s: S) => s.observed.intMovedBeforeCall && s.readAfterFree === null && built.properties['the C call runs'].holds(s);
    return { ...built, properties: { ...built.properties, [movedAndRead]: always<S>((s) => !calledAndFine(s)) } } as typeof built;
  },
}) as unknown as Model;


describe('ctypes-keepalive: the compiled code and its frame table', () => {
  it('the inliner drops `ignore my_int_pointer`, and my_int_pointer leaves the frame table right after the store', () => {
    const source = sourceOf('ignore-inlined', 1);
    const inlined = compiledCode('ignore-inlined', 1);
    expect(source.map((s) => s.text)).toContain('ignore my_int_pointer');
    expect(inlined.map((s) => s.text)).not.toContain('ignore my_int_pointer');
    expect(inlined).toEqual(compiledCode('no-keep-alive', 1));
    // Safepoint 4 is right before the C call.
    expect(frameTable(inlined)[4]).toEqual(['my_struct_pointer']);
  });

  it('compiled as a call, ignore keeps my_int_pointer in the frame table across the C call', () => {
    const code = compiledCode('ignore-call', 1);
    expect(code.map((s) => s.text)).toContain('ignore my_int_pointer');
    const table = frameTable(code);
    expect(table[4]).toEqual(['my_struct_pointer', 'my_int_pointer']);
    expect(table[5]).toEqual(['my_int_pointer']);
    expect(table[6]).toEqual([]);
  });

  it('the opaque use_value survives the inliner; a released root keeps only my_int_root live', () => {
    expect(compiledCode('opaque-keep-alive', 1).map((s) => s.text)).toContain('Ctypes_memory_stubs.use_value my_int_pointer');
    expect(frameTable(compiledCode('root-released', 1))[4]).toEqual(['my_struct_pointer', 'my_int_root']);
  });
});

describe('ctypes-keepalive: the bug', () => {
  it('no-keep-alive: the GC-visibility invariant fails right after the int\'s address is stored (4 steps)', () => {
    const result = checkVariant(ctypes, 'no-keep-alive');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: visibility, kind: 'always' });
    expectStory(storyOf(result), seedStory.slice(0, 4));
    expect(result.outcome.verdict === 'violates' && result.outcome.explanation).toMatch(
      /int_ptr_field holds the address of the int's C block, but no root reaches the int's managed buffer: the frame table lists my_struct_pointer; global roots: none/,
    );
  });

  it('no-keep-alive: the shortest use after free is the seed\'s story in 7 steps', () => {
    const result = checkAndReplay(ctypes, { variant: 'no-keep-alive', properties: [useAfterFree] });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: useAfterFree, kind: 'always' });
    expectStory(storyOf(result), seedStory);
    expect(result.outcome.verdict === 'violates' && result.outcome.explanation).toMatch(/ctypes' finalize_free\) had already freed/);
  });

  it('the visibility invariant fails three steps before the use after free, on the same path', () => {
    const early = storyOf(check(ctypes, { variant: 'no-keep-alive' }));
    const late = storyOf(check(ctypes, { variant: 'no-keep-alive', properties: [useAfterFree] }));
    expect(late.slice(0, early.length)).toEqual(early);
    expect(late.length - early.length).toBe(3);
  });

  it('ignore-inlined fails exactly as the bug does, for both properties', () => {
    const result = checkVariant(ctypes, 'ignore-inlined');
    expect(storyOf(result)).toEqual(storyOf(check(ctypes, { variant: 'no-keep-alive' })));
    const uaf = checkAndReplay(ctypes, { variant: 'ignore-inlined', properties: [useAfterFree] });
    expect(storyOf(uaf)).toEqual(storyOf(check(ctypes, { variant: 'no-keep-alive', properties: [useAfterFree] })));
    expectStory(storyOf(uaf), seedStory);
  });

  it('with two ints, visibility fails as soon as the first int\'s address is in the struct', () => {
    const result = checkAndReplay(ctypes, { variant: 'no-keep-alive', properties: [visibility], params: { ints: 2 } });
    const story = storyOf(result);
    expect(story).toHaveLength(4);
    expect(story[3]).toMatch(/int_ptr_field_1 <-@ my_int_pointer_1: .*never reads my_int_pointer_1 again/);
  });
});

describe('ctypes-keepalive: the global root', () => {
  it('root-leaked: no use after free, but after return and a full GC the int and its root cell are still allocated', () => {
    const result = checkVariant(ctypes, 'root-leaked');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: noLeak, kind: 'atEnd' });
    const story = storyOf(result);
    expect(story).toHaveLength(7);
    expect(story[1]).toMatch(/static_allocate_n .*Ctypes\.Root\.create registers a global root .*drops root_ptr/);
    expect(story[4]).toMatch(/a_foreign_call_into_c my_struct_pointer: .*it reads 3/);
    expect(story[6]).toMatch(/Gc\.full_major \(\).*free the struct's C block$/);
    expect(result.outcome.verdict === 'violates' && result.outcome.explanation).toMatch(
      /the int's C block and my_int_pointer's root cell are still allocated: .*that int lives forever/,
    );
    expect(checkAndReplay(ctypes, { variant: 'root-leaked', properties: [visibility, useAfterFree, currentSlots] }).outcome.verdict).toBe('holds');
  });
});

describe('ctypes-keepalive: every block the function allocated is eventually freed (liveness)', () => {
  it('root-leaked: the run ends in a final state with the int and its root cell still allocated, and stays there', () => {
    const result = checkAndReplay(ctypes, { variant: 'root-leaked', properties: [eventuallyFreed] });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: eventuallyFreed, kind: 'eventually' });
    const trace = result.outcome.verdict === 'violates' ? result.outcome.trace! : undefined;
    expect(trace!.steps).toHaveLength(7);
    expect(trace!.loop).toBe(7);
    expect(result.outcome.verdict === 'violates' && result.outcome.explanation).toBe(
      "the int's C block and my_int_pointer's root cell are never freed. The state after step 7 is final (no action is enabled), so the behaviour stays there forever.",
    );
  });

  for (const variant of variantNames.filter((v) => v !== 'root-leaked')) {
    it(`${variant}: every block is freed in the end, however often the collector runs`, () => {
      expect(checkAndReplay(ctypes, { variant, properties: [eventuallyFreed] }).outcome.verdict).toBe('holds');
    });
  }

  it('without fairness the collector may run forever before the function takes its first step', () => {
    const unfair = defineModel({ ...ctypes, build: (ctx) => ({ ...ctypes.build(ctx), fairness: undefined }) }) as unknown as Model;
    const result = check(unfair, { variant: 'ignore-call', properties: [eventuallyFreed] });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: eventuallyFreed });
    expect(storyOf(result)).toEqual([expect.stringMatching(/^the GC runs at this safepoint/)]);
    expect(result.warnings).toEqual([expect.stringMatching(/without fairness/)]);
  });
});

describe('ctypes-keepalive: the fixes hold, and not vacuously', () => {
  const states: Record<(typeof clean)[number], number> = { 'ignore-call': 496, 'root-released': 466, 'opaque-keep-alive': 496 };
  for (const variant of clean) {
    it(`${variant}: every property holds over ${states[variant]} states, and every reachability check is met`, () => {
      const built = ctypes.build({ params: { ints: 1, spareHeapSlots: 1, compaction: true }, variant });
      expect(Object.keys(built.properties)).toEqual(expect.arrayContaining([visibility, useAfterFree, currentSlots, noLeak, ...reachability]));
      const result = checkVariant(ctypes, variant);
      expect(result.stats.states).toBe(states[variant]);
    });
  }
});

describe('ctypes-keepalive: compaction, the author\'s open question', () => {
  it('moving the int while the struct holds its address is harmless: C reads it after the move', () => {
    const result = check(withWitness, { variant: 'root-released', properties: [movedAndRead] });
    const story = storyOf(result);
    expect(story).toHaveLength(6);
    expect(story[4]).toMatch(/^Gc\.compact slides .*the int's managed buffer 2 → 1.*the dead slot of my_int_pointer keeps the old address; C memory is not touched/);
    expect(story[5]).toMatch(/a_foreign_call_into_c my_struct_pointer: .*it reads 3/);
  });

  for (const variant of variantNames) {
    it(`${variant}: the same verdict and the same trace with and without compaction`, () => {
      const moving = check(ctypes, { variant });
      const still = check(ctypes, { variant, params: { compaction: false } });
      expect(describeOutcome(still.outcome)).toBe(describeOutcome(moving.outcome));
      expect(storyOf(still)).toEqual(storyOf(moving));
      const uaf = (compaction: boolean) => storyOf(check(ctypes, { variant, params: { compaction }, properties: [useAfterFree] }));
      expect(uaf(false)).toEqual(uaf(true));
      if (moving.outcome.verdict === 'holds') expect(still.stats.states).toBeLessThan(moving.stats.states);
    });
  }

  it('without compaction nothing moves: the witness of the moved int is never met', () => {
    expect(check(withWitness, { variant: 'root-released', params: { compaction: false }, properties: [movedAndRead] }).outcome.verdict).toBe('holds');
  });
});

describe('ctypes-keepalive: determinism', () => {
  it('gives the same counts and the same trace every time', () => {
    const a = check(ctypes, { variant: 'no-keep-alive', properties: [useAfterFree] });
    const b = check(ctypes, { variant: 'no-keep-alive', properties: [useAfterFree] });
    expect(b.stats.states).toBe(a.stats.states);
    expect(storyOf(b)).toEqual(storyOf(a));
  });
});
