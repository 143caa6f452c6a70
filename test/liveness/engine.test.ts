import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { replay } from '../../checker/replay.js';
import { toReport } from '../../checker/report/json.js';
import { toItf } from '../../checker/report/itf.js';
import { renderResult } from '../../checker/report/text.js';
import { ComponentFinder } from '../../checker/liveness/scc.js';
import { EdgeRecorder } from '../../checker/liveness/edge-recorder.js';
import type { CheckResult } from '../../checker/result.js';
import type { Fairness } from '../../spec/index.js';
import { modelOf, type Graph } from './graph-model.js';

/** A graph from a few fields; the rest default to: one action, node 0 initial, nothing final. */
function graph(g: Partial<Graph> & Pick<Graph, 'n' | 'next' | 'goal'>): Graph {
  return {
    actor: g.next.map((t) => t.map(() => 'A' as const)),
    inits: [0],
    kind: 'eventually',
    trigger: g.goal.map(() => false),
    final: g.goal.map(() => false),
    ...g,
  };
}

/** Checks a graph (deadlock detection off) and replays the trace, if any. */
function run(g: Graph, fairness: Fairness): CheckResult {
  const model = modelOf(g, fairness);
  const result = check(model, { deadlock: false });
  const report = toReport(result);
  if (report.trace) expect(replay(model, JSON.parse(JSON.stringify(report))).steps).toBe(report.trace.steps.length);
  return result;
}

const nodesOf = (r: CheckResult) => {
  const o = r.outcome;
  if (o.verdict !== 'violates' || !o.trace) throw new Error(`expected a lasso, got ${o.verdict}`);
  return { nodes: [o.trace.initial, ...o.trace.steps.map((s) => s.state)].map((s) => (s as { node: number }).node), loop: o.trace.loop };
};

describe('liveness: fairness', () => {
  // 0 -a0-> 1 (goal, final); 0 -a1-> 0: a self-loop that avoids the goal unless a0 is fair.
  const loopOrLeave = graph({ n: 2, next: [[1, -1], [0, -1]], goal: [false, true], final: [false, true] });

  it('without fairness a self-loop avoids the goal, and a warning says no fairness was declared', () => {
    const result = run(loopOrLeave, {});
    expect(nodesOf(result)).toEqual({ nodes: [0, 0], loop: 0 });
    expect(result.warnings).toEqual([expect.stringMatching(/checked without fairness/)]);
    expect(renderResult(result)).toMatch(/From here the steps repeat forever \(loop 0: the initial state, where step \d+ leads back\):\n\nStep 1 {2}take a1/);
    expect(renderResult(result)).toMatch(/warning: the liveness properties are checked without fairness/);
  });

  it('weak fairness of the action that leaves the loop makes it hold; weak fairness of the looping one does not', () => {
    expect(run(loopOrLeave, { weak: ['a0'] }).outcome.verdict).toBe('holds');
    expect(run(loopOrLeave, { weak: ['a1'] }).outcome.verdict).toBe('violates');
  });

  // 0 -a0-> 1 -a0-> 0 is a cycle; a1 leaves to the goal 2, but only from node 1: enabled half the time.
  const flicker = graph({ n: 3, next: [[1, 0, -1], [-1, 2, -1]], goal: [false, false, true] });

  it('an action enabled only at times: weak fairness lets the cycle ignore it, strong fairness does not', () => {
    const weak = run(flicker, { weak: ['a0', 'a1'] });
    expect(nodesOf(weak)).toEqual({ nodes: [0, 1, 0], loop: 0 });
    expect(weak.outcome.verdict === 'violates' && weak.outcome.explanation).toMatch(/a0 takes steps in the loop; disabled at some point of it: a1 before step 1/);
    expect(run(flicker, { weak: ['a0'], strong: ['a1'] }).outcome.verdict).toBe('holds');
  });

  it('strong fairness refines a component: the states that enable the unfair action are dropped, a fair cycle remains', () => {
    // 0 <-> 1 through a0; 1 -a1-> 2 (goal). 0 has a self-loop a2. Strong a1 rules out node 1, not the loop at 0.
    const g = graph({ n: 3, next: [[1, 0, -1], [-1, 2, -1], [0, -1, -1]], goal: [false, false, true] });
    expect(nodesOf(run(g, { strong: ['a1'] }))).toEqual({ nodes: [0, 0], loop: 0 });
    expect(run(g, { strong: ['a1'], weak: ['a0'] }).outcome.verdict).toBe('holds');
  });

  it('fairness of an actor: every step of the actor counts, whichever action it takes', () => {
    // a0 (actor A) loops at 0; a1 (actor B at node 0) leaves to the goal: B weakly fair forces it.
    const g = graph({ n: 2, next: [[0, -1], [1, -1]], goal: [false, true], actor: [['A', 'A'], ['B', 'B']] });
    expect(run(g, { weak: ['A'] }).outcome.verdict).toBe('violates');
    expect(run(g, { weak: ['B'] }).outcome.verdict).toBe('holds');
  });

  it('rejects a name that is neither an action nor an actor, and a name given twice', () => {
    const g = graph({ n: 1, next: [[0]], goal: [false] });
    expect(() => check(modelOf(g, { weak: ['a7'] }))).toThrow(/fairness names "a7", which is neither an action nor an actor that takes a step .*Its actions: a0\. The actors seen: "A"/);
    expect(() => check(modelOf(g, { weak: ['a0'], strong: ['a0'] }))).toThrow(/fairness names "a0" twice/);
  });
});

describe('liveness: the lasso', () => {
  it('eventually: the prefix avoids the goal, even when a shorter path runs through it', () => {
    // 0 -a0-> 1 (goal) -a0-> 3 (loop); 0 -a1-> 2 -a1-> 3. The goal-free path is one step longer.
    const g = graph({ n: 4, next: [[1, 3, -1, 3], [2, -1, 3, -1]], goal: [false, true, false, false] });
    expect(nodesOf(run(g, {}))).toEqual({ nodes: [0, 2, 3, 3], loop: 2 });
  });

  it('leadsTo: the prefix may pass the goal before the trigger, never after', () => {
    // 0 -a0-> 1 (goal) -a0-> 2 (trigger) -a0-> 2: the goal is met before the trigger, then never again.
    const g = graph({ n: 3, kind: 'leadsTo', next: [[1, 2, 2]], goal: [false, true, false], trigger: [false, false, true] });
    const result = run(g, { weak: ['a0'] });
    expect(nodesOf(result)).toEqual({ nodes: [0, 1, 2, 2], loop: 2 });
    expect(result.outcome.verdict === 'violates' && result.outcome.explanation).toMatch(/^its trigger holds after step 2, and its response never follows\. Step 3 repeats forever/);
  });

  it('a final state with no enabled action stutters forever: loop = the number of steps, ITF loops on the last state', () => {
    const g = graph({ n: 2, next: [[1, -1]], goal: [false, false], final: [false, true] });
    const result = run(g, { weak: ['a0'] });
    expect(nodesOf(result)).toEqual({ nodes: [0, 1], loop: 1 });
    expect(renderResult(result)).toMatch(/From here nothing changes forever \(loop 1\): the state is final and no action is enabled\./);
    const report = toReport(result);
    expect(toItf(result, report.trace!)).toMatchObject({ loop: 1, states: [{}, {}] });
  });

  it('a dead end the model does not call final ends no behaviour (with deadlock detection off), and a warning says so', () => {
    const g = graph({ n: 2, next: [[1, -1]], goal: [false, false] });
    const result = run(g, { weak: ['a0'] });
    expect(result.outcome.verdict).toBe('holds');
    expect(result.warnings).toEqual([expect.stringMatching(/^1 reachable state has no enabled action and is not final/)]);
    expect(check(modelOf(g, { weak: ['a0'] })).outcome.verdict).toBe('deadlocks');
  });

  it('ITF: the loop has the JSON index; the last state, the loop\'s first again, is left out and its step kept in #meta.next', () => {
    const g = graph({ n: 3, next: [[1, 2, 1]], goal: [false, false, false] });
    const result = run(g, { weak: ['a0'] });
    expect(nodesOf(result)).toEqual({ nodes: [0, 1, 2, 1], loop: 1 });
    const itf = toItf(result, toReport(result).trace!) as { loop: number; states: { '#meta': Record<string, unknown> }[] };
    expect(itf.loop).toBe(1);
    expect(itf.states).toHaveLength(3);
    expect(itf.states[2]['#meta']).toMatchObject({ index: 2, next: { action: expect.any(String) } });
  });

  it('a leadsTo whose trigger never holds is vacuous, and says so', () => {
    const g = graph({ n: 1, kind: 'leadsTo', next: [[0]], goal: [false], trigger: [false] });
    const result = run(g, { weak: ['a0'] });
    expect(result.outcome.verdict).toBe('holds');
    expect(result.warnings).toContain('the trigger of "live" holds in no reachable state: the property holds vacuously');
  });

  it('a search cut by a limit is incomplete, never a pass, and says the liveness properties were not checked', () => {
    const g = graph({ n: 3, next: [[1, 2, 0]], goal: [false, false, true] });
    const result = check(modelOf(g, { weak: ['a0'] }), { maxDepth: 1 });
    expect(result.outcome).toMatchObject({ verdict: 'incomplete', limit: 'depth' });
    expect(result.warnings).toEqual(['the liveness properties were not checked: the search did not explore every state']);
  });
});

describe('liveness: replay rejects a lasso that is not a counterexample', () => {
  const g = graph({ n: 3, next: [[1, 2, 1]], goal: [false, false, false] });
  const model = modelOf(g, { weak: ['a0'] });
  const report = () => JSON.parse(JSON.stringify(toReport(check(model, { deadlock: false }))));

  it('a loop that does not close', () => {
    const r = report();
    r.trace.loop = 0;
    expect(() => replay(model, r)).toThrow(/the loop does not close: a0 taken in the last state does not lead to the state after step 1/);
  });

  it('a loop that is unfair, or that meets the goal', () => {
    const unfair = modelOf({ ...g, next: [[1, 2, 1], [0, 0, 0]] }, { weak: ['a0', 'a1'] });
    expect(() => replay(unfair, report())).toThrow(/the loop is not fair: weakly fair a1 is enabled in every state of the loop and never taken/);
    const met = modelOf({ ...g, goal: [false, false, true] }, { weak: ['a0'] });
    expect(() => replay(met, report())).toThrow(/"live" holds in a state of the loop/);
  });

  it('a final state that is not final, and a loop index past the end', () => {
    const r = report();
    r.trace.loop = 3;
    expect(() => replay(model, r)).toThrow(/the last state is to stay forever, but a0 is enabled there/);
    r.trace.loop = 4;
    expect(() => replay(model, r)).toThrow(/the loop starts at step 5, but the trace has 3 steps/);
  });
});

describe('liveness: the machinery', () => {
  it('Tarjan without recursion: a cycle of a million states is one component', () => {
    const n = 1_000_000;
    const recorder = new EdgeRecorder();
    for (let s = 0; s < n; s++) recorder.add(s, (s + 1) % n, 0);
    const g = recorder.finish(n);
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const { count } = new ComponentFinder(g).components(all, new Int32Array(n).fill(1), 1);
    expect(count).toBe(1);
  });

  it('the edge recorder leaves rows empty for states without successors', () => {
    const recorder = new EdgeRecorder();
    recorder.add(1, 0, 5);
    recorder.add(1, 2, 6);
    recorder.add(3, 3, 7);
    const g = recorder.finish(5);
    expect([...g.offsets]).toEqual([0, 0, 2, 2, 3, 3]);
    expect([...g.targets]).toEqual([0, 2, 3]);
    expect([...g.labels]).toEqual([5, 6, 7]);
  });
});
