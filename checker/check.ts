import type { Model } from '../spec/model.js';
import { withSymmetry } from './symmetry/reduction.js';
import { instantiate, type Instance } from './instance.js';
import { UsageError, isOutOfMemory } from './errors.js';
import type { CheckResult } from './result.js';
import { breadthFirstSearch, type SearchResult } from './search/bfs.js';
import { sharedBreadthFirstSearch, type Sharing } from './search/shared/shared-bfs.js';
import { yieldingBreadthFirstSearch } from './search/yielding-bfs.js';
import type { ThreadStats } from './search/shared/thread-stats.js';
import type { SearchOptions } from './search/options.js';
import { checkLiveness } from './liveness/check-liveness.js';

/** What to check: a variant, parameter values, and how to search. */
export interface CheckOptions extends SearchOptions {
  /** The variant (default: the model's first). */
  readonly variant?: string;
  /** Parameter values; the rest take the variant's, then the model's defaults. */
  readonly params?: Record<string, unknown>;
  /** Check only these properties (by name); default: all of them. */
  readonly properties?: readonly string[];
}

/** How to check with worker threads. */
export interface ParallelCheckOptions extends CheckOptions, Sharing {
  /** Threads expanding states (1: no worker thread, the search runs on this thread alone). */
  readonly workers: number;
  /** URL of the module whose default export is the model: each worker imports it. */
  readonly modelUrl: string;
}

/**
 * Checks one variant of a model exhaustively and returns the verdict with its statistics
 * and, for a violation, the shortest trace. Bad input (unknown variant, bad parameter,
 * a schema without finite domains) throws an InterleaveError; a fault in the model's own
 * guards, effects or properties is an outcome with verdict "error".
 */
export function check(model: Model, options: CheckOptions = {}): CheckResult {
  const instance = withSymmetry(instantiate(model, options.variant, options.params, options.properties), options.symmetry);
  checkWitness(instance, options.witness);
  return resultOf(instance, breadthFirstSearch(instance, options), options);
}

/**
 * Like `check`, with `workers` threads sharing one state table (more than one: see
 * `sharedBreadthFirstSearch`). The counts, the verdict and the trace are exactly those of
 * `check`, whatever the number of workers. It lets the event loop in every few milliseconds,
 * so that an abort of `options.signal` (from a signal handler, say) stops it soon after, as
 * incomplete. With more than one worker, the result's `threads` says how they were used.
 */
export async function checkInParallel(model: Model, options: ParallelCheckOptions): Promise<CheckResult> {
  const instance = withSymmetry(instantiate(model, options.variant, options.params, options.properties), options.symmetry);
  checkWitness(instance, options.witness);
  if (options.workers <= 1) return resultOf(instance, await yieldingBreadthFirstSearch(instance, options), options);
  const fallback = oneThreadOnly(instance, options);
  if (fallback) {
    const search = await yieldingBreadthFirstSearch(instance, options);
    const threads: ThreadStats = {
      threads: options.workers,
      engine: 'one thread',
      fallback,
      busySeconds: [],
      cpuSeconds: [],
      parallelSeconds: 0,
      serialSeconds: search.stats.seconds,
      levelEndSeconds: 0,
      startSeconds: 0,
      parallelLevels: 0,
      levels: search.stats.depth + 1,
      growths: 0,
      growthSeconds: 0,
    };
    return { ...resultOf(instance, search, options), threads };
  }
  const setup = {
    modelUrl: options.modelUrl,
    variant: instance.variant,
    params: { ...instance.params },
    properties: options.properties,
    deadlock: options.deadlock ?? true,
    validate: options.validate ?? false,
    symmetry: options.symmetry ?? 'auto',
  };
  const search = await sharedBreadthFirstSearch(instance, options, options.workers, setup, options);
  return { ...resultOf(instance, search, options), threads: search.threads };
}

/** Why a check must run on one thread though more are asked for, if it must. */
function oneThreadOnly(instance: Instance, options: SearchOptions): string | undefined {
  if (options.fingerprint) return 'fingerprint mode runs on one thread: the shared table keeps every state';
  if (instance.liveness.length > 0) return 'liveness properties are checked on one thread: the shared table does not record the edges yet';
  return undefined;
}

/** A witness can only be asked for a reachability check of the instance. */
function checkWitness(instance: Instance, witness: string | undefined): void {
  if (witness === undefined || instance.reachability.some((p) => p.name === witness)) return;
  const names = instance.reachability.map((p) => `"${p.name}"`).join(', ') || 'none';
  throw new UsageError(`--witness names a reachability (sometimes) check; "${witness}" is not one of ${instance.model.name}'s. Its reachability checks: ${names}.`);
}

/**
 * The result of a search, with the liveness properties checked on its graph when the search was
 * complete and found nothing (the liveness time is added to the search's).
 */
function resultOf(instance: Instance, search: SearchResult, options: SearchOptions): CheckResult {
  const base = {
    model: instance.model.name,
    variant: instance.variant,
    params: instance.params,
    expected: instance.variantSpec.expect,
    reached: search.reached,
    coverage: search.coverage,
    ...(search.witness ? { witness: search.witness } : {}),
    ...(search.witnesses ? { witnesses: search.witnesses } : {}),
    ...(search.fingerprint ? { fingerprint: search.fingerprint } : {}),
    ...(instance.symmetry
      ? { symmetry: { form: instance.symmetry.form, sets: instance.symmetry.sets.filter((s) => s.size > 1).map(({ name, size }) => ({ name, size })) } }
      : {}),
  };
  if (instance.liveness.length === 0) return { ...base, outcome: search.outcome, stats: search.stats };
  if (search.outcome.verdict === 'incomplete') {
    return { ...base, outcome: search.outcome, stats: search.stats, warnings: ['the liveness properties were not checked: the search did not explore every state'] };
  }
  if (!search.graph) return { ...base, outcome: search.outcome, stats: search.stats };
  const started = performance.now();
  let liveness: ReturnType<typeof checkLiveness>;
  try {
    liveness = checkLiveness(instance, search.graph, options.deadlock ?? true);
  } catch (error) {
    if (!isOutOfMemory(error)) throw error;
    const explanation = `the process ran out of memory (${error.message}) while checking the liveness properties on the ${search.stats.states} states found`;
    return { ...base, outcome: { verdict: 'incomplete', limit: 'memory', explanation }, stats: search.stats, warnings: ['the liveness properties were not checked: memory ran out'] };
  }
  const { outcome, warnings } = liveness;
  const seconds = search.stats.seconds + (performance.now() - started) / 1000;
  const stats = { ...search.stats, seconds, statesPerSecond: seconds > 0 ? search.stats.states / seconds : 0 };
  return { ...base, outcome, stats, warnings };
}
