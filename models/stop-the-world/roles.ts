import { z } from 'zod';
import type { Design } from './design.js';

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
  leafCallers: z
    .number()
    .int()
    .min(0)
    .max(4)
    .default(0)
    .describe('how many threads (the last of those that hold X) may call a leaf function that keeps X in its red zone (x86-64)'),
});

/** The parameters, parsed. */
export type Params = z.output<typeof Params>;

/** Who does what, derived from the parameters and the design. */
export interface Roles {
  /** Number of threads. */
  readonly n: number;
  /** Collections each registered thread may start. */
  readonly k: number;
  /** Every thread index. */
  readonly threads: readonly number[];
  /** Whether each thread is registered with the collector (GC_register_my_thread) from the start. */
  readonly registeredAtStart: readonly boolean[];
  /** The threads registered from the start: the ones that may start a collection. */
  readonly collectors: readonly number[];
  /** Threads that may sleep in a syscall waiting for the server (the last `sleepers` threads). */
  readonly sleepers: readonly number[];
  /** The thread whose reply wakes the sleepers (the one just before them). */
  readonly server: number;
  /** Threads that load the pointer to X from the global root. */
  readonly heapUsers: readonly number[];
  /** Threads that may call a leaf function keeping X in its red zone (the last `leafCallers` of those that hold X). */
  readonly leafCallers: readonly number[];
  /** The thread that calls into the library the collection also needs (dlopen, malloc), if any. */
  readonly libraryUser: number | undefined;
  /** The thread created during the run (thread 0), and its parent (thread 1), if any. */
  readonly newThread: { readonly child: number; readonly parent: number } | undefined;
}

/** Derives the roles; rejects parameter settings the design cannot use, saying which and why. */
export function rolesOf(params: Params, design: Design): Roles {
  const n = params.threads;
  if (params.sleepers > n - 1) {
    throw new Error(`sleepers=${params.sleepers} needs at least ${params.sleepers + 1} threads (the server does not sleep)`);
  }
  const server = n - 1 - params.sleepers;
  if (design.newThread && server < 1) {
    throw new Error(
      `sleepers=${params.sleepers} needs at least ${params.sleepers + 2} threads here: thread 0 is the new thread, and the server (thread ${params.sleepers + 1} onwards) must exist from the start`,
    );
  }
  const threads = Array.from({ length: n }, (_, i) => i);
  const registeredAtStart = threads.map((t) => t !== 0 || (design.unregistered === 'none' && !design.newThread));
  const collectors = threads.filter((t) => registeredAtStart[t]);
  const heapUsers = threads.filter((t) => registeredAtStart[t] || design.unregistered === 'heap-user');
  const holders = threads.filter((t) => heapUsers.includes(t) || (design.newThread && t === 0));
  if (params.leafCallers > holders.length) {
    throw new Error(`leafCallers=${params.leafCallers}, but only ${holders.length} threads ever hold X here (threads ${holders.join(', ')})`);
  }
  return {
    n,
    k: params.collections,
    threads,
    registeredAtStart,
    collectors,
    sleepers: threads.slice(n - params.sleepers),
    server,
    heapUsers,
    leafCallers: holders.slice(holders.length - params.leafCallers),
    libraryUser: design.libraryCall ? collectors[0] : undefined,
    newThread: design.newThread ? { child: 0, parent: 1 } : undefined,
  };
}

/** "thread 2", "threads 0 and 2", "threads 0, 1 and 3", or "no thread". */
export function threadList(ts: readonly number[]): string {
  if (ts.length === 0) return 'no thread';
  if (ts.length === 1) return `thread ${ts[0]}`;
  return `threads ${ts.slice(0, -1).join(', ')} and ${ts.at(-1)}`;
}

/** The actor name of a thread. */
export const who = (t: number): string => `thread ${t}`;
