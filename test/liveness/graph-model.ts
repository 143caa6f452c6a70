import { z } from 'zod';
import { alwaysEventually, defineModel, eventually, holds, leadsTo, system, type Fairness } from '../../spec/index.js';
import type { Property } from '../../spec/property.js';

/**
 * A small transition system with one liveness property: nodes 0..n-1, actions a0..ak-1 with a
 * successor table each (-1: disabled there), the actor of each action in each node (A or B),
 * the goal and trigger of the property, and which nodes are final.
 */
export interface Graph {
  readonly n: number;
  readonly next: number[][];
  readonly actor: ('A' | 'B')[][];
  readonly inits: number[];
  readonly kind: 'eventually' | 'alwaysEventually' | 'leadsTo';
  readonly goal: boolean[];
  readonly trigger: boolean[];
  readonly final: boolean[];
}

/**
 * The model of a graph: the state is the node, action `aK` moves along table K, its actor is
 * `actor[K][node]`, the one liveness property is called "live".
 */
export function modelOf(g: Graph, fairness: Fairness) {
  return defineModel({
    name: 'graph',
    summary: 'a small transition system with a liveness property',
    variants: { only: { summary: 'the graph', source: 'a test', expect: holds() } },
    build: () => {
      const State = z.object({ node: z.number().int().min(0).max(g.n - 1) });
      type S = z.infer<typeof State>;
      const goal = (s: S) => g.goal[s.node];
      const property: Property<S> =
        g.kind === 'eventually' ? eventually(goal) : g.kind === 'alwaysEventually' ? alwaysEventually(goal) : leadsTo((s) => g.trigger[s.node], goal);
      return system(State, {
        init: g.inits.map((node) => ({ node })),
        actions: Object.fromEntries(
          g.next.map((table, a) => [
            `a${a}`,
            {
              actor: (_: unknown, s: S) => g.actor[a][s.node],
              guard: (s: S) => table[s.node] >= 0,
              effect: (s: S) => {
                s.node = table[s.node];
              },
              describe: () => `take a${a}`,
            },
          ]),
        ),
        properties: { live: property },
        final: (s) => g.final[s.node],
        fairness,
      });
    },
  });
}
