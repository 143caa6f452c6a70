/**
 * The liveness check: runs after a complete safety search that found nothing, on the explored
 * graph (every reachable state, every edge).
 *
 * Each property is turned into "trigger ~> goal": `leadsTo(P, Q)` as it is, `alwaysEventually(Q)`
 * with a trigger that always holds, `eventually(Q)` with the initial states as trigger. It is
 * violated exactly when a fair behaviour reaches a trigger state and then never a goal state.
 * The check is the SCC-based method of O. Lichtenstein and A. Pnueli ("Checking that finite
 * state concurrent programs satisfy their linear specification", POPL 1985); TLC also checks
 * liveness on strongly connected components of the explored graph, while SPIN uses a nested
 * depth-first search. Here, on the graph a breadth-first search already stored:
 *
 * 1. keep the states where the goal does not hold;
 * 2. find the fair components of that subgraph: strongly connected components (iterative Tarjan)
 *    where the schedule can stay forever under the declared weak and strong fairness, and final
 *    states, which stutter forever (see `fair-components.ts`);
 * 3. search backwards from them, through goal-free states, for the states doomed to miss the
 *    goal forever;
 * 4. if a trigger state (an initial state, for `eventually`) is doomed, the property is violated,
 *    and the counterexample is a lasso: a shortest prefix from an initial state through a
 *    trigger state to a fair component, then a fair loop inside it (see `lasso.ts`).
 */
import type { Instance } from '../instance.js';
import { InterleaveError } from '../errors.js';
import type { Outcome } from '../result.js';
import { traceOf, type Trace } from '../trace/trace.js';
import { pathTo, stateAt } from '../trace/path.js';
import { reachingInside, reverseOf, type ReverseGraph } from './backward.js';
import type { ExploredGraph } from './explored-graph.js';
import { fairComponents } from './fair-components.js';
import { EdgeFairness } from './fair-edges.js';
import { describeFairLoop, judgeLoop } from './fair-loop.js';
import { findLasso, type Lasso } from './lasso.js';
import { stateFacts, type StateFacts } from './state-facts.js';

/** What the liveness check found, and what the user should know about how it was checked. */
export interface LivenessResult {
  /** Holds, the first violated liveness property with its lasso, or a fault of the model's code. */
  readonly outcome: Outcome;
  /** Warnings in the spirit of TLC's: no fairness at all, states that end no behaviour, vacuous triggers. */
  readonly warnings: readonly string[];
}

/**
 * Checks the instance's liveness properties, in declaration order, over a completely explored
 * graph. `deadlock` says whether deadlock detection was on (when it is off, states with no
 * enabled action that are not final may exist, and liveness ignores the behaviours ending there).
 * Throws an InterleaveError when the fairness names an actor that takes no step anywhere.
 */
export function checkLiveness(instance: Instance, graph: ExploredGraph, deadlock: boolean): LivenessResult {
  const facts = stateFacts(instance, graph);
  if (!('goal' in facts)) {
    return { outcome: { verdict: 'error', explanation: facts.message, trace: pathTo(instance, graph.store, facts.state) }, warnings: [] };
  }
  checkActors(instance, facts);
  const warnings = generalWarnings(instance, facts, deadlock);
  const { edges } = graph;
  const fairness = new EdgeFairness(edges, instance.fairness, facts.actors, facts.edgeActor);
  let reverse: ReverseGraph | undefined;
  for (let i = 0; i < instance.liveness.length; i++) {
    const property = instance.liveness[i];
    const trigger = facts.trigger[i];
    if (trigger && !trigger.includes(1)) {
      warnings.push(`the trigger of "${property.name}" holds in no reachable state: the property holds vacuously`);
      continue;
    }
    const inside = facts.goal[i].map((g) => 1 - g);
    const fair = fairComponents(edges, inside, facts.finalEnd, fairness);
    if (fair.members.length === 0) continue;
    reverse ??= reverseOf(edges);
    const doomed = reachingInside(reverse, inside, fair.componentOf);
    const lasso = findLasso(edges, fairness, {
      initials: initialCount(graph),
      fromStart: property.kind === 'eventually',
      trigger,
      doomed,
      fair,
      finalEnd: facts.finalEnd,
    });
    if (lasso) return { outcome: violation(instance, graph, i, lasso), warnings };
  }
  return { outcome: { verdict: 'holds' }, warnings };
}

function checkActors(instance: Instance, facts: StateFacts): void {
  for (const c of instance.fairness) {
    if (c.instance >= 0 || facts.actors.includes(c.actor!)) continue;
    const actions = [...new Set(instance.actions.map((a) => a.action))];
    const actors = facts.actors.length > 0 ? facts.actors.map((a) => `"${a}"`).join(', ') : 'none';
    throw new InterleaveError(
      `model ${instance.model.name}: fairness names "${c.actor}", which is neither an action nor an actor that takes a step in any reachable state. Its actions: ${actions.join(', ')}. The actors seen: ${actors}.`,
    );
  }
}

function generalWarnings(instance: Instance, facts: StateFacts, deadlock: boolean): string[] {
  const warnings: string[] = [];
  if (instance.fairness.length === 0) {
    warnings.push(
      'the liveness properties are checked without fairness: any actor may stop forever while others move, so a behaviour can fail them for that reason alone (declare fairness in the system)',
    );
  }
  if (!deadlock && facts.deadEnds > 0) {
    warnings.push(
      `${facts.deadEnds} reachable ${facts.deadEnds === 1 ? 'state has' : 'states have'} no enabled action and ${facts.deadEnds === 1 ? 'is' : 'are'} not final: with deadlock detection off, the behaviours that end there are not checked for liveness`,
    );
  }
  return warnings;
}

/** The initial states are stored first, with no parent. */
function initialCount({ store }: ExploredGraph): number {
  let n = 0;
  while (n < store.count && store.parentOf(n) === -1) n++;
  return n;
}

/** The outcome of a violation: the lasso as a trace, and why it is a counterexample, in words. */
function violation(instance: Instance, graph: ExploredGraph, i: number, lasso: Lasso): Outcome {
  const property = instance.liveness[i];
  const { store } = graph;
  const states = lasso.states.map((s) => stateAt(instance, store, s));
  const trace: Trace = { ...traceOf(instance, states, lasso.actions), loop: lasso.loop };
  const what = property.explain?.(states[lasso.loop] as never) ?? defaultWhat(property.kind, lasso);
  return { verdict: 'violates', property: property.name, kind: property.kind, explanation: `${what}. ${howItLoops(instance, states, lasso)}.`, trace };
}

/** How the behaviour goes on forever, and why the schedule may do that. */
function howItLoops(instance: Instance, states: readonly unknown[], lasso: Lasso): string {
  const { loop, actions } = lasso;
  if (loop === actions.length) {
    return `${loop === 0 ? 'The initial state' : `The state after step ${loop}`} is final (no action is enabled), so the behaviour stays there forever`;
  }
  const steps = actions.length - loop === 1 ? `Step ${loop + 1} repeats` : `Steps ${loop + 1} to ${actions.length} repeat`;
  if (instance.fairness.length === 0) return `${steps} forever, and with no fairness declared nothing forbids it`;
  const judged = judgeLoop(instance, states.slice(loop, -1), actions.slice(loop));
  return `${steps} forever, and the schedule is fair: ${describeFairLoop(judged, loop + 1)}`;
}

function defaultWhat(kind: Instance['liveness'][number]['kind'], lasso: Lasso): string {
  switch (kind) {
    case 'eventually':
      return 'no state of this behaviour meets it';
    case 'alwaysEventually':
      return `it is never met again after step ${lasso.loop}`;
    default:
      return `its trigger holds ${lasso.triggered === 0 ? 'in the initial state' : `after step ${lasso.triggered}`}, and its response never follows`;
  }
}
