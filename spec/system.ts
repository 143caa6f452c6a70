import type { z } from 'zod';
import type { Actions, ActionSpec } from './action.js';
import type { Fairness } from './liveness.js';
import { compileProcesses } from './process/compile.js';
import type { AnyProcess, WithProcesses } from './process/define.js';
import type { Explanation, Property, StatePredicate } from './property.js';
import { requireZod4 } from './zod4.js';

/**
 * The schema of a state: a zod object whose fields have finite domains (bounded integers,
 * enums, literals, booleans, nullable leaves, fixed-length arrays and tuples, arrays with a
 * maximum length, and objects of those). The checker derives a compact binary encoding from it.
 */
export type StateSchema = z.ZodObject;

/** A system's properties, keyed by the name that verdicts and expectations use. */
export type Properties<S> = Readonly<Record<string, Property<S>>>;

/** A system's processes, keyed by name (the name is their state field and their actions' prefix). */
export type Processes<S> = Readonly<Record<string, AnyProcess<S>>>;

/**
 * What a model builds for one variant and one set of parameters: the state schema, the
 * initial states, the actions, and the properties to check.
 *
 * @typeParam S - the state type, inferred from the schema (without the processes' state).
 * @typeParam T - the argument type of each action, inferred from the actions.
 * @typeParam P - the system's processes, if any, whose state the actions, properties and `final` also see.
 * @typeParam Props - the properties, inferred, so that their names are known.
 */
export interface SystemSpec<S, T, P = {}, Props extends Properties<WithProcesses<S, P>> = Properties<WithProcesses<S, P>>> {
  /** The initial state, or several (without the processes' state: they start at their first label). */
  readonly init: S | readonly S[];
  /**
   * The actions, keyed by name. Their order is the order of action instances in traces (after
   * the processes' steps). Omitted: none (a system of processes alone).
   */
  readonly actions?: Actions<WithProcesses<S, P>, T>;
  /** The properties, keyed by the name that verdicts and expectations use. */
  readonly properties: Props;
  /**
   * Which states with no enabled action are legitimate ends (the program has exited)
   * rather than deadlocks. Omitted: every such state is a deadlock. With processes, such a
   * state is an end only when, besides, every process is done or at a label declared `end`.
   */
  readonly final?: StatePredicate<WithProcesses<S, P>>;
  /**
   * Says, in the model's words, why nobody can move in a deadlocked state ("thread 1 waits in
   * sigsuspend for a restart signal that thread 0, itself suspended, will never send").
   * Omitted, with processes: the processes that are not at an end, and their labels.
   */
  readonly explainDeadlock?: Explanation<WithProcesses<S, P>>;
  /**
   * Which steps the schedule may not postpone forever, for the liveness properties: actions
   * or actors, weakly or strongly fair (`{ weak: ['process 0', 'process 1'] }`). Omitted: no
   * fairness, so any one actor may stop forever. Processes add their fair steps to it.
   */
  readonly fairness?: Fairness;
}

/**
 * A system ready for the checker, with its state type erased.
 *
 * @typeParam K - the property names (so that a model's expectations can only name those).
 */
export interface System<K extends string = string> {
  /** The state schema. */
  readonly state: StateSchema;
  /** The initial states. */
  readonly init: readonly unknown[];
  /** The actions by name, in declaration order. */
  readonly actions: Readonly<Record<string, ActionSpec<unknown, unknown>>>;
  /** The properties by name. */
  readonly properties: Readonly<Record<K, Property<unknown>>>;
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
export function system<Sch extends StateSchema, T, Props extends Properties<z.output<Sch>>>(
  state: Sch,
  spec: SystemSpec<z.output<Sch>, T, {}, Props>,
): System<keyof Props & string>;
/**
 * Declares a system with processes: threads written as code (`defineProcess`), keyed by name.
 * Each process adds a field of that name to the state (its instances' `pc` and locals), which
 * the actions, properties and `final` see, and one action per label, named `name@label`,
 * before the plain `actions`. The processes are compiled here into those fields, actions, a
 * final-state predicate and fairness, so the checker sees a plain system; a definition that
 * cannot work throws an Error naming the process and the label.
 */
export function system<Sch extends StateSchema, P extends Processes<z.output<Sch>>, T, Props extends Properties<WithProcesses<z.output<Sch>, P>>>(
  state: Sch,
  processes: P,
  spec: SystemSpec<z.output<Sch>, T, P, Props>,
): System<keyof Props & string>;
export function system(state: StateSchema, ...rest: [SystemSpec<object, unknown>] | [Processes<object>, SystemSpec<object, unknown>]): System {
  requireZod4(state, 'the state schema');
  const [processes, spec] = rest.length === 1 ? [{}, rest[0]] : rest;
  const init = Array.isArray(spec.init) ? spec.init : [spec.init];
  const actions = (spec.actions ?? {}) as Record<string, ActionSpec<unknown, unknown>>;
  const final = spec.final as StatePredicate<unknown> | undefined;
  const explainDeadlock = spec.explainDeadlock as Explanation<unknown> | undefined;
  const properties = spec.properties as Record<string, Property<unknown>>;
  if (Object.keys(processes).length === 0) return { state, init, actions, properties, final, explainDeadlock, fairness: spec.fairness };
  const compiled = compileProcesses(state, processes);
  const clash = Object.keys(actions).find((name) => name in compiled.actions);
  if (clash !== undefined) throw new Error(`action "${clash}" has the name of a process's step; rename the action`);
  return {
    state: compiled.state,
    init: init.map(compiled.init),
    actions: { ...compiled.actions, ...actions },
    properties,
    final: final === undefined ? compiled.atValidEnd : (s) => compiled.atValidEnd(s) && final(s),
    explainDeadlock: explainDeadlock ?? compiled.explainDeadlock,
    fairness: mergeFairness(compiled.fairness, spec.fairness),
  };
}

/** The processes' fair steps and the system's own fairness together. */
function mergeFairness(processes: Fairness, declared: Fairness | undefined): Fairness | undefined {
  const weak = [...(processes.weak ?? []), ...(declared?.weak ?? [])];
  const strong = [...(processes.strong ?? []), ...(declared?.strong ?? [])];
  if (weak.length === 0 && strong.length === 0) return declared;
  return { ...(weak.length > 0 ? { weak } : {}), ...(strong.length > 0 ? { strong } : {}) };
}
