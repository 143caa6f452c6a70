import { createHash } from 'node:crypto';
import type { Instance } from '../instance.js';
import { Expander, type ExpanderOptions } from '../search/expander.js';
import { Successors } from '../search/successors.js';
import { initialWords } from './path.js';

/** States of the breadth-first sample the hash covers. */
const SAMPLE = 2048;

/**
 * A hash that tells whether two machines built the same instance: the model's name, variant
 * and parameters, the state layout, the action instances and the properties, and what the
 * model's code does, sampled: the first states of a breadth-first search with every transition
 * and finding among them. Hashing the source text of guards and effects would be stricter, but
 * it differs between a model compiled by tsc and the same model loaded through tsx; the sample
 * catches a changed guard or effect as soon as it matters near the initial states.
 */
export function instanceHash(instance: Instance, options: ExpanderOptions): string {
  const hash = createHash('sha256');
  const { model, variant, params, codec, actions, invariants, reachability, finalProperties, liveness } = instance;
  hash.update(
    JSON.stringify({
      model: model.name,
      variant,
      params,
      shape: codec.shape,
      actions: actions.map((a) => a.label),
      properties: [...invariants, ...reachability, ...finalProperties, ...liveness].map((p) => [p.name, p.kind]),
      options,
    }),
  );
  const expander = new Expander(instance, options);
  const out = new Successors(codec.words);
  const seen = new Set<string>();
  const queue = initialWords(instance);
  for (let i = 0; i < queue.length && seen.size < SAMPLE; i++) {
    const key = queue[i].join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.clear();
    const expansion = expander.expand(queue[i], 0, 1, out, true);
    hash.update(key);
    if (expansion.finding) {
      hash.update(JSON.stringify(expansion.finding));
      continue;
    }
    const data = out.data.subarray(0, out.length);
    hash.update(data.join(','));
    const stride = Successors.HEAD + codec.words;
    for (let k = 0, at = 1; k < data[0]; k++, at += stride) queue.push(data.slice(at + Successors.HEAD, at + stride));
  }
  return hash.digest('hex').slice(0, 16);
}
