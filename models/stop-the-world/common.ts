import { z } from 'zod';
import type { DeepReadonly, Fairness } from 'interleave-check';
import { who, type Roles } from './roles.js';

/**
 * Where a sleeper is in its one blocking syscall: not made yet, asleep in the kernel
 * waiting for the server, woken (runnable in the kernel, about to return), returned.
 */
export const Syscall = z.enum(['ready', 'asleep', 'woken', 'done']);

/**
 * Where a thread keeps its pointer to X: nowhere, in a (callee-saved) register, in a leaf
 * function's red zone (the 128 bytes below the stack pointer that x86-64 lets a leaf use
 * without moving it), or in a frame of its stack, above the stack pointer.
 */
export const Pointer = z.enum(['none', 'register', 'red zone', 'frame']);

/** Whether the thread exists: not created yet, running, or exited (its stack freed). */
export const Life = z.enum(['unborn', 'alive', 'exited']);

/**
 * The parent's creation of the new thread: not yet; in sem_wait for it to register; in
 * sem_wait with the semaphore posted (about to return); done.
 */
export const Spawn = z.enum(['none', 'waiting', 'posted', 'done']);

/** The library user's one call (dlopen, malloc): not yet, inside it holding its lock, returned. */
export const LibraryCall = z.enum(['ready', 'inside', 'done']);

/** The fields every thread has under both protocols. */
export function threadFields<P extends readonly [string, ...string[]]>(roles: Roles, phases: P) {
  return {
    /** Where the thread is in a collection it started ("idle" when it runs none). */
    gc: z.enum(phases),
    /** How many collections it has started. */
    started: z.number().int().min(0).max(roles.k),
    /** Stopped for a collector: in the suspend handler's sigsuspend, or parked in userret. */
    stopped: z.boolean(),
    /** Its blocking syscall (only sleepers make one). */
    syscall: Syscall,
    /** Where it keeps the pointer to X. */
    pointer: Pointer,
    /** Whether it is in the collector's thread table (GC_threads). */
    registered: z.boolean(),
    /** Whether it exists. */
    life: Life,
    /** Its creation of the new thread (only the parent creates one). */
    spawn: Spawn,
    /** Its call into the library the collection also needs (only the library user makes one). */
    library: LibraryCall,
  };
}

/** A thread's first state: not collecting, not stopped, no pointer to X. */
export function initialThread(roles: Roles, t: number) {
  return {
    gc: 'idle' as const,
    started: 0,
    stopped: false,
    syscall: 'ready' as const,
    pointer: 'none' as const,
    registered: roles.registeredAtStart[t],
    life: roles.newThread?.child === t ? ('unborn' as const) : ('alive' as const),
    spawn: 'none' as const,
    library: 'ready' as const,
  };
}

/** The fields of the GC heap: one object X, first referenced from a global root. */
export const heapFields = {
  /** Whether the global root (static data, always scanned) points to X. */
  global: z.boolean(),
  /** The object X: live, or freed by a sweep. */
  x: z.enum(['live', 'freed']),
};

/** What the shared code reads of a thread; each protocol's thread has more. */
export interface CommonThread {
  gc: string;
  started: number;
  stopped: boolean;
  syscall: z.output<typeof Syscall>;
  pointer: z.output<typeof Pointer>;
  registered: boolean;
  life: z.output<typeof Life>;
  spawn: z.output<typeof Spawn>;
  library: z.output<typeof LibraryCall>;
}

/** What the shared code reads of a state. */
export interface CommonState {
  threads: CommonThread[];
  global: boolean;
  x: 'live' | 'freed';
}

/** A state as guards, properties and descriptions see it. */
export type View = DeepReadonly<CommonState>;
type Thread = DeepReadonly<CommonThread>;

/**
 * The thread sleeps or runs inside the kernel, so its user context is saved in its trap
 * frame: in a blocking syscall, in sem_wait for its new thread to register, or in
 * pinspect(PI_STOP) (waiting for the inspector slot, or as the inspector, until it returns).
 */
export function inKernel(th: Thread): boolean {
  return (
    th.syscall === 'asleep' ||
    th.syscall === 'woken' ||
    th.spawn === 'waiting' ||
    th.spawn === 'posted' ||
    th.gc === 'queued' ||
    th.gc === 'inspecting' ||
    th.gc === 'returning'
  );
}

/** The thread executes user code: it exists, and is neither stopped nor inside the kernel. */
export function runsUserCode(th: Thread): boolean {
  return th.life === 'alive' && !th.stopped && !inKernel(th);
}

/** The thread runs its own program (not a collection) in user mode, so it may take its next step. */
export function free(th: Thread): boolean {
  return th.gc === 'idle' && runsUserCode(th);
}

/** The thread may call a function: free, and not inside a leaf function (a leaf makes no calls). */
export function mayCall(th: Thread): boolean {
  return free(th) && th.pointer !== 'red zone';
}

/** The thread may start a collection: it may call, and is not inside the library. */
export function mayCollect(th: Thread): boolean {
  return mayCall(th) && th.library !== 'inside';
}

/** The collector whose world is stopped (it holds every other thread still), if any. */
export function worldStoppedBy(s: View): number | undefined {
  const c = s.threads.findIndex((th) => th.gc === 'stopped' || th.gc === 'marked');
  return c < 0 ? undefined : c;
}

/** How many collections the thread has finished. */
export function completed(th: Thread): number {
  return th.started - (th.gc === 'idle' ? 0 : 1);
}

/** Every thread keeps running: weak fairness of each thread, whatever step it takes. */
export function threadsKeepRunning(roles: Roles): Fairness {
  return { weak: roles.threads.map(who) };
}

/**
 * A deadlock in words: what each thread that cannot move is waiting for, as `waitOf` says it
 * (undefined for a thread with nothing to say), then the conclusion.
 */
export function explainStuck<T>(threads: readonly T[], waitOf: (th: T, t: number) => string | undefined): string {
  const waits = threads.map(waitOf).filter((line) => line !== undefined);
  return `${waits.join('; ')}: nobody can move`;
}

/** The legitimate end: nobody collects, nobody is stopped, nobody waits in the kernel. */
export function quiescent(s: View): boolean {
  return s.threads.every((th) => th.gc === 'idle' && !th.stopped && !inKernel(th));
}
