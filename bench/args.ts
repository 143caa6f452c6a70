import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import { familyNamed, type Tier } from './instances.js';

/** What `npm run bench` was asked to do. */
export interface BenchArgs {
  /** Which tier of instances to run. */
  readonly tier: Tier;
  /** How many times each tool runs each instance; the tables show medians. */
  readonly runs: number;
  /** Run only this model (its MODELS.md name), or all four. */
  readonly only?: string;
  /** Interleave runs on one thread, and also on this many (default: one per core; 1 for the single-thread runs only). Not in the symmetric tier. */
  readonly workers: number;
  /** Run only the bug-hunt table (time to the first counterexample: BFS, simulate, swarm). */
  readonly bugHuntOnly: boolean;
  /** The flags as given, to record in RESULTS.md. */
  readonly argv: readonly string[];
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function modelName(value: string): string {
  try {
    return familyNamed(value).name;
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** Parses the bench's command line (`argv` without the node and script paths); exits with usage on bad flags. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const flags = new Command('npm run bench --')
    .description('Side-by-side benchmark of interleave, SPIN and rumur on the four models of shared/bench/MODELS.md.')
    .addOption(new Option('--large', 'run the large tier instead of the medium one').conflicts('symmetric'))
    .option('--symmetric', 'run the symmetric tier: filter and gc_stw reduced by symmetry, interleave against rumur (one thread each)')
    .option('--runs <n>', 'runs per tool and instance (medians are reported)', positiveInteger, 3)
    .option('--only <model>', 'run only this model: philosophers, filter, gc_stw or fifo', modelName)
    .option('--workers <n>', 'also run interleave on n threads, besides one (default: one per core; 1: one thread only); the bug hunt\'s swarm runs on n threads', positiveInteger, availableParallelism())
    .option('--bug-hunt', 'run only the bug hunt: time to the first counterexample by BFS, simulate and swarm on failing variants at large parameters')
    .showHelpAfterError()
    .parse([...argv], { from: 'user' })
    .opts<{ large?: boolean; symmetric?: boolean; runs: number; only?: string; workers: number; bugHunt?: boolean }>();
  const tier = flags.symmetric ? 'symmetric' : flags.large ? 'large' : 'medium';
  return { tier, runs: flags.runs, only: flags.only, workers: flags.workers, bugHuntOnly: flags.bugHunt ?? false, argv };
}
