import { always, atEnd, eventually, range, sometimes, system, type ActionSpec, type Property, type System } from 'interleave-check';
import { Machine, type Params, type State, type View } from './machine.js';
import type { Mechanisms } from './mechanisms.js';
import type { Variant } from './program.js';
import { Story } from './story.js';

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

/** The properties: the harms, the leak, and reachability checks that show the dangerous paths are taken. */
function propertiesOf(m: Machine, story: Story, variant: Variant): Record<string, Property<State>> {
  const { params } = m;
  const properties: Record<string, Property<State>> = {
    [useAfterFree]: always((s) => s.readAfterFree === null, (s) => story.readAfterFree(s)),
  };
  if (params.cWritesBack) properties[writeAfterFree] = always((s) => s.writeAfterFree === null, (s) => story.writeAfterFree(s));
  if (m.intsInHeap) properties[movedAccess] = always((s) => s.movedAccess === null, (s) => story.movedAccess(s));
  if (params.gcVisibility) {
    properties[visibility] = always(
      (s) => {
        const roots = m.held(s);
        return !roots.has(0) || m.stored(s).every((j) => roots.has(j));
      },
      (s) => story.invisible(s),
    );
  }
  properties[currentSlots] = always(
    (s) => m.liveSlots(s).every((v) => s.frame[m.local(v)] === m.value(s, v).at),
    (s) => story.staleSlot(s),
  );
  properties[noLeak] = atEnd((s) => m.everyBlockFreed(s), (s) => story.leak(s));
  properties[eventuallyFreed] = eventually((s) => m.everyBlockFreed(s), (s) => story.neverFreed(s));
  properties['the GC runs between the field store and the C call'] = sometimes((s) => s.observed.markedBeforeCall);
  properties['the C call runs'] = sometimes((s) => s.pc > m.callIndex);
  if (params.releaseRuntimeLock) {
    properties['the GC runs while C runs without the runtime lock'] = sometimes((s) => s.observed.markedDuringCall);
  }
  if (variant !== 'root-leaked') {
    // In root-leaked the int is never collected: that is its bug, which the leak property reports.
    properties['every int is collected after its last use, before the final full GC'] = sometimes(
      (s) => s.pc <= m.returned && m.intIds.every((j) => m.value(s, j).life === 'swept'),
    );
  }
  if (params.compaction) {
    properties['a compaction moves an int while the struct holds its address'] = sometimes((s) => s.observed.intMovedBeforeCall);
  }
  return properties;
}

// C's accesses. It reads the struct, each field stored so far, and the int each points to;
// writing back, it goes through the addresses it read.
function cReads(m: Machine, s: State): void {
  if (m.value(s, 0).life === 'swept') {
    s.readAfterFree ??= m.key(0);
    return;
  }
  for (const j of m.stored(s)) {
    const found = m.found(s, j);
    if (found === 'freed') s.readAfterFree ??= m.key(j);
    if (found === 'moved') s.movedAccess ??= m.key(j);
  }
}

function cWrites(m: Machine, s: State): void {
  for (const j of m.stored(s)) {
    const found = m.found(s, j);
    if (found === 'freed') s.writeAfterFree ??= m.key(j);
    if (found === 'moved') s.movedAccess ??= m.key(j);
  }
}

/**
 * The foreign call: one step while it holds the runtime lock (no GC can run inside it), or,
 * with the lock released, entering C, reading, writing back and returning, with the collector
 * of another thread free to run between any two of them.
 */
function callActions(m: Machine, story: Story): Record<string, ActionSpec<State, undefined>> {
  const { cWritesBack } = m.params;
  const atCall = (s: View) => m.statement(s)?.kind === 'foreign-call';
  if (!m.params.releaseRuntimeLock) {
    return {
      foreignCall: {
        actor: () => 'C code',
        guard: atCall,
        effect: (s) => {
          cReads(m, s);
          if (cWritesBack) cWrites(m, s);
          s.pc++;
        },
        describe: (_arg, before, after) => story.statement(m.code[before.pc], before, after),
      },
    };
  }
  const writeBack: Record<string, ActionSpec<State, undefined>> = {
    cWrites: {
      actor: () => 'C code',
      guard: (s) => s.cCall === 'has-read',
      effect: (s) => {
        cWrites(m, s);
        s.cCall = 'has-written';
      },
      describe: (_arg, before) => story.access(before, 'writes'),
    },
  };
  return {
    enterC: {
      actor: () => 'C code',
      guard: atCall,
      effect: (s) => {
        s.cCall = 'entered';
      },
      describe: (_arg, before) => story.enter(before),
    },
    cReads: {
      actor: () => 'C code',
      guard: (s) => s.cCall === 'entered',
      effect: (s) => {
        cReads(m, s);
        s.cCall = 'has-read';
      },
      describe: (_arg, before) => story.access(before, 'reads'),
    },
    ...(cWritesBack ? writeBack : {}),
    leaveC: {
      actor: () => 'C code',
      guard: (s) => s.cCall === (cWritesBack ? 'has-written' : 'has-read'),
      effect: (s) => {
        s.cCall = 'outside';
        s.pc++;
      },
      describe: () => 'a_foreign_call_into_c returns, and the stub takes the runtime lock back',
    },
  };
}

/**
 * Builds the system of seed 001 for one variant and one parameter setting, with the given
 * mechanisms (all on in the bundled model; a mutation test switches one off).
 */
export function buildSystem(params: Params, variant: Variant, mechanisms: Mechanisms): System {
  const m = new Machine(params, variant, mechanisms);
  const story = new Story(m);
  const { code, returned, valueIds, intIds } = m;
  const describe = (_arg: unknown, before: View, after: View) => story.statement(code[before.pc], before, after);
  const free = (s: State, v: number) => {
    s.values[m.key(v)] = { life: 'swept', at: null, finaliser: m.value(s, v).finaliser === 'none' ? 'none' : 'ran' };
  };

  return system(m.schema, {
    init: {
      pc: 0,
      cCall: 'outside',
      values: Object.fromEntries(valueIds.map((v) => [m.key(v), { life: 'unallocated' as const, at: null, finaliser: 'none' as const }])),
      frame: Object.fromEntries(valueIds.map((v) => [m.local(v), null])),
      rootCells: Object.fromEntries(intIds.map((j) => [m.key(j), 'none' as const])),
      fieldAddress: Object.fromEntries(intIds.map((j) => [m.key(j), null])),
      readAfterFree: null,
      writeAfterFree: null,
      movedAccess: null,
      observed: { markedBeforeCall: false, markedDuringCall: false, intMovedBeforeCall: false },
    },
    actions: {
      allocate: {
        over: range(m.heapSlots),
        actor: () => 'OCaml function',
        guard: (s, address) => {
          const kind = m.statement(s)?.kind;
          return (kind === 'allocate-struct' || kind === 'allocate-int') && m.valueAt(s, address) === undefined;
        },
        effect: (s, address) => {
          const st = code[s.pc];
          const v = st.kind === 'allocate-int' ? st.int : 0;
          s.values[m.key(v)] = { life: 'allocated', at: address, finaliser: params.finalisers ? 'attached' : 'none' };
          s.frame[m.local(v)] = address;
          if (st.kind === 'allocate-int' && st.rooting !== 'none') s.rootCells[m.key(v)] = 'registered';
          s.pc++;
        },
        describe,
      },
      run: {
        actor: () => 'OCaml function',
        guard: (s) => {
          const kind = m.statement(s)?.kind;
          return kind !== undefined && kind !== 'allocate-struct' && kind !== 'allocate-int' && kind !== 'foreign-call';
        },
        effect: (s) => {
          const st = code[s.pc];
          if (st.kind === 'release-root') s.rootCells[m.key(st.int)] = 'freed';
          // The store copies the int's pointer from its frame slot into C memory.
          if (st.kind === 'store-field' && m.intsInHeap) s.fieldAddress[m.key(st.int)] = s.frame[m.local(st.int)];
          s.pc++;
        },
        describe,
      },
      ...callActions(m, story),
      mark: {
        actor: () => 'collector',
        // At any safepoint of the function, or, while C runs without the runtime lock, in another thread.
        guard: (s) => s.pc <= returned,
        effect: (s) => {
          const roots = m.reached(s);
          for (const v of valueIds) {
            const it = s.values[m.key(v)];
            if (it.life !== 'allocated' || roots.has(v)) continue;
            // A value with a finaliser survives its first death: Gc.finalise queues it, and the finaliser gets it.
            if (it.finaliser === 'attached') it.finaliser = 'due';
            else it.life = 'garbage';
          }
          if (m.beforeCall(s)) s.observed.markedBeforeCall = true;
          if (m.inC(s)) s.observed.markedDuringCall = true;
        },
        describe: (_arg, before, after) => story.mark(before, after),
      },
      finalise: {
        over: valueIds,
        actor: () => 'finaliser',
        guard: (s, v) => s.pc <= returned && m.value(s, v).finaliser === 'due',
        effect: (s, v) => {
          s.values[m.key(v)].finaliser = 'ran';
        },
        describe: (v) => story.finalise(v),
      },
      sweep: {
        over: valueIds,
        actor: () => 'collector',
        guard: (s, v) => s.pc <= returned && m.value(s, v).life === 'garbage',
        effect: free,
        describe: (v) => story.sweep(v),
      },
      compact: {
        actor: () => 'collector',
        // OCaml compacts once a major cycle has swept: never with garbage left to sweep.
        guard: (s) => params.compaction && s.pc <= returned && valueIds.every((v) => m.value(s, v).life !== 'garbage'),
        effect: (s) => {
          const survivors = valueIds.filter((v) => m.value(s, v).life === 'allocated').sort((a, b) => m.value(s, a).at! - m.value(s, b).at!);
          const to = new Map(survivors.map((v, address) => [m.value(s, v).at!, address]));
          if (mechanisms.compactorRewritesFrame) {
            // A live slot follows its value; one that points to no live block (a mutation's dangling root) stays as it is.
            for (const v of m.liveSlots(s)) s.frame[m.local(v)] = to.get(s.frame[m.local(v)]!) ?? s.frame[m.local(v)];
          }
          for (const v of survivors) {
            const from = m.value(s, v).at!;
            s.values[m.key(v)].at = to.get(from)!;
            if (v > 0 && to.get(from) !== from && m.fieldHolds(s, v) && s.pc <= m.callIndex) s.observed.intMovedBeforeCall = true;
          }
        },
        describe: (_arg, before, after) => story.compact(before, after),
      },
      fullMajor: {
        actor: () => 'caller',
        guard: (s) => s.pc === returned,
        effect: (s) => {
          const roots = new Set(m.globalRoots(s));
          for (const v of valueIds) if (m.inHeap(s, v) && !roots.has(v)) free(s, v);
          s.pc = returned + 1;
        },
        describe: (_arg, before, after) => story.fullMajor(before, after),
      },
    },
    properties: propertiesOf(m, story, variant),
    final: (s) => s.pc === returned + 1,
    // The program runs to its end; the collector may run any number of times, or never.
    fairness: { weak: ['OCaml function', 'C code', 'caller'] },
  });
}
