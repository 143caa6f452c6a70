import type { Trace } from '../trace/trace.js';
import type { Sighting } from './tally.js';

/** Where a simulated counterexample came from, so that it can be found again. */
export interface Origin {
  /** A random walk, or a depth-first search of a swarm. */
  readonly search: 'walk' | 'dfs';
  /** The walk's or the search's seed (for a swarm job, the job's own seed, derived from the swarm's). */
  readonly seed: number;
  /** Its depth bound. */
  readonly depth: number;
  /** The walk's run number: `interleave simulate --seed <seed> --depth <depth> --runs <run + 1>` finds it again. */
  readonly run?: number;
  /** The swarm job that found it. */
  readonly job?: number;
  /** Its length as found, before shrinking. */
  readonly steps: number;
}

/** How often the steps of a simulation took one action. */
export interface ActionCoverage {
  /** The action's name. */
  readonly action: string;
  /** Steps that took one of its instances. */
  readonly fired: number;
  /** Its instances (one per argument). */
  readonly instances: number;
  /** The instances no step took, as `name(arg)`. */
  readonly unfired: readonly string[];
}

/** A further counterexample of a swarm run with `allViolations`: one per property (or deadlock, or fault). */
export interface OtherCounterexample {
  readonly verdict: 'violates' | 'deadlocks' | 'error';
  /** The property violated, for "violates". */
  readonly property?: string;
  readonly explanation: string;
  /** The shrunk trace. */
  readonly trace: Trace;
  readonly found: Origin;
}

/**
 * What a simulation or a swarm did, beside its outcome: the seed, the bounds, the totals, where
 * its counterexample came from, how often each action fired, and the reachability checks met.
 */
export interface SimulationInfo {
  /** `interleave simulate` (random walks on this thread) or `interleave swarm` (jobs on threads or machines). */
  readonly mode: 'simulate' | 'swarm';
  /** The seed everything was drawn from. */
  readonly seed: number;
  /** The depth bound (a swarm's jobs take bounds around it). */
  readonly depth: number;
  /** Random walks run. */
  readonly runs: number;
  /** Steps taken by walks, and edges followed by depth-first searches. */
  readonly steps: number;
  /** For a swarm: jobs planned, done (those a violation stopped included), of them depth-first searches, and retried after their worker stopped answering. */
  readonly jobs?: { readonly planned: number; readonly done: number; readonly depthFirst: number; readonly retried: number };
  /** Where the counterexample came from (absent when none was found). */
  readonly found?: Origin;
  /** Seconds spent shrinking the counterexamples (not in `stats.seconds`, which is the search's). */
  readonly shrinkSeconds?: number;
  /** How often each action fired, and which instances never did. */
  readonly coverage: readonly ActionCoverage[];
  /** The reachability checks met, each where it was first met in the fewest steps. */
  readonly reached: readonly Sighting[];
  /** The reachability checks no step met (in these runs: not a violation). */
  readonly unmet: readonly string[];
  /** With `allViolations`: the counterexamples of the other properties violated. */
  readonly others?: readonly OtherCounterexample[];
}
