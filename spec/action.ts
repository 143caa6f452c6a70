import type { DeepReadonly } from './readonly.js';

/**
 * One kind of step the system can take, such as `terminate(domain)`.
 *
 * An action with `over` stands for one action instance per element of `over` (the
 * argument); without `over` it has a single instance whose argument is `undefined`.
 * Each instance is enabled in a state when its guard is true there; firing it runs the
 * effect on a private copy of the state, which the effect changes in place.
 *
 * @typeParam S - the state type, inferred from the state schema.
 * @typeParam A - the argument type, inferred from `over`.
 */
export interface ActionSpec<S, A> {
  /** The arguments to instantiate the action with, in a fixed order (the order matters for replay). */
  readonly over?: readonly A[];
  /**
   * Who performs the step ("domain 1", "collector", "CPU 0"): the lane of a sequence diagram.
   * It may read the state the step is taken in.
   */
  readonly actor?: (arg: A, state: DeepReadonly<S>) => string;
  /** When the instance is enabled. It must only read the state. Omitted: always enabled. */
  readonly guard?: (state: DeepReadonly<S>, arg: A) => boolean;
  /**
   * The step itself: mutate `state`, a private copy owned by the checker. It must depend on
   * `state` and `arg` only: the checker may run it once, on a copy wrapped in a proxy that
   * records the fields read and written, and replay those writes in every state whose fields
   * read hold the same values.
   */
  readonly effect: (state: S, arg: A) => void;
  /**
   * One sentence in the model's words that tells the step in a trace, for example
   * "domain 1 terminates; its thread-local callback code is freed". It may read the
   * states before and after the step.
   */
  readonly describe: (arg: A, before: DeepReadonly<S>, after: DeepReadonly<S>) => string;
}

/**
 * The actions of a system, keyed by action name. Each action's argument type is
 * inferred separately from its own `over`.
 */
export type Actions<S, T> = { [K in keyof T]: ActionSpec<S, T[K]> };
