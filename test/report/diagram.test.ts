import { describe, expect, it } from 'vitest';
import { buildDiagram, diagramOfReport, endingsOf, reportTitle } from '../../checker/report/diagram/diagram.js';
import type { Trace } from '../../checker/trace/trace.js';
import { bundledModel, reportOf } from './support.js';

const step = (actor: string | undefined, description: string, state: unknown, arg?: unknown) => ({
  action: 'act',
  ...(arg === undefined ? {} : { arg }),
  ...(actor === undefined ? {} : { actor }),
  description,
  state,
});

describe('buildDiagram', () => {
  const trace: Trace = {
    initial: { x: 0, y: [false, false] },
    steps: [step('thread 1', 'one', { x: 1, y: [false, false] }, 1), step(undefined, 'tick', { x: 1, y: [true, false] }), step('thread 0', 'zero', { x: 2, y: [true, false] }, 0)],
  };

  it('puts each step in its actor\'s lane, and steps without an actor in the fallback lane', () => {
    const d = buildDiagram(trace, [], 'clock');
    expect(d.lanes).toEqual(['thread 0', 'thread 1', 'clock']);
    expect(d.steps.map((s) => d.lanes[s.lane])).toEqual(['thread 1', 'clock', 'thread 0']);
    expect(d.steps.map((s) => s.label)).toEqual(['act(1)', 'act', 'act(0)']);
    expect(buildDiagram(trace).lanes).toContain('system');
  });

  it('lists the fields each step changed, before and after', () => {
    const d = buildDiagram(trace);
    expect(d.steps[1].changes).toEqual([{ path: 'y[0]', before: false, after: true }]);
    expect(d.steps[2].changes).toEqual([{ path: 'x', before: 1, after: 2 }]);
  });

  it('marks the steps of a lasso\'s loop, and ignores a loop index outside the trace', () => {
    const d = buildDiagram({ ...trace, loop: 1 } as Trace);
    expect(d.loop).toBe(1);
    expect(d.steps.map((s) => s.inLoop)).toEqual([false, true, true]);
    expect(buildDiagram({ ...trace, loop: 3 } as Trace).loop).toBe(3);
    expect(buildDiagram({ ...trace, loop: 4 } as Trace).loop).toBeUndefined();
  });
});

describe('reports as diagrams', () => {
  it('ends a violation with the property and its explanation', () => {
    const report = reportOf(bundledModel('peterson'), 'turn-first');
    expect(endingsOf(report)).toEqual([{ kind: 'violated', title: 'Violated: mutual exclusion', explanation: 'process 0 and process 1 are both in the critical section' }]);
    expect(diagramOfReport(report)?.steps).toHaveLength(8);
  });

  it('ends a deadlock with the model\'s explanation', () => {
    const report = reportOf(bundledModel('stop-the-world'), 'signals-no-lock');
    expect(reportTitle(report)).toBe('Deadlock');
    expect(endingsOf(report)[0]).toMatchObject({ kind: 'deadlock', explanation: report.explanation });
  });

  it('has no diagram for a report without a trace', () => {
    const report = reportOf(bundledModel('peterson'));
    expect(diagramOfReport(report)).toBeUndefined();
    expect(endingsOf(report)).toEqual([]);
  });
});
