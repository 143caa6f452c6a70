import type { Explanation, Property, StatePredicate } from './property.js';

/**
 * Liveness properties and fairness: what must happen, sooner or later, in every infinite
 * behaviour the schedule may produce.
 *
 * A behaviour is an infinite sequence of steps from an initial state, or a finite one that
 * ends in a state the model calls `final` (no action enabled): it then stays there forever,
 * as TLC lets a terminal state stutter. A state with no enabled action that is not final is a
 * deadlock, which deadlock detection reports; it ends no behaviour that liveness checks.
 * Behaviours never pause while some action is enabled, but without fairness any one actor
 * may stop forever: declare which steps the schedule may not postpone forever in the
 * system's `fairness`.
 */

/**
 * Which steps the schedule must not postpone forever. Each name is an action of the system
 * (every instance of it, such as `enter(0)` and `enter(1)`, is fair on its own) or, when no
 * action has that name, an actor (fair as a whole: any step the actor takes counts).
 *
 * - `weak`: if the step stays enabled from some point on, it is eventually taken (it cannot
 *   be enabled forever and never happen).
 * - `strong`: if the step is enabled again and again, it is eventually taken, even when it is
 *   disabled in between (a lock that is free infinitely often is eventually acquired).
 *
 * @example
 * fairness: { weak: ['process 0', 'process 1'] }           // each process keeps moving
 * fairness: { weak: ['wakeUp'], strong: ['acquire'] }      // by action
 */
export interface Fairness {
  /** Weakly fair actions or actors. */
  readonly weak?: readonly string[];
  /** Strongly fair actions or actors. */
  readonly strong?: readonly string[];
}

/**
 * `◇goal`: every behaviour reaches a state where `goal` holds ("the collection completes").
 * `explain` says, of the first state of the loop that never reaches it, why not.
 */
export function eventually<S>(goal: StatePredicate<S>, explain?: Explanation<S>): Property<S> {
  return { kind: 'eventually', holds: goal, explain };
}

/**
 * `□◇goal`: in every behaviour `goal` holds again and again, however long it runs ("the
 * lock is free infinitely often"). `explain` says, of the first state of the loop that
 * never reaches it, why not.
 */
export function alwaysEventually<S>(goal: StatePredicate<S>, explain?: Explanation<S>): Property<S> {
  return { kind: 'alwaysEventually', holds: goal, explain };
}

/**
 * `trigger ~> response` (leads to): whenever `trigger` holds, `response` holds then or later
 * ("a thread that wants the lock gets it"). `explain` says, of the first state of the loop
 * that never reaches `response`, why not.
 */
export function leadsTo<S>(trigger: StatePredicate<S>, response: StatePredicate<S>, explain?: Explanation<S>): Property<S> {
  return { kind: 'leadsTo', trigger, holds: response, explain };
}
