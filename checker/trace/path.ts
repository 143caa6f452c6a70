import type { Instance } from '../instance.js';
import { InterleaveError } from '../errors.js';
import type { StateStore } from '../store/state-store.js';
import { traceOf, type Trace } from './trace.js';

/** Decodes stored state `id`. */
export function stateAt(instance: Instance, store: StateStore, id: number): unknown {
  return instance.codec.decode(store.segmentOf(id), store.offsetOf(id));
}

/**
 * The action instance by which breadth-first search first reached stored state `child` from
 * `parent`: the first enabled instance, in declaration order, whose effect gives exactly the
 * child. The store keeps no action per state; finding it again costs one expansion per step
 * of a trace, and four bytes less per state.
 */
export function actionBetween(instance: Instance, store: StateStore, parent: number, child: number): number {
  const { codec } = instance;
  const from = stateAt(instance, store, parent);
  const childWords = store.segmentOf(child);
  const childAt = store.offsetOf(child);
  const words = new Uint32Array(codec.words);
  for (const a of instance.actions) {
    if (a.spec.guard && !a.spec.guard(from as never, a.arg)) continue;
    const next = codec.clone(from);
    a.spec.effect(next, a.arg);
    codec.encode(next, words, 0);
    if (words.every((w, i) => w === childWords[childAt + i])) return a.index;
  }
  throw new InterleaveError(
    `no action leads from state ${parent} to state ${child} when re-run: an effect of the model is not deterministic (check it with --validate)`,
  );
}

/** The breadth-first path from an initial state to stored state `id`: a shortest trace to it. */
export function pathTo(instance: Instance, store: StateStore, id: number): Trace {
  const ids: number[] = [];
  for (let at = id; at >= 0; at = store.parentOf(at)) ids.push(at);
  ids.reverse();
  const states = ids.map((at) => stateAt(instance, store, at));
  const actions = ids.slice(1).map((at, i) => actionBetween(instance, store, ids[i], at));
  return traceOf(instance, states, actions);
}
