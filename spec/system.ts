import type { z } from 'zod';
import type { Actions, ActionSpec } from './action.js';
import type { Fairness } from './liveness.js';
import type { Explanation, Property, StatePredicate } from './property.js';

/**
 * The schema of a state: a zod object whose fields have finite domains (bounded integers,
 * enums, literals, booleans, nullable leaves, fixed-length arrays and tuples, arrays with a
 * maximum length, and objects of those). The checker derives a compact binary encoding from it.
 */
export type StateSchema = z.ZodObject;

/**
 * What a model builds for one variant and one set of parameters: the state schema, the
 * initial states, the actions, and the properties to check.
 *
 * @typeParam S - the state type, inferred from the schema.
 * @typeParam T - the argument type of each action, inferred from the actions.
 */
export interface SystemSpec<S, T> {
  /** The initial state, or several. */
  readonly init: S | readonly S[];
  /** The actions, keyed by name. Their order is the order of action instances in traces. */
  readonly actions: Actions<S, T>;
  /** The properties, keyed by the name that verdicts and expectations use. */
  readonly properties: Readonly<Record<string, Property<S>>>;
  /**
   * Which states with no enabled action are legitimate ends (the program has exited)
   * rather than deadlocks. Omitted: every such state is a deadlock.
   */
  readonly final?: StatePredicate<S>;
  /**
   * Says, in the model's words, why nobody can move in a deadlocked state ("thread 1 waits in
   * sigsuspend for a restart signal that thread 0, itself suspended, will never send").
   */
  readonly explainDeadlock?: Explanation<S>;
  /**
   * Which steps the schedule may not postpone forever, for the liveness properties: actions
   * or actors, weakly or strongly fair (`{ weak: ['process 0', 'process 1'] }`). Omitted: no
   * fairness, so any one actor may stop forever.
   */
  readonly fairness?: Fairness;
}

/** A system ready for the checker, with its state type erased. */
export interface System {
  /** The state schema. */
  readonly state: StateSchema;
  /** The initial states. */
  readonly init: readonly unknown[];
  /** The actions by name, in declaration order. */
  readonly actions: Readonly<Record<string, ActionSpec<unknown, unknown>>>;
  /** The properties by name. */
  readonly properties: Readonly<Record<string, Property<unknown>>>;
  /** Which terminal states are legitimate ends. */
  readonly final?: StatePredicate<unknown>;
  /** Why nobody can move in a deadlocked state. */
  readonly explainDeadlock?: Explanation<unknown>;
  /** Which steps are fair, for the liveness properties. */
  readonly fairness?: Fairness;
}

/**
 * Declares a system: ties the actions and properties to the state schema, so that their
 * state parameter is typed as the schema's output type.
 */
export function system<Sch extends StateSchema, T>(state: Sch, spec: SystemSpec<z.output<Sch>, T>): System {
  const init = Array.isArray(spec.init) ? spec.init : [spec.init];
  return {
    state,
    init,
    actions: spec.actions as unknown as Record<string, ActionSpec<unknown, unknown>>,
    properties: spec.properties as Record<string, Property<unknown>>,
    final: spec.final as StatePredicate<unknown> | undefined,
    explainDeadlock: spec.explainDeadlock as Explanation<unknown> | undefined,
    fairness: spec.fairness,
  };
}
