import type { Instance } from '../../checker/instance.js';
import type { CheckReport } from '../../checker/report/json.js';
import { meetsExpectation, type Outcome } from '../../checker/result.js';
import { stateKey, type Walk } from './path.js';
import type { StateVerdict } from './status.js';

/**
 * The JSON report of a path walked in the explorer, in the format of `check --json`, so that
 * `interleave replay` re-executes it: a violation or deadlock in its last state is the verdict
 * (replay checks that it reproduces); otherwise the verdict is "incomplete", since a path
 * walked by hand explores only itself, and replay checks that the path is valid. The
 * statistics count the path: its distinct states and its steps.
 */
export function pathReport(instance: Instance, walked: Walk, verdict: StateVerdict, modelFile?: string): CheckReport {
  const { trace } = walked;
  const steps = trace.steps.length;
  const found: Outcome | undefined =
    verdict.kind === 'violated'
      ? { verdict: 'violates', property: verdict.property.name, kind: verdict.property.kind, explanation: verdict.explanation, trace }
      : verdict.kind === 'deadlock'
        ? { verdict: 'deadlocks', explanation: verdict.explanation, trace }
        : undefined;
  const expected = instance.variantSpec.expect;
  return {
    format: 'interleave.check/1',
    model: instance.model.name,
    ...(modelFile ? { modelFile } : {}),
    variant: instance.variant,
    params: { ...instance.params },
    expected: { ...expected },
    verdict: found?.verdict ?? 'incomplete',
    asExpected: found ? meetsExpectation(found, expected) : false,
    ...(found?.verdict === 'violates' ? { property: found.property, propertyKind: found.kind } : {}),
    explanation: found && 'explanation' in found ? found.explanation : `a path of ${steps} steps walked by hand in the explorer, which checks only its own states`,
    stats: { states: new Set(walked.states.map((s) => stateKey(instance, s))).size, transitions: steps, depth: steps, seconds: 0, statesPerSecond: 0, storeBytes: 0 },
    trace,
  } as CheckReport;
}
