import type { Instance } from '../instance.js';
import { InterleaveError, messageOf } from '../errors.js';

/** One step of a trace: the action instance taken and the state it led to. */
export interface TraceStep {
  /** The action's name. */
  readonly action: string;
  /** Its argument (absent for an action without `over`). */
  readonly arg?: unknown;
  /** Who took the step, when the action names an actor. */
  readonly actor?: string;
  /** The action's own sentence for this step. */
  readonly description: string;
  /** The state after the step. */
  readonly state: unknown;
}

/**
 * A path through the state graph: an initial state and the steps taken from it. A liveness
 * counterexample is a lasso: with `loop`, the steps from index `loop` on repeat forever (the
 * last state is the state before step `loop`, so step `loop` can be taken again from it); with
 * `loop` equal to the number of steps, the last state is final and the behaviour stays there.
 */
export interface Trace {
  /** The initial state. */
  readonly initial: unknown;
  /** The steps, in order. */
  readonly steps: readonly TraceStep[];
  /** For a lasso: the index of the step where the loop starts. */
  readonly loop?: number;
}

/**
 * How many times a trace passes from one actor to another: among the shortest traces, the
 * checker prints one with the fewest (see fewest-switches.ts). Steps without an actor count
 * as their action's.
 */
export function actorSwitches(trace: Trace): number {
  const actors = trace.steps.map((s) => s.actor ?? `action ${s.action}`);
  return actors.filter((a, i) => i > 0 && a !== actors[i - 1]).length;
}

/** Builds one step: runs the action's `actor` and `describe` on the states around it. */
export function traceStep(instance: Instance, actionIndex: number, before: unknown, after: unknown): TraceStep {
  const { action, arg, spec, label } = instance.actions[actionIndex];
  try {
    return {
      action,
      ...(arg === undefined ? {} : { arg }),
      ...(spec.actor ? { actor: spec.actor(arg, before as never) } : {}),
      description: spec.describe(arg, before as never, after as never),
      state: after,
    };
  } catch (error) {
    throw new InterleaveError(`the describe or actor function of action ${label} threw: ${messageOf(error)}`);
  }
}

/**
 * Rebuilds the trace to a state from a chain of states and the action instances between them:
 * `states[0]` is initial and `actions[i]` leads from `states[i]` to `states[i + 1]`.
 */
export function traceOf(instance: Instance, states: readonly unknown[], actions: readonly number[]): Trace {
  return {
    initial: states[0],
    steps: actions.map((a, i) => traceStep(instance, a, states[i], states[i + 1])),
  };
}
