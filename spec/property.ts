import type { DeepReadonly } from './readonly.js';

/** A predicate over a state. It must only read the state. */
export type StatePredicate<S> = (state: DeepReadonly<S>) => boolean;

/** Says, in the model's words, why a property fails in a given state. */
export type Explanation<S> = (state: DeepReadonly<S>) => string;

/**
 * A property checked over the reachable states.
 *
 * - `always`: an invariant, true in every reachable state.
 * - `sometimes`: a reachability check, true in at least one reachable state. A clean
 *   verdict is not vacuous when the interesting part of the model is reached.
 * - `atEnd`: true in every reachable state where no action is enabled (a final state),
 *   such as "no memory is leaked when the program has exited".
 * - `eventually`, `alwaysEventually`, `leadsTo`: liveness properties, checked over the
 *   infinite behaviours the system's fairness allows (see `spec/liveness.ts`).
 */
export interface Property<S> {
  /** What kind of property it is. */
  readonly kind: PropertyKind;
  /** The predicate; for a liveness property, the state it waits for. */
  readonly holds: StatePredicate<S>;
  /**
   * Why it fails in a state where it does (not used by `sometimes`). For a liveness
   * property, the state is the first state of the loop that repeats forever.
   */
  readonly explain?: Explanation<S>;
  /** `leadsTo` only: the condition after which `holds` must follow. */
  readonly trigger?: StatePredicate<S>;
}

/** The kinds of property there are. */
export type PropertyKind = SafetyKind | LivenessKind;

/** The kinds of property a single state, or the set of reachable states, decides. */
export type SafetyKind = 'always' | 'sometimes' | 'atEnd';

/** The kinds of property about infinite behaviours: `eventually`, `alwaysEventually`, `leadsTo`. */
export type LivenessKind = 'eventually' | 'alwaysEventually' | 'leadsTo';

/**
 * An invariant: `holds` is true in every reachable state. `explain` says why it fails in
 * a state where it does ("value v2 is referenced from domain 0's stack, but the sweep freed it").
 */
export function always<S>(holds: StatePredicate<S>, explain?: Explanation<S>): Property<S> {
  return { kind: 'always', holds, explain };
}

/**
 * A reachability check: `holds` is true in at least one reachable state ("the GC completes
 * a cycle"). It fails when the search is exhaustive and no state satisfies it.
 */
export function sometimes<S>(holds: StatePredicate<S>): Property<S> {
  return { kind: 'sometimes', holds };
}

/**
 * A property of final states: `holds` is true in every reachable state in which no action
 * is enabled ("every block the function allocated has been freed").
 */
export function atEnd<S>(holds: StatePredicate<S>, explain?: Explanation<S>): Property<S> {
  return { kind: 'atEnd', holds, explain };
}
