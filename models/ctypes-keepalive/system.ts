import { z } from 'zod';
import { always, atEnd, eventually, range, sometimes, system, type ActionSpec, type DeepReadonly, type Property, type System } from 'interleave';
import type { Mechanisms } from './mechanisms.js';
import { frameTable, inlines, Names, optimise, sourceOf, type Statement, type Variant } from './program.js';

/** The harm itself: C dereferences memory that a finaliser or the sweep has freed. */
export const useAfterFree = 'no memory is read after it is freed';
/** The seed's "writing to it again later anyways": C writes back through the int pointer after the int was freed. */
export const writeAfterFree = 'no memory is written after it is freed';
/** With the int's memory in the OCaml heap: C follows an address the compactor has moved the int away from. */
export const movedAccess = 'no address is dereferenced after its block has moved';
/** The GC-visibility invariant. It fails at the earliest moment the bug exists: see the README. */
export const visibility = 'every C block reachable from a live C block has a live owner';
/** The leak of a global root that is never released. */
export const noLeak = 'every block the function allocated has been freed after it returned and a full GC ran';
/** The leak as a liveness property: whatever the collector does, every block is freed in the end. */
export const eventuallyFreed = 'every block the function allocated is eventually freed';
/** What makes moving OCaml values safe: the compactor rewrote every slot the code will still read. */
export const currentSlots = "every frame slot the code still reads holds its value's current address";

/** The model's parameters (see the model's schema for what each means). */
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

/**
 * Builds the system of seed 001 for one variant and one parameter setting, with the given
 * mechanisms (all on in the bundled model; a mutation test switches one off).
 */
export function buildSystem(params: Params, variant: Variant, mechanisms: Mechanisms): System {
  const { ints, spareHeapSlots, compaction, intMemory, finalisers, releaseRuntimeLock, cWritesBack, gcVisibility } = params;
  const names = new Names(ints);
  const source = sourceOf(variant, ints, { finalisers, keepAliveAfterCall: mechanisms.keepAliveAfterCall });
  const code = optimise(source, inlines(variant, mechanisms), mechanisms.externalsOpaque);
  const live = frameTable(code);
  const returned = code.length;
  const done = returned + 1;
  const heapSlots = 1 + ints + spareHeapSlots;
  const intsInHeap = intMemory === 'ocaml-heap';
  const intIds = range(ints).map((k) => k + 1);
  // OCaml pointer values: 0 is the struct's (its managed buffer owns the struct's C block), j is int j's.
  const valueIds = range(1 + ints);
  const key = (v: number) => (v === 0 ? 'struct' : ints === 1 ? 'int' : `int${v}`);
  const local = (v: number) => (v === 0 ? names.struct : names.int(v));
  const callIndex = code.findIndex((s) => s.kind === 'foreign-call');
  const storeIndex = (j: number) => code.findIndex((s) => s.kind === 'store-field' && s.int === j);
  /** The keep-alive the source has for int j and the optimiser removed, if any. */
  const dropped = (j: number) => source.find((st) => st.kind === 'keep-alive-call' && st.int === j && !code.includes(st));

  const Address = z.number().int().min(0).max(heapSlots - 1);
  const Value = z.object({
    life: z.enum(['unallocated', 'allocated', 'garbage', 'swept']),
    at: Address.nullable(),
    /** Its `~finalise` function (Gc.finalise): attached, due (a marking found the value dead and queued it), or ran. */
    finaliser: z.enum(['none', 'attached', 'due', 'ran']),
  });
  const keyed = <T extends z.ZodType>(ids: number[], name: (v: number) => string, schema: T) =>
    z.object(Object.fromEntries(ids.map((v) => [name(v), schema])) as Record<string, T>);
  const valueKey = z.enum(valueIds.map(key) as [string, ...string[]]);
  const intKey = z.enum(intIds.map(key) as [string, ...string[]]);
  const State = z.object({
    /** The safepoint the function is at: before compiled statement pc; `returned`: in the caller; `done`: after Gc.full_major. */
    pc: z.number().int().min(0).max(done),
    /** Where a call that released the runtime lock is in C. With the lock held the call is one step, and this stays `outside`. */
    cCall: z.enum(['outside', 'entered', 'has-read', 'has-written']),
    /** Each OCaml pointer value (fat pointer and managed buffer): garbage once a marking missed it, swept once freed. */
    values: keyed(valueIds, key, Value),
    /** The frame slot of each pointer local: the heap address it holds (the compactor rewrites only the live ones). */
    frame: keyed(valueIds, local, Address.nullable()),
    /** Each int's Ctypes.Root cell: malloc'd, registered as a generational global root, holding the int's pointer. */
    rootCells: keyed(intIds, key, z.enum(['none', 'registered', 'freed'])),
    /** intMemory=ocaml-heap: the heap address each struct field holds. (A malloc'd int's address never changes, so it is not a field.) */
    fieldAddress: keyed(intIds, key, Address.nullable()),
    /** The freed memory C read, if any, as a sanitizer would report it. */
    readAfterFree: valueKey.nullable(),
    /** The freed int C wrote into, if any. */
    writeAfterFree: intKey.nullable(),
    /** The int whose old heap address C dereferenced after the compactor moved it, if any. */
    movedAccess: intKey.nullable(),
    /** History for the reachability checks only: what the collector did after the first field store, before the C call returned. */
    observed: z.object({ markedBeforeCall: z.boolean(), markedDuringCall: z.boolean(), intMovedBeforeCall: z.boolean() }),
  });
  type State = z.infer<typeof State>;
  type View = DeepReadonly<State>;

  const value = (s: View, v: number) => s.values[key(v)];
  const inC = (s: View) => s.cCall !== 'outside';
  const statement = (s: View): Statement | undefined => (s.pc < returned && !inC(s) ? code[s.pc] : undefined);
  const fieldHolds = (s: View, j: number) => s.pc > storeIndex(j);
  const stored = (s: View) => intIds.filter((j) => fieldHolds(s, j));
  const beforeCall = (s: View) => s.pc > storeIndex(1) && s.pc <= callIndex && !inC(s);
  const inHeap = (s: View, v: number) => value(s, v).life === 'allocated' || value(s, v).life === 'garbage';
  const valueAt = (s: View, address: number | null) => valueIds.find((v) => inHeap(s, v) && value(s, v).at === address);
  /**
   * The pointer locals the GC scans: those the frame descriptor lists. At a safepoint of the
   * function, the locals its code still reads; while C runs without the runtime lock, those
   * read after the call (the descriptor of the call's return address).
   */
  const liveSlots = (s: View) => {
    const at = inC(s) ? callIndex + 1 : s.pc;
    return at <= returned ? valueIds.filter((v) => live[at].includes(local(v))) : [];
  };
  const registered = (s: View) => intIds.filter((j) => s.rootCells[key(j)] === 'registered');
  const globalRoots = (s: View) => (mechanisms.globalRootsScanned ? registered(s) : []);
  /** The call's argument, which ctypes holds until the call returns. */
  const heldArgument = (s: View) => inC(s) && mechanisms.argumentsKeptAlive;
  /** What the program holds here: the values the live frame slots point to, the global roots, the call's argument. */
  const held = (s: View): Set<number> => {
    const set = new Set<number>(globalRoots(s));
    if (heldArgument(s)) set.add(0);
    for (const v of liveSlots(s)) {
      const target = valueAt(s, s.frame[local(v)]);
      if (target !== undefined) set.add(target);
    }
    return set;
  };
  /** What a marking reaches: what the program holds, and the values whose finaliser is due (the finalisation queue keeps them). */
  const reached = (s: View): Set<number> => {
    const set = held(s);
    for (const v of valueIds) if (value(s, v).finaliser === 'due') set.add(v);
    return set;
  };
  /** What C finds when it follows int j's field: the int, freed memory, or (ints in the OCaml heap) an address the int has left. */
  const found = (s: View, j: number): 'the int' | 'freed' | 'moved' =>
    value(s, j).life === 'swept' ? 'freed' : intsInHeap && s.fieldAddress[key(j)] !== value(s, j).at ? 'moved' : 'the int';

  const whose = (v: number) => (v === 0 ? "the struct's" : ints === 1 ? "the int's" : `int ${v}'s`);
  /** The OCaml value whose death frees v's memory. */
  const owner = (v: number) => (v > 0 && intsInHeap ? `${whose(v)} OCaml block` : `${whose(v)} managed buffer`);
  /** The memory C reads: a malloc'd C block, or (ints in the OCaml heap) the OCaml block itself. */
  const memory = (v: number) => (v > 0 && intsInHeap ? `${whose(v)} OCaml block` : `${whose(v)} C block`);
  const freer = (v: number) => (v > 0 && intsInHeap ? 'the sweep' : `the finaliser of ${owner(v)} (ctypes' finalize_free)`);
  const list = (xs: readonly string[], none = 'none') =>
    xs.length === 0 ? none : xs.length === 1 ? xs[0] : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
  const rootsText = (s: View) =>
    `the frame table lists ${list(liveSlots(s).map(local), 'no slot')}${inC(s) ? " at the call's return address" : ''}; global roots: ${list(registered(s).map((j) => `${names.int(j)}'s Ctypes.Root`))}` +
    (mechanisms.globalRootsScanned || registered(s).length === 0 ? '' : ', not scanned') +
    (heldArgument(s) ? `; ctypes holds the call's argument ${names.struct}` : '');
  const prints = (vs: readonly number[]) => list(vs.map((v) => `${names.finaliser(v)} prints "${names.printed(v)}"`));
  const field = (j: number) => `${names.struct}->${names.field(j)}`;

  const allocationText = (st: Statement & { kind: 'allocate-struct' | 'allocate-int' }, after: View): string => {
    const v = st.kind === 'allocate-int' ? st.int : 0;
    const at = value(after, v).at;
    const finaliser = finalisers ? `; Gc.finalise attaches ${names.finaliser(v)} to ${owner(v)}` : '';
    if (st.kind === 'allocate-struct') return `${st.text}: malloc gives the struct's C block (zeroed); its managed buffer is at heap address ${at}${finaliser}`;
    const where = intsInHeap
      ? `the int's memory lies inside its OCaml block, at heap address ${at}`
      : `malloc gives ${memory(v)}; its managed buffer is at heap address ${at}`;
    if (st.rooting === 'none') return `${st.text}: ${where}${finaliser}`;
    const kept = st.rooting === 'root-dropped' ? 'static_allocate_n drops root_ptr' : `it is returned as ${names.root(v)}`;
    return `${st.text}: ${where}${finaliser}; Ctypes.Root.create registers a global root holding it, and ${kept}`;
  };

  const storeText = (st: Statement & { kind: 'store-field' }, after: View): string => {
    const k = code.indexOf(st);
    const x = names.int(st.int);
    const holds = intsInHeap
      ? `now holds heap address ${after.fieldAddress[key(st.int)]}, the int's current address, in C memory that the GC neither scans nor rewrites`
      : `now holds the raw address of ${memory(st.int)}, which the GC does not scan`;
    const gone = dropped(st.int);
    const inliner = gone ? ` (the inliner made the later \`${gone.text}\` into \`()\` and dropped it)` : '';
    const last = live[k].includes(x) && !live[k + 1].includes(x) ? `; the compiled code never reads ${x} again${inliner}` : '';
    return `${st.text}: the struct's ${names.field(st.int)} ${holds}${last}`;
  };

  /** What C finds when it reads (or writes) through the struct, said of the state before it does. */
  const accessText = (s: View, verb: 'reads' | 'writes'): string => {
    if (verb === 'reads' && value(s, 0).life === 'swept') return `C reads ${memory(0)}: it was freed, a use after free`;
    const what = stored(s).map((j) => {
      const f = found(s, j);
      if (f === 'freed') return `${memory(j)} was freed, a ${verb === 'reads' ? 'use' : 'write'} after free`;
      if (f === 'moved') return `heap address ${s.fieldAddress[key(j)]} no longer holds the int (its block is at ${value(s, j).at})`;
      return verb === 'reads' ? `it reads ${names.written(j)}` : `it writes ${memory(j)}`;
    });
    const into = verb === 'reads' ? 'and dereferences' : 'back through';
    return `C ${verb} ${verb === 'reads' ? list(stored(s).map(field)) + ' ' + into : into + ' ' + list(stored(s).map(field))}: ${what.join('; ')}`;
  };

  const describeStatement = (st: Statement, before: View, after: View): string => {
    switch (st.kind) {
      case 'allocate-struct':
      case 'allocate-int':
        return allocationText(st, after);
      case 'write-int':
        return `${st.text}: ${memory(st.int)} holds ${names.written(st.int)}`;
      case 'store-field':
        return storeText(st, after);
      case 'foreign-call':
        return `${st.text}: ${accessText(before, 'reads')}${cWritesBack ? `; ${accessText(before, 'writes')}` : ''}`;
      case 'keep-alive-call':
        return `${st.text}: ${st.callee.inlinable ? `a real call to ${st.callee.name}` : 'an opaque external call that does nothing'}, so ${names.int(st.int)} was live up to here`;
      case 'release-root':
        return `${st.text}: the global root is removed and its cell freed`;
      case 'return':
        return `${st.text}: the function returns to its caller`;
    }
  };
  const describe = (_arg: unknown, before: View, after: View) => describeStatement(code[before.pc], before, after);

  // C's accesses. It reads the struct, each field stored so far, and the int each points to;
  // writing back, it goes through the addresses it read.
  const reads = (s: State) => {
    if (value(s, 0).life === 'swept') {
      s.readAfterFree ??= key(0);
      return;
    }
    for (const j of stored(s)) {
      const f = found(s, j);
      if (f === 'freed') s.readAfterFree ??= key(j);
      if (f === 'moved') s.movedAccess ??= key(j);
    }
  };
  const writes = (s: State) => {
    for (const j of stored(s)) {
      const f = found(s, j);
      if (f === 'freed') s.writeAfterFree ??= key(j);
      if (f === 'moved') s.movedAccess ??= key(j);
    }
  };
  const free = (s: State, v: number) => {
    s.values[key(v)] = { life: 'swept', at: null, finaliser: value(s, v).finaliser === 'none' ? 'none' : 'ran' };
  };

  const properties: Record<string, Property<State>> = {
    [useAfterFree]: always(
      (s) => s.readAfterFree === null,
      (s) => {
        const v = valueIds.find((i) => key(i) === s.readAfterFree)!;
        const how = v === 0 ? `read ${memory(0)}` : `read ${field(v)} and dereferenced it into ${memory(v)}`;
        return `a_foreign_call_into_c ${how}, which ${freer(v)} had already freed`;
      },
    ),
  };
  if (cWritesBack) {
    properties[writeAfterFree] = always(
      (s) => s.writeAfterFree === null,
      (s) => {
        const j = intIds.find((i) => key(i) === s.writeAfterFree)!;
        const where = intsInHeap
          ? 'in a free slot of the OCaml heap, where the next allocation or the compactor trips over it'
          : "in a chunk malloc has taken back, over the allocator's own free-list link: malloc finds the damage later, when it hands that chunk out again (the seed: \"malloc claims that memory has been corrupted\")";
        return `a_foreign_call_into_c wrote through ${field(j)} after ${freer(j)} had freed ${memory(j)}: the write lands ${where}`;
      },
    );
  }
  if (intsInHeap) {
    properties[movedAccess] = always(
      (s) => s.movedAccess === null,
      (s) => {
        const j = intIds.find((i) => key(i) === s.movedAccess)!;
        return (
          `${field(j)} holds heap address ${s.fieldAddress[key(j)]}, where the int was when its address was stored, but the compactor ` +
          `moved ${owner(j)} to ${value(s, j).at ?? 'nowhere (it was freed)'} and rewrote only the roots it knows: C dereferenced whatever lies at the old address`
        );
      },
    );
  }
  if (gcVisibility) {
    properties[visibility] = always(
      (s) => {
        const roots = held(s);
        return !roots.has(0) || stored(s).every((j) => roots.has(j));
      },
      (s) => {
        const j = stored(s).find((i) => !held(s).has(i))!;
        return (
          `${memory(0)} is live (${names.struct} is in the frame table) and its ${names.field(j)} holds the address of ${memory(j)}, ` +
          `but no root reaches ${owner(j)}: ${rootsText(s)}. The next GC may free the int while the struct still points to it`
        );
      },
    );
  }
  const everyBlockFreed = (s: View) => valueIds.every((v) => value(s, v).life === 'swept') && registered(s).length === 0;
  const stillAllocated = (s: View) => [
    ...valueIds.filter((v) => value(s, v).life !== 'swept').map(memory),
    ...registered(s).map((j) => `${names.int(j)}'s root cell`),
  ];
  Object.assign(properties, {
    [currentSlots]: always<State>(
      (s) => liveSlots(s).every((v) => s.frame[local(v)] === value(s, v).at),
      (s) => {
        const v = liveSlots(s).find((i) => s.frame[local(i)] !== value(s, i).at)!;
        return `${local(v)} is live, but its frame slot holds heap address ${s.frame[local(v)]} while ${owner(v)} is at ${value(s, v).at}`;
      },
    ),
    [noLeak]: atEnd<State>(everyBlockFreed, (s) => {
      const kept = stillAllocated(s);
      const why =
        registered(s).length === 0
          ? ''
          : ': the global root made by Ctypes.Root.create still holds the int, and root_ptr is gone, so nothing can release it: that int lives forever';
      return `after the function returned and Gc.full_major ran, ${list(kept)} ${kept.length === 1 ? 'is' : 'are'} still allocated${why}`;
    }),
    [eventuallyFreed]: eventually<State>(everyBlockFreed, (s) => {
      const kept = stillAllocated(s);
      return `${list(kept)} ${kept.length === 1 ? 'is' : 'are'} never freed`;
    }),
    'the GC runs between the field store and the C call': sometimes<State>((s) => s.observed.markedBeforeCall),
    'the C call runs': sometimes<State>((s) => s.pc > callIndex),
  });
  if (releaseRuntimeLock) {
    properties['the GC runs while C runs without the runtime lock'] = sometimes((s) => s.observed.markedDuringCall);
  }
  if (variant !== 'root-leaked') {
    // In root-leaked the int is never collected: that is its bug, which the leak property reports.
    properties['every int is collected after its last use, before the final full GC'] = sometimes(
      (s) => s.pc <= returned && intIds.every((j) => value(s, j).life === 'swept'),
    );
  }
  if (compaction) {
    properties['a compaction moves an int while the struct holds its address'] = sometimes((s) => s.observed.intMovedBeforeCall);
  }

  // The foreign call: one step while it holds the runtime lock (no GC can run inside it), or,
  // with the lock released, entering C, reading, writing back and returning, with the collector
  // of another thread free to run between any two of them.
  const callFinished = cWritesBack ? 'has-written' : 'has-read';
  const callActions: Record<string, ActionSpec<State, undefined>> = releaseRuntimeLock
    ? {
        enterC: {
          actor: () => 'C code',
          guard: (s: View) => statement(s)?.kind === 'foreign-call',
          effect: (s: State) => {
            s.cCall = 'entered';
          },
          describe: (_arg: unknown, before: View) =>
            `${code[before.pc].text}: ctypes' stub releases the runtime lock and enters C` +
            (mechanisms.argumentsKeptAlive ? `; ctypes holds the argument ${names.struct} until the call returns` : ''),
        },
        cReads: {
          actor: () => 'C code',
          guard: (s: View) => s.cCall === 'entered',
          effect: (s: State) => {
            reads(s);
            s.cCall = 'has-read';
          },
          describe: (_arg: unknown, before: View) => accessText(before, 'reads'),
        },
        ...(cWritesBack
          ? {
              cWrites: {
                actor: () => 'C code',
                guard: (s: View) => s.cCall === 'has-read',
                effect: (s: State) => {
                  writes(s);
                  s.cCall = 'has-written';
                },
                describe: (_arg: unknown, before: View) => accessText(before, 'writes'),
              },
            }
          : {}),
        leaveC: {
          actor: () => 'C code',
          guard: (s: View) => s.cCall === callFinished,
          effect: (s: State) => {
            s.cCall = 'outside';
            s.pc++;
          },
          describe: () => 'a_foreign_call_into_c returns, and the stub takes the runtime lock back',
        },
      }
    : {
        foreignCall: {
          actor: () => 'C code',
          guard: (s: View) => statement(s)?.kind === 'foreign-call',
          effect: (s: State) => {
            reads(s);
            if (cWritesBack) writes(s);
            s.pc++;
          },
          describe,
        },
      };

  return system(State, {
    init: {
      pc: 0,
      cCall: 'outside',
      values: Object.fromEntries(valueIds.map((v) => [key(v), { life: 'unallocated' as const, at: null, finaliser: 'none' as const }])),
      frame: Object.fromEntries(valueIds.map((v) => [local(v), null])),
      rootCells: Object.fromEntries(intIds.map((j) => [key(j), 'none' as const])),
      fieldAddress: Object.fromEntries(intIds.map((j) => [key(j), null])),
      readAfterFree: null,
      writeAfterFree: null,
      movedAccess: null,
      observed: { markedBeforeCall: false, markedDuringCall: false, intMovedBeforeCall: false },
    },
    actions: {
      allocate: {
        over: range(heapSlots),
        actor: () => 'OCaml function',
        guard: (s, address) => {
          const kind = statement(s)?.kind;
          return (kind === 'allocate-struct' || kind === 'allocate-int') && valueAt(s, address) === undefined;
        },
        effect: (s, address) => {
          const st = code[s.pc];
          const v = st.kind === 'allocate-int' ? st.int : 0;
          s.values[key(v)] = { life: 'allocated', at: address, finaliser: finalisers ? 'attached' : 'none' };
          s.frame[local(v)] = address;
          if (st.kind === 'allocate-int' && st.rooting !== 'none') s.rootCells[key(v)] = 'registered';
          s.pc++;
        },
        describe,
      },
      run: {
        actor: () => 'OCaml function',
        guard: (s) => {
          const kind = statement(s)?.kind;
          return kind !== undefined && kind !== 'allocate-struct' && kind !== 'allocate-int' && kind !== 'foreign-call';
        },
        effect: (s) => {
          const st = code[s.pc];
          if (st.kind === 'release-root') s.rootCells[key(st.int)] = 'freed';
          // The store copies the int's pointer from its frame slot into C memory.
          if (st.kind === 'store-field' && intsInHeap) s.fieldAddress[key(st.int)] = s.frame[local(st.int)];
          s.pc++;
        },
        describe,
      },
      ...callActions,
      mark: {
        actor: () => 'collector',
        // At any safepoint of the function, or, while C runs without the runtime lock, in another thread.
        guard: (s) => s.pc <= returned,
        effect: (s) => {
          const roots = reached(s);
          for (const v of valueIds) {
            const it = s.values[key(v)];
            if (it.life !== 'allocated' || roots.has(v)) continue;
            // A value with a finaliser survives its first death: Gc.finalise queues it, and the finaliser gets it.
            if (it.finaliser === 'attached') it.finaliser = 'due';
            else it.life = 'garbage';
          }
          if (beforeCall(s)) s.observed.markedBeforeCall = true;
          if (inC(s)) s.observed.markedDuringCall = true;
        },
        describe: (_arg, before, after) => {
          const lost = valueIds.filter((v) => value(before, v).life === 'allocated' && value(after, v).life === 'garbage');
          const queued = valueIds.filter((v) => value(before, v).finaliser === 'attached' && value(after, v).finaliser === 'due');
          const verdicts = [
            ...(lost.length > 0 ? [`${list(lost.map(owner))} ${lost.length === 1 ? 'is' : 'are'} not reached: garbage`] : []),
            ...queued.map((v) => `${owner(v)} is not reached: Gc.finalise queues it for ${names.finaliser(v)}, which keeps it one more cycle`),
          ];
          const who = inC(before) ? "another thread's allocation starts a GC while C runs without the runtime lock; it" : 'the GC runs at this safepoint and';
          return `${who} marks from its roots (${rootsText(before)}); ${verdicts.length === 0 ? 'every allocated value is reached' : verdicts.join('; ')}`;
        },
      },
      finalise: {
        over: valueIds,
        actor: () => 'finaliser',
        guard: (s, v) => s.pc <= returned && value(s, v).finaliser === 'due',
        effect: (s, v) => {
          s.values[key(v)].finaliser = 'ran';
        },
        describe: (v) => `${names.finaliser(v)} runs: it prints "${names.printed(v)}"; then nothing holds ${owner(v)} any more`,
      },
      sweep: {
        over: valueIds,
        actor: () => 'collector',
        guard: (s, v) => s.pc <= returned && value(s, v).life === 'garbage',
        effect: free,
        describe: (v) =>
          v > 0 && intsInHeap
            ? `the sweep frees ${owner(v)}, and the int's memory with it`
            : `the sweep reaches ${owner(v)}: its finaliser (ctypes' finalize_free) frees ${memory(v)}`,
      },
      compact: {
        actor: () => 'collector',
        // OCaml compacts once a major cycle has swept: never with garbage left to sweep.
        guard: (s) => compaction && s.pc <= returned && valueIds.every((v) => value(s, v).life !== 'garbage'),
        effect: (s) => {
          const survivors = valueIds.filter((v) => value(s, v).life === 'allocated').sort((a, b) => value(s, a).at! - value(s, b).at!);
          const to = new Map(survivors.map((v, address) => [value(s, v).at!, address]));
          if (mechanisms.compactorRewritesFrame) {
            for (const v of liveSlots(s)) s.frame[local(v)] = to.get(s.frame[local(v)]!) ?? s.frame[local(v)];
          }
          for (const v of survivors) {
            const from = value(s, v).at!;
            s.values[key(v)].at = to.get(from)!;
            if (v > 0 && to.get(from) !== from && fieldHolds(s, v) && s.pc <= callIndex) s.observed.intMovedBeforeCall = true;
          }
        },
        describe: (_arg, before, after) => {
          const moved = valueIds.filter((v) => inHeap(before, v) && value(before, v).at !== value(after, v).at);
          const moves = moved.map((v) => `${owner(v)} ${value(before, v).at} → ${value(after, v).at}`);
          const stale = moved.filter((v) => after.frame[local(v)] === value(before, v).at);
          const slot = (v: number) => `the ${liveSlots(before).includes(v) ? 'live' : 'dead'} slot of ${local(v)}`;
          const rewrites = mechanisms.compactorRewritesFrame ? `rewrites the roots it knows (${rootsText(before)})` : 'rewrites no frame slot';
          return (
            `Gc.compact slides the live OCaml values down (${list(moves, 'nothing moves')}) and ${rewrites}` +
            (stale.length > 0 ? `; ${list(stale.map(slot))} ${stale.length === 1 ? 'keeps' : 'keep'} the old address` : '') +
            '; C memory is not touched'
          );
        },
      },
      fullMajor: {
        actor: () => 'caller',
        guard: (s) => s.pc === returned,
        effect: (s) => {
          const roots = new Set(globalRoots(s));
          for (const v of valueIds) if (inHeap(s, v) && !roots.has(v)) free(s, v);
          s.pc = done;
        },
        describe: (_arg, before, after) => {
          const freed = valueIds.filter((v) => inHeap(before, v) && value(after, v).life === 'swept');
          const finalised = freed.filter((v) => value(before, v).finaliser === 'attached' || value(before, v).finaliser === 'due');
          return (
            `the caller runs Gc.full_major (): the function's frame is gone` +
            (finalised.length > 0 ? `; ${prints(finalised)}` : '') +
            (freed.length > 0 ? `; ${list(freed.map(memory))} ${freed.length === 1 ? 'is' : 'are'} freed` : '; nothing is freed')
          );
        },
      },
    },
    properties,
    final: (s) => s.pc === done,
    // The program runs to its end; the collector may run any number of times, or never.
    fairness: { weak: ['OCaml function', 'C code', 'caller'] },
  });
}
