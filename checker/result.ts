import type { SymmetryForm } from './symmetry/canonical.js';
import { match } from 'ts-pattern';
import type { Expectation } from '../spec/expectation.js';
import type { PropertyKind } from '../spec/property.js';
import type { Trace } from './trace/trace.js';
import type { SimulationInfo } from './simulate/info.js';
import type { Coverage } from './search/coverage.js';
import type { ThreadStats } from './search/shared/thread-stats.js';

/** What the search measured. */
export interface Statistics {
  /** Distinct states reached (the initial states included). */
  readonly states: number;
  /** Action instances fired, summed over every expanded state (successors already seen count too). */
  readonly transitions: number;
  /** The greatest breadth-first depth reached. */
  readonly depth: number;
  /** Wall-clock seconds of the search. */
  readonly seconds: number;
  /** Distinct states per second. */
  readonly statesPerSecond: number;
  /** Bytes the visited set and queue hold. */
  readonly storeBytes: number;
}

/**
 * What ended a search early: a limit the options set (`states`, `depth`, `time`), memory (the
 * `maxMemoryMiB` option, or the process ran out), or an interruption (a signal, Ctrl-C); a
 * simulation or a swarm always ends on one: the runs (or jobs) it was given, or its time.
 */
export type Limit = 'states' | 'depth' | 'memory' | 'time' | 'interrupted' | 'runs';

/** The outcome of a check: what the search found. */
export type Outcome =
  | { readonly verdict: 'holds' }
  | {
      readonly verdict: 'violates';
      readonly property: string;
      readonly kind: PropertyKind;
      /** Why it fails, in the model's words. */
      readonly explanation: string;
      /**
       * The shortest path to a state that violates it; for a liveness property, a lasso (a
       * shortest prefix, then a loop that repeats forever: see `Trace.loop`); absent for a
       * reachability check never met.
       */
      readonly trace?: Trace;
    }
  | { readonly verdict: 'deadlocks'; readonly explanation: string; readonly trace: Trace }
  | {
      readonly verdict: 'incomplete';
      readonly limit: Limit;
      /** What was hit, in words. */
      readonly explanation: string;
    }
  | {
      readonly verdict: 'error';
      /** What went wrong in the model's own code, and where. */
      readonly explanation: string;
      /** The path to the state where it happened, when there is one. */
      readonly trace?: Trace;
    };

/** The result of checking one variant of one model. */
export interface CheckResult {
  /** The model's name. */
  readonly model: string;
  /** The variant's name. */
  readonly variant: string;
  /** The parameters used. */
  readonly params: Readonly<Record<string, unknown>>;
  /** What the variant declares it should get. */
  readonly expected: Expectation;
  /** What the search found. */
  readonly outcome: Outcome;
  /** What the search measured. */
  readonly stats: Statistics;
  /** What the user should know about how the check was made (a liveness property checked without fairness, say). */
  readonly warnings?: readonly string[];
  /** Each reachability check met, with the length of a shortest trace to a state that meets it. */
  readonly reached?: readonly { readonly property: string; readonly steps: number }[];
  /**
   * After a check: for each action and instance, the states that enabled it and the new states
   * it made, and what was never enabled (see `Coverage`).
   */
  readonly coverage?: Coverage;
  /** With the `witness` option: a shortest trace to a state that meets that reachability check. */
  readonly witness?: { readonly property: string; readonly trace: Trace };
  /** Under symmetry reduction: the canonical form used and the scalarsets whose ids were permuted. */
  readonly symmetry?: { readonly form: SymmetryForm; readonly sets: readonly { readonly name: string; readonly size: number }[] };
  /** With the `witnessAll` option: a shortest trace to each reachability check met. */
  readonly witnesses?: readonly { readonly property: string; readonly trace: Trace }[];
  /**
   * With the `fingerprint` option: states were told apart by 64-bit fingerprints, so the
   * search was exhaustive only up to collisions; `collisionProbability` estimates how likely
   * it is that two distinct states were merged (and the second never explored).
   */
  readonly fingerprint?: { readonly collisionProbability: number };
  /**
   * Set when the result comes from a simulation or a swarm rather than an exhaustive search:
   * its seed, bounds and totals, where its (shrunk) counterexample came from, and its coverage.
   * `stats` then counts states checked along walks (a state reached twice counts twice), steps
   * as transitions, and the deepest walk as depth.
   */
  readonly simulation?: SimulationInfo;
  /** When more than one thread was asked for: how the search used them (the engine, each thread's busy time). */
  readonly threads?: ThreadStats;
}

/** True when an outcome is the expected one. */
export function meetsExpectation(outcome: Outcome, expected: Expectation): boolean {
  return match([expected, outcome])
    .with([{ verdict: 'holds' }, { verdict: 'holds' }], () => true)
    .with([{ verdict: 'deadlocks' }, { verdict: 'deadlocks' }], () => true)
    .with([{ verdict: 'violates' }, { verdict: 'violates' }], ([e, o]) => e.property === o.property)
    .otherwise(() => false);
}

/** The outcome in a few words, as the verdict table prints it. */
export function describeOutcome(outcome: Outcome): string {
  switch (outcome.verdict) {
    case 'violates':
      return `violates "${outcome.property}"`;
    case 'incomplete':
      return `incomplete (${limitWords[outcome.limit]})`;
    case 'error':
      return 'model error';
    default:
      return outcome.verdict;
  }
}

const limitWords: Record<Limit, string> = {
  states: 'states limit',
  depth: 'depth limit',
  time: 'time limit',
  memory: 'memory',
  interrupted: 'interrupted',
  runs: 'runs limit',
};
