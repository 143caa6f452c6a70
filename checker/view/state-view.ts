import type { Codec } from '../encoding/codec.js';
import { fail } from '../encoding/generator.js';
import { viewSource } from './source.js';

/**
 * A writable view of a packed state, used for the effects of a system with `packedState: true`: one object, `state`, that an effect is given in place of
 * a decoded copy of its state, and that reads and writes the words of the successor it is
 * pointed at (a copy of its parent's words). A successor is then made with no clone or encode
 * of the whole state: only the fields the effect writes change.
 *
 * What `state` is, for model code:
 * - Its fields are the schema's, in order, as own enumerable properties: `Object.keys`,
 *   `{ ...s }`, `JSON.stringify(s)` and `structuredClone(s)` see what they see on a plain state.
 * - A leaf field (boolean, integer, enum, literal, nullable) is read from its bits and written
 *   to them. A write outside the field's domain throws the encoder's DomainError at the write
 *   (on a plain state it is caught when the effect returns, unless a later write undoes it).
 * - A container field (array, list, tuple, object) is a plain value on its first read in a
 *   call: a copy of the parent's (for an array of leaves) or decoded from the words. It is
 *   written back (and checked) when the effect returns, so every array and object operation
 *   works on it as on a plain state. Assigning a plain value to a container field stores that
 *   value the same way.
 * - The view is valid during one call of an effect only: `state` itself is re-pointed at the
 *   next successor afterwards, so a reference to it kept across calls reads another state,
 *   and a write through it is lost or lands in another state. The determinism audit and
 *   `--validate` re-run effects on decoded copies and report a model that does this; such a
 *   model leaves `packedState` out of its system, so that its effects get decoded copies.
 *
 * Guards and properties are given a decoded copy of the state, decoded once per state: a
 * guard reads its fields many times, and a plain field read is faster than an accessor call.
 */
export interface StateView {
  /** The object an effect is given. */
  readonly state: object;
  /**
   * Points the view at the state in `buf[base .. base + words)`. `parent` is the decoded
   * copy of those words, if there is one: the arrays of leaves are then copied from it
   * rather than decoded, and only their changed elements are written back.
   */
  point(buf: Uint32Array, base: number, parent?: unknown): void;
  /** Writes back the container fields read or assigned since `point` (throws a DomainError for a value outside its domain). */
  commit(): void;
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
