import { z } from 'zod';
import type { DeepReadonly } from 'interleave-check';

/**
 * The functions that can have a frame on the instance's guest stack, named after the seed's
 * examples. Guest (WebAssembly) code: `run` (the entrypoint), `handler` (guest code `run` calls,
 * which may recurse, and which hostcall_foo calls back), `malloc` (the guest's allocator, which
 * req_get_headers calls back). Host (Rust hostcall) code: `hostcall_foo` (the seed's generic
 * hostcall, here one that calls back into the guest's handler), `req_get_headers` and
 * `grow_memory` (Terrarium's).
 */
export const FUNCTIONS = ['run', 'handler', 'hostcall_foo', 'req_get_headers', 'malloc', 'grow_memory'] as const;
/** A function that may have a frame on the guest stack. */
export type FunctionName = (typeof FUNCTIONS)[number];

/** The hostcalls: Rust code running on the guest stack, whose frames own RAII values. */
export const HOSTCALLS: readonly FunctionName[] = ['hostcall_foo', 'req_get_headers', 'grow_memory'];

/**
 * How far a hostcall's body got. `req_get_headers` locks the headers lock (a `MutexGuard` in
 * its frame), allocates a header buffer (a `Vec`), calls back into the guest's `malloc`, and
 * once `malloc` has returned copies the headers there. `hostcall_foo` allocates its scratch
 * `Vec`, calls back into the guest's `handler`, and copies the answer out once it returns.
 * Guest frames and `grow_memory` stay at `entered`.
 */
export const Progress = z.enum(['entered', 'locked', 'buffered', 'copied']);

/**
 * One frame of the guest stack. `drops` counts how often the frame's destructors (its drop glue,
 * on a return or in a landing pad) ran: 2 stands for twice or more.
 */
export const Frame = z.object({ fn: z.enum(FUNCTIONS), progress: Progress, drops: z.number().int().min(0).max(2) });
export type Frame = z.infer<typeof Frame>;

/**
 * Where the instance is in the bounded scenario: one run, a reset, one later run.
 *
 * - `ready`: created, not yet run.
 * - `running`: the first run executes guest or hostcall code.
 * - `panicking`: a hostcall's termination panic is unwinding the guest stack.
 * - `re-raised`: PR 157 with re-raising: the termination was re-raised in an enclosing hostcall.
 * - `returning None`: the error-propagation strawman: a None travels down the stack by returns.
 * - `returned` / `terminated` / `faulted`: the first run is over and control is back in the
 *   host context (normal return, termination, or a signal in guest code).
 * - `unwinding`: reset's force_unwind is unwinding the stopped guest stack.
 * - `reset`: the instance is reset; `later run`: the next request's run wants the headers lock.
 * - `done`: the later run finished (the legitimate end).
 * - `later run panicked`: the later run's `lock().unwrap()` met a poisoned lock.
 * - `fatal`: a fault in runtime or host code (not guest code); Lucet's fatal handler has taken over.
 */
export const Phase = z.enum([
  'ready',
  'running',
  'panicking',
  're-raised',
  'returning None',
  'returned',
  'terminated',
  'faulted',
  'unwinding',
  'reset',
  'later run',
  'done',
  'later run panicked',
  'fatal',
]);

/** What interrupted the first run, if anything: a termination, a trap, a stack overflow. */
export const Stop = z.enum(['none', 'termination', 'trap', 'stack overflow']);

/** The state for a guest stack of `depth` frames and up to `segments` nested hostcalls. */
export function stateSchema(depth: number, segments: number) {
  return z.object({
    phase: Phase,
    stop: Stop,
    /**
     * The guest stack's memory, bottom first. Frames below `sp` are live; a popped frame's bytes
     * stay where they were, and the model keeps them while a saved guest context still points
     * above them (the only way they can be read again).
     */
    stack: z.array(Frame).max(depth),
    /** The guest stack pointer: how many frames are live. */
    sp: z.number().int().min(0).max(depth),
    /** The guest context Lucet saved when it switched to the host: its stack pointer, or none. */
    savedContext: z.number().int().min(0).max(depth).nullable(),
    /** The embedder's headers lock (a std Mutex): locked or not. Its guard lives in a frame. */
    headersLock: z.boolean(),
    /** The lock's poison flag: set when a guard is dropped while its thread panics. */
    lockPoisoned: z.boolean(),
    /** Whether the host heap holds a header buffer (owned by a `Vec` in a req_get_headers frame). */
    headerBuffer: z.boolean(),
    /** How many scratch buffers of hostcall_foo the host heap holds (each owned by a `Vec` in a frame). */
    fooBuffers: z.number().int().min(0).max(Math.max(0, segments - 2)),
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
/** The frame's hostcall_foo scratch `Vec` is live. */
export const holdsFooBuffer = (f: FrameView): boolean =>
  f.fn === 'hostcall_foo' && (f.progress === 'buffered' || f.progress === 'copied');
/** The frame owns at least one RAII value whose destructor has work to do. */
export const holdsResources = (f: FrameView): boolean => holdsLock(f) || holdsBuffer(f) || holdsFooBuffer(f);

/** The live frames, bottom first. */
export const live = (s: View): readonly FrameView[] => s.stack.slice(0, s.sp);
/** The top (currently executing) frame, if any. */
export const top = (s: View): FrameView | undefined => (s.sp > 0 ? s.stack[s.sp - 1] : undefined);
/** The frame just below the top, if any. */
export const belowTop = (s: View): FrameView | undefined => (s.sp > 1 ? s.stack[s.sp - 2] : undefined);
/** How many hostcall segments are on the live stack. */
export const hostFrames = (s: View): number => live(s).filter(isHost).length;

/** The stack as the seed writes it: `run -> req_get_headers -> malloc`. */
export function stackText(stack: readonly FrameView[]): string {
  return stack.length === 0 ? 'empty' : stack.map((f) => f.fn).join(' -> ');
}

/**
 * What a host frame's destructors release, in words ("its header Vec is freed and ...").
 *
 * @param panicking - the drop happens during a panic, so a MutexGuard poisons its lock.
 */
export function dropText(f: FrameView, panicking: boolean): string {
  const unlocks = `its MutexGuard unlocks the headers lock${panicking ? ', poisoning it, since the guard drops during a panic' : ''}`;
  if (f.drops > 0) return 'its landing pad runs again on values it already dropped';
  if (holdsBuffer(f)) return `its header Vec is freed and ${unlocks}`;
  if (holdsLock(f)) return unlocks;
  if (holdsFooBuffer(f)) return 'its scratch Vec is freed';
  return 'nothing it holds needs dropping';
}

/**
 * Forgets the memory above both the stack pointer and the saved guest context: nothing can read
 * it again (unwinders walk down from a stack pointer) before a push overwrites it.
 */
function forgetDeadMemory(s: State): void {
  s.stack.length = Math.max(s.sp, s.savedContext ?? 0);
}

/** Pushes a new frame for `fn` at the stack pointer. */
export function push(s: State, fn: FunctionName): void {
  s.stack[s.sp] = { fn, progress: 'entered', drops: 0 };
  s.sp += 1;
  forgetDeadMemory(s);
}

/**
 * Pops the top frame; a host frame's destructors run first (Rust drop glue: at the end of the
 * function on a return, in a landing pad during unwinding). A `MutexGuard` dropped while its
 * thread panics poisons the lock. A second run of the same frame's destructors is undefined
 * behaviour (a double free, an unlock of a lock it no longer holds): the model only counts it.
 *
 * @param panicking - whether the drop happens during a panic (unwinding, or a catch_unwind).
 */
export function pop(s: State, panicking: boolean): void {
  const f = s.stack[s.sp - 1];
  if (isHost(f)) {
    if (f.drops === 0) {
      if (holdsBuffer(f)) s.headerBuffer = false;
      if (holdsLock(f)) {
        s.headersLock = false;
        if (panicking) s.lockPoisoned = true;
      }
      if (holdsFooBuffer(f)) s.fooBuffers -= 1;
    }
    f.drops = Math.min(f.drops + 1, 2);
  }
  s.sp -= 1;
  forgetDeadMemory(s);
}

/** Switches to the host context, saving the guest context where it stopped. */
export function swapToHost(s: State, phase: 'terminated' | 'faulted'): void {
  s.phase = phase;
  s.savedContext = s.sp;
}

/** Reset re-initialises the guest context: the saved one and the stack's frames are gone. */
export function resetContext(s: State): void {
  s.sp = 0;
  s.savedContext = null;
  forgetDeadMemory(s);
}
