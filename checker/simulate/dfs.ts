import type { Instance } from '../instance.js';
import { hashWords } from '../store/state-store.js';
import { Expander, type ExpanderOptions } from '../search/expander.js';
import { Successors } from '../search/successors.js';
import { findingKey, initialWords, type Counterexample } from './path.js';
import { Random } from './random.js';
import type { Tally } from './tally.js';

/** A bounded depth-first search: which one, and how far it may go. */
export interface DepthFirst {
  /** Picks the order in which action instances are tried. */
  readonly seed: number;
  /** States deeper than this many steps are checked but not expanded. */
  readonly depth: number;
  /** The search stops after checking this many states. */
  readonly states: number;
  /** The visited set has 2^tableBits bits (at least 2^5). */
  readonly tableBits: number;
}


/** One state on the search's stack. */
interface Frame {
  /** The action instance that led here (-1 for an initial state). */
  readonly action: number;
  /** Its successors' records, as the expander wrote them, and the order to try them in. */
  readonly successors: Uint32Array;
  readonly order: readonly number[];
  next: number;
}

/**
 * A depth-first search with a visited set of fixed size, as one member of a SPIN-style swarm:
 * bitstate hashing (Holzmann), where a state sets two bits of a bit table and counts as seen
 * when both are set. The table never grows, so the search runs in fixed memory however large
 * the state space; a collision prunes a state that was never explored (the search may miss a
 * bug, it never reports a false one: every counterexample is a real path). Each search tries
 * the action instances in an order drawn from its seed (SPIN's -p_permute), so searches with
 * different seeds go different ways first.
 */
export class DepthFirstSearch {
  private readonly expander: Expander;
  private readonly out: Successors;

  constructor(private readonly instance: Instance, options: ExpanderOptions) {
    this.expander = new Expander(instance, options);
    this.out = new Successors(instance.codec.words);
  }

  /**
   * Runs the search until it finds something, its budget of states is spent, or `stop()` says
   * so. With `all`, a state with a finding is a dead end and the search goes on, keeping the
   * first counterexample of each property (or deadlock, or fault).
   */
  run(search: DepthFirst, tally: Tally, stop: () => boolean = () => false, all = false): Counterexample[] {
    const found = new Map<string, Counterexample>();
    const { instance } = this;
    const words = instance.codec.words;
    const rank = new Random(search.seed).permutation(instance.actions.length);
    const table = new Uint32Array(2 ** (search.tableBits - 5));
    const mask = 2 ** search.tableBits - 1;
    // Two bits per state (SPIN uses two or three, -k): the state's hash, and that hash mixed again.
    const isNew = (state: Uint32Array, at: number): boolean => {
      const hash = hashWords(state, at, words);
      let fresh = false;
      for (const bit of [hash & mask, remix(hash) & mask]) {
        const word = bit >>> 5;
        const flag = 1 << (bit & 31);
        if ((table[word] & flag) === 0) fresh = true;
        table[word] |= flag;
      }
      return fresh;
    };
    const inits = initialWords(instance);
    let checked = 0;
    for (let init = 0; init < inits.length; init++) {
      if (!isNew(inits[init], 0)) continue;
      const stack: Frame[] = [];
      // Checks a state reached by `action` and pushes it, unless it has a finding; true when that ends the search.
      const enter = (state: Uint32Array, at: number, action: number): boolean => {
        this.out.clear();
        const depth = stack.length;
        const expansion = this.expander.expand(state, at, 1, this.out, depth < search.depth);
        checked++;
        tally.states++;
        tally.deepest = Math.max(tally.deepest, depth);
        for (const r of expansion.reached) tally.meet({ property: instance.reachability[r.property].name, steps: depth });
        if (expansion.finding) {
          const key = findingKey(expansion.finding);
          const actions = [...stack.slice(1).map((f) => f.action), ...(action < 0 ? [] : [action])];
          if (!found.has(key)) found.set(key, { init, actions, finding: expansion.finding });
          return !all;
        }
        const successors = this.out.data.slice(0, this.out.length);
        const n = successors[0];
        const order = Array.from({ length: n }, (_, k) => k).sort((x, y) => rank[successors[1 + x * (Successors.HEAD + words)]] - rank[successors[1 + y * (Successors.HEAD + words)]]);
        stack.push({ action, successors, order, next: 0 });
        return false;
      };
      if (enter(inits[init], 0, -1)) break;
      while (stack.length > 0) {
        if (checked >= search.states || ((checked & 1023) === 0 && stop())) return [...found.values()];
        const top = stack[stack.length - 1];
        if (top.next === top.order.length) {
          stack.pop();
          continue;
        }
        const at = 1 + top.order[top.next++] * (Successors.HEAD + words);
        const action = top.successors[at];
        tally.fired[action]++;
        tally.steps++;
        if (!isNew(top.successors, at + Successors.HEAD)) continue;
        if (enter(top.successors, at + Successors.HEAD, action)) return [...found.values()];
      }
    }
    return [...found.values()];
  }
}

/** A second 32-bit hash from a first (murmur3's finaliser on the rotated hash), for the second bit. */
function remix(hash: number): number {
  let h = (hash << 16) | (hash >>> 16);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
