import type { StoredStates } from '../store/stored-states.js';
import type { StateGraph } from './edge-recorder.js';

/**
 * What a complete search hands to the liveness check: every reachable state (with the
 * breadth-first parent links that give shortest paths) and every edge between them.
 */
export interface ExploredGraph {
  /** The states, in breadth-first order; the initial states come first. */
  readonly store: StoredStates;
  /** The edges, by source state. */
  readonly edges: StateGraph;
}
