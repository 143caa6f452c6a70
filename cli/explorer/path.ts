import { DomainError, InterleaveError, UsageError, messageOf } from '../../checker/errors.js';
import type { ActionInstance, Instance } from '../../checker/instance.js';
import { traceStep, type Trace } from '../../checker/trace/trace.js';

/** A path through a model, as the explorer's page and API name it: an initial state and the action instances taken. */
export interface ExplorePath {
  /** The index of the initial state in the system's `init`. */
  readonly init: number;
  /** The action instances taken, by index in the instance's `actions`. */
  readonly actions: readonly number[];
}

/** A path walked: its states (the initial one first) and its trace. */
export interface Walk {
  /** The states along the path. */
  readonly states: readonly unknown[];
  /** The trace: each step with its actor, sentence and state. */
  readonly trace: Trace;
}

/**
 * A state as the checker holds it: encoded and decoded, so its fields are in schema order and
 * a value outside the schema's domain is a DomainError naming the field.
 */
function canonical(instance: Instance, state: unknown): unknown {
  const words = new Uint32Array(instance.codec.words);
  instance.codec.encode(state, words, 0);
  return instance.codec.decode(words, 0);
}

/** The key that identifies a state: its encoding. */
export function stateKey(instance: Instance, state: unknown): string {
  const words = new Uint32Array(instance.codec.words);
  instance.codec.encode(state, words, 0);
  return words.join(',');
}

/** Whether an action instance is enabled in a state (an action without a guard always is). */
export function isEnabled(action: ActionInstance, state: unknown): boolean {
  try {
    return !action.spec.guard || action.spec.guard(state as never, action.arg);
  } catch (error) {
    throw new InterleaveError(`the guard of ${action.label} threw: ${messageOf(error)}`);
  }
}

/**
 * Fires an action instance on a copy of `state` and returns the successor. Throws an
 * InterleaveError naming the action when its effect throws or leaves the state's domain.
 */
export function fire(instance: Instance, action: ActionInstance, state: unknown): unknown {
  const next = structuredClone(state);
  try {
    action.spec.effect(next, action.arg);
    return canonical(instance, next);
  } catch (error) {
    const what = error instanceof DomainError ? `left the state's domain: ${error.message}` : `threw: ${messageOf(error)}`;
    throw new InterleaveError(`the effect of ${action.label} ${what}`);
  }
}

/** Walks a path from its initial state; a path that takes a disabled or unknown action is a UsageError. */
export function walk(instance: Instance, path: ExplorePath): Walk {
  const init = instance.system.init[path.init];
  if (init === undefined) throw new UsageError(`the model has ${instance.system.init.length} initial state(s); there is no initial state ${path.init}`);
  const states = [canonical(instance, init)];
  const notes: string[] = [];
  const steps = path.actions.map((index, i) => {
    const action = instance.actions[index];
    if (!action) throw new UsageError(`step ${i + 1}: there is no action instance ${index}`);
    const before = states[i];
    if (!isEnabled(action, before)) throw new UsageError(`step ${i + 1}: ${action.label} is not enabled in the state before it`);
    const after = fire(instance, action, before);
    states.push(after);
    return traceStep(instance, index, before, after, (note) => notes.push(`step ${i + 1}: ${note}`));
  });
  return { states, trace: { initial: states[0], steps, ...(notes.length ? { notes } : {}) } };
}

/** The path a trace takes: its initial state and each step's action instance, matched by name and argument. */
export function pathOfTrace(instance: Instance, trace: Trace): ExplorePath {
  const key = stateKey(instance, trace.initial);
  const init = instance.system.init.findIndex((s) => stateKey(instance, s) === key);
  const actions = trace.steps.map((step) => {
    const found = instance.actions.find((a) => a.action === step.action && JSON.stringify(a.arg) === JSON.stringify(step.arg));
    if (!found) throw new UsageError(`the trace takes ${step.action} with argument ${JSON.stringify(step.arg)}, which the model does not have`);
    return found.index;
  });
  return { init: Math.max(0, init), actions };
}
