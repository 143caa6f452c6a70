import type { Instance } from '../instance.js';
import type { FairnessConstraint } from './fairness.js';

/** How one fairness constraint fares on a loop. */
export interface ConstraintOnLoop {
  /** The constraint. */
  readonly constraint: FairnessConstraint;
  /** The loop steps (indices into the loop) that are its steps. */
  readonly takenAt: readonly number[];
  /** The loop states (indices into the loop) where it is enabled. */
  readonly enabledAt: readonly number[];
  /** Whether the loop, repeated forever, is fair to it. */
  readonly fair: boolean;
}

/**
 * Judges a loop that repeats forever against the instance's fairness. `states[i]` is the state
 * before the loop's step i, and `actions[i]` the action instance of that step; after the last
 * step the loop starts again at `states[0]`. A final state that stutters is a loop of one state
 * and no step. Weak fairness: the constraint is taken in the loop or disabled in one of its
 * states. Strong fairness: it is taken, or disabled in all of them. Calls the model's guards and
 * actor functions, which may throw.
 */
export function judgeLoop(instance: Instance, states: readonly unknown[], actions: readonly number[]): ConstraintOnLoop[] {
  const enabledInstances = states.map((state) =>
    instance.actions.filter((a) => !a.spec.guard || a.spec.guard(state as never, a.arg)),
  );
  const actorOf = (index: number, state: unknown) => {
    const a = instance.actions[index];
    return a.spec.actor?.(a.arg, state as never);
  };
  return instance.fairness.map((constraint) => {
    const isStep = (index: number, state: unknown) =>
      constraint.instance >= 0 ? index === constraint.instance : actorOf(index, state) === constraint.actor;
    const takenAt = actions.flatMap((a, i) => (isStep(a, states[i]) ? [i] : []));
    const enabledAt = states.flatMap((state, i) => (enabledInstances[i].some((a) => isStep(a.index, state)) ? [i] : []));
    const fair =
      takenAt.length > 0 || (constraint.strength === 'weak' ? enabledAt.length < states.length : enabledAt.length === 0);
    return { constraint, takenAt, enabledAt, fair };
  });
}

/**
 * Says in words why a fair loop is fair: which fair actions or actors take steps in it, and
 * which are enabled in it but not taken, being disabled at some point of it (the others are
 * never enabled there). `firstStep` is the trace's number of the loop's first step.
 */
export function describeFairLoop(judged: readonly ConstraintOnLoop[], firstStep: number): string {
  const label = (j: ConstraintOnLoop) => j.constraint.label;
  const moving = judged.filter((j) => j.takenAt.length > 0);
  const paused = judged.filter((j) => j.takenAt.length === 0 && j.enabledAt.length > 0);
  const firstPause = (j: ConstraintOnLoop) => {
    let at = 0;
    while (j.enabledAt.includes(at)) at++;
    return `${label(j)} before step ${firstStep + at}`;
  };
  return [
    ...(moving.length > 0 ? [`${list(moving.map(label))} ${moving.length === 1 ? 'takes' : 'take'} steps in the loop`] : []),
    ...(paused.length > 0 ? [`disabled at some point of it: ${list(paused.map(firstPause))}`] : []),
  ].join('; ') || 'no fair action or actor is enabled in it';
}

/** "a", "a and b", "a, b and c", "a, b, c and 4 more". */
function list(items: readonly string[]): string {
  const shown = items.length > 4 ? [...items.slice(0, 3), `${items.length - 3} more`] : items;
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}
