import { encodeStored, type Instance } from '../instance.js';
import { InterleaveError } from '../errors.js';
import type { StoredStates } from '../store/stored-states.js';
import { traceOf, type Trace } from './trace.js';

/** Decodes stored state `id` (of a store that still holds its words). */
export function stateAt(instance: Instance, store: StoredStates, id: number): unknown {
  return instance.codec.decode(store.segmentOf(id), store.offsetOf(id));
}

/**
 * The breadth-first path from an initial state to stored state `id`: a shortest trace to it.
 *
 * The store keeps only each state's parent, not the action that reached it (four bytes less
 * per state), and a fingerprint store keeps not even the states. So the path is rebuilt
 * forwards: from the initial state that is the first stored one, each step fires the enabled
 * action instances in declaration order and takes the first whose successor is the next
 * stored state, the one breadth-first search took. Every state of the trace is thereby one
 * the model's own actions produce. Under symmetry reduction the stored states are orbit
 * representatives, and the step takes the first successor in the next state's orbit: the trace
 * stays a real execution from a real initial state.
 */
export function pathTo(instance: Instance, store: StoredStates, id: number): Trace {
  const { codec, system } = instance;
  const ids: number[] = [];
  for (let at = id; at >= 0; at = store.parentOf(at)) ids.push(at);
  ids.reverse();
  const words = new Uint32Array(codec.words);
  const initial = system.init.find((s) => (encodeStored(instance, s, words, 0), store.matches(ids[0], words, 0)));
  if (initial === undefined) throw notDeterministic(`no initial state is stored state ${ids[0]} when re-built`);
  const states: unknown[] = [concrete(instance, initial, words)];
  const actions: number[] = [];
  for (let i = 1; i < ids.length; i++) {
    const from = states[i - 1];
    let next: unknown;
    const a = instance.actions.find((a) => {
      if (a.spec.guard && !a.spec.guard(from as never, a.arg)) return false;
      next = codec.clone(from);
      a.spec.effect(next, a.arg);
      encodeStored(instance, next, words, 0);
      return store.matches(ids[i], words, 0);
    });
    if (a === undefined) throw notDeterministic(`no action leads from state ${ids[i - 1]} to state ${ids[i]} when re-run`);
    states.push(concrete(instance, next, words));
    actions.push(a.index);
  }
  return traceOf(instance, states, actions);
}

/** The state as its encoding gives it back (a plain object, exactly the schema's fields), using `words` as scratch. */
function concrete(instance: Instance, state: unknown, words: Uint32Array): unknown {
  instance.codec.encode(state, words, 0);
  return instance.codec.decode(words, 0);
}

function notDeterministic(what: string): InterleaveError {
  return new InterleaveError(`${what}: an effect or initial state of the model is not deterministic (check it with --validate)`);
}
