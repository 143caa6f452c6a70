import { z } from 'zod';
import { range, type DeepReadonly } from 'interleave-check';
import type { Mechanisms } from './mechanisms.js';
import { frameTable, inlines, Names, optimise, sourceOf, type Statement, type Variant } from './program.js';

/** The model's parameters (the model's schema says what each means). */
export interface Params {
  readonly ints: number;
  readonly spareHeapSlots: number;
  readonly compaction: boolean;
  readonly intMemory: 'malloc' | 'ocaml-heap';
  readonly finalisers: boolean;
  readonly releaseRuntimeLock: boolean;
  readonly cWritesBack: boolean;
  readonly gcVisibility: boolean;
}

/** The state's schema, for these values, ints and pointer locals, a heap of `heapSlots` slots and a function of `returned` statements. */
function stateSchema(valueKeys: string[], intKeys: string[], locals: string[], heapSlots: number, returned: number) {
  const Address = z.number().int().min(0).max(heapSlots - 1);
  const keyed = <T extends z.ZodType>(keys: string[], schema: T) => z.object(Object.fromEntries(keys.map((k) => [k, schema])) as Record<string, T>);
  const Value = z.object({
    life: z.enum(['unallocated', 'allocated', 'garbage', 'swept']),
    at: Address.nullable(),
    /** Its `~finalise` function (Gc.finalise): attached, due (a marking found the value dead and queued it), or ran. */
    finaliser: z.enum(['none', 'attached', 'due', 'ran']),
  });
  const valueKey = z.enum(valueKeys as [string, ...string[]]);
  const intKey = z.enum(intKeys as [string, ...string[]]);
  return z.object({
    /** The safepoint the function is at: before compiled statement pc; `returned`: in the caller; `returned + 1`: after Gc.full_major. */
    pc: z.number().int().min(0).max(returned + 1),
    /** Where a call that released the runtime lock is in C. With the lock held the call is one step, and this stays `outside`. */
    cCall: z.enum(['outside', 'entered', 'has-read', 'has-written']),
    /** Each OCaml pointer value (fat pointer and managed buffer): garbage once a marking missed it, swept once freed. */
    values: keyed(valueKeys, Value),
    /** The frame slot of each pointer local: the heap address it holds (the compactor rewrites only the live ones). */
    frame: keyed(locals, Address.nullable()),
    /** Each int's Ctypes.Root cell: malloc'd, registered as a generational global root, holding the int's pointer. */
    rootCells: keyed(intKeys, z.enum(['none', 'registered', 'freed'])),
    /** intMemory=ocaml-heap: the heap address each struct field holds. (A malloc'd int's address never changes, so it is no field.) */
    fieldAddress: keyed(intKeys, Address.nullable()),
    /** The freed memory C read, if any, as a sanitizer would report it. */
    readAfterFree: valueKey.nullable(),
    /** The freed int C wrote into, if any. */
    writeAfterFree: intKey.nullable(),
    /** The int whose old heap address C dereferenced after the compactor moved it, if any. */
    movedAccess: intKey.nullable(),
    /** History for the reachability checks only: what the collector did after the first field store, before the C call returned. */
    observed: z.object({ markedBeforeCall: z.boolean(), markedDuringCall: z.boolean(), intMovedBeforeCall: z.boolean() }),
  });
}

/** A state of the model. */
export type State = z.infer<ReturnType<typeof stateSchema>>;
/** A state as guards, properties and descriptions see it. */
export type View = DeepReadonly<State>;

/**
 * The machine the seed's function runs on, for one variant and parameter setting: the
 * compiled code and its frame table, the OCaml heap, the global roots, and what the GC and C
 * see in a state. Value 0 is the struct's pointer (its managed buffer owns the struct's C
 * block); value j (from 1) is int j's.
 */
export class Machine {
  /** The names of locals, fields and finalisers. */
  readonly names: Names;
  /** The function's source, before the optimiser. */
  readonly source: readonly Statement[];
  /** The compiled code the model runs. */
  readonly code: readonly Statement[];
  /** The frame table: the locals live at each safepoint. */
  readonly live: readonly string[][];
  /** The pc once the function has returned to its caller; `returned + 1` is after the caller's Gc.full_major. */
  readonly returned: number;
  /** The OCaml heap's size in slots. */
  readonly heapSlots: number;
  /** Whether the ints' memory lies inside their OCaml blocks (intMemory=ocaml-heap). */
  readonly intsInHeap: boolean;
  /** The ints, 1 to `ints`. */
  readonly intIds: number[];
  /** The OCaml pointer values: the struct's (0) and the ints'. */
  readonly valueIds: number[];
  /** The index of the foreign call in the compiled code. */
  readonly callIndex: number;
  /** The state's schema. */
  readonly schema: ReturnType<typeof stateSchema>;

  constructor(
    readonly params: Params,
    variant: Variant,
    readonly mechanisms: Mechanisms,
  ) {
    this.names = new Names(params.ints);
    this.source = sourceOf(variant, params.ints, { finalisers: params.finalisers, keepAliveAfterCall: mechanisms.keepAliveAfterCall });
    this.code = optimise(this.source, inlines(variant, mechanisms), mechanisms.externalsOpaque);
    this.live = frameTable(this.code);
    this.returned = this.code.length;
    this.heapSlots = 1 + params.ints + params.spareHeapSlots;
    this.intsInHeap = params.intMemory === 'ocaml-heap';
    this.intIds = range(params.ints).map((k) => k + 1);
    this.valueIds = range(1 + params.ints);
    this.callIndex = this.code.findIndex((s) => s.kind === 'foreign-call');
    this.schema = stateSchema(this.valueIds.map((v) => this.key(v)), this.intIds.map((j) => this.key(j)), this.valueIds.map((v) => this.local(v)), this.heapSlots, this.returned);
  }

  /** Value v's key in the state's records. */
  key(v: number): string {
    return v === 0 ? 'struct' : this.params.ints === 1 ? 'int' : `int${v}`;
  }
  /** The local that holds value v's pointer. */
  local(v: number): string {
    return v === 0 ? this.names.struct : this.names.int(v);
  }
  /** The value a state key names. */
  valueOf(key: string): number {
    return this.valueIds.find((v) => this.key(v) === key)!;
  }
  /** The index of the statement that stores int j's address into the struct. */
  storeIndex(j: number): number {
    return this.code.findIndex((s) => s.kind === 'store-field' && s.int === j);
  }
  /** The keep-alive the source has for int j and the optimiser removed, if any. */
  dropped(j: number): Statement | undefined {
    return this.source.find((st) => st.kind === 'keep-alive-call' && st.int === j && !this.code.includes(st));
  }

  /** Value v's record in a state. */
  value(s: View, v: number) {
    return s.values[this.key(v)];
  }
  /** Whether C is running a call that released the runtime lock. */
  inC(s: View): boolean {
    return s.cCall !== 'outside';
  }
  /** The statement the function is about to run, if it is running OCaml code. */
  statement(s: View): Statement | undefined {
    return s.pc < this.returned && !this.inC(s) ? this.code[s.pc] : undefined;
  }
  /** Whether the struct's field for int j holds its address. */
  fieldHolds(s: View, j: number): boolean {
    return s.pc > this.storeIndex(j);
  }
  /** The ints whose address the struct holds. */
  stored(s: View): number[] {
    return this.intIds.filter((j) => this.fieldHolds(s, j));
  }
  /** Between the first field store and the C call, at a safepoint of the function. */
  beforeCall(s: View): boolean {
    return s.pc > this.storeIndex(1) && s.pc <= this.callIndex && !this.inC(s);
  }
  /** Whether value v occupies a heap slot. */
  inHeap(s: View, v: number): boolean {
    return this.value(s, v).life === 'allocated' || this.value(s, v).life === 'garbage';
  }
  /** The value at a heap address, if any. */
  valueAt(s: View, address: number | null): number | undefined {
    return this.valueIds.find((v) => this.inHeap(s, v) && this.value(s, v).at === address);
  }
  /**
   * The pointer locals the GC scans: those the frame descriptor lists. At a safepoint of the
   * function, the locals its code still reads; while C runs without the runtime lock, those
   * read after the call (the descriptor of the call's return address).
   */
  liveSlots(s: View): number[] {
    const at = this.inC(s) ? this.callIndex + 1 : s.pc;
    return at <= this.returned ? this.valueIds.filter((v) => this.live[at].includes(this.local(v))) : [];
  }
  /** The ints whose Ctypes.Root cell is registered. */
  registered(s: View): number[] {
    return this.intIds.filter((j) => s.rootCells[this.key(j)] === 'registered');
  }
  /** The global roots a marking starts from. */
  globalRoots(s: View): number[] {
    return this.mechanisms.globalRootsScanned ? this.registered(s) : [];
  }
  /** Whether ctypes holds the call's argument (the struct) now: while the call runs. */
  heldArgument(s: View): boolean {
    return this.inC(s) && this.mechanisms.argumentsKeptAlive;
  }
  /** What the program holds here: the values the live frame slots point to, the global roots, the call's argument. */
  held(s: View): Set<number> {
    const set = new Set<number>(this.globalRoots(s));
    if (this.heldArgument(s)) set.add(0);
    for (const v of this.liveSlots(s)) {
      const target = this.valueAt(s, s.frame[this.local(v)]);
      if (target !== undefined) set.add(target);
    }
    return set;
  }
  /** What a marking reaches: what the program holds, and the values whose finaliser is due (the finalisation queue keeps them). */
  reached(s: View): Set<number> {
    const set = this.held(s);
    for (const v of this.valueIds) if (this.value(s, v).finaliser === 'due') set.add(v);
    return set;
  }
  /** What C finds when it follows int j's field: the int, freed memory, or (ints in the OCaml heap) an address the int has left. */
  found(s: View, j: number): 'the int' | 'freed' | 'moved' {
    if (this.value(s, j).life === 'swept') return 'freed';
    return this.intsInHeap && s.fieldAddress[this.key(j)] !== this.value(s, j).at ? 'moved' : 'the int';
  }
  /** Whether every block the function allocated, and every root cell, is freed. */
  everyBlockFreed(s: View): boolean {
    return this.valueIds.every((v) => this.value(s, v).life === 'swept') && this.registered(s).length === 0;
  }
}
