import { z } from 'zod';
import type { ActionSpec } from '../action.js';
import type { Fairness } from '../liveness.js';
import { checkProcess, type AnyStep, type CheckedLabel, type CheckedProcess } from './check.js';
import type { AnyProcess } from './define.js';
import { generateStep } from './generate.js';
import { layoutOf, type ProcessLayout } from './layout.js';
import { defaultSaying, stepSentence } from './sentence.js';

/**
 * What processes become for the checker: ordinary state fields, actions, a final-state
 * predicate and fairness, so that the search sees a plain system (the same states and
 * transitions as the actions a person would write by hand: one per label and id, guarded by
 * the program counter).
 */
export interface CompiledProcesses {
  /** The shared schema with one field per process: its program counters and locals (see layout.ts). */
  readonly state: z.ZodObject;
  /** Adds the processes' initial state (first label, initial locals) to a shared initial state. */
  readonly init: (shared: object) => object;
  /** One action per label (per alternative of a choice), named `process@label` (`process@label/alternative`). */
  readonly actions: Readonly<Record<string, ActionSpec<unknown, unknown>>>;
  /** True when every instance of every process is done or at an end label. */
  readonly atValidEnd: (state: unknown) => boolean;
  /** Names the processes that are stuck, for a deadlock: who waits at which label. */
  readonly explainDeadlock: (state: unknown) => string;
  /** The fair actions. */
  readonly fairness: Fairness;
}

/**
 * Compiles the processes of a system over the shared schema `shared`. Throws an Error naming
 * the process and the label for a definition that cannot work, before any search.
 */
export function compileProcesses(shared: z.ZodObject, processes: Readonly<Record<string, AnyProcess>>): CompiledProcesses {
  const checked = Object.entries(processes).map(([name, process]) => {
    if (name in shared.shape) throw new Error(`process "${name}": the state already has a field "${name}"; rename the process or the field`);
    return checkProcess(name, process);
  });
  const families = checked.map(compileProcess);
  const weak = families.flatMap((f) => f.fair.weak);
  const strong = families.flatMap((f) => f.fair.strong);
  const stuck = (s: unknown) =>
    families.flatMap((f) => f.layout.selves.filter((self) => !f.ends.has(f.layout.pcOf(s, self))).map((self) => `${f.who(self)} waits at ${f.layout.pcOf(s, self)}`));
  return {
    state: shared.extend(Object.fromEntries(families.map((f) => [f.name, f.layout.schema]))),
    init: (s) => ({ ...s, ...Object.fromEntries(families.map((f) => [f.name, f.layout.initial()])) }),
    actions: Object.fromEntries(families.flatMap((f) => Object.entries(f.actions))),
    atValidEnd: (s) => families.every((f) => f.layout.selves.every((self) => f.ends.has(f.layout.pcOf(s, self)))),
    explainDeadlock: (s) => `no step is enabled, and not every process is done or at an end label: ${stuck(s).join(', ')}`,
    fairness: { ...(weak.length > 0 ? { weak } : {}), ...(strong.length > 0 ? { strong } : {}) },
  };
}

/** One process compiled: its state field, actions, valid ends and fair actions. */
interface CompiledProcess {
  readonly name: string;
  readonly layout: ProcessLayout;
  readonly actions: Record<string, ActionSpec<unknown, unknown>>;
  readonly ends: ReadonlySet<string>;
  readonly who: (self: unknown) => string;
  readonly fair: { readonly weak: string[]; readonly strong: string[] };
}

function compileProcess(p: CheckedProcess): CompiledProcess {
  const { name, ids, labels } = p;
  const layout = layoutOf(p, (self) => initialLocals(p, self));
  const who = (self: unknown) => p.process.spec.actor?.(self as never) ?? (ids === undefined ? name : `${name} ${String(self)}`);
  const actions: Record<string, ActionSpec<unknown, unknown>> = {};
  const fair = { weak: [] as string[], strong: [] as string[] };
  for (const label of labels) {
    for (const alternative of label.alternatives) {
      const action = alternative.name === undefined ? `${name}@${label.name}` : `${name}@${label.name}/${alternative.name}`;
      actions[action] = compileStep({ process: p, layout, label, alternative: alternative.name, step: alternative.step, action, who });
      if (label.fair !== false) fair[label.fair].push(action);
    }
  }
  return { name, layout, actions, ends: new Set(['done', ...labels.filter((l) => l.end).map((l) => l.name)]), who, fair };
}

/** The locals an instance starts with: `init`'s values, the schema's defaults for the rest. */
function initialLocals(p: CheckedProcess, self: unknown): Record<string, unknown> {
  const { init } = p.process.spec;
  const given: unknown = typeof init === 'function' ? init(self as never) : (init ?? {});
  const whose = p.ids === undefined ? `process "${p.name}"` : `process "${p.name}" (id ${String(self)})`;
  const unknown = Object.keys(given as object).filter((k) => !(k in p.locals.shape));
  if (unknown.length > 0) {
    const declared = Object.keys(p.locals.shape);
    throw new Error(`${whose}: init gives ${unknown.join(', ')}, which ${declared.length > 0 ? `is no local (its locals: ${declared.join(', ')})` : 'is no local: it declares none (locals: z.object({ ... }))'}`);
  }
  const parsed = p.locals.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${whose}: its initial locals do not fit their schema: ${issue.path.join('.')}: ${issue.message} (give them in init, or as defaults in the schema)`);
  }
  return parsed.data as Record<string, unknown>;
}

interface StepContext {
  readonly process: CheckedProcess;
  readonly layout: ProcessLayout;
  readonly label: CheckedLabel;
  readonly alternative?: string;
  readonly step: AnyStep;
  readonly action: string;
  readonly who: (self: unknown) => string;
}

/**
 * A step as an action: enabled at its label when `await` holds; runs its statements (up to one
 * that returns a label), then moves the program counter there, or to `next`.
 */
function compileStep({ process, layout, label, alternative, step, action, who }: StepContext): ActionSpec<unknown, unknown> {
  const { await: holds, next = label.fallThrough, describe } = step;
  const targets = new Set([...process.labels.map((l) => l.name), 'done']);
  const { guard, effect } = generateStep({
    field: process.name,
    indexed: process.ids !== undefined,
    at: label.name,
    next,
    holds,
    statements: step.effect === undefined ? [] : Array.isArray(step.effect) ? step.effect : [step.effect],
    views: Object.keys(process.locals.shape).length === 0 ? undefined : layout.selves.map(layout.view),
    target: (to) => {
      if (typeof to !== 'string') {
        throw new Error(
          `the effect of ${action} returned ${JSON.stringify(to)}: a statement returns a label (a goto) or nothing, so put an arrow function's assignment in braces: (s) => { s.x = 1; }`,
        );
      }
      if (!targets.has(to)) throw new Error(`the effect of ${action} returned "${to}", which is no label of process "${process.name}" (its labels: ${[...targets].join(', ')})`);
      return to;
    },
  });
  return {
    over: process.ids,
    actor: (self) => who(self),
    guard,
    effect,
    describe: (self, before, after) => {
      const says =
        typeof describe === 'string'
          ? describe
          : describe
            ? describe(self, before, after, layout.localsOf(after, self) as never)
            : defaultSaying(alternative, layout.pcOf(after, self));
      return stepSentence(who(self), layout.pcOf(before, self), layout.localsOf(before, self), says);
    },
  };
}
