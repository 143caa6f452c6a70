import { defineModel, holds, violates } from 'interleave-check';
import { DESIGNS, Params, type Variant } from './design.js';
import { FATAL, LEAK, POISON } from './properties.js';
import { lucetSystem } from './system.js';

const SEED = 'seed 004 (bytecodealliance/lucet#254, "Stack unwinding improvements")';

/** What no variant enables with its own parameters: the outer hostcall_foo -> handler pair needs a third segment. */
const HOSTCALL_FOO = 'with segments=2 only req_get_headers -> malloc -> grow_memory nests; --param segments=3 or more wraps it in hostcall_foo -> handler';
const NEVER_ENABLED = { callHostcallFoo: HOSTCALL_FOO, fooAllocates: HOSTCALL_FOO, fooCallsHandler: HOSTCALL_FOO };

/**
 * Lucet, unwinding a terminated WebAssembly guest (seed 004). The instance's guest stack holds
 * guest frames and hostcall frames (Rust, with RAII values: a MutexGuard on the embedder's
 * headers lock, a header Vec); hostcalls call back into the guest (req_get_headers -> malloc ->
 * grow_memory). A hostcall terminates the instance (a panic) or guest code faults (a signal);
 * then the host resets the instance and runs it again, and the later run needs the same lock.
 * `lucetSystem` (system.ts) builds any design, so tests can switch one mechanism off.
 */
export default defineModel({
  name: 'lucet-unwind',
  summary: 'Lucet: unwinding hostcall frames of a terminated or faulted WebAssembly guest (seed 004)',
  params: Params,
  variants: {
    'no-unwinding': {
      summary: 'termination and signals swap straight back to the host; reset throws the guest stack away',
      source: `${SEED}: "If a guest terminates due to a signal or an explicit termination call ... the stack still needs to be unwound"`,
      expect: violates(LEAK),
      neverEnabled: NEVER_ENABLED,
    },
    'catch-per-hostcall': {
      summary: 'PR 157: each hostcall catches the termination panic at its boundary; an enclosing hostcall segment is not unwound',
      source: `${SEED}, "Pervasive catching in hostcalls", "The nested hostcall problem"; lucet PR #157`,
      expect: violates(LEAK),
      neverEnabled: NEVER_ENABLED,
      params: { guestFaults: false },
    },
    'catch-and-reraise': {
      summary: 'PR 157 plus re-raising the termination in every enclosing hostcall segment (a count of hostcalls)',
      source: `${SEED}: "keeping track of how many hostcalls we're in, and reraising the exception until it unwinds all of the hostcall segments"`,
      expect: holds(),
      neverEnabled: NEVER_ENABLED,
      params: { guestFaults: false },
    },
    'catch-and-reraise-signal': {
      summary: 'catch-and-reraise when guest code faults: a signal raises no panic, so no hostcall catch runs',
      source: `${SEED}, "The signal handling problem": "run (guest) -> hostcall_foo (host) -> div0 (guest)"; re-raising "does not help at all with" it`,
      expect: violates(LEAK),
      neverEnabled: NEVER_ENABLED,
    },
    'catch-in-run': {
      summary: 'the panic unwinds guest frames too, up to a catch_unwind in Instance::run; a faulted stack is still thrown away',
      source: `${SEED}, "Unwinding smoothly from guest to host context (nice but not sufficient)": "It wouldn't address the signal handler case"`,
      expect: violates(LEAK),
      neverEnabled: NEVER_ENABLED,
    },
    'error-propagation': {
      summary: 'the strawman: hostcalls return None instead of swapping, guest and host code return None on None, signals return None',
      source: `${SEED}, "Strawman: make guest funcs optional": "it would return the moral equivalent of None to the caller"`,
      expect: holds(),
      neverEnabled: NEVER_ENABLED,
    },
    'force-unwind': {
      summary: 'the panic unwinds to Instance::run; reset force-unwinds a stopped stack, with the guard page made writable first',
      source: `${SEED}, "Leading approach", and iximeow: "this is exactly how force_unwind works"; the *_redzone_stack functions`,
      expect: holds(),
      neverEnabled: NEVER_ENABLED,
    },
    'overflow-guard-protected': {
      summary: 'force-unwind without the redzone: after a stack overflow, force_unwind pushes its frame onto the protected guard page',
      source: `${SEED}: "if the guest stack has overflowed ... we'll need to be able to unprotect the guard page(s)"`,
      expect: violates(FATAL),
      neverEnabled: NEVER_ENABLED,
    },
    'poisoned-lock': {
      summary: "force-unwind, with req_get_headers calling lock().unwrap(): the unwind's dropped guard poisoned the lock",
      source: `${SEED}, force_unwind; Rust's std::sync::Mutex poisons a lock whose guard is dropped during a panic`,
      expect: violates(POISON),
      neverEnabled: NEVER_ENABLED,
      params: { onPoisonedLock: 'unwrap' as const },
    },
  } satisfies Record<Variant, unknown>,
  build: ({ params, variant }) => lucetSystem(DESIGNS[variant as Variant], params),
});
