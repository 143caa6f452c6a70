/**
 * How a search with more than one thread asked for used them: what the benchmark prints to
 * show where the time went, and why a search ran on one thread when it did.
 */
export interface ThreadStats {
  /** Threads asked for. */
  readonly threads: number;
  /** The search that ran: the shared-table search, or the single-threaded one. */
  readonly engine: 'shared table' | 'one thread';
  /** Why the single-threaded search ran though more threads were asked for. */
  readonly fallback?: string;
  /** Seconds each worker thread spent expanding states and inserting their successors. */
  readonly busySeconds: readonly number[];
  /** Wall-clock seconds of the levels the worker threads expanded. */
  readonly parallelSeconds: number;
  /** Wall-clock seconds of the rest of the search: what the main thread did alone. */
  readonly serialSeconds: number;
  /** Levels the worker threads expanded, and levels in all. */
  readonly parallelLevels: number;
  readonly levels: number;
  /** Times the table grew in the middle of a level while the workers waited, and the seconds that took. */
  readonly growths: number;
  readonly growthSeconds: number;
}
