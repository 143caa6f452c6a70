/**
 * The verdict a variant is expected to get: a claim the checker tests, never a goal to force.
 */
export type Expectation =
  | { readonly verdict: 'holds' }
  | { readonly verdict: 'violates'; readonly property: string }
  | { readonly verdict: 'deadlocks' };

/** Expect every property to hold, with no deadlock. */
export function holds(): Expectation {
  return { verdict: 'holds' };
}

/** Expect the named property to be violated (an invariant, a final-state property, or a reachability check never met). */
export function violates(property: string): Expectation {
  return { verdict: 'violates', property };
}

/** Expect a state with no enabled action that is not a legitimate final state. */
export function deadlocks(): Expectation {
  return { verdict: 'deadlocks' };
}

/** The expectation in a few words, as the verdict table prints it. */
export function describeExpectation(e: Expectation): string {
  return e.verdict === 'violates' ? `violates "${e.property}"` : e.verdict;
}
