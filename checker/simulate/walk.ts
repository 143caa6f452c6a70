import type { Instance } from '../instance.js';
import { Expander, type ExpanderOptions } from '../search/expander.js';
import { Successors } from '../search/successors.js';
import { findingKey, initialWords, type Counterexample } from './path.js';
import { Random } from './random.js';
import type { Tally } from './tally.js';

/** Which walks to run: runs `0 .. runs - 1` of `seed`, each at most `depth` steps long. */
export interface Walks {
  readonly seed: number;
  readonly depth: number;
  readonly runs: number;
}

/** A counterexample found by a random walk, with the run that found it. */
export interface WalkFinding {
  readonly counterexample: Counterexample;
  /** The run's number: `seed` and `run` give the same walk again. */
  readonly run: number;
}

/**
 * Random walks from the initial states. Each step checks the current state as a search does
 * (the same expander: invariants, reachability checks, final-state properties, deadlocks,
 * faults in the model's code), then takes one of the enabled action instances, each with the
 * same chance. Run `r` of seed `s` draws from its own generator, `new Random(s, r)`, so any run
 * can be replayed alone.
 */
export class Walker {
  private readonly expander: Expander;
  private readonly inits: Uint32Array[];
  private readonly out: Successors;
  private readonly current: Uint32Array;
  private readonly path: number[] = [];

  constructor(private readonly instance: Instance, options: ExpanderOptions) {
    this.expander = new Expander(instance, options);
    this.inits = initialWords(instance);
    this.out = new Successors(instance.codec.words);
    this.current = new Uint32Array(instance.codec.words);
  }

  /**
   * Runs the walks in order until one finds something or `stop()` says so (asked before each
   * run), adding what they saw to `tally`. With `all`, it goes on to the end, keeping the first
   * counterexample of each property (or deadlock, or fault).
   */
  run(walks: Walks, tally: Tally, stop: () => boolean = () => false, all = false): WalkFinding[] {
    const found = new Map<string, WalkFinding>();
    for (let run = 0; run < walks.runs && !stop(); run++) {
      const counterexample = this.walk(new Random(walks.seed, run), walks, run, tally);
      if (!counterexample) continue;
      const key = findingKey(counterexample.finding);
      if (!found.has(key)) found.set(key, { counterexample, run });
      if (!all) break;
    }
    return [...found.values()];
  }

  /** One walk: at most `depth` steps, ending early in a state with no enabled action or with a finding. */
  private walk(random: Random, walks: Walks, run: number, tally: Tally): Counterexample | undefined {
    const { instance, out, current, path } = this;
    const words = instance.codec.words;
    const init = random.below(this.inits.length);
    current.set(this.inits[init]);
    path.length = 0;
    tally.runs++;
    const choose = (_: Int32Array, n: number): number => random.below(n);
    for (let step = 0; ; step++) {
      out.clear();
      const fire = step < walks.depth;
      const expansion = this.expander.expand(current, 0, 1, out, fire, choose);
      tally.states++;
      for (const r of expansion.reached) {
        tally.meet({ property: instance.reachability[r.property].name, steps: step, seed: walks.seed, run });
      }
      if (expansion.finding || !fire || out.data[0] === 0) {
        tally.deepest = Math.max(tally.deepest, step);
        return expansion.finding && { init, actions: [...path], finding: expansion.finding };
      }
      const action = out.data[1];
      current.set(out.data.subarray(1 + Successors.HEAD, 1 + Successors.HEAD + words));
      path.push(action);
      tally.fired[action]++;
      tally.steps++;
    }
  }
}
