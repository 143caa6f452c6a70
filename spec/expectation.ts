/**
 * The verdict a variant is expected to get: a claim the checker tests, never a goal to force.
 *
 * @typeParam K - the property names it may name (a model's, so that a misspelled one is a type error).
 */
export type Expectation<K extends string = string> =
  | { readonly verdict: 'holds' }
  | { readonly verdict: 'violates'; readonly property: K }
  | { readonly verdict: 'deadlocks' };

/** Expect every property to hold, with no deadlock. */
export function holds(): Expectation<never> {
  return { verdict: 'holds' };
}

/** Expect the named property to be violated (an invariant, a final-state property, or a reachability check never met). */
export function violates<K extends string>(property: K): Expectation<K> {
  return { verdict: 'violates', property };
}

/** Expect a state with no enabled action that is not a legitimate final state. */
export function deadlocks(): Expectation<never> {
  return { verdict: 'deadlocks' };
}

/** The expectation in a few words, as the verdict table prints it. */
export function describeExpectation(e: Expectation): string {
  return e.verdict === 'violates' ? `violates "${e.property}"` : e.verdict;
}
