import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { codecFor } from '../../checker/encoding/codec.js';
import { isLeaf, type Leaf, type Shape } from '../../checker/encoding/layout.js';
import { viewFactoryFor } from '../../checker/view/state-view.js';

// Random state schemas: an object of leaves and containers of them, as models write them.
const leafSchema: fc.Arbitrary<z.ZodType> = fc.oneof(
  fc.constant(z.boolean()),
  fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 40 })).map(([min, span]) => z.number().int().min(min).max(min + span)),
  fc.integer({ min: 1, max: 4 }).map((n) => z.enum(['a', 'b', 'c', 'd'].slice(0, n) as [string, ...string[]])),
  fc.integer({ min: 0, max: 6 }).map((max) => z.number().int().min(0).max(max).nullable()),
);
const fieldSchema: fc.Arbitrary<z.ZodType> = fc.oneof(
  leafSchema,
  fc.tuple(leafSchema, fc.integer({ min: 1, max: 5 })).map(([e, n]) => z.array(e).length(n)),
  fc.tuple(leafSchema, fc.integer({ min: 1, max: 4 })).map(([e, n]) => z.array(e).max(n)),
  fc.tuple(leafSchema, leafSchema).map(([a, b]) => z.tuple([a, b])),
  fc.tuple(leafSchema, leafSchema).map(([a, b]) => z.object({ x: a, y: b })),
  fc.tuple(leafSchema, fc.integer({ min: 1, max: 3 })).map(([e, n]) => z.array(z.object({ v: e })).length(n)),
);
const stateSchema = fc.array(fieldSchema, { minLength: 1, maxLength: 6 }).map((fields) => z.object(Object.fromEntries(fields.map((f, i) => [`f${i}`, f]))));

/** A value of `leaf` picked by `seed`; with `outside`, often one the leaf does not allow. */
function leafValue(leaf: Leaf, seed: number, outside: boolean): unknown {
  if (outside) return [7.5, 'z', null, -100, 1000, undefined, true][seed % 7];
  switch (leaf.kind) {
    case 'bool':
      return seed % 2 === 0;
    case 'int':
      return leaf.min + (seed % (leaf.max - leaf.min + 1));
    case 'enum':
      return leaf.values[seed % leaf.values.length];
    case 'nullable':
      return seed % 3 === 0 ? null : leafValue(leaf.inner, seed, false);
  }
}

/** A value of `shape` picked by `seed`. */
function valueOf(shape: Shape, seed: number): unknown {
  if (isLeaf(shape)) return leafValue(shape, seed, false);
  switch (shape.kind) {
    case 'object':
      return Object.fromEntries(shape.fields.map((f, i) => [f.key, valueOf(f.shape, seed + 7 * i)]));
    case 'tuple':
      return shape.items.map((item, i) => valueOf(item, seed + 3 * i));
    case 'array':
      return Array.from({ length: shape.length }, (_, i) => valueOf(shape.element, seed + 5 * i));
    case 'list':
      return Array.from({ length: seed % (shape.maxLength + 1) }, (_, i) => valueOf(shape.element, seed + 5 * i));
  }
}

/** One write by model code, made the same way on a plain state and on a view. */
interface Write {
  readonly field: number;
  readonly seed: number;
  readonly outside: boolean;
}

/** Makes `write` on state `s` (a plain state or a view) as an effect would. */
function apply(s: Record<string, unknown>, shape: Shape & { kind: 'object' }, write: Write): void {
  const { key, shape: field } = shape.fields[write.field % shape.fields.length];
  const { seed, outside } = write;
  if (isLeaf(field)) {
    s[key] = leafValue(field, seed, outside);
    return;
  }
  const value = s[key] as unknown[] & Record<string, unknown>;
  switch (field.kind) {
    case 'array':
      if (seed % 4 === 0) s[key] = valueOf(field, seed);
      else if (isLeaf(field.element)) value[seed % field.length] = leafValue(field.element, seed, outside);
      else (value[seed % field.length] as Record<string, unknown>).v = leafValue((field.element as { fields: readonly { shape: Shape }[] }).fields[0].shape as Leaf, seed, outside);
      return;
    case 'list':
      if (seed % 3 === 0 && value.length > 0) value.pop();
      else if (seed % 3 === 1 && (outside || value.length < field.maxLength)) value.push(leafValue(field.element as Leaf, seed, outside));
      else if (value.length > 0) value[seed % value.length] = leafValue(field.element as Leaf, seed, outside);
      return;
    case 'tuple':
      value[seed % 2] = leafValue(field.items[seed % 2] as Leaf, seed, outside);
      return;
    case 'object':
      if (seed % 5 === 0) s[key] = { ...value, x: leafValue(field.fields[0].shape as Leaf, seed, outside) };
      else value[seed % 2 === 0 ? 'x' : 'y'] = leafValue(field.fields[seed % 2].shape as Leaf, seed, outside);
  }
}

/** The words after `run`, or the message of the error it threw. */
function outcome(run: () => Uint32Array): string {
  try {
    return Array.from(run()).join(',');
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

const writes = fc.array(fc.record({ field: fc.nat(), seed: fc.nat({ max: 1000 }) }), { maxLength: 8 });

describe('a view of a packed state', () => {
  it('gives the words that decode, modify and encode give, and the same error for a value outside the domain', () => {
    fc.assert(
      fc.property(stateSchema, fc.nat({ max: 1000 }), writes, fc.option(fc.record({ field: fc.nat(), seed: fc.nat({ max: 1000 }) })), (schema, seed, inRange, bad) => {
        const codec = codecFor(schema);
        const shape = codec.shape as Shape & { kind: 'object' };
        const parent = new Uint32Array(codec.words);
        codec.encode(valueOf(shape, seed), parent, 0);
        // At most one write outside the domain, the last: a view refuses it at once, the encoder when the effect returns.
        const all: Write[] = [...inRange.map((w) => ({ ...w, outside: false })), ...(bad ? [{ ...bad, outside: true }] : [])];
        const plain = outcome(() => {
          const s = codec.decode(parent, 0) as Record<string, unknown>;
          for (const w of all) apply(s, shape, w);
          const out = new Uint32Array(codec.words);
          codec.encode(s, out, 0);
          return out;
        });
        const view = viewFactoryFor(codec)();
        for (const decoded of [codec.decode(parent, 0), undefined]) {
          const viewed = outcome(() => {
            const out = parent.slice();
            view.point(out, 0, decoded);
            for (const w of all) apply(view.state as Record<string, unknown>, shape, w);
            view.commit();
            return out;
          });
          expect(viewed).toBe(plain);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('looks like the plain state to reads, spreads, keys and JSON', () => {
    fc.assert(
      fc.property(stateSchema, fc.nat({ max: 1000 }), (schema, seed) => {
        const codec = codecFor(schema);
        const words = new Uint32Array(codec.words);
        codec.encode(valueOf(codec.shape, seed), words, 0);
        const plain = codec.decode(words, 0) as Record<string, unknown>;
        const view = viewFactoryFor(codec)();
        view.point(words, 0, codec.decode(words, 0));
        const s = view.state as Record<string, unknown>;
        expect(Object.keys(s)).toEqual(Object.keys(plain));
        expect(JSON.stringify(s)).toBe(JSON.stringify(plain));
        expect({ ...s }).toEqual(plain);
        expect(structuredClone(s)).toEqual(plain);
        for (const key of Object.keys(plain)) expect(s[key]).toEqual(plain[key]);
      }),
      { numRuns: 300 },
    );
  });
});
