import type { Codec } from '../encoding/codec.js';
import { fail } from '../encoding/generator.js';
import { viewSource } from './source.js';

/**
 * A view of packed states: one object, `state`, that model code (guards, effects, properties)
 * is given in place of a decoded state, and that reads and writes the words of the state it is
 * pointed at. A successor is then a copy of its parent's words with the effect's writes made in
 * place: no decode, clone or encode of the whole state per transition.
 *
 * What `state` is, for model code:
 * - Its fields are the schema's, in order, as own enumerable properties: `Object.keys`,
 *   `{ ...s }`, `JSON.stringify(s)` and `structuredClone(s)` see what they see on a plain state.
 * - A leaf field (boolean, integer, enum, literal, nullable) is read from its bits and written
 *   to them. A write outside the field's domain throws the encoder's DomainError at the write.
 * - A container field (array, list, tuple, object) is a plain value decoded from the state's
 *   bits on its first read in a transition; it is encoded back (and checked) when the effect
 *   returns, so every array and object operation works on it as on a plain state. Assigning a
 *   plain value to a container field stores that value the same way.
 * - The view is valid during one call of model code only: `state` itself is re-pointed at the
 *   next state afterwards, so a reference to it (or to a container taken from it) kept across
 *   calls reads another state, and a write through it is lost or, worse, lands in another
 *   state. The determinism audit and `--validate` re-run effects on plain copies and report a
 *   model that does this; such a model can set `packedState: false` on its system to run on
 *   decoded copies.
 */
export interface StateView {
  /** The object model code is given. */
  readonly state: object;
  /**
   * Points the view at the state in `buf[base .. base + words)`. A read-only view (for guards
   * and properties) records writes instead of making them: see `changed`.
   */
  point(buf: Uint32Array, base: number, readOnly: boolean): void;
  /** Encodes back the container fields read or assigned since `point` (throws a DomainError for a value outside its domain). */
  commit(): void;
  /** For a read-only view: whether model code wrote a field, or changed a container it read, since `point`. */
  changed(): boolean;
}

/** Makes views over the states of one codec; each view is independent of the others. */
export type ViewFactory = () => StateView;

// Marks a container field not read since `point`.
const NONE = Symbol('not decoded');

/** Compiles the view factory of a codec's states. The state schema is always an object (see spec/system.ts). */
export function viewFactoryFor(codec: Codec): ViewFactory {
  if (codec.shape.kind !== 'object') throw new Error(`a state view needs an object shape, not ${codec.shape.kind}`);
  const { body, consts } = viewSource(codec.shape, codec.words);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the schema, never from user strings
  return new Function('consts', 'fail', 'NONE', body)(consts, fail, NONE) as ViewFactory;
}
