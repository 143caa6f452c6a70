import type { StateStore } from '../store/state-store.js';
import type { StateGraph } from './edge-recorder.js';

/**
 * What a complete search hands to the liveness check: every reachable state (with the
 * breadth-first parent links that give shortest paths) and every edge between them.
 */
export interface ExploredGraph {
  /** The states, in breadth-first order; the initial states come first. */
  readonly store: StateStore;
  /** The edges, by source state. */
  readonly edges: StateGraph;
}
