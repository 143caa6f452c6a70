import { describe, expect, it } from 'vitest';
import model, {
  ctypesKeepAlive,
  currentSlots,
  eventuallyFreed,
  intact,
  movedAccess,
  noLeak,
  useAfterFree,
  visibility,
  writeAfterFree,
  type Mechanisms,
} from '../../models/ctypes-keepalive/ctypes-keepalive.js';
import { compiledCode, frameTable, sourceOf, variantNames } from '../../models/ctypes-keepalive/program.js';
import { check } from '../../checker/check.js';
import { describeOutcome } from '../../checker/result.js';
import { always, defineModel } from '../../spec/index.js';
import type { Model } from '../../spec/model.js';
import { checkAndReplay, checkVariant, expectStory, storyOf } from '../support/variants.js';

const ctypes = model as unknown as Model;
const weakened = (changes: Partial<Mechanisms>) => ctypesKeepAlive(changes) as unknown as Model;
const clean = ['ignore-call', 'root-released', 'opaque-keep-alive'] as const;
const plain = { finalisers: false, keepAliveAfterCall: true };
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

/** The model with one more invariant, for a witness: the shortest run in which `bad` happens is its counterexample. */
function withWitness(name: string, bad: (s: { observed: { intMovedBeforeCall: boolean }; readAfterFree: string | null; values: Record<string, { finaliser: string }> }, called: boolean) => boolean): Model {
  return defineModel({
    ...ctypes,
    build: (ctx) => {
      const built = ctypes.build(ctx);
      type S = Parameters<typeof bad>[0];
      const called = (s: S) => built.properties['the C call runs'].holds(s);
      return { ...built, properties: { ...built.properties, [name]: always<S>((s) => !bad(s, called(s))) } } as typeof built;
    },
  }) as unknown as Model;
}

describe('ctypes-keepalive: the compiled code and its frame table', () => {
  it('the inliner drops `ignore my_int_pointer`, and my_int_pointer leaves the frame table right after the store', () => {
    const source = sourceOf('ignore-inlined', 1, plain);
    const inlined = compiledCode('ignore-inlined', 1, plain, intact);
    expect(source.map((s) => s.text)).toContain('ignore my_int_pointer');
    expect(inlined.map((s) => s.text)).not.toContain('ignore my_int_pointer');
    expect(inlined).toEqual(compiledCode('no-keep-alive', 1, plain, intact));
    // Safepoint 4 is right before the C call.
    expect(frameTable(inlined)[4]).toEqual(['my_struct_pointer']);
  });

  it('compiled as a call, ignore keeps my_int_pointer in the frame table across the C call', () => {
    const code = compiledCode('ignore-call', 1, plain, intact);
    expect(code.map((s) => s.text)).toContain('ignore my_int_pointer');
    const table = frameTable(code);
    expect(table[4]).toEqual(['my_struct_pointer', 'my_int_pointer']);
    expect(table[5]).toEqual(['my_int_pointer']);
    expect(table[6]).toEqual([]);
  });

  it('the opaque use_value survives the inliner; a released root keeps only my_int_root live', () => {
    expect(compiledCode('opaque-keep-alive', 1, plain, intact).map((s) => s.text)).toContain('Ctypes_memory_stubs.use_value my_int_pointer');
    expect(frameTable(compiledCode('root-released', 1, plain, intact))[4]).toEqual(['my_struct_pointer', 'my_int_root']);
  });

  it('the diagnostic finalisers are in the source, and a keep-alive moved before the call leaves the int dead at the call', () => {
    expect(sourceOf('no-keep-alive', 1, { ...plain, finalisers: true })[1].text).toBe(
      'let my_int_pointer = Ctypes.allocate_n ~count:1 ~finalise:my_int_finaliser Ctypes.int',
    );
    const early = compiledCode('ignore-call', 1, { ...plain, keepAliveAfterCall: false }, intact);
    expect(early.map((s) => s.kind)).toEqual(['allocate-struct', 'allocate-int', 'write-int', 'store-field', 'keep-alive-call', 'foreign-call', 'return']);
    expect(frameTable(early)[5]).toEqual(['my_struct_pointer']);
  });
});

describe('ctypes-keepalive: the bug, as check --all tells it', () => {
  it("no-keep-alive: the shortest use after free is the seed's story in 7 steps", () => {
    const result = checkVariant(ctypes, 'no-keep-alive');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: useAfterFree, kind: 'always' });
    expectStory(storyOf(result), seedStory);
    expect(result.outcome.verdict === 'violates' && result.outcome.explanation).toMatch(/ctypes' finalize_free\) had already freed/);
    expect(result.stats.states).toBe(141);
  });

  it('ignore-inlined: the same run, and its store says where the ignore went', () => {
    const result = checkVariant(ctypes, 'ignore-inlined');
    const story = storyOf(result);
    expectStory(story, seedStory);
    expect(story[3]).toMatch(/never reads my_int_pointer again \(the inliner made the later `ignore my_int_pointer` into `\(\)` and dropped it\)/);
    const bug = storyOf(check(ctypes, { variant: 'no-keep-alive' }));
    expect(story.filter((_, i) => i !== 3)).toEqual(bug.filter((_, i) => i !== 3));
    expect(result.stats.states).toBe(141);
  });

  it('with two ints, the first int freed is enough', () => {
    const story = storyOf(checkAndReplay(ctypes, { variant: 'no-keep-alive', params: { ints: 2 } }));
    expect(story.at(-1)).toMatch(/int 1's C block was freed, a use after free/);
  });
});

describe('ctypes-keepalive: the GC-visibility invariant (gcVisibility=true)', () => {
  it('fails right after the int\'s address is stored (4 steps), before any GC has run, on the path of the use after free', () => {
    const result = checkAndReplay(ctypes, { variant: 'no-keep-alive', params: { gcVisibility: true } });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: visibility, kind: 'always' });
    expectStory(storyOf(result), seedStory.slice(0, 4));
    expect(result.outcome.verdict === 'violates' && result.outcome.explanation).toMatch(
      /int_ptr_field holds the address of the int's C block, but no root reaches the int's managed buffer: the frame table lists my_struct_pointer; global roots: none/,
    );
    expect(storyOf(check(ctypes, { variant: 'no-keep-alive' })).slice(0, 4)).toEqual(storyOf(result));
  });

  it('with two ints, it fails as soon as the first int\'s address is in the struct', () => {
    const story = storyOf(checkAndReplay(ctypes, { variant: 'no-keep-alive', params: { ints: 2, gcVisibility: true } }));
    expect(story).toHaveLength(4);
    expect(story[3]).toMatch(/int_ptr_field_1 <-@ my_int_pointer_1: .*never reads my_int_pointer_1 again/);
  });

  for (const variant of [...clean, 'root-leaked'] as const) {
    it(`${variant}: holds at every safepoint`, () => {
      expect(checkAndReplay(ctypes, { variant, params: { gcVisibility: true }, properties: [visibility] }).outcome.verdict).toBe('holds');
    });
  }
});

describe('ctypes-keepalive: the global root', () => {
  it('root-leaked: no use after free, but after return and a full GC the int and its root cell are still allocated', () => {
    const result = checkVariant(ctypes, 'root-leaked');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: noLeak, kind: 'atEnd' });
    const story = storyOf(result);
    expect(story).toHaveLength(7);
    expect(story[1]).toMatch(/static_allocate_n .*Ctypes\.Root\.create registers a global root .*drops root_ptr/);
    expect(story[4]).toMatch(/a_foreign_call_into_c my_struct_pointer: .*it reads 3/);
    expect(story[6]).toMatch(/Gc\.full_major \(\).*the struct's C block is freed$/);
    expect(result.outcome.verdict === 'violates' && result.outcome.explanation).toMatch(
      /the int's C block and my_int_pointer's root cell are still allocated: .*that int lives forever/,
    );
    expect(result.stats.states).toBe(111);
    expect(checkAndReplay(ctypes, { variant: 'root-leaked', properties: [useAfterFree, currentSlots] }).outcome.verdict).toBe('holds');
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
  const states: Record<(typeof clean)[number], [number, number]> = {
    'ignore-call': [496, 1479],
    'root-released': [466, 1403],
    'opaque-keep-alive': [496, 1479],
  };
  for (const variant of clean) {
    it(`${variant}: every property holds over ${states[variant][0]} states, and every reachability check is met`, () => {
      const built = ctypes.build({ params: { ...ctypes.params.parse({}) }, variant });
      expect(Object.keys(built.properties)).toEqual(expect.arrayContaining([useAfterFree, currentSlots, noLeak, eventuallyFreed, ...reachability]));
      const result = checkVariant(ctypes, variant);
      expect([result.stats.states, result.stats.transitions]).toEqual(states[variant]);
    });
  }
});

describe('ctypes-keepalive: each fix fails without its mechanism', () => {
  const failsWith = (m: Model, variant: string, params: Record<string, unknown> = {}) => {
    const result = checkAndReplay(m, { variant, params });
    expect(result.outcome, describeOutcome(result.outcome)).toMatchObject({ verdict: 'violates', property: useAfterFree });
    return storyOf(result);
  };

  it('ignore-call, compiled with the inliner on: the ignore is dropped, and the run is the bug\'s', () => {
    const story = failsWith(weakened({ inlining: 'always' }), 'ignore-call');
    expect(story).toEqual(storyOf(check(ctypes, { variant: 'ignore-inlined' })));
  });

  it('opaque-keep-alive, if the optimiser could see that use_value does nothing: it is dropped too', () => {
    const story = failsWith(weakened({ externalsOpaque: false }), 'opaque-keep-alive');
    expect(story[3]).toMatch(/the inliner made the later `Ctypes_memory_stubs\.use_value my_int_pointer` into `\(\)` and dropped it/);
    expect(check(weakened({ inlining: 'always' }), { variant: 'opaque-keep-alive' }).outcome.verdict).toBe('holds');
  });

  it('root-released and root-leaked, if the marking skipped the global roots: the rooted int is freed', () => {
    const story = failsWith(weakened({ globalRootsScanned: false }), 'root-released');
    expect(story[4]).toMatch(/the frame table lists my_struct_pointer; global roots: my_int_pointer's Ctypes\.Root, not scanned\); the int's managed buffer is not reached: garbage/);
    // root-leaked's leak comes as early as the use after free, so the check is of the latter alone.
    const leaked = checkAndReplay(weakened({ globalRootsScanned: false }), { variant: 'root-leaked', properties: [useAfterFree] });
    expect(leaked.outcome).toMatchObject({ verdict: 'violates', property: useAfterFree });
  });

  for (const variant of clean) {
    it(`${variant}, with its keep-alive before the C call instead of after it: the int dies at the call`, () => {
      const story = failsWith(weakened({ keepAliveAfterCall: false }), variant);
      expect(story).toHaveLength(8);
      expect(story[4]).toMatch(/^(ignore|Ctypes_memory_stubs\.use_value|Ctypes\.Root\.release) my_int_(pointer|root)/);
    });
  }

  it('root-released, released too late (never): that is root-leaked, which leaks', () => {
    expect(check(ctypes, { variant: 'root-leaked' }).outcome).toMatchObject({ verdict: 'violates', property: noLeak });
  });

  for (const variant of clean) {
    it(`${variant}, with the runtime lock released, if ctypes did not hold the call's argument: the struct is freed under C`, () => {
      expect(checkAndReplay(ctypes, { variant, params: { releaseRuntimeLock: true } }).outcome.verdict).toBe('holds');
      const story = failsWith(weakened({ argumentsKeptAlive: false }), variant, { releaseRuntimeLock: true });
      expect(story.at(-1)).toMatch(/^C reads the struct's C block: it was freed, a use after free/);
    });
  }

  for (const variant of clean) {
    it(`${variant}, if the compactor did not rewrite the live frame slots: a live slot points where its value was`, () => {
      const result = checkAndReplay(weakened({ compactorRewritesFrame: false }), { variant });
      expect(result.outcome).toMatchObject({ verdict: 'violates', property: currentSlots });
      expect(storyOf(result).at(-1)).toMatch(/^Gc\.compact slides .*rewrites no frame slot; the live slot of my_struct_pointer keeps the old address/);
    });
  }
});

describe('ctypes-keepalive: compaction, the author\'s open question', () => {
  it('moving a malloc\'d int\'s owner while the struct holds its address is harmless: C reads it after the move', () => {
    const moved = 'witness: an int moved before the call, and the call read it';
    const result = check(withWitness(moved, (s, called) => s.observed.intMovedBeforeCall && s.readAfterFree === null && called), {
      variant: 'root-released',
      properties: [moved],
    });
    const story = storyOf(result);
    expect(story).toHaveLength(6);
    expect(story[4]).toMatch(/^Gc\.compact slides .*the int's managed buffer 2 → 1.*the dead slot of my_int_pointer keeps the old address; C memory is not touched/);
    expect(story[5]).toMatch(/a_foreign_call_into_c my_struct_pointer: .*it reads 3/);
  });

  for (const variant of variantNames) {
    it(`${variant}: with malloc'd ints, the same verdict and the same trace with and without compaction`, () => {
      const moving = check(ctypes, { variant });
      const still = check(ctypes, { variant, params: { compaction: false } });
      expect(describeOutcome(still.outcome)).toBe(describeOutcome(moving.outcome));
      expect(storyOf(still)).toEqual(storyOf(moving));
      if (moving.outcome.verdict === 'holds') expect(still.stats.states).toBeLessThan(moving.stats.states);
    });
  }

  for (const variant of clean) {
    it(`${variant}: with the int's memory in the OCaml heap, compaction breaks the fix; without compaction it holds`, () => {
      const result = checkAndReplay(ctypes, { variant, params: { intMemory: 'ocaml-heap' } });
      expect(result.outcome).toMatchObject({ verdict: 'violates', property: movedAccess, kind: 'always' });
      const story = storyOf(result);
      expect(story).toHaveLength(6);
      expect(story[3]).toMatch(/int_ptr_field now holds heap address 2, the int's current address, in C memory that the GC neither scans nor rewrites/);
      expect(story[4]).toMatch(/^Gc\.compact slides .*the int's OCaml block 2 → 1.*C memory is not touched/);
      expect(story[5]).toMatch(/heap address 2 no longer holds the int \(its block is at 1\)/);
      expect(result.outcome.verdict === 'violates' && result.outcome.explanation).toMatch(/rewrote only the roots it knows/);
      expect(checkAndReplay(ctypes, { variant, params: { intMemory: 'ocaml-heap', compaction: false } }).outcome.verdict).toBe('holds');
    });
  }
});

describe("ctypes-keepalive: the seed's ~finalise diagnostic (finalisers=true)", () => {
  const intFinalisedBeforeCall = 'witness: my_int_finaliser runs before the C call';
  const diagnostic = withWitness(intFinalisedBeforeCall, (s, called) => s.values.int.finaliser === 'ran' && !called);

  it('no-keep-alive: "finalise the int" is printed, then the int is freed, then C reads it (9 steps)', () => {
    const result = checkAndReplay(ctypes, { variant: 'no-keep-alive', params: { finalisers: true } });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: useAfterFree });
    const story = storyOf(result);
    expect(story).toHaveLength(9);
    expect(story[1]).toMatch(/~finalise:my_int_finaliser Ctypes\.int: .*Gc\.finalise attaches my_int_finaliser/);
    expect(story[4]).toMatch(/Gc\.finalise queues it for my_int_finaliser, which keeps it one more cycle/);
    expect(story[5]).toBe('my_int_finaliser runs: it prints "finalise the int"; then nothing holds the int\'s managed buffer any more');
    expect(story[6]).toMatch(/the int's managed buffer is not reached: garbage/);
    expect(story[8]).toMatch(/a use after free/);
  });

  for (const variant of clean) {
    it(`${variant}: "finalise the int" is never printed before the C call, and is printed after it`, () => {
      expect(check(diagnostic, { variant, params: { finalisers: true }, properties: [intFinalisedBeforeCall] }).outcome.verdict).toBe('holds');
      const printed = 'witness: my_int_finaliser runs';
      const after = storyOf(check(withWitness(printed, (s) => s.values.int.finaliser === 'ran'), { variant, params: { finalisers: true }, properties: [printed] }));
      expect(after.findIndex((d) => /a_foreign_call_into_c/.test(d))).toBeLessThan(after.findIndex((d) => /prints "finalise the int"/.test(d)));
    });
  }

  it('root-leaked: the int is never finalised; Gc.full_major finalises the struct only', () => {
    const story = storyOf(check(ctypes, { variant: 'root-leaked', params: { finalisers: true } }));
    expect(story.at(-1)).toMatch(/Gc\.full_major \(\).*my_struct_finaliser prints "finalise the struct"; the struct's C block is freed$/);
  });
});

describe('ctypes-keepalive: a GC during the C call (releaseRuntimeLock=true)', () => {
  it('no-keep-alive: another thread collects the int while C runs, with no GC before the call', () => {
    const result = checkAndReplay(ctypes, { variant: 'no-keep-alive', params: { releaseRuntimeLock: true } });
    expectStory(storyOf(result), [
      ...seedStory.slice(0, 4),
      /^let ret = a_foreign_call_into_c my_struct_pointer: ctypes' stub releases the runtime lock and enters C; ctypes holds the argument my_struct_pointer/,
      /^another thread's allocation starts a GC while C runs without the runtime lock; it marks from its roots \(the frame table lists no slot at the call's return address; global roots: none; ctypes holds the call's argument my_struct_pointer\); the int's managed buffer is not reached: garbage/,
      seedStory[5],
      /^C reads my_struct_pointer->int_ptr_field and dereferences: the int's C block was freed, a use after free/,
    ]);
  });

  for (const variant of clean) {
    it(`${variant}: holds, and a GC does run during the call`, () => {
      const result = checkAndReplay(ctypes, { variant, params: { releaseRuntimeLock: true } });
      expect(result.outcome.verdict).toBe('holds');
      expect(Object.keys(ctypes.build({ params: ctypes.params.parse({ releaseRuntimeLock: true }), variant }).properties)).toContain(
        'the GC runs while C runs without the runtime lock',
      );
    });
  }
});

describe('ctypes-keepalive: the write after free (cWritesBack=true)', () => {
  it('with the runtime lock held, C writes into the freed int in the same step it reads it', () => {
    const result = checkAndReplay(ctypes, { variant: 'no-keep-alive', params: { cWritesBack: true }, properties: [writeAfterFree] });
    const story = storyOf(result);
    expect(story).toHaveLength(7);
    expect(story[6]).toMatch(/a use after free; C writes back through my_struct_pointer->int_ptr_field: the int's C block was freed, a write after free/);
    expect(result.outcome.verdict === 'violates' && result.outcome.explanation).toMatch(/over the allocator's own free-list link/);
  });

  it('with the runtime lock released, a GC between C\'s read and its write gives a write after free alone', () => {
    const result = checkAndReplay(ctypes, { variant: 'no-keep-alive', params: { cWritesBack: true, releaseRuntimeLock: true }, properties: [writeAfterFree] });
    const story = storyOf(result);
    expect(story).toHaveLength(9);
    expect(story[5]).toMatch(/^C reads my_struct_pointer->int_ptr_field and dereferences: it reads 3$/);
    expect(story[6]).toMatch(/^another thread's allocation starts a GC while C runs/);
    expect(story[8]).toMatch(/^C writes back through my_struct_pointer->int_ptr_field: the int's C block was freed, a write after free$/);
  });

  for (const variant of clean) {
    it(`${variant}: no write after free, with the lock held or released`, () => {
      for (const releaseRuntimeLock of [false, true]) {
        expect(checkAndReplay(ctypes, { variant, params: { cWritesBack: true, releaseRuntimeLock } }).outcome.verdict).toBe('holds');
      }
    });
  }
});

describe('ctypes-keepalive: determinism', () => {
  it('gives the same counts and the same trace every time', () => {
    const a = check(ctypes, { variant: 'no-keep-alive' });
    const b = check(ctypes, { variant: 'no-keep-alive' });
    expect(b.stats.states).toBe(a.stats.states);
    expect(storyOf(b)).toEqual(storyOf(a));
  });
});
