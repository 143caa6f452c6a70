import { DomainError } from '../errors.js';
import { bitsOf, describeLeaf, isLeaf, type Leaf, type Shape } from './layout.js';

/** Throws the DomainError that generated code raises for a value outside its field's domain. */
export function fail(field: string, value: unknown, expected: string): never {
  throw new DomainError(field, value, expected);
}

/**
 * Emits straight-line JavaScript that encodes and decodes values of a shape, allocating bit
 * fields in order from `offset`. The generated code reads and writes the state's words through
 * locals `w0, w1, ...` (one per word, named by the word's index): the caller declares them.
 * Constants (enum values) are referred to as `consts[i]`.
 */
export class Generator {
  /** The next free bit. */
  offset = 0;
  /** The constants the generated code refers to as `consts[i]`. */
  readonly consts: unknown[] = [];
  private tmp = 0;

  private constant(value: unknown): string {
    this.consts.push(value);
    return `consts[${this.consts.length - 1}]`;
  }

  /** A fresh local name. */
  name(prefix: string): string {
    return `${prefix}${this.tmp++}`;
  }

  /** Statements that encode the value of `expr`, found at `path`, into the next bit fields. */
  encode(shape: Shape, expr: string, path: string): string[] {
    if (isLeaf(shape)) return this.encodeLeaf(shape, expr, path);
    const v = this.name('v');
    const where = JSON.stringify(path || 'state');
    switch (shape.kind) {
      case 'object': {
        const out = [`const ${v} = ${expr};`, `if (${v} === null || typeof ${v} !== 'object') fail(${where}, ${v}, 'an object');`];
        for (const { key, shape: field } of shape.fields) {
          out.push(...this.encode(field, `${v}[${JSON.stringify(key)}]`, path ? `${path}.${key}` : key));
        }
        return out;
      }
      case 'tuple':
      case 'array': {
        const items = shape.kind === 'tuple' ? shape.items : Array.from({ length: shape.length }, () => shape.element);
        const out = [
          `const ${v} = ${expr};`,
          `if (!Array.isArray(${v}) || ${v}.length !== ${items.length}) fail(${where}, ${v}, 'an array of length ${items.length}');`,
        ];
        items.forEach((item, i) => out.push(...this.encode(item, `${v}[${i}]`, `${path}[${i}]`)));
        return out;
      }
      case 'list': {
        const out = [
          `const ${v} = ${expr};`,
          `if (!Array.isArray(${v}) || ${v}.length > ${shape.maxLength}) fail(${where}, ${v}, 'an array of at most ${shape.maxLength} elements');`,
        ];
        out.push(...this.encodeLeaf({ kind: 'int', min: 0, max: shape.maxLength }, `${v}.length`, `${path}.length`));
        for (let i = 0; i < shape.maxLength; i++) {
          out.push(`if (${v}.length > ${i}) {`, ...this.encode(shape.element, `${v}[${i}]`, `${path}[${i}]`), '}');
        }
        return out;
      }
    }
  }

  /** Statements that encode the leaf value of `expr`, found at `path`, into the next bit field. */
  encodeLeaf(leaf: Leaf, expr: string, path: string): string[] {
    const x = this.name('x');
    const code = this.name('c');
    const out = [`const ${x} = ${expr};`, `let ${code};`];
    const reject = `fail(${JSON.stringify(path)}, ${x}, ${JSON.stringify(describeLeaf(leaf))})`;
    out.push(...this.leafCode(leaf, x, code, reject));
    out.push(...this.write(bitsOf(leaf), code));
    return out;
  }

  /** Statements that set `code` to the leaf's field value for `x`, or reject it. */
  leafCode(leaf: Leaf, x: string, code: string, reject: string): string[] {
    switch (leaf.kind) {
      case 'bool':
        return [`if (${x} === true) ${code} = 1; else if (${x} === false) ${code} = 0; else ${reject};`];
      case 'int':
        // Number.isInteger comes first: `x - min` alone would coerce null, true, "2" or [2] to a
        // number, and round 5e-324 - -1 to an integer.
        return [`if (!(Number.isInteger(${x}) && (${code} = ${x} - ${leaf.min}) >= 0 && ${code} <= ${leaf.max - leaf.min})) ${reject};`];
      case 'enum':
        return [
          `switch (${x}) {`,
          ...leaf.values.map((value, i) => `case ${JSON.stringify(value)}: ${code} = ${i}; break;`),
          `default: ${reject};`,
          '}',
        ];
      case 'nullable': {
        const inner = this.name('c');
        return [
          `if (${x} === null) ${code} = 0; else {`,
          `let ${inner};`,
          ...this.leafCode(leaf.inner, x, inner, reject),
          `${code} = ${inner} + 1;`,
          '}',
        ];
      }
    }
  }

  /** Statements that put `code` into the next bit field of `bits` bits (of the word locals). */
  write(bits: number, code: string): string[] {
    if (bits === 0) return [];
    const word = this.offset >>> 5;
    const shift = this.offset & 31;
    this.offset += bits;
    const out = [`w${word} |= ${code} << ${shift};`];
    if (shift + bits > 32) out.push(`w${word + 1} |= ${code} >>> ${32 - shift};`);
    return out;
  }

  /** The expression that reads the next bit field of `bits` bits (from the word locals). */
  read(bits: number): string {
    if (bits === 0) return '0';
    const word = this.offset >>> 5;
    const shift = this.offset & 31;
    this.offset += bits;
    // A full 32-bit field (a nullable integer of 2^31 values) must be read unsigned: `& mask`
    // would give a negative int32.
    const field = shift + bits <= 32 ? `(w${word} >>> ${shift})` : `((w${word} >>> ${shift}) | (w${word + 1} << ${32 - shift}))`;
    return bits === 32 ? `(${field} >>> 0)` : `(${field} & ${2 ** bits - 1})`;
  }

  /** Pushes statements that decode a value onto `out` and returns the expression that holds it. */
  decode(shape: Shape, out: string[]): string {
    switch (shape.kind) {
      case 'bool':
      case 'int':
      case 'enum':
      case 'nullable':
        return this.decodeLeaf(shape, this.read(bitsOf(shape)));
      case 'object':
        return `{ ${shape.fields.map((f) => `${JSON.stringify(f.key)}: ${this.decode(f.shape, out)}`).join(', ')} }`;
      case 'tuple':
        return `[${shape.items.map((item) => this.decode(item, out)).join(', ')}]`;
      case 'array':
        return `[${Array.from({ length: shape.length }, () => this.decode(shape.element, out)).join(', ')}]`;
      case 'list': {
        const list = this.name('l');
        const length = this.name('n');
        out.push(`const ${length} = ${this.read(bitsOf({ kind: 'int', min: 0, max: shape.maxLength }))};`, `const ${list} = [];`);
        for (let i = 0; i < shape.maxLength; i++) {
          const element: string[] = [];
          const value = this.decode(shape.element, element);
          out.push(`if (${length} > ${i}) {`, ...element, `${list}.push(${value});`, '}');
        }
        return list;
      }
    }
  }

  /** The expression of the leaf value whose field value is `field`. */
  decodeLeaf(leaf: Leaf, field: string): string {
    switch (leaf.kind) {
      case 'bool':
        return `(${field} !== 0)`;
      case 'int':
        return leaf.min === 0 ? field : `(${field} + ${leaf.min})`;
      case 'enum':
        return `${this.constant(leaf.values)}[${field}]`;
      case 'nullable': {
        // The inner leaf sees the field minus one; null is stored as zero.
        const inner = this.decodeLeaf(leaf.inner, `(f - 1)`);
        return `((f) => f === 0 ? null : ${inner})(${field})`;
      }
    }
  }
}
