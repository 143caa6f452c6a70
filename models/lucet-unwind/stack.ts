import { z } from 'zod';
import type { DeepReadonly } from 'interleave';

/**
 * The functions that can have a frame on the instance's guest stack, named after the seed's
 * Terrarium example. Guest (WebAssembly) code: `run` (the entrypoint), `handler` (guest code
 * `run` calls, which may recurse), `malloc` (the guest's allocator, which hostcalls call back
 * into). Host (Rust hostcall) code: `req_get_headers` and `grow_memory`.
 */
export const FUNCTIONS = ['run', 'handler', 'req_get_headers', 'malloc', 'grow_memory'] as const;
/** A function that may have a frame on the guest stack. */
export type FunctionName = (typeof FUNCTIONS)[number];

/** The hostcalls: Rust code running on the guest stack, whose frames own RAII values. */
export const HOSTCALLS: readonly FunctionName[] = ['req_get_headers', 'grow_memory'];

/**
 * How far a hostcall's body got. `req_get_headers` locks the headers lock (a `MutexGuard` in
 * its frame), allocates a header buffer (a `Vec` in its frame), calls back into the guest's
 * `malloc` to reserve linear memory, and once `malloc` has returned copies the headers there.
 * Guest frames and `grow_memory` stay at `entered`.
 */
export const Progress = z.enum(['entered', 'locked', 'buffered', 'copied']);

/** One frame of the guest stack. */
export const Frame = z.object({ fn: z.enum(FUNCTIONS), progress: Progress });
export type Frame = z.infer<typeof Frame>;

/**
 * Where the instance is in the bounded scenario: one run, a reset, one later run.
 *
 * - `ready`: created, not yet run.
 * - `running`: the first run executes guest or hostcall code.
 * - `panicking`: a hostcall's termination panic is unwinding the guest stack.
 * - `returned` / `terminated` / `faulted`: the first run is over and control is back in the
 *   host context (normal return, termination, or a signal in guest code).
 * - `unwinding`: reset's force_unwind is unwinding the stopped guest stack.
 * - `reset`: the instance is reset; `later run`: the next request's run wants the headers lock.
 * - `done`: the later run finished (the legitimate end).
 * - `fatal`: a fault in runtime code (not guest code); Lucet's fatal handler has taken over.
 */
export const Phase = z.enum([
  'ready',
  'running',
  'panicking',
  'returned',
  'terminated',
  'faulted',
  'unwinding',
  'reset',
  'later run',
  'done',
  'fatal',
]);

/** The state for a guest stack of `depth` frames. */
export function stateSchema(depth: number) {
  return z.object({
    phase: Phase,
    /** The guest stack, bottom first: guest and host frames, at most `depth` of them. */
    stack: z.array(Frame).max(depth),
    /** The embedder's headers lock (a std Mutex): locked or not. Its guard lives in a frame. */
    headersLock: z.boolean(),
    /** Whether the host heap holds a header buffer (owned by a `Vec` in a frame). */
    headerBuffer: z.boolean(),
    /** The page below the guest stack: PROT_NONE, or made writable by force_unwind (the redzone). */
    guardPage: z.enum(['protected', 'writable']),
  });
}
/** A state of the model. */
export type State = z.infer<ReturnType<typeof stateSchema>>;
/** A read-only view of a state, as guards and properties get it. */
export type View = DeepReadonly<State>;
/** A read-only view of a frame. */
export type FrameView = DeepReadonly<Frame>;

/** True for a hostcall (Rust) frame. */
export const isHost = (f: FrameView): boolean => HOSTCALLS.includes(f.fn);
/** The frame's `MutexGuard` on the headers lock is live. */
export const holdsLock = (f: FrameView): boolean => f.fn === 'req_get_headers' && f.progress !== 'entered';
/** The frame's header `Vec` is live. */
export const holdsBuffer = (f: FrameView): boolean =>
  f.fn === 'req_get_headers' && (f.progress === 'buffered' || f.progress === 'copied');
/** The frame owns at least one RAII value whose destructor has work to do. */
export const holdsResources = (f: FrameView): boolean => holdsLock(f) || holdsBuffer(f);

/** The top (currently executing) frame, if any. */
export const top = (s: View): FrameView | undefined => s.stack[s.stack.length - 1];

/** The stack as the seed writes it: `run -> req_get_headers -> malloc`. */
export function stackText(stack: readonly FrameView[]): string {
  return stack.length === 0 ? 'empty' : stack.map((f) => f.fn).join(' -> ');
}

/** What a host frame's destructor releases, in words ("its header buffer is freed and ..."). */
export function dropText(f: FrameView): string {
  if (holdsBuffer(f)) return 'its header Vec is freed and its MutexGuard unlocks the headers lock';
  if (holdsLock(f)) return 'its MutexGuard unlocks the headers lock';
  return 'nothing it holds needs dropping';
}

/**
 * Runs the destructors of a host frame's live values (Rust drop glue, run by a landing pad
 * during unwinding or at the end of the function on a normal return).
 */
export function runDestructors(s: State, f: FrameView): void {
  if (holdsBuffer(f)) s.headerBuffer = false;
  if (holdsLock(f)) s.headersLock = false;
}
