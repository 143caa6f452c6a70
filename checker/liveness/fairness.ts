import type { Fairness } from '../../spec/liveness.js';
import { InterleaveError } from '../errors.js';

/**
 * One fairness requirement: an action instance or an actor that the schedule may not
 * postpone forever, weakly or strongly.
 */
export interface FairnessConstraint {
  /** Weak: not enabled forever without being taken. Strong: not enabled infinitely often without being taken. */
  readonly strength: 'weak' | 'strong';
  /** The action instance it is about, or -1 when it is about an actor. */
  readonly instance: number;
  /** The actor it is about, when `instance` is -1. */
  readonly actor?: string;
  /** How messages name it: `enter(0)`, `process 0`. */
  readonly label: string;
}

/** What `compileFairness` needs to know of an action instance. */
interface NamedInstance {
  readonly index: number;
  readonly action: string;
  readonly label: string;
}

/**
 * Turns a system's `fairness` into one constraint per action instance of each named action
 * (each instance is fair on its own, as TLA+'s `\A p: WF_vars(A(p))`) and one per named
 * actor. A name that is no action is taken for an actor; whether some step is taken by that
 * actor is only known once the graph is explored (see `actorsOfEdges`). An action of
 * `actionNames` with no instance (its `over` is empty with these parameters) constrains nothing.
 * Throws an InterleaveError for a malformed list or a name given twice.
 */
export function compileFairness(
  model: string,
  fairness: Fairness | undefined,
  actions: readonly NamedInstance[],
  actionNames: readonly string[],
): FairnessConstraint[] {
  const constraints: FairnessConstraint[] = [];
  const seen = new Set<string>();
  for (const strength of ['weak', 'strong'] as const) {
    for (const name of fairness?.[strength] ?? []) {
      if (seen.has(name)) {
        throw new InterleaveError(`model ${model}: fairness names "${name}" twice; list each action or actor once (strong fairness implies weak)`);
      }
      seen.add(name);
      const instances = actions.filter((a) => a.action === name);
      if (instances.length === 0 && !actionNames.includes(name)) constraints.push({ strength, instance: -1, actor: name, label: name });
      for (const a of instances) constraints.push({ strength, instance: a.index, label: a.label });
    }
  }
  return constraints;
}
