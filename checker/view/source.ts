import { Generator } from '../encoding/generator.js';
import { bitsOf, bitsOfShape, isLeaf, type Leaf, type Shape } from '../encoding/layout.js';

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
 * state-view.ts for what a view is). Leaf fields are an accessor pair reading and writing
 * their bit field in place; a container field (array, list, tuple, object) is decoded into a
 * plain value on first access after `point`, and encoded back by `commit`.
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
  const members: string[] = [];
  const containers: number[] = [];
  fields.forEach((field, j) => {
    const key = JSON.stringify(field.key);
    if (isLeaf(field.shape)) {
      members.push(leafGetter(gen, field, field.shape), leafSetter(gen, field, field.shape));
      return;
    }
    containers.push(j);
    helpers.push(decoder(gen, field, j), encoder(gen, field, j));
    members.push(
      `get ${key}() { if (c${j} === NONE) c${j} = dec${j}(buf, b); return c${j}; }`,
      `set ${key}(v) { if (ro) { mutated = true; return; } c${j} = v; }`,
    );
  });
  const cached = containers.map((j) => `c${j} = NONE;`).join(' ');
  const commit = containers.map((j) => `if (c${j} !== NONE) enc${j}(c${j}, buf, b);`).join('\n');
  const body = `
${helpers.join('\n')}
return function makeView() {
  let buf = new Uint32Array(${words}), b = 0, ro = true, mutated = false;
  ${containers.map((j) => `let c${j} = NONE;`).join(' ')}
  const scratch = new Uint32Array(${words});
  const state = {
${members.join(',\n')}
  };
  return {
    state,
    point(nextBuf, nextBase, readOnly) { buf = nextBuf; b = nextBase; ro = readOnly; mutated = false; ${cached} },
    commit() {
${commit}
    },
    changed() {
      if (mutated) return true;
      if (${containers.length === 0 ? 'true' : containers.map((j) => `c${j} === NONE`).join(' && ')}) return false;
      const stored = buf, at = b;
      for (let w = 0; w < ${words}; w++) scratch[w] = stored[at + w];
      buf = scratch; b = 0;
      try {
${commit}
      } catch {
        return true;
      } finally {
        buf = stored; b = at;
      }
      for (let w = 0; w < ${words}; w++) if (scratch[w] !== stored[at + w]) return true;
      return false;
    },
  };
};`;
  return { body, consts: gen.consts };
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

function leafGetter(gen: Generator, field: Field, leaf: Leaf): string {
  gen.offset = field.start;
  const value = gen.decodeLeaf(leaf, gen.read(bitsOf(leaf)));
  return `get ${JSON.stringify(field.key)}() { ${load(field)} return ${value}; }`;
}

/** The setter of a leaf field: the encoder's check, then a write of its bits in place. */
function leafSetter(gen: Generator, field: Field, leaf: Leaf): string {
  gen.offset = field.start;
  const code = gen.encodeLeaf(leaf, 'v', field.key);
  const locals = span(field)
    .map((w) => `let w${w} = 0;`)
    .join(' ');
  return `set ${JSON.stringify(field.key)}(v) { if (ro) { mutated = true; return; } ${locals}\n${code.join('\n')}\n${store(field)} }`;
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
