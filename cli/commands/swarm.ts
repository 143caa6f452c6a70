import { Command } from 'commander';
import type { SimulationResult } from '../../checker/simulate/simulate.js';
import { swarm, SWARM_DEFAULTS } from '../../checker/simulate/swarm.js';
import { loadModel } from '../load-model.js';
import { positiveInteger } from '../options.js';
import { checkSimulationOutputs, emitSimulation } from '../simulation-output.js';
import { bounds, selection, withSimulationOptions, type SimulationFlags } from '../simulation-options.js';
import { simulationProgressLine } from '../simulation-progress.js';

/** The flags of `interleave swarm`. */
export interface SwarmFlags extends SimulationFlags {
  readonly jobs?: string;
  readonly runs?: string;
  readonly threads?: string;
  readonly allViolations?: boolean;
  readonly redis?: string;
  readonly queue?: string;
}

/** The `swarm` command; its action hands the exit code to `setExit`. */
export function swarmCommand(setExit: (code: number) => void): Command {
  return withSimulationOptions(
    new Command('swarm').description('many diversified random walks and depth-first searches at once, on every core or, with --redis, on any number of machines; never says "holds"'),
  )
    .option('--jobs <n>', `how many jobs (default ${SWARM_DEFAULTS.jobs})`)
    .option('--runs <n>', `walks per walk job (default ${SWARM_DEFAULTS.runs.toLocaleString('en-US')}); a depth-first job checks at most runs × depth states`)
    .option('--threads <n>', 'threads running jobs (default: one per core)')
    .option('--all-violations', 'go on after the first violation, to find one counterexample per property')
    .option('--redis <url>', 'run the jobs through Redis (redis://host:port) on interleave worker processes, anywhere')
    .option('--queue <name>', 'with --redis: the queue (default interleave)')
    .action(async (target: string, flags: SwarmFlags) => setExit(await swarmOne(target, flags)));
}

/**
 * `interleave swarm <model>`: the jobs on this machine's threads, or through Redis on worker
 * processes; prints the first counterexample (shrunk) or what the jobs covered.
 */
export async function swarmOne(target: string, flags: SwarmFlags): Promise<number> {
  checkSimulationOutputs(flags);
  const { model, url, file } = await loadModel(target);
  const jobs = positiveInteger('--jobs', flags.jobs);
  if (flags.redis && !flags.quiet) {
    process.stderr.write(`swarm: ${jobs ?? SWARM_DEFAULTS.jobs} jobs on queue ${flags.queue ?? 'interleave'} at ${flags.redis}; workers join with: interleave worker --redis ${flags.redis}\n`);
  }
  const progress = simulationProgressLine(flags.quiet ?? false);
  let result: SimulationResult;
  try {
    result = await swarm(model, {
      ...selection(flags),
      ...bounds(flags),
      jobs,
      runs: positiveInteger('--runs', flags.runs),
      threads: positiveInteger('--threads', flags.threads),
      allViolations: flags.allViolations ?? false,
      modelUrl: url,
      ...(flags.redis ? { redis: { url: flags.redis, model: target, queue: flags.queue } } : {}),
      onProgress: progress.onProgress,
      progressEveryMs: progress.everyMs,
    });
  } finally {
    progress.done();
  }
  return emitSimulation(result, flags, { model, file });
}
