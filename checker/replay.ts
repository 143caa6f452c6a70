import type { Model } from '../spec/model.js';
import { DomainError, UsageError } from './errors.js';
import { instantiate, type Instance } from './instance.js';
import type { ReplayInput } from './report/itf.js';
import { changedFields } from './trace/diff.js';
import { formatValue } from './report/format.js';
import { replayLasso } from './liveness/replay-lasso.js';

/** What a successful replay established. */
export interface ReplayResult {
  /** Steps re-executed. */
  readonly steps: number;
  /** What was reproduced at the end, in words. */
  readonly reproduced: string;
}

/** A trace file that does not replay: names the step and the field that are wrong. */
export class ReplayError extends UsageError {
  override name = 'ReplayError';
}

/**
 * Re-executes a saved trace (a JSON report, or an ITF trace read by `fromItf`) against the model: the first state must be an initial state,
 * every step must be an enabled action instance whose effect gives exactly the recorded
 * state, and the recorded verdict (violated invariant or final-state property, deadlock)
 * must hold again in the last state. A lasso (a liveness counterexample) must close, avoid
 * the property's goal on its loop, and be fair. Throws a ReplayError saying what is wrong.
 */
export function replay(model: Model, report: ReplayInput): ReplayResult {
  const instance = instantiate(model, report.variant, report.params);
  const trace = report.trace;
  if (!trace) throw new ReplayError(`the report has no trace to replay (its verdict is ${report.verdict})`);
  const { codec, system } = instance;
  const encodeWords = (state: unknown, what: string): Uint32Array => {
    const out = new Uint32Array(codec.words);
    try {
      codec.encode(state, out, 0);
    } catch (error) {
      if (error instanceof DomainError) throw new ReplayError(`${what} is malformed: ${error.message}`);
      throw error;
    }
    return out;
  };
  const encode = (state: unknown, what: string): string => encodeWords(state, what).join(',');
  // The state as the checker holds it: fields in schema order, nothing extra.
  const canonical = (state: unknown, what: string): unknown => codec.decode(encodeWords(state, what), 0);

  const initialKey = encode(trace.initial, 'the initial state in the file');
  if (!system.init.some((init) => encode(init, "the model's initial state") === initialKey)) {
    const [change] = changedFields(canonical(system.init[0], 'the initial state'), trace.initial);
    throw new ReplayError(
      `the file's initial state is not an initial state of the model: field ${change.path} is ${formatValue(change.after)} in the file, ${formatValue(change.before)} in the model`,
    );
  }
  let state = canonical(trace.initial, 'the initial state in the file');
  const states = [state];
  const taken: number[] = [];
  trace.steps.forEach((step, i) => {
    const where = `step ${i + 1} (${step.action})`;
    const candidates = instance.actions.filter((a) => a.action === step.action);
    if (candidates.length === 0) {
      throw new ReplayError(`${where}: the model has no action named "${step.action}". Its actions: ${[...new Set(instance.actions.map((a) => a.action))].join(', ')}`);
    }
    const chosen = candidates.find((a) => JSON.stringify(a.arg) === JSON.stringify(step.arg));
    if (!chosen) {
      throw new ReplayError(`${where}: the action has no instance with argument ${JSON.stringify(step.arg)}. Its arguments: ${candidates.map((a) => JSON.stringify(a.arg)).join(', ')}`);
    }
    if (chosen.spec.guard && !chosen.spec.guard(state as never, chosen.arg)) {
      throw new ReplayError(`${where}: ${chosen.label} is not enabled in the state before it`);
    }
    const next = structuredClone(state);
    chosen.spec.effect(next, chosen.arg);
    const recorded = canonical(step.state, `the state after ${where}`);
    if (encode(next, `the state after ${where}`) !== encode(recorded, `the state after ${where}`)) {
      const [change] = changedFields(next, recorded);
      throw new ReplayError(
        `${where}: the state after ${chosen.label} differs from the file: field ${change.path} is ${formatValue(change.after)} in the file, ${formatValue(change.before)} when replayed`,
      );
    }
    state = recorded;
    states.push(state);
    taken.push(chosen.index);
  });
  if (trace.loop !== undefined) {
    if (report.verdict !== 'violates') throw new ReplayError(`the trace is a lasso, but the file's verdict is ${report.verdict}`);
    const same = (a: unknown, b: unknown) => encode(a, 'a state of the loop') === encode(b, 'a state of the loop');
    const lasso = replayLasso(instance, { property: report.property, states, actions: taken, loop: trace.loop, same });
    if ('problem' in lasso) throw new ReplayError(lasso.problem);
    return { steps: trace.steps.length, reproduced: lasso.reproduced };
  }
  return { steps: trace.steps.length, reproduced: reproduce(instance, report, state) };
}

function reproduce(instance: Instance, report: ReplayInput, last: unknown): string {
  const enabled = instance.actions.some((a) => !a.spec.guard || a.spec.guard(last as never, a.arg));
  const property = [...instance.invariants, ...instance.finalProperties].find((p) => p.name === report.property);
  switch (report.verdict) {
    case 'violates':
      if (!property) throw new ReplayError(`the file names property "${report.property}", which the model does not check in every state or at the end`);
      if (property.kind === 'atEnd' && enabled) throw new ReplayError(`the last state is not final, so final-state property "${property.name}" does not apply there`);
      if (property.holds(last as never)) throw new ReplayError(`property "${property.name}" holds in the last state: the violation does not reproduce`);
      return `property "${property.name}" is violated in the last state`;
    case 'deadlocks':
      if (enabled) throw new ReplayError('an action is enabled in the last state: the deadlock does not reproduce');
      if (instance.system.final?.(last as never)) throw new ReplayError('the model calls the last state final: it is no deadlock');
      return 'no action is enabled in the last state: the deadlock reproduces';
    default:
      return `the trace is a valid path of the model (the file's verdict, ${report.verdict}, names nothing to re-check in its last state)`;
  }
}
