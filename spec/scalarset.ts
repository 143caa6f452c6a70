import { z } from 'zod';

/** Where a scalarset's tag is kept on the schemas it makes: a global symbol, so that two copies of this module agree. */
const TAG = Symbol.for('interleave.scalarset');
/** Where a scalarset's `ids` list keeps the set it belongs to, so that a process `over` it can store its state by id. */
const IDS = Symbol.for('interleave.scalarset.ids');

/** What a schema made by a scalarset is: the type of one of its ids, or an array indexed by them. */
export interface ScalarsetTag {
  /** The set's name, as traces and reports say it ("thread"). */
  readonly name: string;
  /** How many ids the set has. */
  readonly size: number;
  /** `id`: the schema of a field holding an id; `array`: an array with one element per id. */
  readonly role: 'id' | 'array';
}

/**
 * A set of interchangeable identities: the ids of the n threads, domains, CPUs or nodes of a
 * model, which the checker may permute (symmetry reduction, as Murphi's scalarsets, TLC's
 * SYMMETRY and Stateright's `Representative`). Declaring one is the model's whole change: the
 * checker derives the permutations from the schema and stores one state per orbit.
 *
 * An id may be **stored** (a field of type `Thread.id`, or `Thread.id.nullable()`), **compared
 * for equality** (`s.lock === t`), and used to **index** per-id data (`Thread.array(...)`).
 * Symmetry is broken, and the reduced search may give wrong answers, by anything that tells ids
 * apart: order comparisons (`t < u`), arithmetic (`t + 1`, `(t + 1) % n`), a constant id
 * outside the initial state (`s.lock === 0` in a guard or property), an action that only
 * thread 0 may take, or an initial state that treats ids differently. `--verify-symmetry`
 * (and `assertSymmetric` in tests) checks the declaration on the unreduced graph.
 *
 * @example
 * ```ts
 * const Thread = scalarset('thread', params.threads);
 * const State = z.object({
 *   lock: Thread.id.nullable(),                                  // who holds the lock
 *   pc: Thread.array(z.enum(['idle', 'waiting', 'critical'])),   // each thread's place
 * });
 * // actions: { acquire: { over: Thread.ids, guard: (s, t) => s.lock === null && s.pc[t] === 'waiting', ... } }
 * ```
 */
export interface Scalarset {
  /** The set's name ("thread"). */
  readonly name: string;
  /** How many ids it has. */
  readonly size: number;
  /** The ids, 0 to size - 1: an action's `over` list, one instance per id. */
  readonly ids: readonly number[];
  /** The schema of a field that holds one id; `.nullable()` for "none". */
  readonly id: z.ZodNumber;
  /** The schema of an array with one element per id, indexed by the id. */
  array<T extends z.ZodType>(element: T): z.ZodArray<T>;
}

/**
 * Declares a set of `size` interchangeable ids named `name` (a scalarset). See `Scalarset`
 * for what a model may and may not do with its ids.
 */
export function scalarset(name: string, size: number): Scalarset {
  if (!Number.isInteger(size) || size < 1) throw new Error(`scalarset "${name}": the size must be a positive integer, not ${size}`);
  const tag = (role: ScalarsetTag['role']): ScalarsetTag => ({ name, size, role });
  const id = tagged(z.number().int().min(0).max(size - 1), tag('id'));
  const ids = Array.from({ length: size }, (_, i) => i);
  const set: Scalarset = { name, size, ids, id, array: (element) => tagged(z.array(element).length(size), tag('array')) };
  Object.defineProperty(ids, IDS, { value: set, enumerable: false });
  return set;
}

/** The scalarset whose `ids` list `list` is (the very array, not a copy), if it is one. */
export function scalarsetOfIds(list: readonly unknown[]): Scalarset | undefined {
  return (list as { [IDS]?: Scalarset })[IDS];
}

/** The scalarset tag of a schema, if a scalarset made it. */
export function scalarsetTagOf(schema: unknown): ScalarsetTag | undefined {
  return typeof schema === 'object' && schema !== null ? (schema as { [TAG]?: ScalarsetTag })[TAG] : undefined;
}

function tagged<T extends object>(schema: T, tag: ScalarsetTag): T {
  Object.defineProperty(schema, TAG, { value: tag, enumerable: false });
  return schema;
}
