import type { Instance } from '../instance.js';
import { messageOf } from '../errors.js';
import { formatValue } from '../report/format.js';
import { deepFreeze } from '../search/purity.js';

/** One step of a trace: the action instance taken and the state it led to. */
export interface TraceStep {
  /** The action's name. */
  readonly action: string;
  /** Its argument (absent for an action without `over`). */
  readonly arg?: unknown;
  /** Who took the step, when the action names an actor. */
  readonly actor?: string;
  /** The action's own sentence for this step. */
  readonly description: string;
  /** The state after the step. */
  readonly state: unknown;
}

/**
 * A path through the state graph: an initial state and the steps taken from it. A liveness
 * counterexample is a lasso: with `loop`, the steps from index `loop` on repeat forever (the
 * last state is the state before step `loop`, so step `loop` can be taken again from it); with
 * `loop` equal to the number of steps, the last state is final and the behaviour stays there.
 */
export interface Trace {
  /** The initial state. */
  readonly initial: unknown;
  /** The steps, in order. */
  readonly steps: readonly TraceStep[];
  /** For a lasso: the index of the step where the loop starts. */
  readonly loop?: number;
  /** What the reader should know about the steps: a describe or actor function that failed, and what the step shows instead. */
  readonly notes?: readonly string[];
}

/**
 * How many times a trace passes from one actor to another: among the shortest traces, the
 * checker prints one with the fewest (see fewest-switches.ts). Steps without an actor count
 * as their action's.
 */
export function actorSwitches(trace: Trace): number {
  const actors = trace.steps.map((s) => s.actor ?? `action ${s.action}`);
  return actors.filter((a, i) => i > 0 && a !== actors[i - 1]).length;
}

/**
 * Builds one step: runs the action's `actor` and `describe` on read-only copies of the states
 * around it, so that a function that writes to its state cannot change the trace (the write
 * throws where it is made, or does nothing outside strict mode). A function that throws or
 * returns something other than a string does not lose the step: the step shows the action
 * instance's label instead (and goes to no actor's lane), and `onNote` hears why.
 */
export function traceStep(
  instance: Instance,
  actionIndex: number,
  before: unknown,
  after: unknown,
  onNote: (note: string) => void = () => {},
): TraceStep {
  const { action, arg, spec, label } = instance.actions[actionIndex];
  const seen = readOnlyCopy(instance, before);
  const made = readOnlyCopy(instance, after);
  const actor = spec.actor && textOf(() => spec.actor!(arg, seen as never), `the actor function of ${label}`, 'the step goes to no actor', onNote);
  const description = textOf(() => spec.describe(arg, seen as never, made as never), `the describe function of ${label}`, 'the step shows the action instead', onNote);
  return {
    action,
    ...(arg === undefined ? {} : { arg }),
    ...(actor === undefined ? {} : { actor }),
    description: description ?? label,
    state: after,
  };
}

/**
 * Rebuilds the trace to a state from a chain of states and the action instances between them:
 * `states[0]` is initial and `actions[i]` leads from `states[i]` to `states[i + 1]`.
 */
export function traceOf(instance: Instance, states: readonly unknown[], actions: readonly number[]): Trace {
  const notes: string[] = [];
  const steps = actions.map((a, i) => traceStep(instance, a, states[i], states[i + 1], (note) => notes.push(`step ${i + 1}: ${note}`)));
  return { initial: states[0], steps, ...(notes.length ? { notes } : {}) };
}

/** A deep copy of a state that throws on a write (in strict mode): what describe and actor read. */
function readOnlyCopy(instance: Instance, state: unknown): unknown {
  return deepFreeze(instance.codec.clone(state));
}

/** Runs a model function that must give a string; undefined, with a note, when it throws or gives something else. */
function textOf(run: () => unknown, what: string, instead: string, onNote: (note: string) => void): string | undefined {
  let text: unknown;
  try {
    text = run();
  } catch (error) {
    const message = messageOf(error);
    const wrote = /read[- ]only|not extensible|Cannot (add|assign|delete|define)/i.test(message) ? ' (it must not change the states it is given)' : '';
    onNote(`${what} threw: ${message}${wrote}; ${instead}`);
    return undefined;
  }
  if (typeof text === 'string') return text;
  onNote(`${what} returned ${text === undefined ? 'nothing' : formatValue(text)}, not a string; ${instead}`);
  return undefined;
}
