import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { codecFor } from '../../checker/encoding/codec.js';
import { DomainError } from '../../checker/errors.js';

/** A finite schema together with an arbitrary of the values it allows. */
interface Sample {
  readonly schema: z.ZodType;
  readonly values: fc.Arbitrary<unknown>;
}

/** Integer bounds from narrow to the widest the encoding accepts (2^31 values), near zero and far from it. */
const intBounds = fc
  .tuple(
    fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -(2 ** 40), max: 2 ** 40 })),
    fc.oneof(fc.integer({ min: 0, max: 2 ** 20 }), fc.constantFrom(2 ** 31 - 2, 2 ** 31 - 1), fc.integer({ min: 0, max: 2 ** 31 - 1 })),
  )
  .map(([min, span]) => ({ min, max: min + span }));

/** Values in `min..max`, with the bounds themselves often. */
const intsIn = ({ min, max }: { min: number; max: number }): fc.Arbitrary<number> =>
  fc.oneof(fc.constantFrom(min, max), fc.integer({ min, max }));

const leaf: fc.Arbitrary<Sample> = fc.oneof(
  fc.constant({ schema: z.boolean(), values: fc.boolean() }),
  intBounds.map((b) => ({ schema: z.number().int().min(b.min).max(b.max), values: intsIn(b) })),
  intBounds.map((b) => ({ schema: z.number().int().min(b.min).max(b.max).nullable(), values: fc.option(intsIn(b), { nil: null }) })),
  fc
    .uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 })
    .map((names) => ({ schema: z.enum(names as [string, ...string[]]), values: fc.constantFrom(...names) })),
  fc.integer({ min: 0, max: 9 }).map((n) => ({ schema: z.literal(n), values: fc.constant(n) })),
  fc.integer({ min: 0, max: 40 }).map((max) => ({ schema: z.number().int().min(0).max(max).nullable(), values: fc.option(fc.integer({ min: 0, max }), { nil: null }) })),
);

const sample: fc.Arbitrary<Sample> = fc.letrec<{ node: Sample }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('node'), fc.integer({ min: 0, max: 4 })).map(([s, n]) => ({
      schema: z.array(s.schema).length(n),
      values: fc.array(s.values, { minLength: n, maxLength: n }),
    })),
    fc.tuple(tie('node'), fc.integer({ min: 0, max: 4 })).map(([s, n]) => ({
      schema: z.array(s.schema).max(n),
      values: fc.array(s.values, { maxLength: n }),
    })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((items) => ({
      schema: z.tuple(items.map((i) => i.schema) as [z.ZodType, ...z.ZodType[]]),
      values: fc.tuple(...items.map((i) => i.values)),
    })),
    fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((fields) => ({
      schema: z.object(Object.fromEntries(fields.map((f, i) => [`f${i}`, f.schema]))),
      values: fc.record(Object.fromEntries(fields.map((f, i) => [`f${i}`, f.values]))),
    })),
  ),
})).node;

const withValues = sample.chain((s) => fc.tuple(fc.constant(s), s.values, s.values));

function encode(codec: ReturnType<typeof codecFor>, value: unknown): Uint32Array {
  const out = new Uint32Array(codec.words);
  codec.encode({ v: value }, out, 0);
  return out;
}

function encodeState(codec: ReturnType<typeof codecFor>, state: unknown): Uint32Array {
  const out = new Uint32Array(codec.words);
  codec.encode(state, out, 0);
  return out;
}

describe('the state encoding', () => {
  it('round-trips every value of every finite schema', () => {
    fc.assert(
      fc.property(withValues, ([s, a]) => {
        const codec = codecFor(z.object({ v: s.schema }));
        expect(codec.decode(encode(codec, a), 0)).toEqual({ v: a });
      }),
      { numRuns: 500 },
    );
  });

  it('deep-copies every decoded state: equal, and sharing no array or object with it', () => {
    const shared = (a: unknown, b: unknown): boolean =>
      typeof a === 'object' && a !== null && (a === b || Object.keys(a).some((k) => shared((a as never)[k], (b as never)[k])));
    fc.assert(
      fc.property(withValues, ([s, a]) => {
        const codec = codecFor(z.object({ v: s.schema }));
        const decoded = codec.decode(encode(codec, a), 0);
        const copy = codec.clone(decoded);
        expect(copy).toEqual(decoded);
        expect(shared(copy, decoded)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('gives distinct values distinct encodings', () => {
    fc.assert(
      fc.property(withValues, ([s, a, b]) => {
        const codec = codecFor(z.object({ v: s.schema }));
        const same = encode(codec, a).join() === encode(codec, b).join();
        expect(same).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
      { numRuns: 500 },
    );
  });

  it('decodes at any offset of a larger buffer', () => {
    fc.assert(
      fc.property(withValues, fc.integer({ min: 0, max: 5 }), ([s, a], slot) => {
        const codec = codecFor(z.object({ v: s.schema }));
        const buf = new Uint32Array(codec.words * 6).fill(0xffffffff);
        buf.set(encode(codec, a), slot * codec.words);
        expect(codec.decode(buf, slot * codec.words)).toEqual({ v: a });
      }),
      { numRuns: 200 },
    );
  });

  it('packs fields into as few bits as their domains need', () => {
    const codec = codecFor(z.object({ pc: z.array(z.enum(['a', 'b', 'c', 'd'])).length(13), fork: z.array(z.boolean()).length(13) }));
    expect(codec.bits).toBe(39);
    expect(codec.words).toBe(2);
  });

  it('rejects a value outside its domain, naming the field', () => {
    const codec = codecFor(z.object({ threads: z.array(z.object({ pc: z.number().int().min(0).max(3) })).length(2) }));
    const out = new Uint32Array(codec.words);
    const attempt = (state: unknown) => () => codec.encode(state, out, 0);
    expect(attempt({ threads: [{ pc: 0 }, { pc: 4 }] })).toThrow(new DomainError('threads[1].pc', 4, 'an integer from 0 to 3'));
    expect(attempt({ threads: [{ pc: 0 }, { pc: 1.5 }] })).toThrow(/field threads\[1\]\.pc is 1\.5/);
    expect(attempt({ threads: [{ pc: 0 }] })).toThrow(/field threads is \[\{"pc":0\}\], but the state schema allows an array of length 2/);
    expect(attempt({ threads: [{ pc: 0 }, {}] })).toThrow(/field threads\[1\]\.pc is missing/);
  });

  it('accepts exactly the values zod accepts: a value of the wrong type is never coerced', () => {
    const foreign = fc.oneof(
      fc.constantFrom<unknown>(null, undefined, true, false, '', '2', '0', [2], [], {}, new Date(0), NaN, Infinity, -Infinity, 0.5, 2 ** 31, -(2 ** 53)),
      fc.anything(),
    );
    fc.assert(
      fc.property(leaf, foreign, (s, value) => {
        const codec = codecFor(z.object({ v: s.schema }));
        const attempt = (): Uint32Array => encode(codec, value);
        // -0 is the integer 0: it is stored, and comes back, as 0.
        if (s.schema.safeParse(value).success) expect(codec.decode(attempt(), 0)).toEqual({ v: Object.is(value, -0) ? 0 : value });
        else expect(attempt).toThrow(DomainError);
      }),
      { numRuns: 2000 },
    );
  });

  it('names a coerced or non-finite value as it is, not as JSON prints it', () => {
    const codec = codecFor(z.object({ owner: z.number().int().min(0).max(3), ok: z.boolean() }));
    const out = new Uint32Array(codec.words);
    const attempt = (state: unknown) => () => codec.encode(state, out, 0);
    expect(attempt({ owner: null, ok: true })).toThrow('field owner is null, but the state schema allows an integer from 0 to 3');
    expect(attempt({ owner: '2', ok: true })).toThrow('field owner is "2", but the state schema allows an integer from 0 to 3');
    expect(attempt({ owner: true, ok: true })).toThrow('field owner is true, but');
    expect(attempt({ owner: [2], ok: true })).toThrow('field owner is [2], but');
    expect(attempt({ owner: NaN, ok: true })).toThrow('field owner is NaN, but');
    expect(attempt({ owner: Infinity, ok: true })).toThrow('field owner is Infinity, but');
    expect(attempt({ owner: new Date(0), ok: true })).toThrow('field owner is a Date, but');
    expect(attempt({ owner: 1, ok: 1 })).toThrow('field ok is 1, but the state schema allows a boolean');
  });

  it('round-trips the widest nullable integer at both ends (a 32-bit field, read unsigned)', () => {
    const codec = codecFor(z.object({ a: z.number().int().min(0).max(2 ** 31 - 1).nullable(), b: z.number().int().min(-(2 ** 31)).max(-1).nullable() }));
    expect(codec.bits).toBe(64);
    for (const state of [{ a: 2 ** 31 - 1, b: -1 }, { a: 0, b: -(2 ** 31) }, { a: null, b: null }]) {
      expect(codec.decode(encodeState(codec, state), 0)).toEqual(state);
    }
  });

  it('rejects schemas without a finite domain, naming the field and the fix', () => {
    expect(() => codecFor(z.object({ a: z.object({ b: z.number().int() }) }))).toThrow(/field state\.a\.b: an integer needs both bounds: add \.min\(a\)\.max\(b\)/);
    expect(() => codecFor(z.object({ a: z.array(z.boolean()) }))).toThrow(/field state\.a: an array needs a length/);
    expect(() => codecFor(z.object({ a: z.number().min(0).max(1) }))).toThrow(/field state\.a: a number must be an integer/);
    expect(() => codecFor(z.object({ a: z.string() }))).toThrow(/field state\.a: z\.string\(\) has no finite domain/);
  });
});
