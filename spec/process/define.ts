import type { z } from 'zod';
import type { DeepReadonly } from '../readonly.js';
import type { StateSchema } from '../system.js';

/**
 * Where control goes after a step: a label of the same process, or `'done'`, the end of its
 * code (PlusCal's `Done`; a process that is done takes no more steps and is a valid end).
 */
export type Next<K extends string> = K | 'done';

/**
 * One statement of a step: changes the shared state (a private copy) and the process's locals
 * in place. It may return a label (or `'done'`): a `goto`, which ends the step there and sends
 * control to that label; that is how a step branches.
 */
export type Statement<S, Self, L, K extends string> = (state: S, self: Self, locals: L) => NoInfer<Next<K>> | void;

/**
 * One atomic step of a process: what happens at a label. The step is enabled when the process
 * is at the label and `await` holds; taking it runs `effect` and moves the process on: to the
 * label the effect returns, if it returns one, or else to `next`.
 *
 * @typeParam S - the shared state (the system's schema, without the processes).
 * @typeParam Self - the process's id: a number for a process `over` a list, `undefined` for a single process.
 * @typeParam L - the process's locals.
 * @typeParam K - the process's labels.
 */
export interface Step<S, Self, L, K extends string> {
  /** When the step may be taken (PlusCal's `await`, Promela's blocking condition). It must only read. Omitted: always. */
  readonly await?: (state: DeepReadonly<S>, self: Self, locals: DeepReadonly<L>) => boolean;
  /**
   * What the step does. An array of statements runs in order as one atomic step, as Promela's
   * `d_step` and a PlusCal label's body: no other process moves in between (a statement that
   * returns a label skips the rest). Omitted: nothing changes but the process's place (a
   * `skip`, or a pure wait when `await` is given).
   */
  readonly effect?: Statement<S, Self, L, K> | readonly Statement<S, Self, L, K>[];
  /**
   * Where control goes after the step when the effect does not return a label: a label (a
   * loop back, a `goto`) or `'done'`. Omitted: the next label in declaration order, and after
   * the last label, `'done'`.
   */
  readonly next?: NoInfer<Next<K>>;
  /**
   * What the step does, in the model's words, after "thread 1 at read (seen = 0): " (the
   * process, its label and its locals before the step): "reads the counter", or a function of
   * the states around the step and the locals after it. Omitted: where control goes.
   */
  readonly describe?: string | ((self: Self, before: DeepReadonly<S>, after: DeepReadonly<S>, locals: DeepReadonly<L>) => string);
  /** Only a choice has alternatives. */
  readonly either?: never;
}

/**
 * Alternatives at one label, each an atomic step of its own: the process takes any one whose
 * `await` holds (PlusCal's `either ... or`, Promela's `if :: ... :: ... fi`). The names say
 * which one a trace took, and make the action names `thread@label/name`.
 */
export interface Choice<S, Self, L, K extends string> {
  /** The alternatives by name, in order. */
  readonly either: Readonly<Record<string, Step<S, Self, L, K>>>;
}

/** What a label may declare besides its step. */
export interface LabelOptions {
  /**
   * A process waiting here is at a valid end (Promela's `end` labels): a state where nothing
   * can move is no deadlock when every process is done or at such a label.
   */
  readonly end?: boolean;
  /** This label's fairness, overriding the process's (`false`: this step may be postponed forever, PlusCal's `label:-`). */
  readonly fair?: Fairness;
}

/** How fair a process's steps are: `'weak'`, `'strong'` (PlusCal's `fair` and `fair+`) or `false`, not at all. */
export type Fairness = 'weak' | 'strong' | false;

/** What happens at one label: a step, or a choice between steps. */
export type Label<S, Self, L, K extends string> = (Step<S, Self, L, K> | Choice<S, Self, L, K>) & LabelOptions;

/**
 * A process written as code: labelled atomic steps, as in PlusCal. Instantiated once per
 * element of `over` (one thread per id), or once without `over`.
 *
 * @typeParam S - the shared state.
 * @typeParam Self - the id type: `number` with `over`, `undefined` without.
 * @typeParam LS - the locals' schema.
 * @typeParam K - the labels, inferred from `labels`' keys.
 */
export interface ProcessSpec<S, Self, LS extends z.ZodObject, K extends string> {
  /**
   * The ids of the process's instances: `range(n)` or a scalarset's `ids` (then the processes'
   * state is an array indexed by that scalarset, and symmetry reduction applies). The ids must
   * be 0 to n - 1, in order. Omitted: a single process, whose state is one object.
   */
  readonly over?: readonly Self[];
  /** Who the process is, in traces and as its lane ("thread 1"). Omitted: the process's name in the system, and its id. */
  readonly actor?: (self: Self) => string;
  /** The locals: a zod object with finite domains. Each instance's locals are part of the state. */
  readonly locals?: LS;
  /**
   * The locals' initial values, the same for every instance or per id. Omitted: the schema's
   * defaults (`z.number().int().min(0).max(3).default(0)`).
   */
  readonly init?: Partial<z.input<LS>> | ((self: Self) => Partial<z.input<LS>>);
  /** The fairness of every step of the process, unless a label says otherwise. Omitted: `false`. */
  readonly fair?: Fairness;
  /**
   * The code: the labels in order, each with its step. The process starts at the first label;
   * a label's step goes on to the next label unless it says where (`next`). A label may not be
   * called `done` (the end) or be a number (objects reorder numeric keys).
   */
  readonly labels: { readonly [P in K]: P extends 'done' ? never : Label<S, Self, z.output<LS>, K> };
}

/** Marks the objects `defineProcess` returns. */
const PROCESS = Symbol.for('interleave.process');

/**
 * A process definition, ready to be placed in a system's `processes` under its name.
 * Its type parameters carry the labels and locals, which the system adds to its state type.
 */
export interface Process<S, Self, L, K extends string> {
  /** The definition as written. */
  readonly spec: ProcessSpec<S, Self, z.ZodObject, K>;
  /** Type-level only: the state, the id, the locals and the labels. */
  readonly types?: { state: S; self: Self; locals: L; labels: K };
  /** Marks a process definition. */
  readonly [PROCESS]: true;
}

/** Any process definition over the shared state `S`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the id, locals and labels vary per process
export type AnyProcess<S = any> = Process<S, any, any, any>;

/**
 * The state a process adds to the system, under its name: its program counter `pc` (the
 * label each instance is at, or `'done'`) and its locals. For a process `over` ids each is an
 * array indexed by id (`thread.pc[1]`, `thread.seen[1]`, as PlusCal's `pc[self]`); for a single
 * process, a plain value (`collector.pc`).
 */
export type ProcessState<P> = P extends { readonly types?: { self: infer Self; locals: infer L; labels: infer K extends string } }
  ? [Self] extends [number]
    ? { pc: Next<K>[] } & { [V in keyof L]: L[V][] }
    : { pc: Next<K> } & L
  : never;

/** The shared state `S` with each process's state under its name: what properties and plain actions see. */
export type WithProcesses<S, P> = S & { [F in keyof P]: ProcessState<P[F]> };

/**
 * Defines a process over the shared state (the schema the system is built on, given for its
 * type only). Place the result in the system's `processes`, under the name that
 * becomes its state field and its actions' prefix:
 *
 * @example
 * ```ts
 * const mutator = defineProcess(State, {
 *   over: Thread.ids,
 *   fair: 'weak',
 *   labels: {
 *     run: { effect: (s, t) => { s.busy[t] = true; }, describe: 'runs OCaml code' },
 *     poll: { await: (s) => !s.stopping, next: 'run', describe: 'polls: no stop is requested' },
 *   },
 * });
 * return system(State, { thread: mutator }, { init, properties: { ... } });
 * // the state gains thread: { pc: ['run', 'run', ...] }; the trace says "thread 1 at poll: polls: ..."
 * ```
 */
export function defineProcess<Sch extends StateSchema, K extends string, Self extends number | undefined = undefined, LS extends z.ZodObject = z.ZodObject<{}>>(
  _state: Sch,
  spec: ProcessSpec<z.output<Sch>, Self, LS, K>,
): Process<z.output<Sch>, Self, z.output<LS>, K> {
  return { spec: spec as unknown as ProcessSpec<z.output<Sch>, Self, z.ZodObject, K>, [PROCESS]: true };
}

/** Whether `value` is a process definition. */
export function isProcess(value: unknown): value is AnyProcess {
  return typeof value === 'object' && value !== null && (value as { [PROCESS]?: true })[PROCESS] === true;
}
