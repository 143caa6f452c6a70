import { z } from 'zod';
import { scalarsetOfIds } from '../scalarset.js';
import type { CheckedProcess } from './check.js';

type State = Record<string, unknown>;
type Fields = Record<string, unknown>;

/**
 * Where a process keeps its state: one field of the system's state, named after the process,
 * holding its program counter `pc` (its current label) and its locals. A process `over` ids
 * keeps one array per item, indexed by id (`thread.pc[1]`, `thread.seen[1]`), as PlusCal's
 * translation does (`pc[self]`): the same arrays a hand-written model has, so a process costs
 * the search no more than its hand-written actions. A single process keeps plain values
 * (`collector.pc`).
 */
export interface ProcessLayout {
  /** The field's schema: `pc` an enum of the labels and `done`, then the locals. */
  readonly schema: z.ZodObject;
  /** The ids (`[undefined]` for a single process). */
  readonly selves: readonly unknown[];
  /** The field's initial value: the first label, and the initial locals of each id. */
  initial(): Fields;
  /** The label of instance `self`. */
  pcOf(state: unknown, self: unknown): string;
  /** Moves instance `self` to `label`. */
  setPc(state: unknown, self: unknown, label: string): void;
  /** The locals of instance `self` as a plain object (a copy), for sentences and descriptions. */
  localsOf(state: unknown, self: unknown): Fields;
  /**
   * The locals of instance `self` as the process's code reads and writes them (`locals.seen`):
   * a view of the state it was last pointed at with `viewing`.
   */
  view(self: unknown): LocalsView;
}

/** Where a locals view keeps the state it reads and the id it reads for (symbols: no local can clash with them). */
const STATE = Symbol('state');
const SELF = Symbol('self');

/** A process instance's locals, read and written in place in a state. */
export interface LocalsView {
  /** The state the view reads and writes. */
  [STATE]: unknown;
  /** The instance's id. */
  readonly [SELF]: unknown;
}

/** Points `view` at `state` and returns it: what a statement or an await receives as its locals. */
export function viewing(view: LocalsView, state: unknown): LocalsView {
  view[STATE] = state;
  return view;
}

/** The layout of a checked process. Throws an Error naming the process for initial locals that do not fit. */
export function layoutOf(p: CheckedProcess, initialLocals: (self: unknown) => Fields): ProcessLayout {
  const { name, ids } = p;
  const keys = Object.keys(p.locals.shape);
  const pc = z.enum([...p.labels.map((l) => l.name), 'done']);
  const fieldsOf = (s: unknown) => (s as State)[name] as Fields;
  if (ids === undefined) {
    const views = viewClass(keys, (s, key) => fieldsOf(s)[key], (s, key, v) => void (fieldsOf(s)[key] = v));
    return {
      schema: z.object({ pc, ...mapValues(p.locals.shape, withoutDefault) }),
      selves: [undefined],
      initial: () => ({ pc: p.labels[0].name, ...initialLocals(undefined) }),
      pcOf: (s) => fieldsOf(s).pc as string,
      setPc: (s, _, label) => void (fieldsOf(s).pc = label),
      localsOf: (s) => Object.fromEntries(keys.map((k) => [k, fieldsOf(s)[k]])),
      view: () => new views(undefined),
    };
  }
  const set = scalarsetOfIds(ids);
  const perId = (element: z.ZodType) => (set ? set.array(element) : z.array(element).length(ids.length));
  const arrayOf = (s: unknown, key: string) => fieldsOf(s)[key] as unknown[];
  const views = viewClass(keys, (s, key, self) => arrayOf(s, key)[self as number], (s, key, v, self) => void (arrayOf(s, key)[self as number] = v));
  return {
    schema: z.object({ pc: perId(pc), ...mapValues(p.locals.shape, (local) => perId(withoutDefault(local))) }),
    selves: ids,
    initial: () => {
      const locals = ids.map(initialLocals);
      return { pc: ids.map(() => p.labels[0].name), ...Object.fromEntries(keys.map((k) => [k, locals.map((l) => l[k])])) };
    },
    pcOf: (s, self) => arrayOf(s, 'pc')[self as number] as string,
    setPc: (s, self, label) => void (arrayOf(s, 'pc')[self as number] = label),
    localsOf: (s, self) => Object.fromEntries(keys.map((k) => [k, arrayOf(s, k)[self as number]])),
    view: (self) => new views(self),
  };
}

/**
 * A class of locals views: one accessor per local on the prototype, so that every view of a
 * process shares one shape (V8 keeps the accesses monomorphic).
 */
function viewClass(
  keys: readonly string[],
  get: (state: unknown, key: string, self: unknown) => unknown,
  set: (state: unknown, key: string, value: unknown, self: unknown) => void,
): new (self: unknown) => LocalsView {
  class View implements LocalsView {
    [STATE]: unknown = undefined;
    readonly [SELF]: unknown;
    constructor(self: unknown) {
      this[SELF] = self;
      // A write to a local the schema does not declare throws (model code is strict mode), rather than vanish.
      Object.seal(this);
    }
  }
  for (const key of keys) {
    Object.defineProperty(View.prototype, key, {
      get(this: View) {
        return get(this[STATE], key, this[SELF]);
      },
      set(this: View, value: unknown) {
        set(this[STATE], key, value, this[SELF]);
      },
      enumerable: true,
    });
  }
  return View;
}

/** A local's schema without its `.default()`, which only gives its initial value. */
function withoutDefault(schema: z.ZodType): z.ZodType {
  const def = (schema as unknown as { def: { type: string; innerType?: z.ZodType } }).def;
  return def.type === 'default' && def.innerType ? withoutDefault(def.innerType) : schema;
}

function mapValues<T, U>(record: Readonly<Record<string, T>>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}
