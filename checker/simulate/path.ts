import type { Instance } from '../instance.js';
import { DomainError, InterleaveError } from '../errors.js';
import type { Expander, Finding } from '../search/expander.js';
import { Successors } from '../search/successors.js';
import { traceOf, type Trace } from '../trace/trace.js';

/** A path through the state graph: an initial state (its index in `init`) and the action instances taken from it. */
export interface Path {
  /** The initial state's index among the system's initial states. */
  readonly init: number;
  /** The action instances taken, by index. */
  readonly actions: readonly number[];
}

/** A path whose last state has a finding: a violation, a deadlock or a fault in the model's code. */
export interface Counterexample extends Path {
  /** What was found in the last state. */
  readonly finding: Finding;
}

/** What following a path gave. */
export interface Followed {
  /** The words of each state visited, the initial one first. */
  readonly states: readonly Uint32Array[];
  /** The first finding on the way, in the last state visited; the rest of the path was not followed. */
  readonly finding?: Finding;
  /** Set when the action at this step was not enabled: the path is not an execution. */
  readonly blockedAt?: number;
}

/** The encoded initial states of an instance, in order. */
export function initialWords(instance: Instance): Uint32Array[] {
  const { codec, system } = instance;
  return system.init.map((init) => {
    const words = new Uint32Array(codec.words);
    try {
      codec.encode(init, words, 0);
    } catch (error) {
      if (error instanceof DomainError) throw new InterleaveError(`the initial state leaves its domain: ${error.message}`);
      throw error;
    }
    return words;
  });
}

/**
 * Follows paths from their initial state with an expander, so that each state on the way is
 * checked exactly as a search checks it (invariants, final-state properties, deadlock, faults
 * in the model's code) and each step must be an enabled action instance. The shrinker tries its
 * candidates with it, and counterexamples get their states from it.
 */
export class PathFollower {
  private readonly inits: Uint32Array[];
  private readonly out: Successors;

  constructor(private readonly instance: Instance, private readonly expander: Expander) {
    this.inits = initialWords(instance);
    this.out = new Successors(instance.codec.words);
  }

  /**
   * Follows `path` until its end, its first finding, or a step that is not enabled. Each state
   * fires only the path's next step, as a walk does, so a fault in another instance's effect is
   * no finding here; in the last state, `then` (the instance whose effect failed, for a fault)
   * is fired.
   */
  follow(path: Path, then?: number): Followed {
    const words = this.instance.codec.words;
    const { out } = this;
    let state = this.inits[path.init];
    if (state === undefined) throw new InterleaveError(`a path starts from initial state ${path.init}, but the model has ${this.inits.length}`);
    const states = [state];
    for (let i = 0; ; i++) {
      out.clear();
      const action = i < path.actions.length ? path.actions[i] : then;
      const choose = (enabled: Int32Array, n: number): number => enabled.subarray(0, n).indexOf(action ?? -1);
      const expansion = this.expander.expand(state, 0, 1, out, action !== undefined, choose);
      if (expansion.finding) return { states, finding: expansion.finding };
      if (i === path.actions.length) return { states };
      if (out.data[0] === 0) return { states, blockedAt: i };
      state = out.data.slice(1 + Successors.HEAD, 1 + Successors.HEAD + words);
      states.push(state);
    }
  }

  /** The trace of a counterexample, its states decoded: what reports print. */
  traceOf(counterexample: Counterexample): Trace {
    const followed = this.follow(counterexample, faultingAction(counterexample));
    if (followed.finding === undefined || followed.states.length !== counterexample.actions.length + 1) {
      throw new InterleaveError('a counterexample did not reproduce when its path was followed again: an effect, guard or property of the model is not deterministic (check it with --validate)');
    }
    const { codec } = this.instance;
    return traceOf(this.instance, followed.states.map((s) => codec.decode(s, 0)), counterexample.actions);
  }
}

/** What tells findings apart when one counterexample is kept per bug: the property, deadlock, or the fault's message. */
export function findingKey(finding: Finding): string {
  switch (finding.kind) {
    case 'always':
    case 'atEnd':
      return `violates ${finding.property}`;
    case 'deadlock':
      return 'deadlock';
    case 'fault':
      return `fault ${finding.message}`;
  }
}

/** For a counterexample that ends in a fault in an effect: the instance whose effect failed. */
export function faultingAction(counterexample: Counterexample): number | undefined {
  return counterexample.finding.kind === 'fault' ? counterexample.finding.nextAction : undefined;
}
