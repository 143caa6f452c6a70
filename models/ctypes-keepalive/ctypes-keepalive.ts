import { z } from 'zod';
import { always, atEnd, defineModel, eventually, holds, range, sometimes, system, violates, type DeepReadonly, type Property } from 'interleave';
import { compiledCode, frameTable, Names, type Statement, type Variant } from './program.js';

/** The GC-visibility invariant. It fails at the earliest moment the bug exists: see the README. */
export const visibility = 'every C block reachable from a live C block has a live owner';
/** The harm itself: the C call dereferences the int's freed memory. */
export const useAfterFree = 'no C block is read after it is freed';
/** The leak of a global root that is never released. */
export const noLeak = 'every block the function allocated has been freed after it returned and a full GC ran';
/** The leak as a liveness property: whatever the collector does, every block is freed in the end. */
export const eventuallyFreed = 'every block the function allocated is eventually freed';
/** What makes moving OCaml values safe: the compactor rewrote every slot the code will still read. */
export const currentSlots = "every frame slot the code still reads holds its value's current address";

/**
 * Seed 001: an OCaml function allocates a C struct and a C int with Ctypes.allocate_n,
 * stores the int's address in a field of the struct, and passes the struct to C. The GC does
 * not see that the struct depends on the int: once the compiled code no longer reads
 * my_int_pointer, a GC may collect it, and its finaliser frees the int's memory before C
 * reads it through the struct.
 */
export default defineModel({
  name: 'ctypes-keepalive',
  summary: 'OCaml Ctypes: a C struct holds the address of an int whose OCaml owner the GC may collect (seed 001)',
  params: z.object({
    ints: z.number().int().min(1).max(3).default(1).describe('int pointers stored into the struct (the seed: 1)'),
    spareHeapSlots: z
      .number()
      .int()
      .min(1)
      .max(3)
      .default(1)
      .describe('OCaml heap slots beyond one per value: room for the allocator to leave gaps the compactor closes'),
    compaction: z.boolean().default(true).describe('whether Gc.compact may move OCaml values at a safepoint'),
  }),
  variants: {
    'no-keep-alive': {
      summary: 'plain allocate_n; nothing keeps my_int_pointer alive once its address is in the struct (the bug)',
      source: 'seed 001, "The Bug" and "An Example"',
      expect: violates(visibility),
    },
    'ignore-call': {
      summary: '`ignore my_int_pointer` after the C call, compiled as a real call (no inlining)',
      source: 'seed 001, "A Naive Solution", as the author hoped it would work',
      expect: holds(),
    },
    'ignore-inlined': {
      summary: 'the same `ignore my_int_pointer` after the inliner has made it `()` and dropped it',
      source: 'seed 001, "A Naive Solution": "it doesn\'t work with optimizations enabled"',
      expect: violates(visibility),
    },
    'root-leaked': {
      summary: 'static_allocate_n: a Ctypes.Root global root holds the int and is never released',
      source: 'seed 001, "A Working Solution", and "that int lives forever"',
      expect: violates(noLeak),
    },
    'root-released': {
      summary: 'the global root is returned along with the pointer and released after the C call',
      source: 'seed 001, "there are ways around this, but they are rather clunky"; notes on seed 001, variant 5',
      expect: holds(),
    },
    'opaque-keep-alive': {
      summary: 'Ctypes_memory_stubs.use_value my_int_pointer after the C call: an external no optimiser can remove',
      source: 'seed 001, "A Theoretically Better Solution" (keep_alive: "the same as ignore, but not inlineable")',
      expect: holds(),
    },
  },
  build: ({ params: { ints, spareHeapSlots, compaction }, variant }) => {
    const names = new Names(ints);
    const code = compiledCode(variant as Variant, ints);
    const live = frameTable(code);
    const returned = code.length;
    const done = returned + 1;
    const heapSlots = 1 + ints + spareHeapSlots;
    const intIds = range(ints).map((k) => k + 1);
    // OCaml pointer values: 0 is the struct's (its managed buffer owns the struct's C block), j is int j's.
    const valueIds = range(1 + ints);
    const key = (v: number) => (v === 0 ? 'struct' : ints === 1 ? 'int' : `int${v}`);
    const local = (v: number) => (v === 0 ? names.struct : names.int(v));
    const callIndex = code.findIndex((s) => s.kind === 'foreign-call');
    const storeIndex = (j: number) => code.findIndex((s) => s.kind === 'store-field' && s.int === j);

    const Address = z.number().int().min(0).max(heapSlots - 1);
    const Value = z.object({ life: z.enum(['unallocated', 'allocated', 'garbage', 'swept']), at: Address.nullable() });
    const keyed = <T extends z.ZodType>(ids: number[], name: (v: number) => string, schema: T) =>
      z.object(Object.fromEntries(ids.map((v) => [name(v), schema])) as Record<string, T>);
    const State = z.object({
      /** The safepoint the function is at: before compiled statement pc; `returned`: in the caller; `done`: after Gc.full_major. */
      pc: z.number().int().min(0).max(done),
      /** Each OCaml pointer value (fat pointer and managed buffer): garbage once a marking missed it, swept once freed. */
      values: keyed(valueIds, key, Value),
      /** The frame slot of each pointer local: the heap address it holds (the compactor rewrites only the live ones). */
      frame: keyed(valueIds, local, Address.nullable()),
      /** Each int's Ctypes.Root cell: malloc'd, registered as a generational global root, holding the int's pointer. */
      rootCells: keyed(intIds, key, z.enum(['none', 'registered', 'freed'])),
      /** The freed C block the foreign call read, if any, as a sanitizer would report it. */
      readAfterFree: z.enum(valueIds.map(key) as [string, ...string[]]).nullable(),
      /** History for the reachability checks only: what the collector did after the first field store, before the C call. */
      observed: z.object({ markedBeforeCall: z.boolean(), intMovedBeforeCall: z.boolean() }),
    });
    type State = z.infer<typeof State>;
    type View = DeepReadonly<State>;

    const value = (s: View, v: number) => s.values[key(v)];
    const statement = (s: View): Statement | undefined => (s.pc < returned ? code[s.pc] : undefined);
    const fieldHolds = (s: View, j: number) => s.pc > storeIndex(j);
    const beforeCall = (s: View) => s.pc > storeIndex(1) && s.pc <= callIndex;
    const inHeap = (s: View, v: number) => value(s, v).life === 'allocated' || value(s, v).life === 'garbage';
    const valueAt = (s: View, address: number | null) => valueIds.find((v) => inHeap(s, v) && value(s, v).at === address);
    /** The pointer locals in the frame table at this safepoint: those the compiled code still reads. */
    const liveSlots = (s: View) => valueIds.filter((v) => s.pc <= returned && live[s.pc].includes(local(v)));
    const registered = (s: View) => intIds.filter((j) => s.rootCells[key(j)] === 'registered');
    /** What a marking here reaches: the values the live frame slots point to, and those the global roots hold. */
    const reached = (s: View): Set<number> => {
      const set = new Set<number>(registered(s));
      for (const v of liveSlots(s)) {
        const target = valueAt(s, s.frame[local(v)]);
        if (target !== undefined) set.add(target);
      }
      return set;
    };
    const whose = (v: number) => (v === 0 ? "the struct's" : ints === 1 ? "the int's" : `int ${v}'s`);
    const buffer = (v: number) => `${whose(v)} managed buffer`;
    const block = (v: number) => `${whose(v)} C block`;
    const list = (xs: readonly string[], none = 'none') =>
      xs.length === 0 ? none : xs.length === 1 ? xs[0] : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
    const rootsText = (s: View) =>
      `the frame table lists ${list(liveSlots(s).map(local), 'no slot')}; global roots: ${list(registered(s).map((j) => `${names.int(j)}'s Ctypes.Root`))}`;

    const describeStatement = (st: Statement, after: View): string => {
      const k = code.indexOf(st);
      switch (st.kind) {
        case 'allocate-struct':
          return `${st.text}: malloc gives the struct's C block (zeroed); its managed buffer is at heap address ${value(after, 0).at}`;
        case 'allocate-int': {
          const at = `its managed buffer is at heap address ${value(after, st.int).at}`;
          if (st.rooting === 'none') return `${st.text}: malloc gives ${block(st.int)}; ${at}`;
          const kept = st.rooting === 'root-dropped' ? 'static_allocate_n drops root_ptr' : `it is returned as ${names.root(st.int)}`;
          return `${st.text}: allocate_n mallocs ${block(st.int)} (${at}); Ctypes.Root.create registers a global root holding it, and ${kept}`;
        }
        case 'write-int':
          return `${st.text}: ${block(st.int)} holds ${names.written(st.int)}`;
        case 'store-field': {
          const x = names.int(st.int);
          const last = live[k].includes(x) && !live[k + 1].includes(x) ? `; the compiled code never reads ${x} again` : '';
          return `${st.text}: the struct's ${names.field(st.int)} now holds the raw address of ${block(st.int)}, which the GC does not scan${last}`;
        }
        case 'foreign-call': {
          const reads = `C reads ${intIds.map((j) => `${names.struct}->${names.field(j)}`).join(' and ')} and dereferences`;
          const freed = after.readAfterFree;
          return freed === null
            ? `${st.text}: ${reads}: it reads ${intIds.map(names.written).join(' and ')}`
            : `${st.text}: ${reads}: ${block(valueIds.find((v) => key(v) === freed)!)} was freed, a use after free`;
        }
        case 'keep-alive-call':
          return `${st.text}: ${st.callee.inlinable ? `a real call to ${st.callee.name}` : 'an opaque external call that does nothing'}, so ${names.int(st.int)} was live up to here`;
        case 'release-root':
          return `${st.text}: the global root is removed and its cell freed`;
        case 'return':
          return `${st.text}: the function returns to its caller`;
      }
    };

    const properties: Record<string, Property<State>> = {
      [visibility]: always(
        (s) => {
          const roots = reached(s);
          return !roots.has(0) || intIds.every((j) => !fieldHolds(s, j) || roots.has(j));
        },
        (s) => {
          const j = intIds.find((i) => fieldHolds(s, i) && !reached(s).has(i))!;
          return (
            `${block(0)} is live (${names.struct} is in the frame table) and its ${names.field(j)} holds the address of ${block(j)}, ` +
            `but no root reaches ${buffer(j)}: ${rootsText(s)}. The next GC may free the int while the struct still points to it`
          );
        },
      ),
      [useAfterFree]: always(
        (s) => s.readAfterFree === null,
        (s) => {
          const v = valueIds.find((i) => key(i) === s.readAfterFree)!;
          const how = v === 0 ? `read ${block(0)}` : `read ${names.struct}->${names.field(v)} and dereferenced it into ${block(v)}`;
          return `a_foreign_call_into_c ${how}, which the finaliser of ${buffer(v)} (ctypes' finalize_free) had already freed`;
        },
      ),
      [currentSlots]: always(
        (s) => liveSlots(s).every((v) => s.frame[local(v)] === value(s, v).at),
        (s) => {
          const v = liveSlots(s).find((i) => s.frame[local(i)] !== value(s, i).at)!;
          return `${local(v)} is live, but its frame slot holds heap address ${s.frame[local(v)]} while ${buffer(v)} is at ${value(s, v).at}`;
        },
      ),
      [noLeak]: atEnd(
        (s) => valueIds.every((v) => value(s, v).life === 'swept') && registered(s).length === 0,
        (s) => {
          const kept = [...valueIds.filter((v) => value(s, v).life !== 'swept').map(block), ...registered(s).map((j) => `${names.int(j)}'s root cell`)];
          const why =
            registered(s).length === 0
              ? ''
              : ': the global root made by Ctypes.Root.create still holds the int, and root_ptr is gone, so nothing can release it: that int lives forever';
          return `after the function returned and Gc.full_major ran, ${list(kept)} ${kept.length === 1 ? 'is' : 'are'} still allocated${why}`;
        },
      ),
      [eventuallyFreed]: eventually(
        (s) => valueIds.every((v) => value(s, v).life === 'swept') && registered(s).length === 0,
        (s) => {
          const kept = [...valueIds.filter((v) => value(s, v).life !== 'swept').map(block), ...registered(s).map((j) => `${names.int(j)}'s root cell`)];
          return `${list(kept)} ${kept.length === 1 ? 'is' : 'are'} never freed`;
        },
      ),
      'the GC runs between the field store and the C call': sometimes((s) => s.observed.markedBeforeCall),
      'the C call runs': sometimes((s) => s.pc > callIndex),
    };
    if (variant !== 'root-leaked') {
      // In root-leaked the int is never collected: that is its bug, which the leak property reports.
      properties['every int is collected after its last use, before the final full GC'] = sometimes(
        (s) => s.pc <= returned && intIds.every((j) => value(s, j).life === 'swept'),
      );
    }
    if (compaction) {
      properties['a compaction moves an int while the struct holds its address'] = sometimes((s) => s.observed.intMovedBeforeCall);
    }

    const describe = (_arg: unknown, before: View, after: View) => describeStatement(code[before.pc], after);
    const free = (s: State, v: number) => {
      s.values[key(v)] = { life: 'swept', at: null };
    };

    return system(State, {
      init: {
        pc: 0,
        values: Object.fromEntries(valueIds.map((v) => [key(v), { life: 'unallocated' as const, at: null }])),
        frame: Object.fromEntries(valueIds.map((v) => [local(v), null])),
        rootCells: Object.fromEntries(intIds.map((j) => [key(j), 'none' as const])),
        readAfterFree: null,
        observed: { markedBeforeCall: false, intMovedBeforeCall: false },
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
            s.values[key(v)] = { life: 'allocated', at: address };
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
            s.pc++;
          },
          describe,
        },
        foreignCall: {
          actor: () => 'C code',
          guard: (s) => statement(s)?.kind === 'foreign-call',
          effect: (s) => {
            // C reads the struct, then each field it holds, and dereferences it.
            const freed = [0, ...intIds.filter((j) => fieldHolds(s, j))].find((v) => value(s, v).life === 'swept');
            if (freed !== undefined) s.readAfterFree = key(freed);
            s.pc++;
          },
          describe,
        },
        mark: {
          actor: () => 'collector',
          guard: (s) => s.pc <= returned,
          effect: (s) => {
            const roots = reached(s);
            for (const v of valueIds) if (value(s, v).life === 'allocated' && !roots.has(v)) s.values[key(v)].life = 'garbage';
            if (beforeCall(s)) s.observed.markedBeforeCall = true;
          },
          describe: (_arg, before, after) => {
            const lost = valueIds.filter((v) => value(before, v).life === 'allocated' && value(after, v).life === 'garbage');
            const verdict = lost.length === 0 ? 'every allocated value is reached' : `${list(lost.map(buffer))} ${lost.length === 1 ? 'is' : 'are'} not reached: garbage`;
            return `the GC runs at this safepoint and marks from its roots (${rootsText(before)}); ${verdict}`;
          },
        },
        sweep: {
          over: valueIds,
          actor: () => 'collector',
          guard: (s, v) => s.pc <= returned && value(s, v).life === 'garbage',
          effect: free,
          describe: (v) => `the sweep reaches ${buffer(v)}: its finaliser (ctypes' finalize_free) frees ${block(v)}`,
        },
        compact: {
          actor: () => 'collector',
          // OCaml compacts once a major cycle has swept: never with garbage left to sweep.
          guard: (s) => compaction && s.pc <= returned && valueIds.every((v) => value(s, v).life !== 'garbage'),
          effect: (s) => {
            const survivors = valueIds.filter((v) => value(s, v).life === 'allocated').sort((a, b) => value(s, a).at! - value(s, b).at!);
            const to = new Map(survivors.map((v, address) => [value(s, v).at!, address]));
            for (const v of liveSlots(s)) s.frame[local(v)] = to.get(s.frame[local(v)]!)!;
            for (const v of survivors) {
              const from = value(s, v).at!;
              s.values[key(v)].at = to.get(from)!;
              if (v > 0 && to.get(from) !== from && fieldHolds(s, v) && beforeCall(s)) s.observed.intMovedBeforeCall = true;
            }
          },
          describe: (_arg, before, after) => {
            const moved = valueIds.filter((v) => inHeap(before, v) && value(before, v).at !== value(after, v).at);
            const moves = moved.map((v) => `${buffer(v)} ${value(before, v).at} → ${value(after, v).at}`);
            const stale = moved.filter((v) => !liveSlots(before).includes(v) && before.frame[local(v)] === value(before, v).at);
            return (
              `Gc.compact slides the live OCaml values down (${list(moves, 'nothing moves')}) and rewrites the roots it knows (${rootsText(before)})` +
              (stale.length > 0 ? `; the dead slot of ${list(stale.map(local))} keeps the old address` : '') +
              '; C memory is not touched'
            );
          },
        },
        fullMajor: {
          actor: () => 'caller',
          guard: (s) => s.pc === returned,
          effect: (s) => {
            const roots = new Set(registered(s));
            for (const v of valueIds) if (inHeap(s, v) && !roots.has(v)) free(s, v);
            s.pc = done;
          },
          describe: (_arg, before, after) => {
            const freed = valueIds.filter((v) => inHeap(before, v) && value(after, v).life === 'swept').map(block);
            return `the caller runs Gc.full_major (): the function's frame is gone; the finalisers free ${list(freed, 'nothing')}`;
          },
        },
      },
      properties,
      final: (s) => s.pc === done,
      // The program runs to its end; the collector may run any number of times, or never.
      fairness: { weak: ['OCaml function', 'C code', 'caller'] },
    });
  },
});
