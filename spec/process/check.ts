import { z } from 'zod';
import type { AnyProcess, Fairness, Step } from './define.js';

/** A step as the compiler handles it, erased. */
export type AnyStep = Step<unknown, unknown, unknown, string>;

/** One label of a checked process: its step or its alternatives, and what it declares. */
export interface CheckedLabel {
  /** The label. */
  readonly name: string;
  /** Its alternatives: one unnamed step, or the named steps of a choice. */
  readonly alternatives: readonly { readonly name?: string; readonly step: AnyStep }[];
  /** Where control goes after a step that does not say: the next label, or `done` after the last. */
  readonly fallThrough: string;
  /** Whether a process waiting here is at a valid end. */
  readonly end: boolean;
  /** The fairness of its steps. */
  readonly fair: Fairness;
}

/** A process definition, checked: what the compiler builds on. */
export interface CheckedProcess {
  /** Its name in the system: its state field, its actions' prefix. */
  readonly name: string;
  /** The ids of its instances, or undefined for a single process. */
  readonly ids?: readonly number[];
  /** The locals' schema (an empty object when it has none). */
  readonly locals: z.ZodObject;
  /** The labels in order. */
  readonly labels: readonly CheckedLabel[];
  /** The definition as written. */
  readonly process: AnyProcess;
}

const STEP_KEYS = ['await', 'effect', 'next', 'describe'];
const FAIRNESS: readonly unknown[] = ['weak', 'strong', false];

/**
 * Checks a process definition before the search starts, for what types cannot catch (a model
 * in JavaScript, a cast, a computed label): the labels and where they go, the ids, the locals.
 * Throws an Error that names the process and the label and says how to fix it.
 */
export function checkProcess(name: string, process: AnyProcess): CheckedProcess {
  const fail = (what: string): never => {
    throw new Error(`process "${name}": ${what}`);
  };
  const { spec } = process;
  const ids = spec.over === undefined ? undefined : checkIds(spec.over as readonly unknown[], fail);
  const locals = spec.locals ?? z.object({});
  if (!(locals instanceof z.ZodObject)) fail('locals must be a z.object schema of the locals, such as z.object({ seen: z.number().int().min(0).max(3) })');
  if ('pc' in locals.shape) fail('a local may not be called "pc": that is where the process keeps its label');
  const fair = spec.fair ?? false;
  if (!FAIRNESS.includes(fair)) fail(`fair must be 'weak', 'strong' or false, not ${JSON.stringify(fair)}`);

  const names = Object.keys(spec.labels ?? {});
  if (names.length === 0) fail('it has no labels: give its code as labels: { first: { ... }, second: { ... } }');
  for (const label of names) {
    if (label === 'done') fail('no label may be called "done": that is where a process ends (next: \'done\')');
    if (/^\d+$/.test(label)) fail(`label "${label}" is a number, and JavaScript puts numeric keys first: give it a name`);
  }
  const labels = names.map((label, i): CheckedLabel => {
    const at = (what: string) => fail(`label "${label}": ${what}`);
    const written = (spec.labels as Record<string, unknown>)[label];
    if (typeof written !== 'object' || written === null) return at('its step must be an object such as { await, effect, next, describe }');
    const { either, end = false, fair: labelFair = fair, ...step } = written as Record<string, unknown>;
    if (!FAIRNESS.includes(labelFair)) at(`fair must be 'weak', 'strong' or false, not ${JSON.stringify(labelFair)}`);
    let alternatives: CheckedLabel['alternatives'];
    if (either === undefined) {
      alternatives = [{ step: checkStep(step, names, at) }];
    } else {
      const extra = Object.keys(step);
      if (extra.length > 0) at(`a choice (either) has its steps inside it, not ${extra.join(', ')} beside it`);
      if (typeof either !== 'object' || either === null || Object.keys(either).length === 0) return at('either must name at least one step: either: { lock: { ... }, skip: { ... } }');
      alternatives = Object.entries(either).map(([alt, s]) => ({
        name: alt,
        step: checkStep(s, names, (what) => at(`alternative "${alt}": ${what}`)),
      }));
    }
    return { name: label, alternatives, fallThrough: names[i + 1] ?? 'done', end: end === true, fair: labelFair as Fairness };
  });
  return { name, ids, locals, labels, process };
}

function checkIds(over: readonly unknown[], fail: (what: string) => never): readonly number[] {
  if (!Array.isArray(over) || over.length === 0 || over.some((id, i) => id !== i)) {
    fail(`over must list the ids 0 to n - 1 in order (range(n) or a scalarset's ids), not ${JSON.stringify(over)}`);
  }
  return over as readonly number[];
}

function checkStep(step: unknown, labels: readonly string[], at: (what: string) => never): AnyStep {
  if (typeof step !== 'object' || step === null) return at('a step must be an object such as { await, effect, next, describe }');
  const unknown = Object.keys(step).filter((k) => !STEP_KEYS.includes(k));
  if (unknown.length > 0) {
    at(`unknown ${unknown.length > 1 ? 'keys' : 'key'} ${unknown.join(', ')}: a step has ${STEP_KEYS.join(', ')}, and a label also end, fair or either`);
  }
  const { await: guard, effect, next, describe } = step as Record<string, unknown>;
  if (guard !== undefined && typeof guard !== 'function') at('await must be a function of the state, the id and the locals');
  const statements = Array.isArray(effect) ? effect : effect === undefined ? [] : [effect];
  if (statements.some((s) => typeof s !== 'function')) at('effect must be a function, or an array of functions run in order as one step');
  if (next !== undefined && (typeof next !== 'string' || (next !== 'done' && !labels.includes(next)))) {
    at(`next is ${JSON.stringify(next)}, which is no label of this process (its labels: ${labels.join(', ')}; or 'done')`);
  }
  if (describe !== undefined && typeof describe !== 'string' && typeof describe !== 'function') at('describe must be a sentence or a function that returns one');
  return step as AnyStep;
}
