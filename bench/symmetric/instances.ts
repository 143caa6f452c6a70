import { join } from 'node:path';
import type { SymmetryForm } from '../../checker/symmetry/canonical.js';
import { families, type Family, type ModelInstance } from '../instances.js';
import { benchDir } from '../paths.js';
import type { RumurReduction } from '../tools/tool.js';

/**
 * One instance of the symmetric tier: a model whose process ids are a scalarset, checked by
 * interleave in its canonical forms and by rumur, on the scalarset version of the Murphi file,
 * in its reductions. The exact pair (interleave `exact`, rumur `exhaustive`) costs up to N!
 * permutations per state, so it runs only where that finishes in seconds to minutes.
 */
export interface SymmetricInstance extends ModelInstance {
  /** interleave's canonical forms to run. */
  readonly forms: readonly SymmetryForm[];
  /** rumur's reductions to run. */
  readonly reductions: readonly RumurReduction[];
  /** The number of states without reduction (MODELS.md), for scale; absent where nobody has counted them. */
  readonly unreduced?: number;
  /** The number of orbits, where a closed form gives it: the exact forms must store exactly this many. */
  readonly orbits?: number;
}

/** The scalarset version of a model's Murphi file: bench/murphi/<name>_sym.m. */
export function symmetricMurphiFile(family: Family): string {
  return join(benchDir, 'murphi', `${family.name}_sym.m`);
}

/**
 * gc_stw with N mutators: 2^N + 2·3^N + 1 states (MODELS.md, model C). A reachable state is the
 * collector's phase and any mix of mutator phases allowed in it (RUN or POLL while IDLE, all
 * STOPPED in MARK, any of the three in WAIT and RESUME), so an orbit is a multiset of mutator
 * phases per collector phase: (N+1) + 2·C(N+2, 2) + 1 = (N+2)^2 orbits.
 */
function gcStw(n: number, forms: readonly SymmetryForm[], reductions: readonly RumurReduction[]): SymmetricInstance {
  return { family: families.gc_stw, size: { N: n }, forms, reductions, unreduced: 2 ** n + 2 * 3 ** n + 1, orbits: (n + 2) ** 2 };
}

const both = { forms: ['exact', 'fast'], reductions: ['exhaustive', 'heuristic'] } as const;
const withoutExhaustive = { forms: ['exact', 'fast'], reductions: ['heuristic'] } as const;

/**
 * The symmetric tier, in the order it runs: sizes where rumur's exhaustive reduction finishes
 * (gc_stw N=8, filter N=6), then sizes beyond an unreduced search (filter N=8 and 9: N=7 has
 * 41.5 million states and each process multiplies them by 20 or more; gc_stw N=20, 7·10^9),
 * where the exact pair's N! permutations per state are out of reach for rumur (filter) or for
 * both (gc_stw, where mutators in the same phase are alike in all they hold).
 */
export const symmetricTier: readonly SymmetricInstance[] = [
  gcStw(8, both.forms, both.reductions),
  { family: families.filter, size: { N: 6 }, ...both, unreduced: 1_827_936 },
  { family: families.filter, size: { N: 8 }, ...withoutExhaustive },
  { family: families.filter, size: { N: 9 }, ...withoutExhaustive },
  gcStw(20, ['fast'], ['heuristic']),
];
