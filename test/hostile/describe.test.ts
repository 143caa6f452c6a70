import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { replay } from '../../checker/replay.js';
import { toReport } from '../../checker/report/json.js';
import { renderResult } from '../../checker/report/text.js';
import type { Trace } from '../../checker/trace/trace.js';
import describing from './fixtures/describing.js';

/** Checks a variant: the violation must be found with its whole trace, which must replay. */
function traceOf(variant: string): Trace {
  const result = check(describing, { variant });
  expect(result.outcome).toMatchObject({ verdict: 'violates', property: 'below three', explanation: 'the count is 3' });
  const trace = (result.outcome as { trace: Trace }).trace;
  expect(trace.steps.map((s) => s.state)).toEqual([{ count: 1 }, { count: 2 }, { count: 3 }]);
  expect(replay(describing, JSON.parse(JSON.stringify(toReport(result)))).steps).toBe(3);
  return trace;
}

describe('a describe or actor function that fails keeps the violation and its trace, with a note', () => {
  it('describe throws: the step shows the action instead', () => {
    const trace = traceOf('throwing-describe');
    expect(trace.steps.map((s) => s.description)).toEqual(['the counter goes from 0 to 1', 'increment', 'the counter goes from 2 to 3']);
    expect(trace.notes).toEqual(['step 2: the describe function of increment threw: two is unspeakable; the step shows the action instead']);
    const text = renderResult(check(describing, { variant: 'throwing-describe' }));
    expect(text).toContain('\nStep 2  increment  [the counter]\n    count: 1 -> 2\n');
    expect(text).toContain('\nViolated: below three\n    the count is 3\n\nnote: step 2: the describe function of increment threw: two is unspeakable; the step shows the action instead\n');
  });

  it('actor throws: the step goes to no actor', () => {
    const trace = traceOf('throwing-actor');
    expect(trace.steps.map((s) => s.actor)).toEqual([undefined, 'the counter', 'the counter']);
    expect(trace.notes).toEqual(['step 1: the actor function of increment threw: no one is there yet; the step goes to no actor']);
  });

  it('describe returns no string: the step shows the action instead, and the JSON report stays valid', () => {
    const trace = traceOf('wordless-describe');
    expect(trace.steps.map((s) => s.description)).toEqual(['increment', 'increment', 'increment']);
    expect(trace.notes?.[0]).toBe('step 1: the describe function of increment returned nothing, not a string; the step shows the action instead');
  });
});

describe('describe and actor read states they cannot change', () => {
  it('a describe that writes to the state after the step leaves the trace intact, with a note naming the action', () => {
    const trace = traceOf('writing-describe');
    expect(trace.notes).toEqual(
      [1, 2, 3].map(
        (step) =>
          `step ${step}: the describe function of increment threw: Cannot assign to read only property 'count' of object '#<Object>' (it must not change the states it is given); the step shows the action instead`,
      ),
    );
  });
});
