import type { Instance } from '../instance.js';
import type { StoredStates } from '../store/stored-states.js';
import { stateAt } from './path.js';
import { stateKeyer, successorsOf } from './successors.js';
import { traceOf, type Trace } from './trace.js';

/**
 * Above this many states before the target's level, the search keeps its own shortest trace:
 * finding the most readable one means expanding every one of them again.
 */
const MAX_STATES_TO_REEXPAND = 500_000;

/** Where a state is: its depth and its position in that level. */
interface Place {
  readonly level: number;
  readonly index: number;
}

/** One step of a shortest path: from the state at `from`, action instance `action` leads to the state at `to`. */
interface Edge {
  readonly from: Place;
  readonly action: number;
  readonly to: Place;
}

/** The best way found to reach a state with a given last actor: the fewest switches, and the step that did it. */
interface Best {
  readonly switches: number;
  readonly edge?: Edge;
  readonly previousActor?: string;
}

/**
 * Among the shortest traces to stored state `target`, the one with the fewest switches between
 * actors: a person retells a story thread by thread, and preemption-bounded search (CHESS)
 * shows such traces are the readable ones. Ties go to the first in breadth-first order, so the
 * choice does not depend on the number of threads that searched. `levels[k]` is the index of
 * the first stored state at depth k.
 *
 * The levels before the target's are generated again from the initial states (the store may
 * have dropped their words, in fingerprint mode), so this costs about what the search cost up
 * to there. Returns undefined, and the caller keeps the search's own trace, when there are too
 * many such states, and under symmetry reduction (the actors of a representative's steps are
 * not those of the real trace).
 */
export function fewestSwitchesTrace(instance: Instance, store: StoredStates, target: number, levels: readonly number[]): Trace | undefined {
  let depth = levels.length - 1;
  while (levels[depth] > target) depth--;
  if (instance.symmetry || depth <= 1 || levels[depth] > MAX_STATES_TO_REEXPAND) return undefined;
  const states = levelsBefore(instance, depth);
  states.push([stateAt(instance, store, target)]);
  const edges = shortestPathEdges(instance, states);
  const best = states[0].map(() => new Map<string, Best>([['', { switches: 0 }]]));
  const bestAt = (at: Place): Map<string, Best> => {
    const level = (levelBest[at.level] ??= []);
    return (level[at.index] ??= new Map());
  };
  const levelBest: Map<string, Best>[][] = [best];
  for (const edge of edges) {
    const from = bestAt(edge.from);
    const actor = actorOf(instance, states[edge.from.level][edge.from.index], edge.action);
    const to = bestAt(edge.to);
    for (const [previousActor, reached] of from) {
      const switches = reached.switches + (previousActor !== '' && previousActor !== actor ? 1 : 0);
      const known = to.get(actor);
      if (!known || switches < known.switches) to.set(actor, { switches, edge, previousActor });
    }
  }
  let step = [...bestAt({ level: depth, index: 0 }).values()].reduce((a, b) => (b.switches < a.switches ? b : a));
  const path: unknown[] = [states[depth][0]];
  const actions: number[] = [];
  while (step.edge) {
    const { from, action } = step.edge;
    path.push(states[from.level][from.index]);
    actions.push(action);
    step = bestAt(from).get(step.previousActor!)!;
  }
  // As the store gives states back: plain objects with exactly the schema's fields.
  const words = new Uint32Array(instance.codec.words);
  const plain = (state: unknown): unknown => (instance.codec.encode(state, words, 0), instance.codec.decode(words, 0));
  return traceOf(instance, path.reverse().map(plain), actions.reverse());
}

/** The distinct states of depths 0 to depth - 1, each level in breadth-first order. */
function levelsBefore(instance: Instance, depth: number): unknown[][] {
  const keyOf = stateKeyer(instance);
  const seen = new Set<string>();
  const fresh = (state: unknown): boolean => {
    const key = keyOf(state);
    return !seen.has(key) && Boolean(seen.add(key));
  };
  const levels = [instance.system.init.filter(fresh).map((s) => instance.codec.clone(s))];
  while (levels.length < depth) levels.push(levels.at(-1)!.flatMap((state) => successorsOf(instance, state).map((s) => s.state).filter(fresh)));
  return levels;
}

/**
 * Every edge of a shortest path to the one state of the last level, ordered by depth, then
 * state, then action: found backwards, keeping at each level the steps into states already
 * known to lie on such a path.
 */
function shortestPathEdges(instance: Instance, levels: readonly unknown[][]): Edge[] {
  const keyOf = stateKeyer(instance);
  const last = levels.length - 1;
  let onPath = new Map([[keyOf(levels[last][0]), 0]]);
  const byLevel: Edge[][] = [];
  for (let level = last - 1; level >= 0; level--) {
    const edges: Edge[] = [];
    const previous = new Map<string, number>();
    levels[level].forEach((state, index) => {
      for (const { action, state: next } of successorsOf(instance, state)) {
        const to = onPath.get(keyOf(next));
        if (to === undefined) continue;
        edges.push({ from: { level, index }, action, to: { level: level + 1, index: to } });
        previous.set(keyOf(state), index);
      }
    });
    byLevel.push(edges);
    onPath = previous;
  }
  return byLevel.reverse().flat();
}

/** Who takes a step (its actor, or the action's name when it names none). */
function actorOf(instance: Instance, state: unknown, action: number): string {
  const { spec, arg, action: name } = instance.actions[action];
  try {
    if (spec.actor) return `actor:${spec.actor(arg, state as never)}`;
  } catch {
    // The trace will say that this actor function threw; here the step counts as its action's.
  }
  return `action:${name}`;
}
