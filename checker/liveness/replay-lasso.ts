import type { Instance } from '../instance.js';
import { judgeLoop } from './fair-loop.js';

/** A replayed lasso: what it reproduces, or what is wrong with it. */
export type LassoReplay = { readonly reproduced: string } | { readonly problem: string };

/** A lasso read back from a report, its steps already replayed one by one. */
export interface ReplayedLasso {
  /** The liveness property the report says is violated. */
  readonly property: string | undefined;
  /** The states, from the initial state to the last. */
  readonly states: readonly unknown[];
  /** The action instance of each step. */
  readonly actions: readonly number[];
  /** The step where the loop starts. */
  readonly loop: number;
  /** Whether two states are the same state of the model. */
  readonly same: (a: unknown, b: unknown) => boolean;
}

/**
 * Checks that a lasso is a counterexample: the loop closes (the loop's first step, taken from
 * the last state, leads to the state after it; or the last state is final and stutters), the
 * goal never holds on the loop (nor anywhere for `eventually`, nor after the trigger for
 * `leadsTo`), and the loop is fair to every fairness constraint of the model.
 */
export function replayLasso(instance: Instance, lasso: ReplayedLasso): LassoReplay {
  const { states, actions, loop, same } = lasso;
  const n = actions.length;
  const property = instance.liveness.find((p) => p.name === lasso.property);
  if (!property) return { problem: `the trace is a lasso, but "${lasso.property}" is not a liveness property of the model` };
  if (loop > n) return { problem: `the loop starts at step ${loop + 1}, but the trace has ${n} steps` };
  const last = states[n];
  let loopStates: readonly unknown[];
  let loopActions: readonly number[];
  if (loop === n) {
    const enabled = instance.actions.find((a) => !a.spec.guard || a.spec.guard(last as never, a.arg));
    if (enabled) return { problem: `the last state is to stay forever, but ${enabled.label} is enabled there` };
    if (!instance.system.final?.(last as never)) return { problem: 'the last state is to stay forever, but the model does not call it final: it is a deadlock' };
    loopStates = [last];
    loopActions = [];
  } else {
    const first = instance.actions[actions[loop]];
    if (first.spec.guard && !first.spec.guard(last as never, first.arg)) {
      return { problem: `the loop does not close: its first step, ${first.label}, is not enabled in the last state` };
    }
    const next = structuredClone(last);
    first.spec.effect(next, first.arg);
    if (!same(next, states[loop + 1])) {
      return { problem: `the loop does not close: ${first.label} taken in the last state does not lead to the state after step ${loop + 1}` };
    }
    loopStates = states.slice(loop + 1);
    loopActions = [...actions.slice(loop + 1), actions[loop]];
  }
  const goal = (s: unknown) => property.holds(s as never);
  if (loopStates.some(goal)) return { problem: `"${property.name}" holds in a state of the loop: the loop does not avoid it` };
  if (property.kind === 'eventually' && states.some(goal)) {
    return { problem: `"${property.name}" holds in a state of the trace: this behaviour does reach it` };
  }
  if (property.kind === 'leadsTo') {
    const lastMet = states.reduce<number>((at, s, i) => (goal(s) ? i : at), -1);
    if (!states.some((s, i) => i > lastMet && property.trigger!(s as never))) {
      return { problem: `the trigger of "${property.name}" holds in no state after which it is never met` };
    }
  }
  const unfair = judgeLoop(instance, loopStates, loopActions).find((j) => !j.fair);
  if (unfair) {
    const { label, strength } = unfair.constraint;
    const how = strength === 'weak' ? 'enabled in every state of the loop' : 'enabled in the loop';
    return { problem: `the loop is not fair: ${strength}ly fair ${label} is ${how} and never taken` };
  }
  return {
    reproduced:
      loop === n
        ? `the last state is final, so the behaviour stays there forever, and "${property.name}" is never met: the violation reproduces`
        : `the loop of ${n - loop} steps closes, is fair, and repeats forever without meeting "${property.name}": the violation reproduces`,
  };
}
