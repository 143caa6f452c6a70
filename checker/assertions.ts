import { AssertionError } from 'node:assert';
import type { z } from 'zod';
import type { Model, ParamsSchema } from '../spec/model.js';
import { describeExpectation } from '../spec/expectation.js';
import { check, type CheckOptions } from './check.js';
import { describeOutcome, meetsExpectation, type CheckResult, type Outcome } from './result.js';
import { renderResult } from './report/text.js';
import { instantiate } from './instance.js';
import { InterleaveError } from './errors.js';
import { verifySymmetry, type SymmetryVerified } from './symmetry/verify.js';

/**
 * Test assertions for models, usable from vitest, jest or node's test runner: each checks a
 * model and throws an AssertionError, with the full text report (and its trace) in the
 * message, when the verdict is not the one asserted. Each returns the result for further checks.
 */

/**
 * The options of an assertion about `model`: `check`'s, with the variant, parameter and
 * property names the model's own (a misspelled one is a type error).
 */
export type AssertOptions<PS extends ParamsSchema, V extends string, K extends string> = Omit<CheckOptions, 'variant' | 'params' | 'properties'> & {
  /** The variant (default: the model's first). */
  readonly variant?: NoInfer<V>;
  /** Parameter values; the rest take the variant's, then the model's defaults. */
  readonly params?: Partial<z.input<PS>>;
  /** Check only these properties; default: all of them. */
  readonly properties?: readonly NoInfer<K>[];
};

/** What `assertViolates` returns: a result whose outcome is the violation of property `K` (with its trace, but for a reachability check never met). */
export type ViolationResult<K extends string = string> = CheckResult & {
  readonly outcome: Extract<Outcome, { verdict: 'violates' }> & { readonly property: K };
};

/** What `assertDeadlocks` returns: a result whose outcome is a deadlock, with its trace. */
export type DeadlockResult = CheckResult & { readonly outcome: Extract<Outcome, { verdict: 'deadlocks' }> };

function fail(result: CheckResult, wanted: string): never {
  throw new AssertionError({
    message: `${result.model} (variant ${result.variant}): expected ${wanted}, found ${describeOutcome(result.outcome)}\n\n${renderResult(result)}`,
    actual: describeOutcome(result.outcome),
    expected: wanted,
    operator: 'check',
  });
}

/** Asserts that every property holds and no deadlock is reachable, exhaustively. */
export function assertHolds<PS extends ParamsSchema, V extends string, K extends string>(
  model: Model<PS, V, K>,
  options: AssertOptions<PS, V, K> = {},
): CheckResult {
  const result = check(model, options);
  if (result.outcome.verdict !== 'holds') fail(result, 'holds');
  return result;
}

/** Asserts that the named property is violated (the result carries the shortest trace). */
export function assertViolates<PS extends ParamsSchema, V extends string, K extends string>(
  model: Model<PS, V, K>,
  property: NoInfer<K>,
  options: AssertOptions<PS, V, K> = {},
): ViolationResult<K> {
  const result = check(model, options);
  if (result.outcome.verdict !== 'violates' || result.outcome.property !== property) fail(result, `violates "${property}"`);
  return result as ViolationResult<K>;
}

/** Asserts that a deadlock is reachable (the result carries the shortest trace to it). */
export function assertDeadlocks<PS extends ParamsSchema, V extends string, K extends string>(
  model: Model<PS, V, K>,
  options: AssertOptions<PS, V, K> = {},
): DeadlockResult {
  const result = check(model, options);
  if (result.outcome.verdict !== 'deadlocks') fail(result, 'deadlocks');
  return result as DeadlockResult;
}

/**
 * Asserts that some reachable state satisfies the `sometimes` property `property`: it checks
 * that property alone, so other properties' verdicts do not get in the way.
 */
export function assertReachable<PS extends ParamsSchema, V extends string, K extends string>(
  model: Model<PS, V, K>,
  property: NoInfer<K>,
  options: AssertOptions<PS, V, K> = {},
): CheckResult {
  const result = check(model, { ...options, properties: [property], deadlock: false });
  if (result.outcome.verdict !== 'holds') fail(result, `"${property}" reachable`);
  return result;
}

/**
 * Asserts that a model honours its scalarset declarations (see `verifySymmetry`): run it in the
 * tests of every model that declares symmetry, with small parameters. Returns what was verified.
 */
export function assertSymmetric<PS extends ParamsSchema, V extends string, K extends string>(
  model: Model<PS, V, K>,
  options: Pick<AssertOptions<PS, V, K>, 'variant' | 'params' | 'properties'> = {},
): SymmetryVerified {
  try {
    return verifySymmetry(instantiate(model, options.variant, options.params, options.properties));
  } catch (error) {
    if (!(error instanceof InterleaveError)) throw error;
    throw new AssertionError({ message: error.message, operator: 'assertSymmetric' });
  }
}

/** Asserts that every variant of the model gets its expected verdict with its default parameters. */
export function assertVariants<PS extends ParamsSchema, V extends string, K extends string>(
  model: Model<PS, V, K>,
  options: Omit<AssertOptions<PS, V, K>, 'variant' | 'params'> = {},
): CheckResult[] {
  return Object.keys(model.variants).map((variant) => {
    const result = check(model, { ...options, variant });
    if (!meetsExpectation(result.outcome, result.expected)) fail(result, describeExpectation(result.expected));
    return result;
  });
}
