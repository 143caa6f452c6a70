import { z } from 'zod';
import type { ActionSpec } from '../action.js';
import type { Fairness } from '../liveness.js';
import { scalarsetOfIds } from '../scalarset.js';
import { checkProcess, type AnyStep, type CheckedLabel, type CheckedProcess } from './check.js';
import type { AnyProcess } from './define.js';
import { defaultSaying, stepSentence } from './sentence.js';

/**
 * What processes become for the checker: ordinary state fields, actions, a final-state
 * predicate and fairness, so that the search sees a plain system (the same states and
 * transitions as the actions a person would write by hand: one per label and id, guarded by
 * the program counter).
 */
export interface CompiledProcesses {
  /** The shared schema with one field per process: its instances' `pc` and locals. */
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

type Instance = Record<string, unknown> & { pc: string };
type State = Record<string, unknown>;

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
  return {
    state: shared.extend(Object.fromEntries(families.map((f) => [f.name, f.schema]))),
    init: (s) => ({ ...s, ...Object.fromEntries(families.map((f) => [f.name, f.initial()])) }),
    actions: Object.fromEntries(families.flatMap((f) => Object.entries(f.actions))),
    atValidEnd: (s) => families.every((f) => f.instancesOf(s as State).every((me) => f.ends.has(me.pc))),
    explainDeadlock: (s) => {
      const stuck = families.flatMap((f) => f.instancesOf(s as State).flatMap((me, i) => (f.ends.has(me.pc) ? [] : [`${f.who(f.ids?.[i])} waits at ${me.pc}`])));
      return `no step is enabled, and not every process is done or at an end label: ${stuck.join(', ')}`;
    },
    fairness: { ...(weak.length > 0 ? { weak } : {}), ...(strong.length > 0 ? { strong } : {}) },
  };
}

/** One process compiled: its state field, initial value, actions, valid ends and fair actions. */
interface CompiledProcess {
  readonly name: string;
  readonly ids?: readonly number[];
  readonly schema: z.ZodType;
  readonly initial: () => Instance | Instance[];
  readonly actions: Record<string, ActionSpec<unknown, unknown>>;
  readonly ends: ReadonlySet<string>;
  readonly who: (self: unknown) => string;
  readonly instancesOf: (state: State) => readonly Instance[];
  readonly fair: { readonly weak: string[]; readonly strong: string[] };
}

function compileProcess(p: CheckedProcess): CompiledProcess {
  const { name, ids, labels } = p;
  const instance = z.object({ pc: z.enum([...labels.map((l) => l.name), 'done']), ...p.locals.shape });
  const set = ids && scalarsetOfIds(ids);
  const schema = ids === undefined ? instance : set ? set.array(instance) : z.array(instance).length(ids.length);
  const who = (self: unknown) => p.process.spec.actor?.(self as never) ?? (ids === undefined ? name : `${name} ${String(self)}`);
  const mine: (s: State, self: unknown) => Instance = ids === undefined ? (s) => s[name] as Instance : (s, self) => (s[name] as Instance[])[self as number];
  const initialOf = (self: unknown): Instance => ({ pc: labels[0].name, ...initialLocals(p, self) });
  const actions: Record<string, ActionSpec<unknown, unknown>> = {};
  const fair = { weak: [] as string[], strong: [] as string[] };
  for (const label of labels) {
    for (const alternative of label.alternatives) {
      const action = alternative.name === undefined ? `${name}@${label.name}` : `${name}@${label.name}/${alternative.name}`;
      actions[action] = compileStep({ process: p, label, alternative: alternative.name, step: alternative.step, action, who, mine });
      if (label.fair !== false) fair[label.fair].push(action);
    }
  }
  return {
    name,
    ids,
    schema,
    initial: () => (ids === undefined ? initialOf(undefined) : ids.map(initialOf)),
    actions,
    ends: new Set(['done', ...labels.filter((l) => l.end).map((l) => l.name)]),
    who,
    instancesOf: ids === undefined ? (s) => [s[name] as Instance] : (s) => s[name] as Instance[],
    fair,
  };
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
  readonly label: CheckedLabel;
  readonly alternative?: string;
  readonly step: AnyStep;
  readonly action: string;
  readonly who: (self: unknown) => string;
  readonly mine: (s: State, self: unknown) => Instance;
}

/** A step as an action: enabled at its label when `await` holds; runs its statements, then moves the program counter. */
function compileStep({ process, label, alternative, step, action, who, mine }: StepContext): ActionSpec<unknown, unknown> {
  const at = label.name;
  const { await: holds, next = label.fallThrough, describe } = step;
  const statements = step.effect === undefined ? [] : Array.isArray(step.effect) ? step.effect : [step.effect];
  const targets = new Set([...process.labels.map((l) => l.name), 'done']);
  const whereTo =
    typeof next === 'string'
      ? () => next
      : (s: State, self: unknown, me: Instance) => {
          const to = next(s as never, self, me as never);
          if (!targets.has(to)) {
            throw new Error(`next of ${action} returned ${JSON.stringify(to)}, which is no label of process "${process.name}" (its labels: ${process.labels.map((l) => l.name).join(', ')}; or 'done')`);
          }
          return to;
        };
  return {
    over: process.ids,
    actor: (self) => who(self),
    guard:
      holds === undefined
        ? (s, self) => mine(s as State, self).pc === at
        : (s, self) => {
            const me = mine(s as State, self);
            return me.pc === at && holds(s as never, self, me as never);
          },
    effect: (s, self) => {
      const me = mine(s as State, self);
      for (const statement of statements) statement(s, self, me);
      me.pc = whereTo(s as State, self, me);
    },
    describe: (self, before, after) => {
      const { pc, ...locals } = mine(before as State, self);
      const now = mine(after as State, self);
      const says = typeof describe === 'string' ? describe : describe ? describe(self, before, after, now as never) : defaultSaying(alternative, now.pc);
      return stepSentence(who(self), pc, locals, says);
    },
  };
}
