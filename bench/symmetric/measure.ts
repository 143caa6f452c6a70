import { instanceName } from '../instances.js';
import { buildTools, instanceDir, runRounds, type InstanceResult, type MeasureOptions } from '../measure.js';
import { prepareInterleave } from '../tools/interleave.js';
import { prepareRumur } from '../tools/rumur.js';
import type { ToolName } from '../tools/tool.js';
import { symmetricMurphiFile, type SymmetricInstance } from './instances.js';
import { crossCheck } from './verify.js';

/** Everything measured on one symmetric-tier instance. */
export interface SymmetricResult extends Omit<InstanceResult, 'expected'> {
  /** States without reduction, where known. */
  readonly unreduced?: number;
  /** Orbits, where a closed form gives them. */
  readonly orbits?: number;
  /** Cross-check failures (see verify.ts), under the name every tier uses for count problems. */
  readonly mismatches: readonly string[];
}

/**
 * Benchmarks one symmetric-tier instance: interleave on one thread in each of the instance's
 * canonical forms, and rumur on the scalarset Murphi file in each of its reductions, in rounds
 * as the other tiers (see measure.ts), then cross-checks their counts.
 */
export async function measureSymmetric(instance: SymmetricInstance, options: Pick<MeasureOptions, 'runs' | 'available' | 'workDir'>): Promise<SymmetricResult> {
  const name = instanceName(instance);
  const workDir = instanceDir(options.workDir, name);
  const source = symmetricMurphiFile(instance.family);
  const interleave = instance.forms.map((form) => prepareInterleave(instance, 1, form));
  const { tools, failures } = await buildTools(
    name,
    instance.reductions.map((reduction) => [`rumur ${reduction}` as ToolName, options.available.rumur, () => prepareRumur(instance, source, workDir, reduction)] as const),
  );
  const all = [...interleave, ...tools];
  const runs = await runRounds(name, all, options.runs, failures);
  return {
    name,
    size: instance.size,
    unreduced: instance.unreduced,
    orbits: instance.orbits,
    builds: all.map(({ tool, buildSeconds, command }) => ({ tool, buildSeconds, command })),
    runs,
    failures,
    mismatches: crossCheck(instance, runs),
  };
}
