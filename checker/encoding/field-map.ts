import { bitsOf, bitsOfShape, isLeaf, type Shape } from './layout.js';

/** Where a value's bits lie in an encoded state: `bits` bits from bit `offset`. */
export interface BitRange {
  readonly offset: number;
  readonly bits: number;
}

/**
 * The encoding's layout as a tree that follows the state's shape: each leaf with its bit
 * field, each container with its parts by key. A list is one region: its elements move when
 * one is removed, so its bits are read and written together.
 */
export type FieldMap =
  | ({ readonly kind: 'leaf' } & BitRange)
  | ({ readonly kind: 'region' } & BitRange)
  | { readonly kind: 'container'; readonly parts: Readonly<Record<string, FieldMap>> };

/** The field map of a shape whose bits start at `offset` (0 for a state). */
export function fieldMapOf(shape: Shape, offset = 0): FieldMap {
  if (isLeaf(shape)) return { kind: 'leaf', offset, bits: bitsOf(shape) };
  if (shape.kind === 'list') return { kind: 'region', offset, bits: bitsOfShape(shape) };
  const entries: [string, Shape][] =
    shape.kind === 'object'
      ? shape.fields.map((f) => [f.key, f.shape])
      : (shape.kind === 'tuple' ? shape.items : Array.from({ length: shape.length }, () => shape.element)).map((s, i) => [String(i), s]);
  // No prototype: a key such as "constructor" or "length" is a part only if the shape says so.
  const parts: Record<string, FieldMap> = Object.create(null) as Record<string, FieldMap>;
  for (const [key, part] of entries) {
    parts[key] = fieldMapOf(part, offset);
    offset += bitsOfShape(part);
  }
  return { kind: 'container', parts };
}

/** Sets the bits of `range` in `mask` (one bit per bit of the encoded state). */
export function addRange(mask: Uint32Array, range: BitRange): void {
  for (let at = range.offset, end = range.offset + range.bits; at < end; ) {
    const shift = at & 31;
    const n = Math.min(end - at, 32 - shift);
    mask[at >>> 5] |= (n === 32 ? -1 : (2 ** n - 1) << shift) >>> 0;
    at += n;
  }
}

/** Whether every bit of `range` is set in `mask`. */
export function coversRange(mask: Uint32Array, range: BitRange): boolean {
  for (let at = range.offset, end = range.offset + range.bits; at < end; ) {
    const shift = at & 31;
    const n = Math.min(end - at, 32 - shift);
    const bits = (n === 32 ? -1 : (2 ** n - 1) << shift) >>> 0;
    if (((mask[at >>> 5] & bits) >>> 0) !== bits) return false;
    at += n;
  }
  return true;
}
