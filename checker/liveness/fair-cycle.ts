import type { StateGraph } from './edge-recorder.js';
import type { EdgeFairness } from './fair-edges.js';

/**
 * A cycle from `entry` back to it inside a fair component that is fair itself: it passes, for
 * each weakly fair constraint, a step of it or a state where it is disabled, and takes a step of
 * each strongly fair constraint enabled in the component (the component is fair, so every such
 * step exists inside it). Built greedily: walk to the nearest state that settles a pending
 * constraint, settle it, repeat, then walk back to `entry`. Returns the action instance of each
 * step and the state after it (the last is `entry`).
 */
export function fairCycle(graph: StateGraph, fairness: EdgeFairness, members: Int32Array, entry: number): { states: number[]; actions: number[] } {
  const walker = new ComponentWalker(graph, members);
  const { constraints } = fairness;
  const k = constraints.length;
  const scratch = new Int32Array(k);
  const marks = new Int32Array(k);
  let stamp = 0;
  /** Marks the constraints enabled in `s`; returns the stamp that marks them. */
  const enabledIn = (s: number) => {
    fairness.markEnabled(s, marks, ++stamp, scratch);
    return stamp;
  };
  // The cycle must settle every constraint enabled somewhere in the component.
  const pending = new Set<number>();
  for (const s of members) {
    const at = enabledIn(s);
    for (let c = 0; c < k; c++) if (marks[c] === at) pending.add(c);
  }
  /** The pending weak constraints that state `s` settles by disabling them. */
  const disabledIn = (s: number) => {
    const at = enabledIn(s);
    return [...pending].filter((c) => constraints[c].strength === 'weak' && marks[c] !== at);
  };
  const settlesEdge = (e: number) => {
    const n = fairness.of(e, scratch);
    for (let j = 0; j < n; j++) if (pending.has(scratch[j])) return true;
    return false;
  };
  const states: number[] = [];
  const actions: number[] = [];
  const follow = (edges: readonly number[]) => {
    for (const e of edges) {
      const n = fairness.of(e, scratch);
      for (let j = 0; j < n; j++) pending.delete(scratch[j]);
      actions.push(graph.labels[e]);
      states.push(graph.targets[e]);
      for (const c of disabledIn(graph.targets[e])) pending.delete(c);
    }
  };
  for (const c of disabledIn(entry)) pending.delete(c);
  let at = entry;
  while (pending.size > 0) {
    follow(walker.pathTo(at, false, (s) => disabledIn(s).length > 0 || walker.innerEdges(s).some(settlesEdge)));
    at = states.at(-1) ?? at;
    const settling = walker.innerEdges(at).find(settlesEdge);
    if (settling !== undefined) follow([settling]);
    at = states.at(-1) ?? at;
  }
  follow(walker.pathTo(at, states.length === 0, (s) => s === entry));
  return { states, actions };
}

/** Breadth-first walks inside one component of the graph. */
class ComponentWalker {
  private readonly inside: Uint8Array;
  private readonly viaEdge: Int32Array;
  private readonly seenAt: Int32Array;
  private walks = 0;

  constructor(private readonly graph: StateGraph, members: Int32Array) {
    this.inside = new Uint8Array(graph.count);
    for (const s of members) this.inside[s] = 1;
    this.viaEdge = new Int32Array(graph.count);
    this.seenAt = new Int32Array(graph.count);
  }

  /** The edges from `s` to states of the component. */
  innerEdges(s: number): number[] {
    const out: number[] = [];
    for (let e = this.graph.offsets[s]; e < this.graph.offsets[s + 1]; e++) if (this.inside[this.graph.targets[e]] === 1) out.push(e);
    return out;
  }

  /**
   * The edges of a shortest path inside the component from `from` to a state where `goal`
   * holds (`from` itself counts unless `oneStep` asks for at least one step).
   */
  pathTo(from: number, oneStep: boolean, goal: (s: number) => boolean): number[] {
    if (!oneStep && goal(from)) return [];
    const { graph, viaEdge, seenAt } = this;
    const walk = ++this.walks;
    const source = new Map<number, number>();
    const queue = [from];
    if (!oneStep) seenAt[from] = walk;
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head];
      for (const edge of this.innerEdges(s)) {
        const t = graph.targets[edge];
        if (seenAt[t] === walk) continue;
        seenAt[t] = walk;
        viaEdge[t] = edge;
        source.set(edge, s);
        if (goal(t)) {
          const edges = [edge];
          for (let back = s; back !== from; back = source.get(viaEdge[back])!) edges.push(viaEdge[back]);
          return edges.reverse();
        }
        queue.push(t);
      }
    }
    throw new Error('unreachable: a strongly connected component connects every pair of its states');
  }
}
