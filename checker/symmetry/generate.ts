import { isLeaf, cardinality, type Leaf, type Shape } from '../encoding/layout.js';
import { idSetOf, type SymmetricSet } from './sets.js';

/**
 * Applies one permutation per scalarset to a state: `perms[k][id]` is the id that `id` of set
 * k becomes. Every field holding an id of set k is mapped, and every array indexed by set k is
 * reordered (element `id` moves to `perms[k][id]`). Returns a fresh state; the input is not
 * changed.
 */
export type Permute = (state: unknown, perms: readonly Int32Array[]) => unknown;

/**
 * The signature of id `i` of one set in a state: what the state says of that id, with every id
 * abstracted to "this one", "another one" or "none". A permutation of the ids moves signatures
 * along with the ids, so sorting ids by signature is the same for every state of an orbit.
 * A number, or an array of numbers when the signature needs more than 52 bits.
 */
export type Signature = (state: unknown, i: number) => number | number[];

/** Generates the permutation of a shape's states. */
export function permuteFor(shape: Shape, sets: readonly SymmetricSet[]): Permute {
  const gen = new Generator(sets);
  const out: string[] = [];
  const result = gen.permute(shape, 's', out);
  const perms = sets.map((set) => `const p${set.index} = perms[${set.index}];`).join(' ');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the schema
  return new Function(`return function permute(s, perms) {\n${perms}\n${out.join('\n')}\nreturn ${result};\n};`)();
}

/** Generates the signature of one set's ids in a shape's states. */
export function signatureFor(shape: Shape, set: SymmetricSet): Signature {
  const radix = new Radix();
  new SignatureWalker(set.name, radix).top(shape, 's', '');
  const enums = radix.enums;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the schema
  return new Function('enums', `return function signature(s, i) {\nlet h = 0; const parts = [];\n${radix.code.join('\n')}\nreturn ${radix.flushed ? '(parts.push(h), parts)' : 'h'};\n};`)(enums);
}

/**
 * Whether the signature of `set`'s ids says everything the state holds about each id: no field
 * anywhere holds one of its ids, and the elements of its arrays hold no id of another set and no
 * array indexed by a set. Then ids with equal signatures hold equal data, so no order of them
 * changes the state, and the exact form need not try them.
 */
export function signatureIsComplete(shape: Shape, set: string): boolean {
  const inElement = (s: Shape): boolean => {
    if (isLeaf(s)) return idSetOf(s) === undefined;
    switch (s.kind) {
      case 'object':
        return s.fields.every((f) => inElement(f.shape));
      case 'tuple':
        return s.items.every(inElement);
      case 'array':
        return s.indexedBy === undefined && inElement(s.element);
      case 'list':
        return inElement(s.element);
    }
  };
  const outside = (s: Shape, inSymmetricArray: boolean): boolean => {
    if (isLeaf(s)) return idSetOf(s) !== set;
    switch (s.kind) {
      case 'object':
        return s.fields.every((f) => outside(f.shape, inSymmetricArray));
      case 'tuple':
        return s.items.every((item) => outside(item, inSymmetricArray));
      case 'array':
        if (s.indexedBy === set) return !inSymmetricArray && inElement(s.element);
        return outside(s.element, inSymmetricArray || s.indexedBy !== undefined);
      case 'list':
        return outside(s.element, inSymmetricArray);
    }
  };
  return outside(shape, false);
}

/** Emits the permutation's code, with temporaries for reordered arrays and lists. */
class Generator {
  private tmp = 0;
  private readonly index: Map<string, number>;

  constructor(sets: readonly SymmetricSet[]) {
    this.index = new Map(sets.map((s) => [s.name, s.index]));
  }

  private name(prefix: string): string {
    return `${prefix}${this.tmp++}`;
  }

  /** Pushes statements onto `out`; returns the expression of the permuted value of `expr`. */
  permute(shape: Shape, expr: string, out: string[]): string {
    if (isLeaf(shape)) {
      const set = idSetOf(shape);
      if (set === undefined) return expr;
      const p = `p${this.index.get(set)}`;
      return shape.kind === 'nullable' ? `(${expr} === null ? null : ${p}[${expr}])` : `${p}[${expr}]`;
    }
    switch (shape.kind) {
      case 'object':
        return `{ ${shape.fields.map((f) => `${JSON.stringify(f.key)}: ${this.permute(f.shape, `${expr}[${JSON.stringify(f.key)}]`, out)}`).join(', ')} }`;
      case 'tuple':
        return `[${shape.items.map((item, i) => this.permute(item, `${expr}[${i}]`, out)).join(', ')}]`;
      case 'array': {
        const a = this.name('a');
        out.push(`const ${a} = ${expr};`);
        if (shape.indexedBy === undefined) {
          if (isLeaf(shape.element) && idSetOf(shape.element) === undefined) return `${a}.slice()`;
          return `[${Array.from({ length: shape.length }, (_, i) => this.permute(shape.element, `${a}[${i}]`, out)).join(', ')}]`;
        }
        const o = this.name('o');
        const p = `p${this.index.get(shape.indexedBy)}`;
        out.push(`const ${o} = new Array(${shape.length});`);
        for (let i = 0; i < shape.length; i++) out.push(`${o}[${p}[${i}]] = ${this.permute(shape.element, `${a}[${i}]`, out)};`);
        return o;
      }
      case 'list': {
        const a = this.name('a');
        const l = this.name('l');
        out.push(`const ${a} = ${expr};`, `const ${l} = [];`);
        for (let i = 0; i < shape.maxLength; i++) {
          const inner: string[] = [];
          const value = this.permute(shape.element, `${a}[${i}]`, inner);
          out.push(`if (${a}.length > ${i}) {`, ...inner, `${l}.push(${value});`, '}');
        }
        return l;
      }
    }
  }
}

/**
 * Accumulates a signature in mixed radix: `h = h * card + code` per feature, moving `h` to
 * `parts` before it would pass 2^52 (where doubles stop being exact).
 */
class Radix {
  readonly code: string[] = [];
  readonly enums: Map<unknown, number>[] = [];
  flushed = false;
  private product = 1;

  add(card: number, code: string, present: string): void {
    if (card <= 1) return;
    if (this.product * card > 2 ** 52) {
      this.code.push('parts.push(h); h = 0;');
      this.flushed = true;
      this.product = 1;
    }
    this.product *= card;
    this.code.push(`h = h * ${card} + (${present ? `${present} ? ${code} : 0` : code});`);
  }

  /** The expression of an enum value's index. */
  enumIndex(values: readonly unknown[], expr: string): string {
    this.enums.push(new Map(values.map((v, i) => [v, i])));
    return `enums[${this.enums.length - 1}].get(${expr})`;
  }
}

/**
 * Walks a state shape for the signature of set `set`'s id `i`: the abstracted element `i` of
 * each top-level array the set indexes, and, for each field outside the set's arrays that holds
 * one of its ids, whether it holds `i`. Arrays indexed by any set are not entered otherwise:
 * where their contents lie depends on a permutation.
 */
class SignatureWalker {
  constructor(private readonly set: string, private readonly radix: Radix) {}

  /** Outside every symmetric array; `present` guards list elements that may be missing. */
  top(shape: Shape, expr: string, present: string): void {
    if (isLeaf(shape)) {
      if (idSetOf(shape) === this.set) this.radix.add(2, `(${expr} === i ? 1 : 0)`, present);
      return;
    }
    switch (shape.kind) {
      case 'object':
        return shape.fields.forEach((f) => this.top(f.shape, `${expr}[${JSON.stringify(f.key)}]`, present));
      case 'tuple':
        return shape.items.forEach((item, i) => this.top(item, `${expr}[${i}]`, present));
      case 'array':
        if (shape.indexedBy === this.set) return this.element(shape.element, `${expr}[i]`, present);
        if (shape.indexedBy === undefined) for (let i = 0; i < shape.length; i++) this.top(shape.element, `${expr}[${i}]`, present);
        return;
      case 'list':
        for (let i = 0; i < shape.maxLength; i++) this.top(shape.element, `${expr}[${i}]`, and(present, `${expr}.length > ${i}`));
        return;
    }
  }

  /** Inside the set's array, at element `i`: every field, with ids abstracted. */
  private element(shape: Shape, expr: string, present: string): void {
    if (isLeaf(shape)) return this.leaf(shape, expr, present);
    switch (shape.kind) {
      case 'object':
        return shape.fields.forEach((f) => this.element(f.shape, `${expr}[${JSON.stringify(f.key)}]`, present));
      case 'tuple':
        return shape.items.forEach((item, i) => this.element(item, `${expr}[${i}]`, present));
      case 'array':
        if (shape.indexedBy === undefined) for (let i = 0; i < shape.length; i++) this.element(shape.element, `${expr}[${i}]`, present);
        return;
      case 'list':
        this.radix.add(shape.maxLength + 1, `${expr}.length`, present);
        for (let i = 0; i < shape.maxLength; i++) this.element(shape.element, `${expr}[${i}]`, and(present, `${expr}.length > ${i}`));
        return;
    }
  }

  private leaf(leaf: Leaf, expr: string, present: string): void {
    const set = idSetOf(leaf);
    const nullable = leaf.kind === 'nullable';
    if (set === this.set) {
      if (nullable) this.radix.add(3, `(${expr} === null ? 0 : ${expr} === i ? 1 : 2)`, present);
      else this.radix.add(2, `(${expr} === i ? 0 : 1)`, present);
    } else if (set !== undefined) {
      if (nullable) this.radix.add(2, `(${expr} === null ? 0 : 1)`, present);
    } else {
      this.radix.add(cardinality(leaf), this.code(leaf, expr), present);
    }
  }

  /** The expression of a plain leaf's code, 0 to its cardinality - 1. */
  private code(leaf: Leaf, expr: string): string {
    switch (leaf.kind) {
      case 'bool':
        return `(${expr} ? 1 : 0)`;
      case 'int':
        return `(${expr} - ${leaf.min})`;
      case 'enum':
        return this.radix.enumIndex(leaf.values, expr);
      case 'nullable':
        return `(${expr} === null ? 0 : 1 + ${this.code(leaf.inner, expr)})`;
    }
  }
}

function and(a: string, b: string): string {
  return a ? `${a} && ${b}` : b;
}
