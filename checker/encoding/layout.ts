import type { z } from 'zod';
import { scalarsetTagOf } from '../../spec/scalarset.js';
import { SchemaError } from '../errors.js';

/** A value stored in one bit field: a boolean, a bounded integer, one of a few constants, or one of those or null. */
export type Leaf =
  | { readonly kind: 'bool' }
  | {
      readonly kind: 'int';
      readonly min: number;
      readonly max: number;
      /** The scalarset whose ids the field holds (then min is 0 and max its size - 1). */
      readonly set?: string;
    }
  | { readonly kind: 'enum'; readonly values: readonly Constant[] }
  | { readonly kind: 'nullable'; readonly inner: Leaf };

/** A constant that an enum or literal may take. */
export type Constant = string | number | boolean | null;

/** The finite shape of a state, derived from its zod schema. */
export type Shape =
  | Leaf
  | {
      readonly kind: 'array';
      readonly element: Shape;
      readonly length: number;
      /** The scalarset whose ids index the elements (then the length is its size). */
      readonly indexedBy?: string;
    }
  | { readonly kind: 'list'; readonly element: Shape; readonly maxLength: number }
  | { readonly kind: 'tuple'; readonly items: readonly Shape[] }
  | { readonly kind: 'object'; readonly fields: readonly { readonly key: string; readonly shape: Shape }[] };

/** The largest number of values one integer field may take (its bit field must fit in 31 bits). */
export const MAX_INT_RANGE = 2 ** 31;

const HINT =
  'Give every state field a finite domain: z.boolean(), z.number().int().min(a).max(b), z.enum([...]), z.literal(x), ' +
  'their .nullable(), z.array(x).length(n) or .max(n), z.tuple([...]) or z.object({...}).';

interface ZodDefLike {
  type: string;
  checks?: { _zod: { def: { check: string; length?: number; maximum?: number } } }[];
  element?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  innerType?: z.ZodType;
  values?: Constant[];
  entries?: Record<string, string | number>;
  shape?: Record<string, z.ZodType>;
}

/** Derives the finite shape of a zod schema, or throws a SchemaError naming the field that has no finite domain. */
export function shapeOf(schema: z.ZodType, path = 'state'): Shape {
  const def = (schema as unknown as { def: ZodDefLike }).def;
  const tag = scalarsetTagOf(schema);
  if (tag?.role === 'id') return { kind: 'int', min: 0, max: tag.size - 1, set: tag.name };
  if (tag?.role === 'array') return { kind: 'array', element: shapeOf(def.element!, `${path}[]`), length: tag.size, indexedBy: tag.name };
  switch (def.type) {
    case 'boolean':
      return { kind: 'bool' };
    case 'number': {
      const n = schema as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
      if (!n.isInt) throw new SchemaError(path, 'a number must be an integer: add .int()', HINT);
      const { minValue: min, maxValue: max } = n;
      // .int() alone bounds a number by the safe-integer limits: that is no finite domain.
      const bounded = (b: number | null): b is number => b !== null && Math.abs(b) < Number.MAX_SAFE_INTEGER;
      if (!bounded(min) || !bounded(max)) {
        throw new SchemaError(path, 'an integer needs both bounds: add .min(a).max(b)', HINT);
      }
      if (max < min) throw new SchemaError(path, `the bounds are empty (min ${min} > max ${max})`, HINT);
      if (max - min + 1 > MAX_INT_RANGE) throw new SchemaError(path, `the range ${min}..${max} is too large (at most 2^31 values)`, HINT);
      return { kind: 'int', min, max };
    }
    case 'enum':
      return { kind: 'enum', values: Object.values(def.entries ?? {}) };
    case 'literal':
      return { kind: 'enum', values: def.values ?? [] };
    case 'nullable': {
      const inner = shapeOf(def.innerType!, path);
      if (inner.kind === 'array' || inner.kind === 'list' || inner.kind === 'tuple' || inner.kind === 'object' || inner.kind === 'nullable') {
        throw new SchemaError(path, '.nullable() is supported on booleans, integers, enums and literals only', HINT);
      }
      return { kind: 'nullable', inner };
    }
    case 'readonly':
      return shapeOf(def.innerType!, path);
    case 'array': {
      const checks = (def.checks ?? []).map((c) => c._zod.def);
      const element = shapeOf(def.element!, `${path}[]`);
      const exact = checks.find((c) => c.check === 'length_equals');
      if (exact) return { kind: 'array', element, length: exact.length! };
      const max = checks.find((c) => c.check === 'max_length');
      if (max) return { kind: 'list', element, maxLength: max.maximum! };
      throw new SchemaError(path, 'an array needs a length: add .length(n) or .max(n)', HINT);
    }
    case 'tuple':
      if (def.rest) throw new SchemaError(path, 'a tuple may not have a rest element', HINT);
      return { kind: 'tuple', items: def.items!.map((item, i) => shapeOf(item, `${path}[${i}]`)) };
    case 'object':
      return {
        kind: 'object',
        fields: Object.entries(def.shape!).map(([key, field]) => ({ key, shape: shapeOf(field, `${path}.${key}`) })),
      };
    default:
      throw new SchemaError(path, `z.${def.type}() has no finite domain`, HINT);
  }
}

/** How many distinct values a leaf takes. */
export function cardinality(leaf: Leaf): number {
  switch (leaf.kind) {
    case 'bool':
      return 2;
    case 'int':
      return leaf.max - leaf.min + 1;
    case 'enum':
      return leaf.values.length;
    case 'nullable':
      return cardinality(leaf.inner) + 1;
  }
}

/** The number of bits a leaf's field takes: enough for its cardinality. */
export function bitsOf(leaf: Leaf): number {
  return Math.ceil(Math.log2(cardinality(leaf)));
}

/** True when a shape is a leaf stored in one bit field. */
export function isLeaf(shape: Shape): shape is Leaf {
  return shape.kind === 'bool' || shape.kind === 'int' || shape.kind === 'enum' || shape.kind === 'nullable';
}

/** The values a leaf accepts, in words, for error messages. */
export function describeLeaf(leaf: Leaf): string {
  switch (leaf.kind) {
    case 'bool':
      return 'a boolean';
    case 'int':
      return `an integer from ${leaf.min} to ${leaf.max}`;
    case 'enum':
      return leaf.values.length === 1 ? JSON.stringify(leaf.values[0]) : `one of ${leaf.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'nullable':
      return `null or ${describeLeaf(leaf.inner)}`;
  }
}

/** The number of bits a value of `shape` takes in the encoding: its leaves' fields, in order. */
export function bitsOfShape(shape: Shape): number {
  if (isLeaf(shape)) return bitsOf(shape);
  switch (shape.kind) {
    case 'object':
      return shape.fields.reduce((sum, f) => sum + bitsOfShape(f.shape), 0);
    case 'tuple':
      return shape.items.reduce((sum, item) => sum + bitsOfShape(item), 0);
    case 'array':
      return shape.length * bitsOfShape(shape.element);
    case 'list':
      return bitsOf({ kind: 'int', min: 0, max: shape.maxLength }) + shape.maxLength * bitsOfShape(shape.element);
  }
}
