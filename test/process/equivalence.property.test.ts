import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import type { Model, System } from '../../spec/index.js';
import { asActions, asProcess, programs } from './random-programs.js';

/** A state as text, its object keys sorted, so that two forms' states compare whatever their key order. */
function keyOf(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(keyOf).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value).sort().map((k) => `${k}:${keyOf((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The whole state graph of a system, by a plain search written here (not the checker's): its
 * states, its labelled transitions, and the states with no enabled action that it calls final.
 */
function graphOf(model: Model) {
  const sys: System = model.build({ params: {}, variant: 'only' });
  const states = new Map<string, unknown>();
  const edges = new Set<string>();
  const finals = new Set<string>();
  const queue = sys.init.map((s) => structuredClone(s));
  for (const s of queue) states.set(keyOf(s), s);
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i];
    let enabled = 0;
    for (const [name, action] of Object.entries(sys.actions)) {
      for (const arg of action.over ?? [undefined]) {
        if (action.guard && !action.guard(from, arg)) continue;
        enabled++;
        const to = structuredClone(from);
        action.effect(to, arg);
        const key = keyOf(to);
        edges.add(`${keyOf(from)} --${name}(${String(arg)})--> ${key}`);
        if (!states.has(key)) {
          states.set(key, to);
          queue.push(to);
        }
      }
    }
    if (enabled === 0 && sys.final?.(from)) finals.add(keyOf(from));
  }
  return { states: new Set(states.keys()), edges, finals };
}

/** A trace's steps as action instances, `p@L1(0)`. */
function stepsOf(outcome: object): string[] {
  const trace = (outcome as { trace?: { steps: { action: string; arg?: unknown }[] } }).trace;
  return trace?.steps.map((s) => `${s.action}(${String(s.arg)})`) ?? [];
}

describe('a process and its hand-compiled actions', () => {
  it('have the same state graph, the same counts, verdict and shortest trace', () => {
    fc.assert(
      fc.property(programs, (program) => {
        const process = asProcess(program);
        const actions = asActions(program);
        const [p, a] = [graphOf(process), graphOf(actions)];
        expect(p.states).toEqual(a.states);
        expect(p.edges).toEqual(a.edges);
        expect(p.finals).toEqual(a.finals);

        const [cp, ca] = [check(process, { validate: true }), check(actions, { validate: true })];
        expect(cp.stats).toMatchObject({ states: ca.stats.states, transitions: ca.stats.transitions, depth: ca.stats.depth });
        // A violation or a deadlock stops the search; a clean one saw the whole graph.
        if (ca.outcome.verdict === 'holds') expect(cp.stats.states).toBe(a.states.size);
        expect(cp.outcome.verdict).toBe(ca.outcome.verdict);
        if ('property' in ca.outcome) expect(cp.outcome).toMatchObject({ property: ca.outcome.property });
        expect(stepsOf(cp.outcome)).toEqual(stepsOf(ca.outcome));
      }),
      { numRuns: 150 },
    );
  });
});
