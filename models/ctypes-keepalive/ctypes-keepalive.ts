import { z } from 'zod';
import { defineModel, holds, violates } from 'interleave-check';
import { intact, type Mechanisms } from './mechanisms.js';
import type { Variant } from './program.js';
import { buildSystem, noLeak, useAfterFree } from './system.js';

export { currentSlots, eventuallyFreed, movedAccess, noLeak, useAfterFree, visibility, writeAfterFree } from './system.js';
export { intact, type Mechanisms } from './mechanisms.js';

/** What no variant enables with its own parameters: the finalisers are the seed's diagnostic, off by default. */
const NEVER_ENABLED = {
  finalise: 'no value has a ~finalise function unless --param finalisers=true adds the seed\'s diagnostic ones',
};

/**
 * Seed 001: an OCaml function allocates a C struct and a C int with Ctypes.allocate_n,
 * stores the int's address in a field of the struct, and passes the struct to C. The GC does
 * not see that the struct depends on the int: once the compiled code no longer reads
 * my_int_pointer, a GC may collect it, and its finaliser frees the int's memory before C
 * reads it through the struct.
 *
 * `changes` switches mechanisms off (see `Mechanisms`); the bundled model has them all.
 */
export function ctypesKeepAlive(changes: Partial<Mechanisms> = {}) {
  const mechanisms: Mechanisms = { ...intact, ...changes };
  return defineModel({
    name: 'ctypes-keepalive',
    summary: 'OCaml Ctypes: a C struct holds the address of an int whose OCaml owner the GC may collect (seed 001)',
    params: z.object({
      ints: z.number().int().min(1).max(3).default(1).describe('int pointers stored into the struct (the seed: 1)'),
      spareHeapSlots: z
        .number()
        .int()
        .min(1)
        .max(3)
        .default(1)
        .describe('OCaml heap slots beyond one per value: room for the allocator to leave gaps the compactor closes'),
      compaction: z.boolean().default(true).describe('whether Gc.compact may move OCaml values at a safepoint'),
      intMemory: z
        .enum(['malloc', 'ocaml-heap'])
        .default('malloc')
        .describe("where the int's memory lives: malloc'd, as allocate_n gives it, or inside its OCaml block, so that the struct holds an address the compactor moves"),
      finalisers: z.boolean().default(false).describe('the seed\'s diagnostic: ~finalise functions that print "finalise the int" and "finalise the struct"'),
      releaseRuntimeLock: z.boolean().default(false).describe('the foreign call releases the runtime lock, so another thread may collect while C runs'),
      cWritesBack: z.boolean().default(false).describe('C writes a result back through the int pointer after reading it'),
      gcVisibility: z
        .boolean()
        .default(false)
        .describe('also check the GC-visibility invariant, which fails as soon as no root reaches an int the struct points to, before any GC has run'),
    }),
    variants: {
      'no-keep-alive': {
        summary: 'plain allocate_n; nothing keeps my_int_pointer alive once its address is in the struct (the bug)',
        source: 'seed 001, "The Bug" and "An Example"',
        expect: violates(useAfterFree),
        neverEnabled: NEVER_ENABLED,
      },
      'ignore-call': {
        summary: '`ignore my_int_pointer` after the C call, compiled as a real call (no inlining)',
        source: 'seed 001, "A Naive Solution", as the author hoped it would work',
        expect: holds(),
        neverEnabled: NEVER_ENABLED,
      },
      'ignore-inlined': {
        summary: 'the same `ignore my_int_pointer` after the inliner has made it `()` and dropped it',
        source: 'seed 001, "A Naive Solution": "it doesn\'t work with optimizations enabled"',
        expect: violates(useAfterFree),
        neverEnabled: NEVER_ENABLED,
      },
      'root-leaked': {
        summary: 'static_allocate_n: a Ctypes.Root global root holds the int and is never released',
        source: 'seed 001, "A Working Solution", and "that int lives forever"',
        expect: violates(noLeak),
        neverEnabled: { ...NEVER_ENABLED, 'sweep(1)': 'the global root is never released, so the int is never garbage: the leak this variant shows' },
      },
      'root-released': {
        summary: 'the global root is returned along with the pointer and released after the C call',
        source: 'seed 001, "there are ways around this, but they are rather clunky"; notes on seed 001, variant 5',
        expect: holds(),
        neverEnabled: NEVER_ENABLED,
      },
      'opaque-keep-alive': {
        summary: 'Ctypes_memory_stubs.use_value my_int_pointer after the C call: an external no optimiser can remove',
        source: 'seed 001, "A Theoretically Better Solution" (keep_alive: "the same as ignore, but not inlineable")',
        expect: holds(),
        neverEnabled: NEVER_ENABLED,
      },
    },
    build: ({ params, variant }) => buildSystem(params, variant as Variant, mechanisms),
  });
}

/** The model as OCaml and Ctypes are: every mechanism in place. */
export default ctypesKeepAlive();
