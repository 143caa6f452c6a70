import type { SwarmJob } from './job.js';
import { deriveSeed } from './random.js';

/** What a swarm is asked to run. */
export interface SwarmPlan {
  /** The swarm's seed: each job's seed is derived from it and the job's number. */
  readonly seed: number;
  /** The depth bound the jobs' bounds vary around. */
  readonly depth: number;
  /** How many jobs. */
  readonly jobs: number;
  /** Walks per walk job; a depth-first job may check as many states as a walk job's walks could. */
  readonly runs: number;
  /** Jobs go on after a counterexample, to find one per property. */
  readonly all: boolean;
}

/** Each job's depth bound is the swarm's times one of these, in turn: short walks hit shallow bugs more often, long ones reach deep bugs. */
const DEPTH_FACTORS = [1, 1 / 2, 2, 1 / 4, 4];

/** Every fourth job is a depth-first search; the others run random walks. */
const DEPTH_FIRST_EVERY = 4;

/** The largest bitstate table: 2^28 bits, 32 MiB per thread. */
const MAX_TABLE_BITS = 28;

/** Bits of bitstate table per state a depth-first job may check (2^4 = 16: SPIN's -w rule of thumb gives about the same). */
const BITS_PER_STATE_LOG2 = 4;

/**
 * The jobs of a swarm, diversified as SPIN's swarm diversifies its searches: each its own seed
 * (so its own walks, or its own order of actions), its own depth bound, and its own kind.
 */
export function planJobs(plan: SwarmPlan): SwarmJob[] {
  return Array.from({ length: plan.jobs }, (_, index): SwarmJob => {
    const seed = deriveSeed(plan.seed, index);
    const depth = Math.max(1, Math.round(plan.depth * DEPTH_FACTORS[index % DEPTH_FACTORS.length]));
    const all = plan.all;
    if (index % DEPTH_FIRST_EVERY !== DEPTH_FIRST_EVERY - 1) return { search: 'walk', index, all, seed, depth, runs: plan.runs };
    const states = plan.runs * plan.depth;
    const tableBits = Math.min(MAX_TABLE_BITS, Math.max(10, Math.ceil(Math.log2(states)) + BITS_PER_STATE_LOG2));
    return { search: 'dfs', index, all, seed, depth, states, tableBits };
  });
}
