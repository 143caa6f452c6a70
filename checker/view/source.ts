import { Generator } from '../encoding/generator.js';
import { bitsOf, bitsOfShape, describeLeaf, isLeaf, type Leaf, type Shape } from '../encoding/layout.js';

/** One top-level field of a state: its key, its shape and its bit field `[start, start + bits)`. */
interface Field {
  readonly key: string;
  readonly shape: Shape;
  readonly start: number;
  readonly bits: number;
}

/** The generated source of a view factory, and the constants it refers to. */
export interface ViewSource {
  /** The body of a function of (`consts`, `fail`, `NONE`) that returns the view factory. */
  readonly body: string;
  readonly consts: unknown[];
}

/**
 * Generates the source of a factory of views over the states of an object shape (see
 * state-view.ts for what a view is). A leaf field is an accessor pair that reads and writes
 * its bit field in place. A container field (array, list, tuple, object) is a plain value on
 * first access after `point`, encoded back by `commit`: an array or list of leaves starts as a
 * copy of the parent's decoded array and only the elements that differ from it are written
 * back; another container is decoded from the words and encoded back whole.
 */
export function viewSource(shape: Shape & { kind: 'object' }, words: number): ViewSource {
  const gen = new Generator();
  const fields: Field[] = [];
  let start = 0;
  for (const { key, shape: field } of shape.fields) {
    const bits = bitsOfShape(field);
    fields.push({ key, shape: field, start, bits });
    start += bits;
  }
  const helpers: string[] = [];
  const accessors: string[] = [];
  const containers: number[] = [];
  const commits: string[] = [];
  fields.forEach((field, j) => {
    const key = JSON.stringify(field.key);
    if (isLeaf(field.shape)) {
      accessors.push(accessor(key, leafGetter(gen, field, field.shape), leafSetter(gen, field, field.shape)));
      return;
    }
    containers.push(j);
    helpers.push(decoder(gen, field, j), encoder(gen, field, j));
    const put = elementWriter(gen, field, j);
    const set = `c${j} = v; p${j} = undefined;`;
    if (put) {
      helpers.push(put);
      // The copy reuses one array per view: no allocation per successor.
      // A fixed array's copy and comparison are unrolled, as the encoder is.
      const n = field.shape.kind === 'array' ? field.shape.length : undefined;
      const copy = n === undefined ? 'o.length = p.length; for (let i = 0; i < p.length; i++) o[i] = p[i];' : unrolled(n, (i) => `o[${i}] = p[${i}];`);
      const compare =
        n === undefined
          ? `for (let i = 0; i < c.length; i++) if (c[i] !== p[i]) put${j}(c[i], i, buf, b);`
          : unrolled(n, (i) => `if (c[${i}] !== p[${i}]) put${j}(c[${i}], ${i}, buf, b);`);
      const get = `if (c${j} === NONE) { const p = p${j} = from === undefined ? undefined : from[${key}]; if (p === undefined) c${j} = dec${j}(buf, b); else { const o = c${j} = o${j}; ${copy} } } return c${j};`;
      accessors.push(accessor(key, get, set));
      commits.push(
        `if (c${j} !== NONE) { const c = c${j}, p = p${j}; if (p !== undefined && (c === o${j} || Array.isArray(c)) && c.length === p.length) { ${compare} } else enc${j}(c, buf, b); }`,
      );
    } else {
      accessors.push(accessor(key, `if (c${j} === NONE) c${j} = dec${j}(buf, b); return c${j};`, set));
      commits.push(`if (c${j} !== NONE) enc${j}(c${j}, buf, b);`);
    }
  });
  const body = `
${helpers.join('\n')}
return function makeView() {
  let buf = new Uint32Array(${words}), b = 0, from = undefined;
  ${containers.map((j) => `let c${j} = NONE, p${j} = undefined, o${j} = dec${j}(buf, 0);`).join(' ')}
  // A class of its own per view keeps the object's properties in V8's fast mode (accessors
  // defined on a plain object literal, or on two objects of one class, make it a dictionary).
  const state = new (class State {})();
${accessors.join('\n')}
  return {
    state,
    point(nextBuf, nextBase, parent) { buf = nextBuf; b = nextBase; from = parent; ${containers.map((j) => `c${j} = NONE;`).join(' ')} },
    commit() {
${commits.join('\n')}
    },
  };
};`;
  return { body, consts: gen.consts };
}

/** The statements `statement(0) .. statement(n - 1)`, one after another. */
function unrolled(n: number, statement: (i: number) => string): string {
  return Array.from({ length: n }, (_, i) => statement(i)).join(' ');
}

/** The statement that defines field `key` of the view's state with a getter and a setter (of `v`). */
function accessor(key: string, get: string, set: string): string {
  return `Object.defineProperty(state, ${key}, { enumerable: true, get() { ${get} }, set(v) { ${set} } });`;
}

/** The words `[first, last]` that a field's bits touch. */
function span(field: Field): number[] {
  if (field.bits === 0) return [];
  const first = field.start >>> 5;
  const last = (field.start + field.bits - 1) >>> 5;
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Statements that load the words of a field's span into the locals the generator reads. */
function load(field: Field): string {
  return span(field)
    .map((w) => `const w${w} = buf[b + ${w}];`)
    .join(' ');
}

/** Statements that store the word locals into the field's bits of `buf`, keeping the other bits. */
function store(field: Field): string {
  const end = field.start + field.bits;
  return span(field)
    .map((w) => {
      const lo = Math.max(field.start, w * 32) - w * 32;
      const hi = Math.min(end, (w + 1) * 32) - w * 32;
      const mask = hi - lo === 32 ? 0xffffffff : (((1 << (hi - lo)) - 1) << lo) >>> 0;
      return mask === 0xffffffff ? `buf[b + ${w}] = w${w};` : `buf[b + ${w}] = (buf[b + ${w}] & ${~mask >>> 0}) | w${w};`;
    })
    .join(' ');
}

/** The body of a leaf field's getter: a read of its bits. */
function leafGetter(gen: Generator, field: Field, leaf: Leaf): string {
  gen.offset = field.start;
  const value = gen.decodeLeaf(leaf, gen.read(bitsOf(leaf)));
  return `${load(field)} return ${value};`;
}

/** The body of a leaf field's setter (of `v`): the encoder's check, then a write of its bits in place. */
function leafSetter(gen: Generator, field: Field, leaf: Leaf): string {
  gen.offset = field.start;
  const code = gen.encodeLeaf(leaf, 'v', field.key);
  const locals = span(field)
    .map((w) => `let w${w} = 0;`)
    .join(' ');
  return `${locals}\n${code.join('\n')}\n${store(field)}`;
}

/** A function `dec<j>(buf, b)` that decodes container field j into a fresh plain value. */
function decoder(gen: Generator, field: Field, j: number): string {
  gen.offset = field.start;
  const statements: string[] = [];
  const value = gen.decode(field.shape, statements);
  return `function dec${j}(buf, b) { ${load(field)}\n${statements.join('\n')}\nreturn ${value}; }`;
}

/** A function `enc<j>(v, buf, b)` that checks container value `v` and writes it into field j's bits. */
function encoder(gen: Generator, field: Field, j: number): string {
  gen.offset = field.start;
  const code = gen.encode(field.shape, 'v', field.key);
  const locals = span(field)
    .map((w) => `let w${w} = 0;`)
    .join(' ');
  return `function enc${j}(v, buf, b) { ${locals}\n${code.join('\n')}\n${store(field)} }`;
}

/**
 * For an array or list of leaves (of fields narrower than a word), a function
 * `put<j>(v, i, buf, b)` that checks element value `v` and writes it as element `i` of field j;
 * undefined for other containers.
 */
function elementWriter(gen: Generator, field: Field, j: number): string | undefined {
  const shape = field.shape;
  if ((shape.kind !== 'array' && shape.kind !== 'list') || !isLeaf(shape.element)) return undefined;
  const leaf = shape.element;
  const bits = bitsOf(leaf);
  if (bits >= 32) return undefined;
  const first = field.start + (shape.kind === 'list' ? bitsOf({ kind: 'int', min: 0, max: shape.maxLength }) : 0);
  const reject = `fail(${JSON.stringify(field.key)} + '[' + i + ']', v, ${JSON.stringify(describeLeaf(leaf))})`;
  const check = gen.leafCode(leaf, 'v', 'c', reject).join('\n');
  const mask = (1 << bits) - 1;
  const write =
    bits === 0
      ? ''
      : `const at = ${first} + i * ${bits}, w = b + (at >>> 5), shift = at & 31;
buf[w] = (buf[w] & ~(${mask} << shift)) | (c << shift);
if (shift > ${32 - bits}) buf[w + 1] = (buf[w + 1] & ~(${mask} >>> (32 - shift))) | (c >>> (32 - shift));`;
  return `function put${j}(v, i, buf, b) { let c;\n${check}\n${write} }`;
}
