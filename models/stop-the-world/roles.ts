import { z } from 'zod';

/** The model's parameters. */
export const Params = z.object({
  threads: z.number().int().min(2).max(4).default(3).describe('number of threads in the process'),
  sleepers: z
    .number()
    .int()
    .min(0)
    .max(3)
    .default(1)
    .describe('how many threads (the last ones) may sleep in a syscall waiting for the server thread'),
  collections: z.number().int().min(1).max(2).default(1).describe('how many collections each registered thread may start'),
});

/** The parameters, parsed. */
export type Params = z.output<typeof Params>;

/**
 * How a sleeper's syscall reacts to the stop request:
 * - `interruptible`: a signal interrupts it (the handler runs, then the call is restarted);
 * - `signals-blocked`: the thread blocked every signal (pthread_sigmask) around the call;
 * - `uninterruptible`: the kernel sleeps non-interruptibly until the server answers;
 * - `gc-do-blocking`: as uninterruptible, but wrapped in bdwgc's GC_do_blocking.
 */
export type SleepKind = 'interruptible' | 'signals-blocked' | 'uninterruptible' | 'gc-do-blocking';

/** The design a variant checks: which stop-the-world protocol, and how the threads behave. */
export interface Design {
  /** Signals (bdwgc's pthread_stop_world.c) or the proposed pinspect(2) kernel call. */
  readonly mechanism: 'signals' | 'pinspect';
  /** Whether a collection runs under bdwgc's allocation lock (one stopper at a time). */
  readonly gcLock: boolean;
  /** How the sleepers' syscalls react to a stop request. */
  readonly sleep: SleepKind;
  /** pinspect only: every LWP must park in userret before the inspector proceeds (PI_SETCONTEXT). */
  readonly everyLwpInUserret: boolean;
  /**
   * Thread 0 is not registered with the collector: `none` (it is), `bystander` (it never
   * touches the GC heap) or `heap-user` (it loads a heap pointer anyway).
   */
  readonly unregistered: 'none' | 'bystander' | 'heap-user';
}

/** Who does what, derived from the parameters and the design. */
export interface Roles {
  /** Number of threads. */
  readonly n: number;
  /** Collections each registered thread may start. */
  readonly k: number;
  /** Every thread index. */
  readonly threads: readonly number[];
  /** Whether each thread is registered with the collector (GC_register_my_thread). */
  readonly registered: readonly boolean[];
  /** Registered threads: the ones that may start a collection and whose stacks are scanned. */
  readonly collectors: readonly number[];
  /** Threads that may sleep in a syscall waiting for the server (the last `sleepers` threads). */
  readonly sleepers: readonly number[];
  /** The thread whose reply wakes the sleepers (the one just before them). */
  readonly server: number;
  /** Threads that load the pointer to X from the global root. */
  readonly heapUsers: readonly number[];
}

/** Derives the roles; rejects parameter settings the design cannot use. */
export function rolesOf(params: Params, design: Design): Roles {
  const n = params.threads;
  if (params.sleepers > n - 1) {
    throw new Error(`sleepers=${params.sleepers} needs at least ${params.sleepers + 1} threads (the server does not sleep)`);
  }
  const threads = Array.from({ length: n }, (_, i) => i);
  const registered = threads.map((t) => t !== 0 || design.unregistered === 'none');
  const collectors = threads.filter((t) => registered[t]);
  const sleepers = threads.slice(n - params.sleepers);
  const heapUsers = threads.filter((t) => registered[t] || design.unregistered === 'heap-user');
  return { n, k: params.collections, threads, registered, collectors, sleepers, server: n - 1 - params.sleepers, heapUsers };
}

/** "thread 2", "threads 0 and 2", "threads 0, 1 and 3", or "no thread". */
export function threadList(ts: readonly number[]): string {
  if (ts.length === 0) return 'no thread';
  if (ts.length === 1) return `thread ${ts[0]}`;
  return `threads ${ts.slice(0, -1).join(', ')} and ${ts.at(-1)}`;
}

/** The actor name of a thread. */
export const who = (t: number): string => `thread ${t}`;
