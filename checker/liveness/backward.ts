import type { StateGraph } from './edge-recorder.js';

/** The graph's edges by target: the predecessors of state `s` are `sources[offsets[s] .. offsets[s + 1])`. */
export interface ReverseGraph {
  /** Where each state's in-edges start. */
  readonly offsets: Int32Array;
  /** Each in-edge's source state. */
  readonly sources: Int32Array;
}

/** Builds the reverse of a graph, in compressed form (counting sort by target). */
export function reverseOf(graph: StateGraph): ReverseGraph {
  const { count, offsets, targets } = graph;
  const into = new Int32Array(count + 1);
  for (const t of targets) into[t + 1]++;
  for (let s = 0; s < count; s++) into[s + 1] += into[s];
  const fill = into.slice(0, count);
  const sources = new Int32Array(targets.length);
  for (let s = 0; s < count; s++) {
    for (let e = offsets[s]; e < offsets[s + 1]; e++) sources[fill[targets[e]]++] = s;
  }
  return { offsets: into, sources };
}

/**
 * The states with `inside[s] === 1` from which a path through such states reaches a goal
 * state (`goal[s] >= 0`; goals must be inside): a breadth-first search backwards from the goals.
 */
export function reachingInside(reverse: ReverseGraph, inside: Uint8Array, goal: Int32Array): Uint8Array {
  const n = inside.length;
  const reached = new Uint8Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let s = 0; s < n; s++) {
    if (goal[s] >= 0) {
      reached[s] = 1;
      queue[tail++] = s;
    }
  }
  for (let head = 0; head < tail; head++) {
    const t = queue[head];
    for (let e = reverse.offsets[t]; e < reverse.offsets[t + 1]; e++) {
      const s = reverse.sources[e];
      if (inside[s] === 1 && reached[s] === 0) {
        reached[s] = 1;
        queue[tail++] = s;
      }
    }
  }
  return reached;
}
