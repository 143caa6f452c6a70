/**
 * What traces, the fewest-switches search and the liveness check read of a store: the states
 * in breadth-first order, each with its parent. The serial `StateStore` and the `SharedTable`
 * of the multi-threaded search both give it.
 */
export interface StoredStates {
  /** How many distinct states are stored. */
  readonly count: number;
  /** Words per encoded state. */
  readonly words: number;
  /** The array holding state `id`, where it starts at `offsetOf(id)`. */
  segmentOf(id: number): Uint32Array;
  /** Where state `id` starts in `segmentOf(id)`. */
  offsetOf(id: number): number;
  /** The state that `id` was first reached from, or -1 for an initial state. */
  parentOf(id: number): number;
  /** Whether stored state `id` is the state in `src[offset .. offset + words)`. */
  matches(id: number, src: Uint32Array, offset: number): boolean;
}
