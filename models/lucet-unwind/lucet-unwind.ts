import { z } from 'zod';
import { defineModel, holds, system, violates } from 'interleave';
import { actionsFor } from './actions.js';
import { DESIGNS, type Variant } from './design.js';
import { FATAL, LEAK, propertiesFor } from './properties.js';
import { stateSchema, type State } from './stack.js';

const SEED = 'seed 004 (bytecodealliance/lucet#254, "Stack unwinding improvements")';

/**
 * Lucet, unwinding a terminated WebAssembly guest (seed 004). The instance's guest stack holds
 * guest frames and hostcall frames (Rust, with RAII values: a MutexGuard on the embedder's
 * headers lock, a header Vec); hostcalls call back into the guest (req_get_headers -> malloc ->
 * grow_memory). A hostcall terminates the instance (a panic) or guest code faults (a signal);
 * then the host resets the instance and runs it again, and the later run needs the same lock.
 */
export default defineModel({
  name: 'lucet-unwind',
  summary: 'Lucet: unwinding hostcall frames of a terminated or faulted WebAssembly guest (seed 004)',
  params: z.object({
    depth: z.number().int().min(4).max(8).default(4).describe('guest stack capacity, in frames'),
    guestFaults: z.boolean().default(true).describe('guest code may fault (SIGFPE, stack overflow)'),
  }),
  variants: {
    'no-unwinding': {
      summary: 'termination and signals swap straight back to the host; reset throws the guest stack away',
      source: `${SEED}: "If a guest terminates due to a signal or an explicit termination call ... the stack still needs to be unwound"`,
      expect: violates(LEAK),
    },
    'catch-per-hostcall': {
      summary: "PR 157: each hostcall catches the termination panic at its boundary; outer hostcall segments and signals are not unwound",
      source: `${SEED}, "Pervasive catching in hostcalls", "The nested hostcall problem", "The signal handling problem"; lucet PR #157`,
      expect: violates(LEAK),
    },
    'catch-and-reraise': {
      summary: 'PR 157 plus re-raising the termination in every enclosing hostcall segment; signals still unwind nothing',
      source: `${SEED}: "keeping track of how many hostcalls we're in, and reraising the exception until it unwinds all of the hostcall segments"`,
      expect: violates(LEAK),
    },
    'force-unwind': {
      summary: 'the panic unwinds to Instance::run; reset force-unwinds a faulted stack (guest kept clear of its guard page)',
      source: `${SEED}, "Leading approach" and iximeow's comment: "this is exactly how force_unwind works"`,
      expect: holds(),
    },
    'overflow-guard-protected': {
      summary: "force-unwind, with a guest that can overflow its stack; force_unwind pushes its frame with the guard page still protected",
      source: `${SEED}: "if the guest stack has overflowed ... we'll need to be able to unprotect the guard page(s)"`,
      expect: violates(FATAL),
    },
    'overflow-guard-writable': {
      summary: 'as overflow-guard-protected, but force_unwind first makes the guard page writable (the stack redzone)',
      source: `${SEED}: "unprotect the guard page(s) in this case so that the unwind invocation doesn't fault"; the *_redzone_stack functions`,
      expect: holds(),
    },
  } satisfies Record<Variant, unknown>,
  build: ({ params: { depth, guestFaults }, variant }) => {
    const design = DESIGNS[variant as Variant];
    const init: State = { phase: 'ready', stack: [], headersLock: false, headerBuffer: false, guardPage: 'protected' };
    return system(stateSchema(depth), {
      init,
      actions: actionsFor(design, depth, guestFaults),
      properties: propertiesFor(design, depth, guestFaults),
      // The later run finishing is the only legitimate end; a later run stuck on a leaked
      // headers lock is a deadlock.
      final: (s) => s.phase === 'done',
      explainDeadlock: (s) =>
        s.phase === 'fatal'
          ? "a fault outside guest code is fatal: Lucet's fatal handler has taken over, the host process aborts, and no later run ever happens"
          : s.phase === 'later run' && s.headersLock
            ? "the later run's req_get_headers waits forever for the headers lock: the MutexGuard that would unlock it was in a frame that is gone"
            : `nothing can happen in phase "${s.phase}", and the later run has not finished`,
    });
  },
});
