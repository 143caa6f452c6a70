import type { StateGraph } from './edge-recorder.js';
import type { EdgeFairness } from './fair-edges.js';
import type { FairComponents } from './fair-components.js';
import { fairCycle } from './fair-cycle.js';

/**
 * A counterexample to a liveness property as a path of states: `states[i] --actions[i]-->
 * states[i + 1]`. The steps from `loop` on repeat forever (the last state is the state before
 * step `loop`); `loop === actions.length` means the last state is final and stutters.
 */
export interface Lasso {
  /** The states, from an initial state. */
  readonly states: readonly number[];
  /** The action instance of each step. */
  readonly actions: readonly number[];
  /** The step where the loop starts. */
  readonly loop: number;
  /** The state (index into `states`) where the property's trigger held; 0 for `eventually`. */
  readonly triggered: number;
}

/** Where the violation may start, and which states it may then pass through. */
export interface LassoSearch {
  /** How many initial states there are (they are states 0 .. initials - 1). */
  readonly initials: number;
  /** `eventually`: the path must avoid the goal from the initial state on. */
  readonly fromStart: boolean;
  /** Where the trigger holds (undefined: everywhere). */
  readonly trigger?: Uint8Array;
  /** The states from which a fair behaviour avoids the goal forever. */
  readonly doomed: Uint8Array;
  /** The fair components inside the doomed states. */
  readonly fair: FairComponents;
  /** Final states with no enabled action. */
  readonly finalEnd: Uint8Array;
}

/**
 * A shortest prefix, then a fair loop. The prefix is a breadth-first search over pairs (state,
 * phase): in phase 0 any edge may be taken, and in a doomed state where the trigger holds the
 * path switches to phase 1 at no cost; in phase 1 only doomed states may follow. The first fair
 * component reached in phase 1 closes the lasso, so no shorter path leads from an initial state
 * through a trigger to a fair component. Returns undefined when there is no violation.
 */
export function findLasso(graph: StateGraph, fairness: EdgeFairness, search: LassoSearch): Lasso | undefined {
  const prefix = shortestPrefix(graph, search);
  if (!prefix) return undefined;
  const entry = prefix.states.at(-1)!;
  if (search.finalEnd[entry] === 1) return { ...prefix, loop: prefix.actions.length };
  const cycle = fairCycle(graph, fairness, search.fair.members[search.fair.componentOf[entry]], entry);
  return {
    states: [...prefix.states, ...cycle.states],
    actions: [...prefix.actions, ...cycle.actions],
    loop: prefix.actions.length,
    triggered: prefix.triggered,
  };
}

function shortestPrefix(graph: StateGraph, search: LassoSearch): Omit<Lasso, 'loop'> | undefined {
  const { offsets, targets, labels } = graph;
  const { doomed, trigger, fair } = search;
  const prev = new Int32Array(2 * graph.count).fill(-2);
  const via = new Int32Array(2 * graph.count);
  const queue = new Int32Array(2 * graph.count);
  let tail = 0;
  let found = -1;
  // Codes: 2 * state + phase.
  const visit = (code: number, from: number, label: number): void => {
    if (found >= 0 || prev[code] !== -2) return;
    prev[code] = from;
    via[code] = label;
    queue[tail++] = code;
    const s = code >> 1;
    if (code & 1) {
      if (fair.componentOf[s] >= 0) found = code;
    } else if (doomed[s] === 1 && (!trigger || trigger[s] === 1)) {
      visit(code | 1, code, -1);
    }
  };
  for (let s = 0; s < search.initials; s++) {
    if (!search.fromStart) visit(2 * s, -1, -1);
    else if (doomed[s] === 1) visit(2 * s + 1, -1, -1);
  }
  for (let head = 0; head < tail && found < 0; head++) {
    const code = queue[head];
    const s = code >> 1;
    const phase = code & 1;
    for (let e = offsets[s]; e < offsets[s + 1] && found < 0; e++) {
      const t = targets[e];
      if (phase === 0) visit(2 * t, code, labels[e]);
      else if (doomed[t] === 1) visit(2 * t + 1, code, labels[e]);
    }
  }
  if (found < 0) return undefined;
  const codes: number[] = [];
  for (let c = found; c >= 0; c = prev[c]) codes.push(c);
  codes.reverse();
  const states: number[] = [codes[0] >> 1];
  const actions: number[] = [];
  let triggered = 0;
  for (let i = 1; i < codes.length; i++) {
    if (via[codes[i]] === -1) {
      triggered = states.length - 1;
      continue;
    }
    states.push(codes[i] >> 1);
    actions.push(via[codes[i]]);
  }
  return { states, actions, triggered };
}
