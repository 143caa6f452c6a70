import type { StateGraph } from './edge-recorder.js';

/**
 * Strongly connected components of induced subgraphs of the state graph, by Tarjan's
 * algorithm (R. E. Tarjan, "Depth-first search and linear graph algorithms", SIAM Journal on
 * Computing 1(2), 1972), written with an explicit call stack instead of recursion: graphs
 * have millions of states, far deeper than the JavaScript stack.
 */

/** Components in compressed form: component `i` is `order[starts[i] .. starts[i + 1])`. */
export interface Components {
  /** How many components. */
  readonly count: number;
  /** The states, grouped by component. */
  readonly order: Int32Array;
  /** Where each component starts in `order`; `starts[count]` is the number of states. */
  readonly starts: Int32Array;
}

/**
 * Finds the strongly connected components of subgraphs of one graph. Its scratch arrays are
 * allocated once, for the whole graph, and reused by every call (the fair-cycle search calls
 * it again on ever smaller subsets).
 */
export class ComponentFinder {
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly stack: Int32Array;
  private readonly callNode: Int32Array;
  private readonly callEdge: Int32Array;

  constructor(private readonly graph: StateGraph) {
    const n = graph.count;
    this.index = new Int32Array(n).fill(-1);
    this.low = new Int32Array(n);
    this.onStack = new Uint8Array(n);
    this.stack = new Int32Array(n);
    this.callNode = new Int32Array(n);
    this.callEdge = new Int32Array(n);
  }

  /**
   * The components of the subgraph induced by `nodes`: the states `s` with
   * `member[s] === tag` (`nodes` must list exactly those), and the edges between them.
   */
  components(nodes: Int32Array, member: Int32Array, tag: number): Components {
    const { offsets, targets } = this.graph;
    const { index, low, onStack, stack, callNode, callEdge } = this;
    const order = new Int32Array(nodes.length);
    const starts = new Int32Array(nodes.length + 1);
    let count = 0;
    let placed = 0;
    let counter = 0;
    let sp = 0;
    for (const root of nodes) {
      if (index[root] !== -1) continue;
      let depth = 0;
      callNode[0] = root;
      callEdge[0] = offsets[root];
      index[root] = low[root] = counter++;
      stack[sp++] = root;
      onStack[root] = 1;
      while (depth >= 0) {
        const v = callNode[depth];
        const end = offsets[v + 1];
        let e = callEdge[depth];
        let descended = false;
        while (e < end) {
          const w = targets[e++];
          if (member[w] !== tag) continue;
          if (index[w] === -1) {
            callEdge[depth] = e;
            depth++;
            callNode[depth] = w;
            callEdge[depth] = offsets[w];
            index[w] = low[w] = counter++;
            stack[sp++] = w;
            onStack[w] = 1;
            descended = true;
            break;
          }
          if (onStack[w] === 1 && index[w] < low[v]) low[v] = index[w];
        }
        if (descended) continue;
        if (low[v] === index[v]) {
          starts[count++] = placed;
          let w: number;
          do {
            w = stack[--sp];
            onStack[w] = 0;
            order[placed++] = w;
          } while (w !== v);
        }
        depth--;
        if (depth >= 0) {
          const u = callNode[depth];
          if (low[v] < low[u]) low[u] = low[v];
        }
      }
    }
    starts[count] = placed;
    for (const s of nodes) index[s] = -1;
    return { count, order, starts: starts.subarray(0, count + 1) };
  }
}

/** Whether a component holds a cycle: more than one state, or one state with an edge to itself. */
export function hasCycle(graph: StateGraph, states: Int32Array): boolean {
  if (states.length > 1) return true;
  const s = states[0];
  for (let e = graph.offsets[s]; e < graph.offsets[s + 1]; e++) if (graph.targets[e] === s) return true;
  return false;
}
