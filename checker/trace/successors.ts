import type { Instance } from '../instance.js';

/**
 * The successors of a decoded state, one per enabled action instance, in instance order: the
 * plain way to fire a model's actions off the search's hot path (rebuilding traces, verifying
 * symmetry).
 */
export function successorsOf(instance: Instance, state: unknown): { action: number; state: unknown }[] {
  const out: { action: number; state: unknown }[] = [];
  for (const a of instance.actions) {
    if (a.spec.guard && !a.spec.guard(state as never, a.arg)) continue;
    const next = instance.codec.clone(state);
    a.spec.effect(next as never, a.arg);
    out.push({ action: a.index, state: next });
  }
  return out;
}

/** A function from a state to a string that tells states apart (its encoding's words). */
export function stateKeyer(instance: Instance): (state: unknown) => string {
  const words = new Uint32Array(instance.codec.words);
  return (state) => (instance.codec.encode(state, words, 0), words.join(','));
}
