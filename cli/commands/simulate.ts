import { Command } from 'commander';
import { simulate, SIMULATE_DEFAULTS, type SimulationResult } from '../../checker/simulate/simulate.js';
import { loadModel } from '../load-model.js';
import { positiveInteger } from '../options.js';
import { checkSimulationOutputs, emitSimulation } from '../simulation-output.js';
import { bounds, selection, withSimulationOptions, type SimulationFlags } from '../simulation-options.js';
import { simulationProgressLine } from '../simulation-progress.js';

/** The flags of `interleave simulate`. */
export interface SimulateFlags extends SimulationFlags {
  readonly runs?: string;
}

/** The `simulate` command; its action hands the exit code to `setExit`. */
export function simulateCommand(setExit: (code: number) => void): Command {
  return withSimulationOptions(
    new Command('simulate').description('random simulation: seeded random walks that stop at the first violation and shrink its trace; never says "holds"'),
  )
    .option('--runs <n>', `how many walks (default ${SIMULATE_DEFAULTS.runs.toLocaleString('en-US')})`)
    .action(async (target: string, flags: SimulateFlags) => setExit(await simulateOne(target, flags)));
}

/**
 * `interleave simulate <model>`: seeded random walks on this thread; prints the shrunk
 * counterexample with the seed and run that found it, or what the runs covered.
 */
export async function simulateOne(target: string, flags: SimulateFlags): Promise<number> {
  checkSimulationOutputs(flags);
  const { model, file } = await loadModel(target);
  const progress = simulationProgressLine(flags.quiet ?? false);
  let result: SimulationResult;
  try {
    result = simulate(model, { ...selection(flags), ...bounds(flags), runs: positiveInteger('--runs', flags.runs), onProgress: progress.onProgress, progressEveryMs: progress.everyMs });
  } finally {
    progress.done();
  }
  return emitSimulation(result, flags, { model, file });
}
