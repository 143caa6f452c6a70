import { check } from '../../checker/check.js';
import type { CheckResult } from '../../checker/result.js';
import { simulate } from '../../checker/simulate/simulate.js';
import { swarm } from '../../checker/simulate/swarm.js';
import { huntName, type Hunt } from './instances.js';

/** Breadth-first search stops, as "not found", after this many states (about a minute of search, a few hundred MiB). */
export const BFS_MAX_STATES = 10_000_000;

/** One search for the bug: how long until the first counterexample, and how long it was. */
export interface Attempt {
  /** Seconds of search until the first counterexample (shrinking excluded), or until it gave up. */
  readonly seconds: number;
  /** Whether it found the bug. */
  readonly found: boolean;
  /** The counterexample's length as found, and as reported (shrunk; breadth-first search's is the shortest). */
  readonly foundSteps?: number;
  readonly steps?: number;
  /** Seconds spent shrinking. */
  readonly shrinkSeconds?: number;
  /** States checked. */
  readonly states: number;
}

/** Everything measured on one hunt. */
export interface HuntResult {
  readonly name: string;
  readonly bfs: Attempt;
  /** One simulation per seed (1, 2, ...). */
  readonly simulate: readonly Attempt[];
  /** One swarm per seed, on `threads` threads; `startSeconds` is the time to start them. */
  readonly swarm: readonly (Attempt & { readonly startSeconds: number })[];
  readonly threads: number;
}

/** Hunts one bug with breadth-first search once, then `runs` times each with `simulate` and a local `swarm`. */
export async function measureHunt(hunt: Hunt, runs: number, threads: number): Promise<HuntResult> {
  const { model, variant, params } = hunt;
  const seeds = Array.from({ length: runs }, (_, i) => i + 1);
  const simulations = seeds.map((seed) => attemptOf(simulate(model, { variant, params, seed })));
  const swarms = [];
  for (const seed of seeds) {
    const called = performance.now();
    const result = await swarm(model, { variant, params, seed, threads, modelUrl: hunt.modelUrl });
    const wall = (performance.now() - called) / 1000;
    const attempt = attemptOf(result);
    swarms.push({ ...attempt, startSeconds: Math.max(0, wall - attempt.seconds - (attempt.shrinkSeconds ?? 0)) });
  }
  const bfs = attemptOf(check(model, { variant, params, maxStates: BFS_MAX_STATES }));
  return { name: huntName(hunt), bfs, simulate: simulations, swarm: swarms, threads };
}

function attemptOf(result: CheckResult): Attempt {
  const o = result.outcome;
  const trace = 'trace' in o ? o.trace : undefined;
  const found = o.verdict === 'violates' || o.verdict === 'deadlocks';
  return {
    seconds: result.stats.seconds,
    found,
    ...(found && trace ? { steps: trace.steps.length, foundSteps: result.simulation?.found?.steps ?? trace.steps.length } : {}),
    ...(result.simulation?.shrinkSeconds === undefined ? {} : { shrinkSeconds: result.simulation.shrinkSeconds }),
    states: result.stats.states,
  };
}
