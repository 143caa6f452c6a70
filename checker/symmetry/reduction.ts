import type { Instance } from '../instance.js';
import { UsageError } from '../errors.js';
import { Symmetry, type SymmetryForm } from './canonical.js';
import { setsOf } from './sets.js';

/**
 * Whether and how to reduce by the scalarsets a model declares: `auto` (the default) reduces
 * with the exact form when every set is small enough to try all its permutations, with the
 * fast form otherwise; `off` explores every state.
 */
export type SymmetryOption = 'auto' | SymmetryForm | 'off';

/** Above this many permutations in all, `auto` picks the fast form (8!: eight interchangeable threads). */
const EXACT_UP_TO = 40_320;

/**
 * The instance with symmetry reduction, when its schema declares scalarsets and `option` is
 * not `off`. Liveness properties are refused under reduction: a fair cycle of representatives
 * need not be one of concrete states.
 */
export function withSymmetry(instance: Instance, option: SymmetryOption = 'auto'): Instance {
  if (option === 'off') return instance;
  const sets = setsOf(instance.codec.shape);
  // A set of one id has no permutation but the identity: nothing to reduce.
  if (sets.every((set) => set.size < 2)) return instance;
  if (instance.liveness.length > 0) {
    const names = instance.liveness.map((p) => `"${p.name}"`).join(', ');
    throw new UsageError(
      `symmetry reduction cannot check the liveness properties ${names} of ${instance.model.name}: a cycle of representative states need not be a cycle of real ones. ` +
        'Check them with --no-symmetry, or pick safety properties with --property.',
    );
  }
  const permutations = sets.reduce((n, set) => n * factorial(set.size), 1);
  const form: SymmetryForm = option === 'auto' ? (permutations <= EXACT_UP_TO ? 'exact' : 'fast') : option;
  return { ...instance, symmetry: new Symmetry(instance.codec, sets, form) };
}

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}
