import { describe, expect, it } from 'vitest';
import { InterleaveError, UsageError } from '../../checker/errors.js';
import { check } from '../../checker/check.js';
import { instantiate } from '../../checker/instance.js';
import { CheckReportJson } from '../../checker/report/json.js';
import { replay } from '../../checker/replay.js';
import { pathOfTrace, walk } from '../../cli/explorer/path.js';
import { viewOf } from '../../cli/explorer/view.js';
import counter from '../fixtures/counter.js';
import { bundledModel } from '../report/support.js';

const peterson = bundledModel('peterson');
const turnFirst = instantiate(peterson, 'turn-first');
const shortest = (variant: string, model = peterson, params: Record<string, unknown> = {}) => {
  const o = check(model, { variant, params }).outcome;
  if (!('trace' in o) || !o.trace) throw new Error('no trace');
  return pathOfTrace(instantiate(model, variant, params), o.trace);
};
const indexOf = (label: string): number => turnFirst.actions.findIndex((a) => a.label === label);

describe('the view of a path', () => {
  it('starts in the initial state with every enabled action told in the model\'s words', () => {
    const view = viewOf(turnFirst, { init: 0, actions: [] });
    expect(view.verdict).toMatchObject({ kind: 'running', title: 'The initial state' });
    expect(view.choices.map((c) => [c.label, c.actor, c.description])).toEqual([
      ['process@idle(0)', 'process 0', 'process 0 at idle: wants the critical section'],
      ['process@idle(1)', 'process 1', 'process 1 at idle: wants the critical section'],
    ]);
    expect(view.choices[0].changesHtml).toContain('<code class="f">process.pc[0]</code> <del>idle</del>');
    // Each process's current label is its pc, shown with the rest of the state.
    expect(view.stateHtml).toContain('<th scope="row">process.pc[0]</th><td>idle</td>');
    expect(view.disabled).toHaveLength(8);
    expect(view.properties.find((p) => p.name === 'mutual exclusion')).toMatchObject({ status: 'holds' });
  });

  it('marks the action that breaks an invariant, and the state after it as violated, with the explanation', () => {
    const path = shortest('turn-first');
    const before = viewOf(turnFirst, { init: 0, actions: path.actions.slice(0, -1) });
    const last = before.choices.find((c) => c.index === path.actions.at(-1));
    expect(last?.leadsTo).toEqual({ kind: 'violated', text: 'violates mutual exclusion' });
    const after = viewOf(turnFirst, path);
    expect(after.verdict).toEqual({ kind: 'violated', title: 'Violated: mutual exclusion', explanation: 'process 0 and process 1 are both in the critical section' });
    expect(after.properties.find((p) => p.name === 'mutual exclusion')).toMatchObject({ status: 'violated', note: 'process 0 and process 1 are both in the critical section' });
    expect(after.diagramHtml).toContain('<tr class="ending violated">');
    expect(after.stateHtml).toContain('<ins>critical</ins>');
  });

  it('says which action returns to a state the path already visited', () => {
    // Process 0 goes round twice: the second round ends where the first did (turn stays 1).
    const round = ['process@idle(0)', 'process@giveTurn(0)', 'process@raiseFlag(0)', 'process@wait(0)', 'process@critical(0)'].map(indexOf);
    const view = viewOf(turnFirst, { init: 0, actions: [...round, ...round.slice(0, -1)] });
    expect(view.choices.find((c) => c.label === 'process@critical(0)')?.revisits).toBe(5);
    expect(view.choices.find((c) => c.label === 'process@idle(1)')?.revisits).toBeUndefined();
  });

  it('gives a path as a JSON report that replay accepts, whatever its last state', () => {
    const violation = viewOf(turnFirst, shortest('turn-first')).report;
    expect(CheckReportJson.parse(violation)).toMatchObject({ verdict: 'violates', property: 'mutual exclusion', asExpected: true });
    expect(replay(peterson, violation).reproduced).toBe('property "mutual exclusion" is violated in the last state');

    const walked = viewOf(turnFirst, { init: 0, actions: [0, 1] }).report;
    expect(walked).toMatchObject({ verdict: 'incomplete', asExpected: false, stats: { states: 3, transitions: 2, depth: 2 } });
    expect(replay(peterson, CheckReportJson.parse(walked)).steps).toBe(2);

    const philosophers = bundledModel('philosophers');
    const deadlock = viewOf(instantiate(philosophers, 'left-first', { n: 3 }), shortest('left-first', philosophers, { n: 3 }));
    expect(deadlock.verdict.kind).toBe('deadlock');
    expect(deadlock.diagramHtml).toContain('<tr class="ending deadlock">');
    expect(replay(philosophers, CheckReportJson.parse(deadlock.report)).reproduced).toMatch(/deadlock reproduces/);
  });

  it('refuses a path that takes an action not enabled, or starts nowhere', () => {
    expect(() => walk(turnFirst, { init: 0, actions: [indexOf('process@wait(1)')] })).toThrow(new UsageError('step 1: process@wait(1) is not enabled in the state before it'));
    expect(() => walk(turnFirst, { init: 3, actions: [] })).toThrow(UsageError);
    expect(() => walk(turnFirst, { init: 0, actions: [99] })).toThrow('there is no action instance 99');
  });

  it('shows an action whose effect fails as an error instead of a step', () => {
    const jammed = instantiate(counter, 'throwing-effect');
    const view = viewOf(jammed, { init: 0, actions: [0, 0] });
    expect(view.choices[0]).toMatchObject({ label: 'increment', error: 'the effect of increment threw: the counter jammed' });
    expect(() => walk(jammed, { init: 0, actions: [0, 0, 0] })).toThrow(InterleaveError);
  });

  it('tells a final-state property apart while actions are still enabled', () => {
    const ctypes = instantiate(bundledModel('ctypes-keepalive'), 'root-leaked');
    const statuses = viewOf(ctypes, { init: 0, actions: [] }).properties;
    expect(statuses.filter((p) => p.kind === 'atEnd').every((p) => p.status === 'not final')).toBe(true);
  });

  it('with some properties selected, shows and judges only those; with deadlock detection off, a dead end is an end', () => {
    const mutex = instantiate(peterson, 'turn-first', {}, ['mutual exclusion']);
    expect(viewOf(mutex, { init: 0, actions: [] }).properties.map((p) => p.name)).toEqual(['mutual exclusion']);
    const philosophers = bundledModel('philosophers');
    const stuck = shortest('left-first', philosophers, { n: 3 });
    const deadlocked = viewOf(instantiate(philosophers, 'left-first', { n: 3 }), stuck);
    expect(deadlocked.verdict.kind).toBe('deadlock');
    const ended = viewOf(instantiate(philosophers, 'left-first', { n: 3 }), stuck, { deadlock: false });
    expect(ended.verdict).toMatchObject({ kind: 'final', explanation: expect.stringMatching(/deadlock detection off/) });
    const before = viewOf(instantiate(philosophers, 'left-first', { n: 3 }), { ...stuck, actions: stuck.actions.slice(0, -1) }, { deadlock: false });
    expect(before.choices.find((c) => c.index === stuck.actions.at(-1))?.leadsTo).toEqual({ kind: 'final', text: 'ends (nothing is enabled there)' });
  });
});
