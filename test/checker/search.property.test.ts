import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { always, defineModel, holds, sometimes, system } from '../../spec/index.js';
import { check } from '../../checker/check.js';
import { replay } from '../../checker/replay.js';
import { toReport } from '../../checker/report/json.js';

/**
 * A random finite transition system: nodes 0..n-1 laid out as (x, y) pairs so the state has
 * two fields, k actions each with a successor table (-1: disabled there), some bad nodes.
 */
interface Graph {
  readonly width: number;
  readonly height: number;
  readonly next: number[][];
  readonly bad: boolean[];
}

const graphs: fc.Arbitrary<Graph> = fc
  .record({ width: fc.integer({ min: 1, max: 6 }), height: fc.integer({ min: 1, max: 6 }), actions: fc.integer({ min: 1, max: 4 }) })
  .chain(({ width, height, actions }) => {
    const n = width * height;
    return fc.record({
      width: fc.constant(width),
      height: fc.constant(height),
      next: fc.array(fc.array(fc.integer({ min: -1, max: n - 1 }), { minLength: n, maxLength: n }), { minLength: actions, maxLength: actions }),
      bad: fc.array(fc.integer({ min: 0, max: 9 }).map((d) => d === 0), { minLength: n, maxLength: n }),
    });
  });

function modelOf(g: Graph, withInvariant: boolean, withReachability = false) {
  return defineModel({
    name: 'random-graph',
    summary: 'a random finite transition system',
    variants: { only: { summary: 'the graph', source: 'fast-check', expect: holds() } },
    build: () => {
      const State = z.object({ x: z.number().int().min(0).max(g.width - 1), y: z.number().int().min(0).max(g.height - 1) });
      const node = (s: { x: number; y: number }) => s.x * g.height + s.y;
      return system(State, {
        init: { x: 0, y: 0 },
        actions: Object.fromEntries(
          g.next.map((table, a) => [
            `a${a}`,
            {
              guard: (s: { x: number; y: number }) => table[node(s)] >= 0,
              effect: (s: { x: number; y: number }) => {
                const to = table[node(s)];
                s.x = Math.floor(to / g.height);
                s.y = to % g.height;
              },
              describe: () => `take a${a}`,
            },
          ]),
        ),
        properties: {
          ...(withInvariant ? { 'never bad': always((s: { x: number; y: number }) => !g.bad[node(s)]) } : {}),
          ...(withReachability ? { 'bad is reachable': sometimes((s: { x: number; y: number }) => g.bad[node(s)]) } : {}),
        },
      });
    },
  });
}

/** A plain reference breadth-first search over node numbers. */
function reference(g: Graph) {
  const depth = new Map<number, number>([[0, 0]]);
  const queue = [0];
  let transitions = 0;
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i];
    for (const table of g.next) {
      const v = table[u];
      if (v < 0) continue;
      transitions++;
      if (!depth.has(v)) {
        depth.set(v, depth.get(u)! + 1);
        queue.push(v);
      }
    }
  }
  const reached = [...depth.keys()];
  const minDepth = (pred: (u: number) => boolean) => Math.min(...reached.filter(pred).map((u) => depth.get(u)!));
  return {
    states: reached.length,
    transitions,
    depth: Math.max(...depth.values()),
    badDepth: minDepth((u) => g.bad[u]),
    deadlockDepth: minDepth((u) => g.next.every((t) => t[u] < 0)),
  };
}

describe('the breadth-first checker agrees with a reference search on random graphs', () => {
  it('same reachable states, transitions and depth', () => {
    fc.assert(
      fc.property(graphs, (g) => {
        const ref = reference(g);
        const result = check(modelOf(g, false), { deadlock: false });
        expect(result.outcome.verdict).toBe('holds');
        expect(result.stats).toMatchObject({ states: ref.states, transitions: ref.transitions, depth: ref.depth });
      }),
      { numRuns: 300 },
    );
  });

  it('finds a bad state exactly when one is reachable, by a valid trace of minimal length', () => {
    fc.assert(
      fc.property(graphs, (g) => {
        const ref = reference(g);
        const model = modelOf(g, true);
        const result = check(model, { deadlock: false });
        if (ref.badDepth === Infinity) {
          expect(result.outcome.verdict).toBe('holds');
          return;
        }
        expect(result.outcome).toMatchObject({ verdict: 'violates', property: 'never bad' });
        const report = toReport(result);
        expect(report.trace!.steps).toHaveLength(ref.badDepth);
        expect(replay(model, report).steps).toBe(ref.badDepth);
      }),
      { numRuns: 300 },
    );
  });

  it('finds a deadlock exactly when one is reachable, by a valid trace of minimal length', () => {
    fc.assert(
      fc.property(graphs, (g) => {
        const ref = reference(g);
        const model = modelOf(g, false);
        const result = check(model);
        if (ref.deadlockDepth === Infinity) {
          expect(result.outcome.verdict).toBe('holds');
          return;
        }
        expect(result.outcome.verdict).toBe('deadlocks');
        const report = toReport(result);
        expect(report.trace!.steps).toHaveLength(ref.deadlockDepth);
        expect(replay(model, report).reproduced).toMatch(/the deadlock reproduces/);
      }),
      { numRuns: 300 },
    );
  });

  it('gives a reachability check a witness exactly when it is met, by a valid trace of minimal length', () => {
    fc.assert(
      fc.property(graphs, (g) => {
        const ref = reference(g);
        const result = check(modelOf(g, false, true), { deadlock: false, witness: 'bad is reachable' });
        if (ref.badDepth === Infinity) {
          expect(result.outcome).toMatchObject({ verdict: 'violates', property: 'bad is reachable', kind: 'sometimes' });
          expect(result.witness).toBeUndefined();
          return;
        }
        expect(result.outcome.verdict).toBe('holds');
        expect(result.reached).toEqual([{ property: 'bad is reachable', steps: ref.badDepth }]);
        const trace = result.witness!.trace;
        expect(trace.steps).toHaveLength(ref.badDepth);
        const last = (trace.steps.at(-1)?.state ?? trace.initial) as { x: number; y: number };
        expect(g.bad[last.x * g.height + last.y]).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('fingerprint mode', () => {
  /** Everything a check reports except what it cost. */
  const findings = (result: ReturnType<typeof check>) => {
    const { seconds, statesPerSecond, storeBytes, ...counts } = result.stats;
    return { outcome: result.outcome, counts, reached: result.reached, witness: result.witness };
  };

  it('finds what the exact search finds, with the same counts and traces, and says it stored fingerprints', () => {
    fc.assert(
      fc.property(graphs, fc.boolean(), (g, deadlock) => {
        const model = modelOf(g, true, true);
        const options = { deadlock, witness: 'bad is reachable' };
        const exact = check(model, options);
        const fingerprinted = check(model, { ...options, fingerprint: true });
        expect(findings(fingerprinted)).toEqual(findings(exact));
        expect(exact.fingerprint).toBeUndefined();
        expect(fingerprinted.fingerprint!.collisionProbability).toBeGreaterThanOrEqual(0);
        expect(fingerprinted.fingerprint!.collisionProbability).toBeLessThan(1e-15);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the trace printed for a violation', () => {
  /** The fewest changes of action along any shortest path from node 0 to `target`, by dynamic programming over node numbers. */
  function fewestSwitches(g: Graph, target: number): number {
    const depth = new Map<number, number>([[0, 0]]);
    const order = [0];
    for (let i = 0; i < order.length; i++) {
      for (const table of g.next) {
        const v = table[order[i]];
        if (v >= 0 && !depth.has(v)) depth.set(v, depth.get(order[i])! + 1), order.push(v);
      }
    }
    // best.get(node)[a]: fewest switches over shortest paths to node whose last action is a (-1: no step yet).
    const best = new Map<number, Map<number, number>>([[0, new Map([[-1, 0]])]]);
    for (const u of order) {
      for (const [last, switches] of best.get(u) ?? []) {
        g.next.forEach((table, a) => {
          const v = table[u];
          if (v < 0 || depth.get(v) !== depth.get(u)! + 1) return;
          const cost = switches + (last >= 0 && last !== a ? 1 : 0);
          const known = best.get(v) ?? new Map<number, number>();
          best.set(v, known);
          if (!known.has(a) || cost < known.get(a)!) known.set(a, cost);
        });
      }
    }
    return Math.min(...best.get(target)!.values());
  }

  it('is, among the shortest traces to the violating state, one with the fewest switches between actors', () => {
    fc.assert(
      fc.property(graphs, (g) => {
        const result = check(modelOf(g, true));
        if (result.outcome.verdict !== 'violates') return;
        const trace = result.outcome.trace!;
        const last = (trace.steps.at(-1)?.state ?? trace.initial) as { x: number; y: number };
        const target = last.x * g.height + last.y;
        const switches = trace.steps.filter((s, i) => i > 0 && s.action !== trace.steps[i - 1].action).length;
        expect(switches).toBe(fewestSwitches(g, target));
        expect(replay(modelOf(g, true), JSON.parse(JSON.stringify(toReport(result)))).steps).toBe(trace.steps.length);
      }),
      { numRuns: 300 },
    );
  });
});
