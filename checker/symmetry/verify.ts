import type { Instance } from '../instance.js';
import { InterleaveError, UsageError } from '../errors.js';
import { formatValue } from '../report/format.js';
import { permuteFor } from './generate.js';
import { setsOf, type SymmetricSet } from './sets.js';
import { stateKeyer, successorsOf } from '../trace/successors.js';

/** What `verifySymmetry` confirmed. */
export interface SymmetryVerified {
  /** Reachable states checked (the whole unreduced graph). */
  readonly states: number;
  /** The permutations each state was checked under, in words ("thread 0 ↔ thread 1"). */
  readonly permutations: readonly string[];
}

/** A permutation of one set's ids, with its description. */
interface Generator {
  readonly perms: Int32Array[];
  readonly words: string;
}

/**
 * Checks that a model honours its scalarset declarations, on the unreduced graph (use small
 * parameters): in every reachable state and its image under a permutation of each set's ids,
 * each property and the final-state predicate give the same answer, and the successors of the
 * image are exactly the images of the successors. (The initial states need not be closed under
 * the permutations: the images of the states reachable from them are then reachable from the
 * images of the initial states, which is all the reduction relies on.) Two permutations per set (a swap and a rotation) generate all of them, so these
 * checks cover every permutation. Throws an InterleaveError that shows the two states and the
 * permutation on the first failure; a search beyond `maxStates` is an error too, never a pass.
 */
export function verifySymmetry(instance: Instance, maxStates = 200_000): SymmetryVerified {
  const { codec } = instance;
  const sets = setsOf(codec.shape);
  if (sets.length === 0) throw new UsageError(`${instance.model.name} declares no scalarset: there is no symmetry to verify`);
  const permute = permuteFor(codec.shape, sets);
  const generators = sets.flatMap((set) => generatorsOf(set, sets));
  const keyOf = stateKeyer(instance);
  const known = new Map<string, unknown>();
  const queue: unknown[] = [];
  for (const init of instance.system.init) {
    const key = keyOf(init);
    if (!known.has(key)) known.set(key, init), queue.push(init);
  }
  for (let next = 0; next < queue.length; next++) {
    const state = queue[next];
    const successors = distinctSuccessors(instance, state, keyOf);
    for (const g of generators) {
      const image = permute(state, g.perms);
      const disagreement = firstDisagreement(instance, state, image);
      if (disagreement) fail(instance, g, state, image, disagreement);
      const expected = new Set([...successors.values()].map((s) => keyOf(permute(s.state, g.perms))));
      const actual = distinctSuccessors(instance, image, keyOf);
      for (const [key, step] of actual) {
        if (!expected.has(key)) fail(instance, g, state, image, `from the image, ${step.label} leads to ${formatValue(step.state)}, which is no image of a successor of the state`);
      }
      for (const key of expected) {
        if (!actual.has(key)) fail(instance, g, state, image, 'a successor of the state has an image that no step from the image reaches');
      }
    }
    for (const [key, step] of successors) {
      if (known.has(key)) continue;
      if (known.size >= maxStates) {
        throw new InterleaveError(`--verify-symmetry explored ${maxStates} states without finishing: verify the declaration with smaller parameters`);
      }
      known.set(key, step.state);
      queue.push(step.state);
    }
  }
  return { states: known.size, permutations: generators.map((g) => g.words) };
}

/** A swap of the first two ids and, from three ids on, a rotation: together they generate every permutation of the set. */
function generatorsOf(set: SymmetricSet, sets: readonly SymmetricSet[]): Generator[] {
  const identity = (): Int32Array[] => sets.map((s) => Int32Array.from({ length: s.size }, (_, i) => i));
  const out: Generator[] = [];
  if (set.size >= 2) {
    const perms = identity();
    perms[set.index][0] = 1;
    perms[set.index][1] = 0;
    out.push({ perms, words: `${set.name} 0 ↔ ${set.name} 1` });
  }
  if (set.size >= 3) {
    const perms = identity();
    for (let i = 0; i < set.size; i++) perms[set.index][i] = (i + 1) % set.size;
    out.push({ perms, words: `each ${set.name} i becomes ${set.name} i+1 (mod ${set.size})` });
  }
  return out;
}

/** The successors of a state by their keys, each with the step that reached it first. */
function distinctSuccessors(instance: Instance, state: unknown, keyOf: (s: unknown) => string): Map<string, { label: string; state: unknown }> {
  const out = new Map<string, { label: string; state: unknown }>();
  for (const { action, state: next } of successorsOf(instance, state)) {
    const key = keyOf(next);
    if (!out.has(key)) out.set(key, { label: instance.actions[action].label, state: next });
  }
  return out;
}

/** The first property (or the final-state predicate) that answers differently in the two states. */
function firstDisagreement(instance: Instance, state: unknown, image: unknown): string | undefined {
  const properties = [...instance.invariants, ...instance.reachability, ...instance.finalProperties];
  for (const p of properties) {
    const a = Boolean(p.holds(state as never));
    if (a !== Boolean(p.holds(image as never))) return `property "${p.name}" is ${a} in the state but ${!a} in its image`;
  }
  const final = instance.system.final;
  if (final && Boolean(final(state as never)) !== Boolean(final(image as never))) return 'the final-state predicate tells the state and its image apart';
  return undefined;
}

function fail(instance: Instance, g: Generator, state: unknown, image: unknown, problem: string): never {
  throw new InterleaveError(
    [
      `${instance.model.name} (variant ${instance.variant}) is not symmetric under ${g.words}: ${problem}.`,
      `  state: ${formatValue(state)}`,
      `  image: ${formatValue(image)}`,
      'Something in the model tells the ids apart (an order comparison, arithmetic on ids, a constant id, an action for one id only, or an asymmetric initial state); see the scalarset documentation.',
    ].join('\n'),
  );
}
