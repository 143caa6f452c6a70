/**
 * Fair strongly connected components: the parts of a subgraph where a fair schedule can stay
 * forever.
 *
 * The algorithm is the SCC-based fairness check of O. Lichtenstein and A. Pnueli ("Checking
 * that finite state concurrent programs satisfy their linear specification", POPL 1985), as
 * model-checking textbooks give it (E. M. Clarke, O. Grumberg, D. Peled, "Model Checking",
 * MIT Press 1999, on fair EG): an infinite path that eventually stays inside a set of states
 * visits every state of one strongly connected component infinitely often, or can be made to,
 * so a fair path exists exactly when some component is fair:
 *
 * - a component must hold a cycle (more than one state, or a self-loop);
 * - weak fairness of a constraint (an action instance or an actor): the constraint is disabled
 *   in some state of the component, or one of its steps is an edge inside the component. If it
 *   is enabled everywhere and never taken inside, no cycle of the component is fair, and none of
 *   a smaller part either, so the component is dropped;
 * - strong fairness: a constraint enabled somewhere in the component must be taken on an edge
 *   inside it. If not, the states where it is enabled cannot be visited infinitely often: they
 *   are removed, the rest is split into components again, and each is checked in turn. Each
 *   round removes states, so the refinement ends.
 *
 * A state the model calls final, with no enabled action, is a fair component on its own: the
 * behaviour stutters there forever and every constraint is disabled.
 */
import type { StateGraph } from './edge-recorder.js';
import type { EdgeFairness } from './fair-edges.js';
import { ComponentFinder, hasCycle } from './scc.js';

/** The fair components of a subgraph. */
export interface FairComponents {
  /** For each state, the index of the fair component it belongs to, or -1. */
  readonly componentOf: Int32Array;
  /** The states of each fair component. */
  readonly members: readonly Int32Array[];
}

/**
 * The fair components of the subgraph induced by the states with `inside[s] === 1` (a final
 * state with no enabled action, `finalEnd[s] === 1`, counts as one on its own).
 */
export function fairComponents(graph: StateGraph, inside: Uint8Array, finalEnd: Uint8Array, fairness: EdgeFairness): FairComponents {
  const n = graph.count;
  const componentOf = new Int32Array(n).fill(-1);
  const members: Int32Array[] = [];
  const accept = (states: Int32Array) => {
    for (const s of states) componentOf[s] = members.length;
    members.push(states);
  };
  const member = new Int32Array(n);
  const all: number[] = [];
  for (let s = 0; s < n; s++) {
    if (inside[s] !== 1) continue;
    member[s] = 1;
    all.push(s);
    if (finalEnd[s] === 1) accept(Int32Array.of(s));
  }
  const finder = new ComponentFinder(graph);
  const judge = new ComponentJudge(graph, fairness);
  const work: { nodes: Int32Array; tag: number }[] = [{ nodes: Int32Array.from(all), tag: 1 }];
  let tags = 1;
  for (let job = work.pop(); job; job = work.pop()) {
    const { count, order, starts } = finder.components(job.nodes, member, job.tag);
    for (let i = 0; i < count; i++) {
      const states = order.subarray(starts[i], starts[i + 1]);
      if (!hasCycle(graph, states)) continue;
      const verdict = judge.judge(states);
      if (verdict === 'unfair') continue;
      if (verdict === 'fair') {
        accept(states.slice());
        continue;
      }
      const rest = states.filter((s) => !judge.enablesAny(s, verdict));
      if (rest.length === 0) continue;
      tags++;
      for (const s of rest) member[s] = tags;
      work.push({ nodes: rest, tag: tags });
    }
  }
  return { componentOf, members };
}

/**
 * Judges components against the fairness constraints. Its per-constraint counters are reused
 * from one component to the next.
 */
class ComponentJudge {
  private readonly enabledCount: Int32Array;
  private readonly taken: Uint8Array;
  private readonly seenAt: Int32Array;
  private readonly inComponent: Int32Array;
  private readonly scratch: Int32Array;
  private stamp = 0;
  private componentStamp = 0;

  constructor(private readonly graph: StateGraph, private readonly fairness: EdgeFairness) {
    const k = fairness.constraints.length;
    this.enabledCount = new Int32Array(k);
    this.taken = new Uint8Array(k);
    this.seenAt = new Int32Array(k);
    this.scratch = new Int32Array(k);
    this.inComponent = new Int32Array(graph.count);
  }

  /**
   * 'fair', 'unfair' (a weakly fair constraint is enabled everywhere and never taken), or the
   * strongly fair constraints that are enabled somewhere but never taken inside: the states
   * enabling them must go.
   */
  judge(states: Int32Array): 'fair' | 'unfair' | Set<number> {
    const { graph, fairness, enabledCount, taken, seenAt, inComponent, scratch } = this;
    const { constraints } = fairness;
    if (constraints.length === 0) return 'fair';
    enabledCount.fill(0);
    taken.fill(0);
    const mark = ++this.componentStamp;
    for (const s of states) inComponent[s] = mark;
    for (const s of states) {
      const stamp = ++this.stamp;
      for (let e = graph.offsets[s]; e < graph.offsets[s + 1]; e++) {
        const inner = inComponent[graph.targets[e]] === mark;
        const n = fairness.of(e, scratch);
        for (let j = 0; j < n; j++) {
          const c = scratch[j];
          if (seenAt[c] !== stamp) {
            seenAt[c] = stamp;
            enabledCount[c]++;
          }
          if (inner) taken[c] = 1;
        }
      }
    }
    const bad = new Set<number>();
    for (let c = 0; c < constraints.length; c++) {
      if (taken[c] === 1) continue;
      if (constraints[c].strength === 'weak' && enabledCount[c] === states.length) return 'unfair';
      if (constraints[c].strength === 'strong' && enabledCount[c] > 0) bad.add(c);
    }
    return bad.size === 0 ? 'fair' : bad;
  }

  /** Whether one of the constraints is enabled in state `s`. */
  enablesAny(s: number, constraints: Set<number>): boolean {
    const { graph, fairness, scratch } = this;
    for (let e = graph.offsets[s]; e < graph.offsets[s + 1]; e++) {
      const n = fairness.of(e, scratch);
      for (let j = 0; j < n; j++) if (constraints.has(scratch[j])) return true;
    }
    return false;
  }
}
