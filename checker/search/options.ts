import type { SymmetryOption } from '../symmetry/reduction.js';

/** A snapshot of a running search, for progress lines. */
export interface Progress {
  /** Distinct states so far. */
  readonly states: number;
  /** States reached but not yet expanded. */
  readonly queued: number;
  /** The depth being expanded. */
  readonly depth: number;
  /** Transitions fired so far. */
  readonly transitions: number;
  /** Seconds since the search started. */
  readonly seconds: number;
  /**
   * The states found at each depth so far: complete up to `depth` (the level being expanded),
   * then the next level, still growing. Its growth level by level hints at the work left.
   */
  readonly levels: readonly number[];
}

/** How to run a search. */
export interface SearchOptions {
  /** Stop with verdict "incomplete" once more than this many distinct states are found. */
  readonly maxStates?: number;
  /** Do not expand states at this depth; if any has a successor, the verdict is "incomplete". */
  readonly maxDepth?: number;
  /** Stop with verdict "incomplete" once the process's resident memory exceeds this many MiB. */
  readonly maxMemoryMiB?: number;
  /** Stop with verdict "incomplete" once the search has run this many seconds. */
  readonly maxSeconds?: number;
  /**
   * Stop with verdict "incomplete" (interrupted) once this signal is aborted; a string reason
   * says by what, as "by SIGINT". It is looked at between batches of states: `check` runs
   * without a pause, so only an abort made before it starts (or from its own callbacks) stops
   * it, while `checkInParallel` lets the event loop in every few milliseconds and stops soon
   * after any abort.
   */
  readonly signal?: AbortSignal;
  /** Report states with no enabled action that are not final as deadlocks (default true). */
  readonly deadlock?: boolean;
  /**
   * Extra checks for model authors, on in tests: guards and properties get a frozen state (a
   * write throws at the line that made it), and every effect is run twice to check that it is
   * deterministic.
   */
  readonly validate?: boolean;
  /**
   * Tell states apart by 64-bit fingerprints and keep a state's words only until it is
   * expanded: for state spaces whose full states do not fit in memory. The search is then
   * exhaustive only up to fingerprint collisions (the result says how likely one was).
   * Liveness properties cannot be checked this way: they need every state.
   */
  readonly fingerprint?: boolean;
  /**
   * Symmetry reduction for models that declare scalarsets (default `auto`): store one state
   * per orbit, in the `exact` or `fast` canonical form; `off` explores every state.
   */
  readonly symmetry?: SymmetryOption;
  /** A reachability (`sometimes`) check whose shortest witness trace the result should carry. */
  readonly witness?: string;
  /** Carry a shortest witness trace for every reachability check met (what the HTML report of a pass draws). */
  readonly witnessAll?: boolean;
  /** Called every `progressEveryMs` milliseconds while the search runs. */
  readonly onProgress?: (progress: Progress) => void;
  /** How often to call `onProgress` (default 2000). */
  readonly progressEveryMs?: number;
}
