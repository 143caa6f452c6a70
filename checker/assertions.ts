import { AssertionError } from 'node:assert';
import type { Model } from '../spec/model.js';
import { describeExpectation } from '../spec/expectation.js';
import { check, type CheckOptions } from './check.js';
import { describeOutcome, meetsExpectation, type CheckResult } from './result.js';
import { renderResult } from './report/text.js';
import { instantiate } from './instance.js';
import { InterleaveError } from './errors.js';
import { verifySymmetry, type SymmetryVerified } from './symmetry/verify.js';

/**
 * Test assertions for models, usable from vitest, jest or node's test runner: each checks a
 * model and throws an AssertionError, with the full text report (and its trace) in the
 * message, when the verdict is not the one asserted. Each returns the result for further checks.
 */

function fail(result: CheckResult, wanted: string): never {
  throw new AssertionError({
    message: `${result.model} (variant ${result.variant}): expected ${wanted}, found ${describeOutcome(result.outcome)}\n\n${renderResult(result)}`,
    actual: describeOutcome(result.outcome),
    expected: wanted,
    operator: 'check',
  });
}

/** Asserts that every property holds and no deadlock is reachable, exhaustively. */
export function assertHolds(model: Model, options: CheckOptions = {}): CheckResult {
  const result = check(model, options);
  if (result.outcome.verdict !== 'holds') fail(result, 'holds');
  return result;
}

/** Asserts that the named property is violated (the result carries the shortest trace). */
export function assertViolates(model: Model, property: string, options: CheckOptions = {}): CheckResult {
  const result = check(model, options);
  if (result.outcome.verdict !== 'violates' || result.outcome.property !== property) fail(result, `violates "${property}"`);
  return result;
}

/** Asserts that a deadlock is reachable (the result carries the shortest trace to it). */
export function assertDeadlocks(model: Model, options: CheckOptions = {}): CheckResult {
  const result = check(model, options);
  if (result.outcome.verdict !== 'deadlocks') fail(result, 'deadlocks');
  return result;
}

/**
 * Asserts that some reachable state satisfies the `sometimes` property `property`: it checks
 * that property alone, so other properties' verdicts do not get in the way.
 */
export function assertReachable(model: Model, property: string, options: CheckOptions = {}): CheckResult {
  const result = check(model, { ...options, properties: [property], deadlock: false });
  if (result.outcome.verdict !== 'holds') fail(result, `"${property}" reachable`);
  return result;
}

/**
 * Asserts that a model honours its scalarset declarations (see `verifySymmetry`): run it in the
 * tests of every model that declares symmetry, with small parameters. Returns what was verified.
 */
export function assertSymmetric(model: Model, options: Pick<CheckOptions, 'variant' | 'params' | 'properties'> = {}): SymmetryVerified {
  try {
    return verifySymmetry(instantiate(model, options.variant, options.params, options.properties));
  } catch (error) {
    if (!(error instanceof InterleaveError)) throw error;
    throw new AssertionError({ message: error.message, operator: 'assertSymmetric' });
  }
}

/** Asserts that every variant of the model gets its expected verdict with its default parameters. */
export function assertVariants(model: Model, options: Omit<CheckOptions, 'variant' | 'params'> = {}): CheckResult[] {
  return Object.keys(model.variants).map((variant) => {
    const result = check(model, { ...options, variant });
    if (!meetsExpectation(result.outcome, result.expected)) fail(result, describeExpectation(result.expected));
    return result;
  });
}
