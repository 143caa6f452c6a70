import type { Model } from '../../spec/model.js';
import { UsageError } from '../errors.js';
import { instantiate } from '../instance.js';
import { formatCount } from '../report/format.js';
import type { CheckResult } from '../result.js';
import type { SimulationInfo } from './info.js';
import { simulationResult } from './outcome.js';
import { freshSeed, MAX_SEED } from './random.js';
import { Tally } from './tally.js';
import { Walker } from './walk.js';

/** Which instance to simulate, and how its states are checked: as for `check`. */
export interface SimulationSelection {
  /** The variant (default: the model's first). */
  readonly variant?: string;
  /** Parameter values; the rest take the variant's, then the model's defaults. */
  readonly params?: Record<string, unknown>;
  /** Check only these properties (by name); default: all of them. */
  readonly properties?: readonly string[];
  /** Report states with no enabled action that are not final as deadlocks (default true). */
  readonly deadlock?: boolean;
  /** Frozen states for guards and properties, effects run twice (see `SearchOptions.validate`). */
  readonly validate?: boolean;
}

/** A snapshot of a running simulation or swarm, for progress lines. */
export interface SimulationProgress {
  /** Random walks run so far. */
  readonly runs: number;
  /** Steps taken so far. */
  readonly steps: number;
  /** For a swarm: jobs done, and planned. */
  readonly jobs?: { readonly done: number; readonly planned: number };
  /** Seconds since the start. */
  readonly seconds: number;
}

/** How to simulate. */
export interface SimulateOptions extends SimulationSelection {
  /** The longest walk, in steps (default 100). */
  readonly depth?: number;
  /** How many walks (default 10,000). */
  readonly runs?: number;
  /** Stop after this many seconds, whatever is left of the runs. */
  readonly maxSeconds?: number;
  /** The seed (a whole number from 0 to 2^32 - 1; default: a fresh one, reported in the result). */
  readonly seed?: number;
  /** Called about every `progressEveryMs` milliseconds (default 2000). */
  readonly onProgress?: (progress: SimulationProgress) => void;
  readonly progressEveryMs?: number;
}

/** The result of a simulation or a swarm: a check's result, with what the simulation did. */
export type SimulationResult = CheckResult & { readonly simulation: SimulationInfo };

/** The defaults of `simulate`, as the CLI documents them. */
export const SIMULATE_DEFAULTS = { depth: 100, runs: 10_000 } as const;

/**
 * Random simulation on this thread: seeded random walks from the initial states, each step
 * uniform over the enabled action instances, every state checked as `check` checks it
 * (invariants, reachability checks, final-state properties, deadlocks). It stops at the first
 * violation, which it shrinks and returns as a trace with the seed and run that found it, or
 * after `runs` walks or `maxSeconds`: then the verdict is "incomplete", never "holds", with the
 * coverage of each action and the reachability checks met. Liveness properties are not checked
 * (a warning says so). Bad input throws an InterleaveError, as for `check`.
 */
export function simulate(model: Model, options: SimulateOptions = {}): SimulationResult {
  const instance = instantiate(model, options.variant, options.params, options.properties);
  const depth = checkedWhole('depth', options.depth ?? SIMULATE_DEFAULTS.depth);
  const runs = checkedWhole('runs', options.runs ?? SIMULATE_DEFAULTS.runs);
  const seed = checkedSeed(options.seed ?? freshSeed());
  const maxSeconds = checkedSeconds(options.maxSeconds);
  const expanderOptions = { deadlock: options.deadlock ?? true, validate: options.validate ?? false };
  const tally = new Tally(instance.actions.length);
  const started = performance.now();
  const every = options.progressEveryMs ?? 2000;
  let nextProgress = started + every;
  let timedOut = false;
  const stop = (): boolean => {
    const now = performance.now();
    if (options.onProgress && now >= nextProgress) {
      nextProgress = now + every;
      options.onProgress({ runs: tally.runs, steps: tally.steps, seconds: (now - started) / 1000 });
    }
    return (timedOut = (now - started) / 1000 >= maxSeconds);
  };
  const [found] = new Walker(instance, expanderOptions).run({ seed, depth, runs }, tally, stop);
  const seconds = (performance.now() - started) / 1000;
  return simulationResult(instance, expanderOptions, {
    mode: 'simulate',
    seed,
    depth,
    tally,
    seconds,
    found: found ? [{ counterexample: found.counterexample, origin: { search: 'walk', seed, depth, run: found.run } }] : [],
    limit: timedOut ? 'time' : 'runs',
    ran: `${formatCount(tally.runs)} run${tally.runs === 1 ? '' : 's'} of depth ${depth}${timedOut ? ` in the ${maxSeconds} s allowed` : ''}`,
  });
}

/** A whole number of at least 1 for option `name`, or a UsageError. */
export function checkedWhole(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`${name} must be a whole number of at least 1; got ${value}`);
  return value;
}

/** A seed: a whole number from 0 to 2^32 - 1, or a UsageError. */
export function checkedSeed(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_SEED) throw new UsageError(`the seed must be a whole number from 0 to ${MAX_SEED}; got ${value}`);
  return value;
}

/** A time limit in seconds (Infinity when none is given), or a UsageError. */
export function checkedSeconds(value: number | undefined): number {
  if (value === undefined) return Infinity;
  if (!(value > 0) || !Number.isFinite(value)) throw new UsageError(`the time limit must be a number of seconds above 0; got ${value}`);
  return value;
}
