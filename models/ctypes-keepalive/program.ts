/**
 * The OCaml function of seed 001, per variant: its source, what the optimiser makes of it,
 * and the frame table (the locals live at each safepoint) computed from the compiled code.
 *
 * The model runs the compiled code, never the source: which locals the GC scans at a
 * safepoint is decided by a liveness analysis of the code the optimiser produced, as
 * ocamlopt's frame descriptors are. So an `ignore my_int_pointer` that the inliner turns into
 * `()` and drops stops keeping the int alive, exactly as the seed describes.
 */

/** The six programs: the seed's bug and the five ways round it the seed and its notes discuss. */
export const variantNames = [
  'no-keep-alive',
  'ignore-call',
  'ignore-inlined',
  'root-leaked',
  'root-released',
  'opaque-keep-alive',
] as const;

/** A variant's name. */
export type Variant = (typeof variantNames)[number];

/** A function the program calls after the foreign call to keep an int alive. */
export interface Callee {
  /** Its name in the source. */
  readonly name: string;
  /** Whether the inliner can see its body and substitute it. An external C function is opaque. */
  readonly inlinable: boolean;
}

/** `ignore` as the seed reasons about it: a function `fun _ -> ()`, which an inliner may substitute. */
export const ignoreFn: Callee = { name: 'ignore', inlinable: true };

/**
 * Ctypes' own keep-alive, `external use_value : 'a -> unit = "ctypes_use" [@@noalloc]`: a C
 * function that does nothing ("concealing from the optimizer that nothing is being done").
 * No optimiser may remove a call it cannot see into.
 */
export const useValue: Callee = { name: 'Ctypes_memory_stubs.use_value', inlinable: false };

/** How the int is allocated: plainly, or with a global root (Ctypes.Root.create) that is dropped or kept. */
export type Rooting = 'none' | 'root-dropped' | 'root-returned';

/** One statement of the function. `uses` are the locals it reads, `binds` those it defines. */
export type Statement = { readonly text: string; readonly uses: readonly string[]; readonly binds: readonly string[] } & (
  | { readonly kind: 'allocate-struct' }
  | { readonly kind: 'allocate-int'; readonly int: number; readonly rooting: Rooting }
  | { readonly kind: 'write-int'; readonly int: number }
  | { readonly kind: 'store-field'; readonly int: number }
  | { readonly kind: 'foreign-call' }
  | { readonly kind: 'keep-alive-call'; readonly int: number; readonly callee: Callee }
  | { readonly kind: 'release-root'; readonly int: number }
  | { readonly kind: 'return' }
);

/** The names of the function's locals and of the struct's fields, for `ints` int pointers (the seed has one). */
export class Names {
  constructor(readonly ints: number) {}
  /** The local holding the struct's pointer. */
  readonly struct = 'my_struct_pointer';
  /** The local holding int j's pointer (j from 1). */
  int(j: number): string {
    return this.ints === 1 ? 'my_int_pointer' : `my_int_pointer_${j}`;
  }
  /** The local holding int j's global root (root-released only). */
  root(j: number): string {
    return this.ints === 1 ? 'my_int_root' : `my_int_root_${j}`;
  }
  /** The struct's field that holds int j's address. */
  field(j: number): string {
    return this.ints === 1 ? 'int_ptr_field' : `int_ptr_field_${j}`;
  }
  /** The value written into int j (the seed writes 3). */
  written(j: number): number {
    return j + 2;
  }
  /** The seed's diagnostic finaliser of the struct (j = 0) or of int j. */
  finaliser(j: number): string {
    return j === 0 ? 'my_struct_finaliser' : this.ints === 1 ? 'my_int_finaliser' : `my_int_finaliser_${j}`;
  }
  /** What that finaliser prints. */
  printed(j: number): string {
    return j === 0 ? 'finalise the struct' : this.ints === 1 ? 'finalise the int' : `finalise int ${j}`;
  }
}

/** How the source is written, beyond the variant. */
export interface SourceOptions {
  /**
   * The seed's diagnostic: every allocation gets `~finalise:f`, where f prints "finalise the
   * int" (or the struct). Without it the allocations pass `?finalise:None`, as in "The Bug".
   */
  readonly finalisers: boolean;
  /**
   * Where the keep-alive (`ignore`, `use_value` or `Root.release`) stands: after the C call,
   * where every fix puts it (true), or just before it (false: a mutation that takes the fix out).
   */
  readonly keepAliveAfterCall: boolean;
}

/** The source of the function for a variant, with `ints` ints stored into the struct (the seed: 1). */
export function sourceOf(variant: Variant, ints: number, options: SourceOptions): Statement[] {
  const n = new Names(ints);
  const js = Array.from({ length: ints }, (_, k) => k + 1);
  const finalise = (j: number) => (options.finalisers ? ` ~finalise:${n.finaliser(j)}` : '');
  const rooting: Rooting = variant === 'root-leaked' ? 'root-dropped' : variant === 'root-released' ? 'root-returned' : 'none';
  const code: Statement[] = [
    {
      kind: 'allocate-struct',
      text: `let ${n.struct} = Ctypes.allocate_n ~count:1${finalise(0)} MyStructure.typ`,
      uses: [],
      binds: [n.struct],
    },
  ];
  for (const j of js) {
    const allocation =
      rooting === 'none'
        ? { text: `let ${n.int(j)} = Ctypes.allocate_n ~count:1${finalise(j)} Ctypes.int`, binds: [n.int(j)] }
        : rooting === 'root-dropped'
          ? { text: `let ${n.int(j)} = static_allocate_n ~count:1${finalise(j)} Ctypes.int`, binds: [n.int(j)] }
          : { text: `let ${n.int(j)}, ${n.root(j)} = rooted_allocate_n ~count:1${finalise(j)} Ctypes.int`, binds: [n.int(j), n.root(j)] };
    code.push(
      { kind: 'allocate-int', int: j, rooting, uses: [], ...allocation },
      { kind: 'write-int', int: j, text: `${n.int(j)} <-@ ${n.written(j)}`, uses: [n.int(j)], binds: [] },
      {
        kind: 'store-field',
        int: j,
        text: `${n.struct} |-> MyStructure.${n.field(j)} <-@ ${n.int(j)}`,
        uses: [n.struct, n.int(j)],
        binds: [],
      },
    );
  }
  const keepAlive: Statement[] = [];
  for (const j of js) {
    if (variant === 'ignore-call' || variant === 'ignore-inlined') {
      keepAlive.push({ kind: 'keep-alive-call', int: j, callee: ignoreFn, text: `ignore ${n.int(j)}`, uses: [n.int(j)], binds: [] });
    } else if (variant === 'opaque-keep-alive') {
      keepAlive.push({ kind: 'keep-alive-call', int: j, callee: useValue, text: `${useValue.name} ${n.int(j)}`, uses: [n.int(j)], binds: [] });
    } else if (variant === 'root-released') {
      keepAlive.push({ kind: 'release-root', int: j, text: `Ctypes.Root.release ${n.root(j)}`, uses: [n.root(j)], binds: [] });
    }
  }
  const call: Statement = { kind: 'foreign-call', text: `let ret = a_foreign_call_into_c ${n.struct}`, uses: [n.struct], binds: [] };
  code.push(...(options.keepAliveAfterCall ? [call, ...keepAlive] : [...keepAlive, call]));
  code.push({ kind: 'return', text: 'ret', uses: [], binds: [] });
  return code;
}

/** What the optimiser may do: the switches a mutation test flips to take a fix out. */
export interface Compiler {
  /**
   * Whether the inliner runs: `per-variant` as each variant is compiled (`ignore-call` without
   * it, every other variant with it), or `always` (a mutation that takes `ignore-call`'s fix out).
   */
  readonly inlining: 'per-variant' | 'always';
  /**
   * Whether an external such as `use_value` is opaque to the optimiser (true, as in OCaml).
   * False is a mutation: the optimiser sees that it does nothing, as it sees through `ignore`.
   */
  readonly externalsOpaque: boolean;
}

/** Whether the variant is compiled with the inliner on. Only the ignore variants differ in what it does. */
export function inlines(variant: Variant, compiler: Compiler): boolean {
  return compiler.inlining === 'always' || variant !== 'ignore-call';
}

/**
 * The optimiser, as far as it matters here: with inlining on, a call to a function whose body
 * the inliner sees is replaced by that body. `ignore x` becomes `()`, a unit constant with no
 * effect, and the simplifier drops it: the use of `x` is gone from the compiled code.
 */
export function optimise(source: readonly Statement[], inline: boolean, externalsOpaque: boolean): Statement[] {
  const seenThrough = (s: Statement) => s.kind === 'keep-alive-call' && (s.callee.inlinable || !externalsOpaque);
  return source.filter((s) => !(inline && seenThrough(s)));
}

/** The compiled code of a variant. */
export function compiledCode(variant: Variant, ints: number, source: SourceOptions, compiler: Compiler): Statement[] {
  return optimise(sourceOf(variant, ints, source), inlines(variant, compiler), compiler.externalsOpaque);
}

/**
 * The frame table: for each safepoint k (before statement k; k = code.length once the function
 * has returned), the locals the compiled code still reads from there on. A backward liveness
 * analysis, as the native compiler's: live(k) = uses(k) ∪ (live(k+1) − binds(k)).
 */
export function frameTable(code: readonly Statement[]): string[][] {
  const live: string[][] = Array.from({ length: code.length + 1 }, () => []);
  for (let k = code.length - 1; k >= 0; k--) {
    const after = live[k + 1].filter((x) => !code[k].binds.includes(x));
    live[k] = [...new Set([...code[k].uses, ...after])];
  }
  return live;
}
