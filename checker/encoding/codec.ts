import type { z } from 'zod';
import { isLeaf, shapeOf, type Shape } from './layout.js';
import { Generator, fail } from './generator.js';

/**
 * A canonical, compact binary encoding of the states of one schema. Every leaf has a fixed
 * bit field, so a state is a fixed number of 32-bit words and two states are equal exactly
 * when their words are. The encoder and decoder are generated as straight-line JavaScript
 * from the schema, which makes them fast enough for the search's inner loop.
 */
export interface Codec {
  /** Words per encoded state. */
  readonly words: number;
  /** Bits actually used per state. */
  readonly bits: number;
  /** The shape the encoding was derived from. */
  readonly shape: Shape;
  /**
   * Writes `state` into `out[offset .. offset + words)`. Throws a DomainError naming the field
   * when the state leaves its domain.
   */
  encode(state: unknown, out: Uint32Array, offset: number): void;
  /** Rebuilds the state stored at `buf[base .. base + words)` as a fresh plain object. */
  decode(buf: Uint32Array, base: number): unknown;
  /** A deep copy of a decoded state: cheaper than decoding it again. */
  clone(state: unknown): unknown;
}

/** Builds the codec of a state schema (throws a SchemaError when a field has no finite domain). */
export function codecFor(schema: z.ZodType): Codec {
  const shape = shapeOf(schema);
  const gen = new Generator();
  const encodeBody = gen.encode(shape, 's', '');
  const encodeBits = gen.offset;
  gen.offset = 0;
  const decodeBody: string[] = [];
  const result = gen.decode(shape, decodeBody);
  const words = Math.max(1, Math.ceil(encodeBits / 32));
  // The words are built in locals (w0, w1, ...) and stored once each; the decoder reads each once.
  const wordIndices = Array.from({ length: words }, (_, w) => w);
  const zero = wordIndices.map((w) => `let w${w} = 0;`).join(' ');
  const store = wordIndices.map((w) => `out[o + ${w}] = w${w};`).join(' ');
  const load = wordIndices.map((w) => `const w${w} = buf[b + ${w}];`).join(' ');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the schema, never from user strings
  const encode = new Function('consts', 'fail', `return function encode(s, out, o) {\n${zero}\n${encodeBody.join('\n')}\n${store}\n};`)(
    gen.consts,
    fail,
  );
  const decode = new Function('consts', `return function decode(buf, b) {\n${load}\n${decodeBody.join('\n')}\nreturn ${result};\n};`)(gen.consts);
  const clone = new Function(`return function clone(s) {\nreturn ${cloneOf(shape, 's')};\n};`)();
  return { words, bits: encodeBits, shape, encode, decode, clone };
}

/** The expression that deep-copies the value of `expr`, whose shape is `shape`. */
function cloneOf(shape: Shape, expr: string): string {
  if (isLeaf(shape)) return expr;
  switch (shape.kind) {
    case 'object':
      return `{ ${shape.fields.map((f) => `${JSON.stringify(f.key)}: ${cloneOf(f.shape, `${expr}[${JSON.stringify(f.key)}]`)}`).join(', ')} }`;
    case 'tuple':
      return `[${shape.items.map((item, i) => cloneOf(item, `${expr}[${i}]`)).join(', ')}]`;
    case 'array':
      if (isLeaf(shape.element)) return `${expr}.slice()`;
      return `[${Array.from({ length: shape.length }, (_, i) => cloneOf(shape.element, `${expr}[${i}]`)).join(', ')}]`;
    case 'list':
      if (isLeaf(shape.element)) return `${expr}.slice()`;
      return `${expr}.map((e) => (${cloneOf(shape.element, 'e')}))`;
  }
}
