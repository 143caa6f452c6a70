import { expect } from 'vitest';
import type { Model } from '../../spec/model.js';
import { check, type CheckOptions } from '../../checker/check.js';
import type { CheckResult } from '../../checker/result.js';
import { meetsExpectation, describeOutcome } from '../../checker/result.js';
import { replay } from '../../checker/replay.js';
import { toReport } from '../../checker/report/json.js';
import { renderResult } from '../../checker/report/text.js';

/**
 * Checks one variant with validation on (frozen states for guards and properties,
 * deterministic effects), asserts that it gets its expected verdict, and replays its trace,
 * if it has one, through the JSON report. Returns the result for further assertions.
 */
export function checkVariant(model: Model, variant: string, options: Omit<CheckOptions, 'variant'> = {}): CheckResult {
  const result = check(model, { variant, validate: true, ...options });
  const expected = result.expected;
  expect(
    meetsExpectation(result.outcome, expected),
    `${model.name}/${variant}: expected ${JSON.stringify(expected)}, found ${describeOutcome(result.outcome)}\n${renderResult(result)}`,
  ).toBe(true);
  const report = toReport(result);
  if (report.trace) {
    const replayed = replay(model, JSON.parse(JSON.stringify(report)));
    expect(replayed.steps).toBe(report.trace.steps.length);
  }
  return result;
}

/** The descriptions of a result's trace steps, in order: what a person reads. */
export function storyOf(result: CheckResult): string[] {
  const o = result.outcome;
  return 'trace' in o && o.trace ? o.trace.steps.map((s) => s.description) : [];
}

/**
 * Checks with validation on, without asserting an expectation (for checks of some properties
 * or other parameters), and replays the trace, if there is one, through the JSON report.
 */
export function checkAndReplay(model: Model, options: CheckOptions): CheckResult {
  const result = check(model, { validate: true, ...options });
  const report = toReport(result);
  if (report.trace) expect(replay(model, JSON.parse(JSON.stringify(report))).steps).toBe(report.trace.steps.length);
  return result;
}

/** Asserts that a trace's steps match the patterns one for one. */
export function expectStory(story: string[], patterns: RegExp[]): void {
  expect(story, story.join('\n')).toHaveLength(patterns.length);
  patterns.forEach((pattern, i) => expect(story[i], `step ${i + 1}`).toMatch(pattern));
}

/** Asserts that steps matching the patterns occur in this order (other steps may come between). */
export function expectInOrder(story: string[], patterns: RegExp[]): void {
  let at = 0;
  for (const pattern of patterns) {
    const found = story.findIndex((step, i) => i >= at && pattern.test(step));
    expect(found, `no step after step ${at} matches ${pattern}\n${story.join('\n')}`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
}
