import { availableParallelism } from 'node:os';
import type { Model } from '../../spec/model.js';
import { UsageError } from '../errors.js';
import { instantiate, type Instance } from '../instance.js';
import { formatCount } from '../report/format.js';
import { findingKey } from './path.js';
import type { JobResult, SwarmJob } from './job.js';
import { simulationResult, type Found } from './outcome.js';
import { planJobs } from './plan.js';
import { freshSeed } from './random.js';
import { checkedSeconds, checkedSeed, checkedWhole, type SimulationProgress, type SimulationResult, type SimulationSelection } from './simulate.js';
import { Tally } from './tally.js';
import { JobThreads } from './threads.js';

/**
 * Runs a swarm's jobs somewhere: on this machine's threads, or through a queue on any number
 * of machines. `run` hands each result to `onResult` as it comes in, exactly once per job, and
 * resolves once every job has answered or been dropped after `stop()`.
 */
export interface JobRunner {
  run(jobs: readonly SwarmJob[], onResult: (result: JobResult) => void): Promise<{ readonly retried: number }>;
  /** Drops the jobs not started, and asks the running ones to stop (their results still come). */
  stop(): void;
  /** Releases what the runner holds (threads, connections). */
  close(): Promise<void>;
}

/** How to run a swarm through Redis instead of on local threads (see docs/swarm.md). */
export interface RedisSwarmOptions {
  /** The Redis server, as `redis://host:port`. */
  readonly url: string;
  /** How every worker machine finds the model: a bundled model's name, or a path valid on each machine. */
  readonly model: string;
  /** The queue's name (default `interleave`); workers must listen on the same. */
  readonly queue?: string;
}

/** How to run a swarm. */
export interface SwarmOptions extends SimulationSelection {
  /** The depth bound the jobs' bounds vary around (default 100). */
  readonly depth?: number;
  /** How many jobs (default 32). */
  readonly jobs?: number;
  /** Walks per walk job (default 1,000); a depth-first job checks at most `runs × depth` states. */
  readonly runs?: number;
  /** Stop after this many seconds. */
  readonly maxSeconds?: number;
  /** The seed the jobs' seeds derive from (default: a fresh one, reported in the result). */
  readonly seed?: number;
  /** Go on after the first violation, to collect one counterexample per property (and deadlock, and fault). */
  readonly allViolations?: boolean;
  /** Local threads (default one per core). */
  readonly threads?: number;
  /** The URL of the model's module, which local threads import. */
  readonly modelUrl?: string;
  /** Run the jobs through Redis, on `interleave worker` processes anywhere, instead of on local threads. */
  readonly redis?: RedisSwarmOptions;
  /** Called about every `progressEveryMs` milliseconds (default 2000). */
  readonly onProgress?: (progress: SimulationProgress) => void;
  readonly progressEveryMs?: number;
}

/** The defaults of `swarm`, as the CLI documents them. */
export const SWARM_DEFAULTS = { depth: 100, jobs: 32, runs: 1000 } as const;

/**
 * A swarm (after SPIN's): many diversified searches at once, random walks and bounded
 * depth-first searches with their own seeds, action orders and depth bounds, on worker threads
 * (`modelUrl`) or, with `redis`, on `interleave worker` processes on any number of machines.
 * It stops at the first violation (with `allViolations`, it collects one per property), shrinks
 * it on this thread, and reports it as `simulate` does, with the union of the jobs' coverage;
 * without one the verdict is "incomplete", never "holds".
 */
export async function swarm(model: Model, options: SwarmOptions): Promise<SimulationResult> {
  const instance = instantiate(model, options.variant, options.params, options.properties);
  const seed = checkedSeed(options.seed ?? freshSeed());
  const depth = checkedWhole('depth', options.depth ?? SWARM_DEFAULTS.depth);
  const plan = planJobs({
    seed,
    depth,
    jobs: checkedWhole('jobs', options.jobs ?? SWARM_DEFAULTS.jobs),
    runs: checkedWhole('runs', options.runs ?? SWARM_DEFAULTS.runs),
    all: options.allViolations ?? false,
  });
  const maxSeconds = checkedSeconds(options.maxSeconds);
  const expanderOptions = { deadlock: options.deadlock ?? true, validate: options.validate ?? false };
  const runner = await startRunner(instance, options, expanderOptions);
  const tally = new Tally(instance.actions.length);
  const found: Found[] = [];
  let done = 0;
  let depthFirst = 0;
  const started = performance.now();
  let firstFound: number | undefined;
  const onResult = (result: JobResult): void => {
    // A job stopped before it checked a single state was dropped, not done.
    if (result.stopped && result.tally.states === 0) return;
    const job = plan[result.index];
    done++;
    if (job.search === 'dfs') depthFirst++;
    tally.add(result.tally);
    for (const { run, ...counterexample } of result.found) {
      const key = findingKey(counterexample.finding);
      if (found.length > 0 && (!options.allViolations || found.some((f) => findingKey(f.counterexample.finding) === key))) continue;
      found.push({ counterexample, origin: { search: job.search, seed: job.seed, depth: job.depth, job: job.index, ...(run === undefined ? {} : { run }) } });
    }
    if (found.length > 0) firstFound ??= performance.now();
    if (found.length > 0 && !options.allViolations) runner.stop();
  };
  let timedOut = false;
  const timer = maxSeconds < Infinity ? setTimeout(() => ((timedOut = true), runner.stop()), maxSeconds * 1000) : undefined;
  const progress = options.onProgress && setInterval(() => {
    options.onProgress!({ runs: tally.runs, steps: tally.steps, jobs: { done, planned: plan.length }, seconds: (performance.now() - started) / 1000 });
  }, options.progressEveryMs ?? 2000);
  let retried: number;
  try {
    ({ retried } = await runner.run(plan, onResult));
  } finally {
    clearTimeout(timer);
    clearInterval(progress);
    await runner.close();
  }
  // Stopping at the first counterexample, the time is the time to it: the stopped jobs' wind-down is not search.
  const ended = options.allViolations ? undefined : firstFound;
  const seconds = ((ended ?? performance.now()) - started) / 1000;
  const tables = plan.filter((j) => j.search === 'dfs').map((j) => 2 ** (j.tableBits - 3));
  return simulationResult(instance, expanderOptions, {
    mode: 'swarm',
    seed,
    depth,
    tally,
    seconds,
    found,
    limit: timedOut ? 'time' : 'runs',
    ran: `${formatCount(done)} of ${formatCount(plan.length)} swarm jobs (${formatCount(tally.runs)} runs, ${formatCount(depthFirst)} depth-first search${depthFirst === 1 ? '' : 'es'})${timedOut ? ` in the ${maxSeconds} s allowed` : ''}`,
    jobs: { planned: plan.length, done, depthFirst, retried },
    storeBytes: tables.length > 0 ? Math.max(...tables) : 0,
  });
}

async function startRunner(instance: Instance, options: SwarmOptions, expanderOptions: { deadlock: boolean; validate: boolean }): Promise<JobRunner> {
  const setup = { variant: instance.variant, params: { ...instance.params }, ...(options.properties ? { properties: [...options.properties] } : {}), ...expanderOptions };
  if (options.redis) {
    const { RedisRunner } = await import('../swarm/redis-runner.js');
    return RedisRunner.start(instance, { ...setup, model: options.redis.model }, options.redis);
  }
  if (!options.modelUrl) throw new UsageError('swarm needs the URL of the model\'s module (modelUrl), which its threads import, or redis options');
  const threads = checkedWhole('threads', options.threads ?? availableParallelism());
  return new ThreadRunner(await JobThreads.start(threads, { modelUrl: options.modelUrl, ...setup }));
}

/** Runs a swarm's jobs on this machine's threads. */
class ThreadRunner implements JobRunner {
  private readonly running = new Set<{ stop(): void }>();
  private stopped = false;

  constructor(private readonly threads: JobThreads) {}

  async run(jobs: readonly SwarmJob[], onResult: (result: JobResult) => void): Promise<{ retried: number }> {
    // As many jobs as threads at a time, so that a stop drops the rest before they start.
    let next = 0;
    const lane = async (): Promise<void> => {
      while (!this.stopped && next < jobs.length) {
        const running = this.threads.run(jobs[next++]);
        this.running.add(running);
        try {
          onResult(await running.result);
        } finally {
          this.running.delete(running);
        }
      }
    };
    await Promise.all(Array.from({ length: this.threads.size }, lane));
    return { retried: 0 };
  }

  stop(): void {
    this.stopped = true;
    for (const running of this.running) running.stop();
  }

  close(): Promise<void> {
    return this.threads.close();
  }
}
