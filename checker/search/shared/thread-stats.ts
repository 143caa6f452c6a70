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
  /** Seconds each worker thread spent expanding states, inserting their successors and storing new states. */
  readonly busySeconds: readonly number[];
  /** Of those, the CPU seconds each used (Linux only; elsewhere empty): unlike wall-clock time, not inflated by the machine's load. */
  readonly cpuSeconds: readonly number[];
  /** CPU seconds the main thread used, the workers' levels excepted (Linux only). */
  readonly mainCpuSeconds?: number;
  /** Wall-clock seconds of the levels the worker threads expanded, and of their storing the new states. */
  readonly parallelSeconds: number;
  /** Wall-clock seconds of the rest of the search, the wait for the workers excepted: what the main thread did alone. */
  readonly serialSeconds: number;
  /** Of those, the seconds spent numbering the new states of levels (the workers then store them). */
  readonly levelEndSeconds: number;
  /** Wall-clock seconds the search waited for the workers to build their instances (with `waitForWorkers`; else it goes on alone meanwhile). */
  readonly startSeconds: number;
  /** Levels the worker threads expanded, and levels in all. */
  readonly parallelLevels: number;
  readonly levels: number;
  /** Times the table grew in the middle of a level while the workers waited, and the seconds that took. */
  readonly growths: number;
  readonly growthSeconds: number;
}
