import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fairness } from '../../spec/index.js';
import { check } from '../../checker/check.js';
import { replay } from '../../checker/replay.js';
import { toReport } from '../../checker/report/json.js';
import { modelOf, type Graph } from './graph-model.js';

/** A random graph with random fairness, per action and per actor. */
interface RandomGraph extends Graph {
  readonly actionFairness: ('none' | 'weak' | 'strong')[];
  readonly actorFairness: { A: 'none' | 'weak' | 'strong'; B: 'none' | 'weak' | 'strong' };
}

const strength = fc.constantFrom('none' as const, 'weak' as const, 'strong' as const);

const graphs: fc.Arbitrary<RandomGraph> = fc
  .record({ n: fc.integer({ min: 1, max: 7 }), k: fc.integer({ min: 1, max: 3 }) })
  .chain(({ n, k }) => {
    const perNode = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: n, maxLength: n });
    const flag = (oneIn: number) => fc.integer({ min: 0, max: oneIn - 1 }).map((d) => d === 0);
    return fc.record({
      n: fc.constant(n),
      // About half the entries are -1 (disabled), so that the graphs stay sparse.
      next: fc.array(perNode(fc.integer({ min: -n, max: n - 1 }).map((v) => Math.max(v, -1))), { minLength: k, maxLength: k }),
      actor: fc.array(perNode(fc.constantFrom('A' as const, 'B' as const)), { minLength: k, maxLength: k }),
      inits: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 2 }),
      kind: fc.constantFrom('eventually' as const, 'alwaysEventually' as const, 'leadsTo' as const),
      goal: perNode(flag(4)),
      trigger: perNode(flag(2)),
      final: perNode(flag(2)),
      actionFairness: fc.array(strength, { minLength: k, maxLength: k }),
      actorFairness: fc.record({ A: strength, B: strength }),
    });
  });

/** The reference tries every subset of these edges: keep it small. */
const MAX_FREE_EDGES = 14;

interface Edge {
  readonly from: number;
  readonly to: number;
  readonly action: number;
}

/** A fairness requirement of the reference: an action, or an actor, weak or strong. */
interface Requirement {
  readonly strength: 'weak' | 'strong';
  readonly action?: number;
  readonly actor?: 'A' | 'B';
}

/** The reachable nodes and edges, plainly. */
function explore(g: Graph): { nodes: number[]; edges: Edge[] } {
  const seen = new Set<number>(g.inits);
  const queue = [...g.inits];
  const edges: Edge[] = [];
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i];
    g.next.forEach((table, action) => {
      const to = table[from];
      if (to < 0) return;
      edges.push({ from, to, action });
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    });
  }
  return { nodes: queue, edges };
}

/** The fairness requirements, keeping only actors that take some reachable step (the checker rejects the others). */
function requirements(g: RandomGraph, edges: Edge[]): Requirement[] {
  const reqs: Requirement[] = [];
  g.actionFairness.forEach((s, action) => {
    if (s !== 'none') reqs.push({ strength: s, action });
  });
  for (const actor of ['A', 'B'] as const) {
    const s = g.actorFairness[actor];
    if (s !== 'none' && edges.some((e) => g.actor[e.action][e.from] === actor)) reqs.push({ strength: s, actor });
  }
  return reqs;
}

const belongs = (g: RandomGraph, r: Requirement, e: Edge) => (r.action !== undefined ? e.action === r.action : g.actor[e.action][e.from] === r.actor);

/** Whether staying forever in `nodes`, taking each of `loopEdges` infinitely often, is fair. */
function isFair(g: RandomGraph, reqs: Requirement[], edges: Edge[], nodes: Set<number>, loopEdges: Edge[]): boolean {
  const enabledAt = (r: Requirement, v: number) => edges.some((e) => e.from === v && belongs(g, r, e));
  return reqs.every((r) => {
    if (loopEdges.some((e) => belongs(g, r, e))) return true;
    const enabled = [...nodes].filter((v) => enabledAt(r, v));
    return r.strength === 'weak' ? enabled.length < nodes.size : enabled.length === 0;
  });
}

/**
 * The reference: a violating behaviour exists iff some set of edges among goal-free nodes is
 * strongly connected and fair (every subset of edges is tried), or a goal-free final node has no
 * enabled action, and it is reachable through goal-free nodes from a start (an initial node for
 * `eventually`, a trigger node for `leadsTo`, any node for `alwaysEventually`). Returns the length
 * of the shortest prefix from an initial node to such a set, or undefined when none exists.
 */
function reference(g: RandomGraph): number | undefined | 'too big' {
  const { nodes, edges } = explore(g);
  const reqs = requirements(g, edges);
  const free = edges.filter((e) => !g.goal[e.from] && !g.goal[e.to]);
  if (free.length > MAX_FREE_EDGES) return 'too big';
  const sinks = new Set<number>();
  for (const v of nodes) if (!g.goal[v] && g.final[v] && !edges.some((e) => e.from === v)) sinks.add(v);
  for (let mask = 1; mask < 1 << free.length; mask++) {
    const chosen = free.filter((_, i) => mask & (1 << i));
    const set = new Set(chosen.flatMap((e) => [e.from, e.to]));
    if (stronglyConnected(set, chosen) && isFair(g, reqs, edges, set, chosen)) for (const v of set) sinks.add(v);
  }
  // Shortest path over (node, phase): phase 1 once the start condition held; then goal-free nodes only.
  const startsAt = (v: number) => g.kind === 'alwaysEventually' || (g.kind === 'leadsTo' && g.trigger[v]);
  const dist = new Map<string, number>();
  let frontier: [number, number][] = [];
  const reach = (v: number, phase: number, d: number, into: [number, number][]) => {
    if (phase === 1 && g.goal[v]) return;
    if (dist.has(`${v},${phase}`)) return;
    dist.set(`${v},${phase}`, d);
    into.push([v, phase]);
    if (phase === 0 && !g.goal[v] && startsAt(v)) reach(v, 1, d, into);
  };
  for (const v of g.inits) reach(v, g.kind === 'eventually' ? 1 : 0, 0, frontier);
  for (let d = 0; frontier.length > 0; d++) {
    if (frontier.some(([v, phase]) => phase === 1 && sinks.has(v))) return d;
    const next: [number, number][] = [];
    for (const [v, phase] of frontier) for (const e of edges) if (e.from === v) reach(e.to, phase, d + 1, next);
    frontier = next;
  }
  return undefined;
}

function stronglyConnected(set: Set<number>, edges: Edge[]): boolean {
  const [first] = set;
  const closure = (forward: boolean) => {
    const seen = new Set([first]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const e of edges) {
        const [a, b] = forward ? [e.from, e.to] : [e.to, e.from];
        if (seen.has(a) && !seen.has(b)) {
          seen.add(b);
          grew = true;
        }
      }
    }
    return seen.size === set.size;
  };
  return closure(true) && closure(false);
}

/** The fairness the checker gets: the reference's requirements, by name. */
function fairnessOf(g: RandomGraph): Fairness {
  return { weak: fairnessNames(g, 'weak'), strong: fairnessNames(g, 'strong') };
}

function fairnessNames(g: RandomGraph, which: 'weak' | 'strong'): string[] {
  const { edges } = explore(g);
  return requirements(g, edges)
    .filter((r) => r.strength === which)
    .map((r) => (r.action !== undefined ? `a${r.action}` : r.actor!));
}

/** Checks a returned lasso with the reference's own notions: a path, a closed loop, goal-free, fair, start condition met. */
function expectValidLasso(g: RandomGraph, trace: { initial: unknown; steps: readonly { action: string; state: unknown }[]; loop?: number }): void {
  const { edges } = explore(g);
  const node = (s: unknown) => (s as { node: number }).node;
  const nodes = [node(trace.initial), ...trace.steps.map((s) => node(s.state))];
  const actions = trace.steps.map((s) => Number(s.action.slice(1)));
  expect(g.inits).toContain(nodes[0]);
  actions.forEach((a, i) => expect(g.next[a][nodes[i]]).toBe(nodes[i + 1]));
  const loop = trace.loop!;
  const last = nodes.at(-1)!;
  let loopNodes: Set<number>;
  let loopEdges: Edge[];
  if (loop === actions.length) {
    expect(g.next.every((t) => t[last] < 0)).toBe(true);
    expect(g.final[last]).toBe(true);
    loopNodes = new Set([last]);
    loopEdges = [];
  } else {
    expect(last).toBe(nodes[loop]);
    loopNodes = new Set(nodes.slice(loop));
    loopEdges = actions.slice(loop).map((action, i) => ({ from: nodes[loop + i], to: nodes[loop + i + 1], action }));
  }
  expect([...loopNodes].some((v) => g.goal[v])).toBe(false);
  expect(isFair(g, requirements(g, edges), edges, loopNodes, loopEdges)).toBe(true);
  if (g.kind === 'eventually') expect(nodes.some((v) => g.goal[v])).toBe(false);
  if (g.kind === 'leadsTo') expect(nodes.some((v, i) => g.trigger[v] && nodes.slice(i).every((u) => !g.goal[u]))).toBe(true);
}

describe('the liveness check agrees with a brute-force reference on random graphs', () => {
  it('same verdict, a valid fair lasso, the shortest prefix, and a trace that replays', () => {
    fc.assert(
      fc.property(graphs, (g) => {
        const expected = reference(g);
        fc.pre(expected !== 'too big');
        const model = modelOf(g, fairnessOf(g));
        const result = check(model, { deadlock: false });
        if (expected === undefined) {
          expect(result.outcome.verdict).toBe('holds');
          return;
        }
        expect(result.outcome).toMatchObject({ verdict: 'violates', property: 'live', kind: g.kind });
        const report = toReport(result);
        const trace = report.trace!;
        expectValidLasso(g, trace);
        expect(trace.loop).toBe(expected);
        expect(replay(model, JSON.parse(JSON.stringify(report))).steps).toBe(trace.steps.length);
      }),
      { numRuns: 1000 },
    );
  });
});
