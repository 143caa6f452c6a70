import type { StateGraph } from './edge-recorder.js';
import type { FairnessConstraint } from './fairness.js';

/**
 * Which fairness constraints each edge takes a step of: an action-instance constraint by the
 * edge's label, an actor constraint by who takes the step. A constraint is enabled in a state
 * exactly when one of the state's edges belongs to it. Nothing is stored per edge but the actor.
 */
export class EdgeFairness {
  private readonly byInstance: Int32Array[] = [];
  private readonly byActor: Int32Array[] = [];

  /**
   * @param graph - the graph whose edges are asked about.
   * @param constraints - the instance's fairness constraints.
   * @param actors - the actors seen on edges; `edgeActor[e]` indexes it (-1: no actor).
   * @param edgeActor - who takes each edge's step; needed only when a constraint is about an actor.
   */
  constructor(
    private readonly graph: StateGraph,
    readonly constraints: readonly FairnessConstraint[],
    actors: readonly string[],
    private readonly edgeActor?: Int32Array,
  ) {
    const add = (lists: Int32Array[], key: number, id: number) => {
      lists[key] = Int32Array.from([...(lists[key] ?? []), id]);
    };
    constraints.forEach((c, id) => {
      if (c.instance >= 0) add(this.byInstance, c.instance, id);
      else if (actors.includes(c.actor!)) add(this.byActor, actors.indexOf(c.actor!), id);
    });
  }

  /** Writes the ids of the constraints edge `e` belongs to into `out` (room for every constraint); returns how many. */
  of(e: number, out: Int32Array): number {
    let n = 0;
    const mine = this.byInstance[this.graph.labels[e]];
    if (mine) for (const c of mine) out[n++] = c;
    if (this.edgeActor && this.edgeActor[e] >= 0) {
      const theirs = this.byActor[this.edgeActor[e]];
      if (theirs) for (const c of theirs) out[n++] = c;
    }
    return n;
  }

  /**
   * Marks, in `marks`, the constraints enabled in state `s` with `stamp`: afterwards
   * `marks[c] === stamp` exactly for those (stamps must never repeat).
   */
  markEnabled(s: number, marks: Int32Array, stamp: number, scratch: Int32Array): void {
    for (let e = this.graph.offsets[s]; e < this.graph.offsets[s + 1]; e++) {
      const n = this.of(e, scratch);
      for (let j = 0; j < n; j++) marks[scratch[j]] = stamp;
    }
  }
}
