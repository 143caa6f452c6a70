import type { Instance } from '../instance.js';
import { messageOf } from '../errors.js';
import type { ExploredGraph } from './explored-graph.js';

/** What the liveness check needs to know of each state, found in one pass over the graph. */
export interface StateFacts {
  /** Per liveness property (in the instance's order), the states where its goal or response holds. */
  readonly goal: readonly Uint8Array[];
  /** Per liveness property, the states where its trigger holds (leadsTo only). */
  readonly trigger: readonly (Uint8Array | undefined)[];
  /** The states with no enabled action that the model calls final: they stutter forever. */
  readonly finalEnd: Uint8Array;
  /** How many states have no enabled action and are not final (deadlocks, when detection is off). */
  readonly deadEnds: number;
  /** Who takes each edge's step (an index into `actors`; -1: the action names no actor). Only when some fairness is about an actor. */
  readonly edgeActor?: Int32Array;
  /** The actors seen on edges, in order of first appearance. */
  readonly actors: readonly string[];
}

/** The model's code threw while the liveness check evaluated it in a state. */
export interface StateFault {
  /** The state. */
  readonly state: number;
  /** What threw, and its message. */
  readonly message: string;
}

/**
 * Decodes every state once and evaluates what liveness needs there: each liveness property's
 * predicates, the final-state predicate where no action is enabled, and (when fairness names
 * actors) the actor of each edge leaving it. Returns the first fault of the model's code instead
 * when one throws.
 */
export function stateFacts(instance: Instance, { store, edges }: ExploredGraph): StateFacts | StateFault {
  const { codec, liveness, system, actions, fairness } = instance;
  const n = edges.count;
  const goal = liveness.map(() => new Uint8Array(n));
  const trigger = liveness.map((p) => (p.trigger ? new Uint8Array(n) : undefined));
  const finalEnd = new Uint8Array(n);
  const needActors = fairness.some((c) => c.instance < 0);
  const edgeActor = needActors ? new Int32Array(edges.targets.length) : undefined;
  const actorIds = new Map<string, number>();
  const actorId = (name: string | undefined) => {
    if (name === undefined) return -1;
    let id = actorIds.get(name);
    if (id === undefined) actorIds.set(name, (id = actorIds.size));
    return id;
  };
  // An actor function that declares no state parameter (`actor: (t) => ...`) names the same actor
  // in every state: ask it once, on the first edge of its instance (-2: not asked yet;
  // undefined: it reads the state, ask it on every edge).
  const fixedActor: (number | undefined)[] = actions.map((a) => (a.spec.actor && a.spec.actor.length < 2 ? -2 : undefined));
  let deadEnds = 0;
  let what = '';
  let s = 0;
  try {
    for (; s < n; s++) {
      const state = codec.decode(store.segmentOf(s), store.offsetOf(s)) as never;
      for (let i = 0; i < liveness.length; i++) {
        const p = liveness[i];
        what = `property "${p.name}"`;
        goal[i][s] = p.holds(state) ? 1 : 0;
        if (p.trigger) trigger[i]![s] = p.trigger(state) ? 1 : 0;
      }
      const from = edges.offsets[s];
      const to = edges.offsets[s + 1];
      if (from === to) {
        what = 'the final-state predicate';
        if (system.final?.(state)) finalEnd[s] = 1;
        else deadEnds++;
      }
      if (edgeActor) {
        for (let e = from; e < to; e++) {
          const label = edges.labels[e];
          const fixed = fixedActor[label];
          if (fixed !== undefined && fixed !== -2) {
            edgeActor[e] = fixed;
            continue;
          }
          const a = actions[label];
          what = `the actor function of ${a.label}`;
          edgeActor[e] = actorId(a.spec.actor?.(a.arg, state));
          if (fixed === -2) fixedActor[label] = edgeActor[e];
        }
      }
    }
  } catch (error) {
    return { state: s, message: `${what} threw: ${messageOf(error)}` };
  }
  return { goal, trigger, finalEnd, deadEnds, ...(edgeActor ? { edgeActor } : {}), actors: [...actorIds.keys()] };
}
