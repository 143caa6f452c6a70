import type { Instance } from '../instance.js';
import type { CheckResult, Limit, Outcome } from '../result.js';
import type { ExpanderOptions } from '../search/expander.js';
import { Expander } from '../search/expander.js';
import { outcomeOfFinding } from '../search/bfs.js';
import type { ActionCoverage, Origin, OtherCounterexample, SimulationInfo } from './info.js';
import { PathFollower, type Counterexample } from './path.js';
import { shrink } from './shrink.js';
import type { Tally } from './tally.js';

/** A counterexample as found, and where. */
export interface Found {
  readonly counterexample: Counterexample;
  readonly origin: Omit<Origin, 'steps'>;
}

/** How a simulation or a swarm ended, for `simulationResult`. */
export interface Ending {
  readonly mode: SimulationInfo['mode'];
  readonly seed: number;
  readonly depth: number;
  readonly tally: Tally;
  readonly seconds: number;
  /** The counterexamples found, the first one first (more only with `allViolations`). */
  readonly found: readonly Found[];
  /** Without a counterexample: the limit that ended it, and what was run, in words ("10,000 runs of depth 100"). */
  readonly limit: Limit;
  readonly ran: string;
  readonly jobs?: SimulationInfo['jobs'];
  /** Bytes of the visited sets the searches held. */
  readonly storeBytes?: number;
}

/**
 * The result of a simulation or a swarm, in the shape of a check's so that every report (text,
 * JSON, ITF, HTML, replay) takes it: each counterexample shrunk (on this thread) and turned into
 * a trace, the first as the outcome; without one, an incomplete outcome that says what was run,
 * never "holds".
 */
export function simulationResult(instance: Instance, options: ExpanderOptions, ending: Ending): CheckResult & { simulation: SimulationInfo } {
  const follower = new PathFollower(instance, new Expander(instance, options));
  const shrinking = performance.now();
  const shrunk = ending.found.map(({ counterexample, origin }) => {
    const small = shrink(instance, options, counterexample, origin.seed);
    return { outcome: outcomeOfFinding(instance, small.finding, follower.traceOf(small)), found: { ...origin, steps: counterexample.actions.length } };
  });
  const shrinkSeconds = (performance.now() - shrinking) / 1000;
  const [first, ...rest] = shrunk;
  const { tally, seconds } = ending;
  const reached = tally.reached;
  const simulation: SimulationInfo = {
    mode: ending.mode,
    seed: ending.seed,
    depth: ending.depth,
    runs: tally.runs,
    steps: tally.steps,
    ...(ending.jobs ? { jobs: ending.jobs } : {}),
    ...(first ? { found: first.found, shrinkSeconds } : {}),
    coverage: coverageOf(instance, tally),
    reached,
    unmet: instance.reachability.map((p) => p.name).filter((name) => !reached.some((r) => r.property === name)),
    ...(rest.length > 0 ? { others: rest.map(({ outcome, found }) => otherOf(outcome, found)) } : {}),
  };
  const warnings = instance.liveness.length > 0
    ? [`the liveness properties (${instance.liveness.map((p) => `"${p.name}"`).join(', ')}) were not checked: a simulation checks invariants, final states, deadlocks and reachability; check liveness exhaustively with interleave check`]
    : [];
  return {
    model: instance.model.name,
    variant: instance.variant,
    params: instance.params,
    expected: instance.variantSpec.expect,
    outcome: first?.outcome ?? { verdict: 'incomplete', limit: ending.limit, explanation: `no violation in ${ending.ran} (seed ${ending.seed})` },
    stats: {
      states: tally.states,
      transitions: tally.steps,
      depth: tally.deepest,
      seconds,
      statesPerSecond: seconds > 0 ? tally.states / seconds : 0,
      storeBytes: ending.storeBytes ?? 0,
    },
    ...(warnings.length > 0 ? { warnings } : {}),
    simulation,
  };
}

/** A further counterexample, as the simulation's information lists it. */
function otherOf(outcome: Outcome, found: Origin): OtherCounterexample {
  if (outcome.verdict === 'violates') return { verdict: 'violates', property: outcome.property, explanation: outcome.explanation, trace: outcome.trace!, found };
  if (outcome.verdict === 'deadlocks' || outcome.verdict === 'error') return { verdict: outcome.verdict, explanation: outcome.explanation, trace: outcome.trace!, found };
  throw new Error(`unreachable: a finding's outcome is ${outcome.verdict}`);
}

/** How often each action fired, and which of its instances never did. */
function coverageOf(instance: Instance, tally: Tally): ActionCoverage[] {
  const byAction = new Map<string, { fired: number; instances: number; unfired: string[] }>();
  for (const a of instance.actions) {
    const entry = byAction.get(a.action) ?? { fired: 0, instances: 0, unfired: [] };
    entry.fired += tally.fired[a.index];
    entry.instances++;
    if (tally.fired[a.index] === 0) entry.unfired.push(a.label);
    byAction.set(a.action, entry);
  }
  return [...byAction].map(([action, entry]) => ({ action, ...entry }));
}
