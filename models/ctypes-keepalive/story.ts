import type { Machine, View } from './machine.js';
import type { Statement } from './program.js';

/** "a", "a and b", "a, b and c"; `none` for an empty list. */
function list(xs: readonly string[], none = 'none'): string {
  return xs.length === 0 ? none : xs.length === 1 ? xs[0] : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** "is" or "are", for a list of `n` things. */
function is(n: number): string {
  return n === 1 ? 'is' : 'are';
}

/** The model's words: what each step says in a trace, and why each property fails. */
export class Story {
  constructor(private readonly m: Machine) {}

  private whose(v: number): string {
    return v === 0 ? "the struct's" : this.m.params.ints === 1 ? "the int's" : `int ${v}'s`;
  }
  /** The OCaml value whose death frees v's memory. */
  owner(v: number): string {
    return v > 0 && this.m.intsInHeap ? `${this.whose(v)} OCaml block` : `${this.whose(v)} managed buffer`;
  }
  /** The memory C reads: a malloc'd C block, or (ints in the OCaml heap) the OCaml block itself. */
  memory(v: number): string {
    return v > 0 && this.m.intsInHeap ? `${this.whose(v)} OCaml block` : `${this.whose(v)} C block`;
  }
  private freer(v: number): string {
    return v > 0 && this.m.intsInHeap ? 'the sweep' : `the finaliser of ${this.owner(v)} (ctypes' finalize_free)`;
  }
  private field(j: number): string {
    return `${this.m.names.struct}->${this.m.names.field(j)}`;
  }
  /** The roots a marking here starts from. */
  roots(s: View): string {
    const { m } = this;
    const slots = list(m.liveSlots(s).map((v) => m.local(v)), 'no slot');
    const globals = list(m.registered(s).map((j) => `${m.names.int(j)}'s Ctypes.Root`));
    return (
      `the frame table lists ${slots}${m.inC(s) ? " at the call's return address" : ''}; global roots: ${globals}` +
      (m.mechanisms.globalRootsScanned || m.registered(s).length === 0 ? '' : ', not scanned') +
      (m.heldArgument(s) ? `; ctypes holds the call's argument ${m.names.struct}` : '')
    );
  }

  /** A statement of the function, run from `before` to `after`. */
  statement(st: Statement, before: View, after: View): string {
    switch (st.kind) {
      case 'allocate-struct':
      case 'allocate-int':
        return this.allocation(st, after);
      case 'write-int':
        return `${st.text}: ${this.memory(st.int)} holds ${this.m.names.written(st.int)}`;
      case 'store-field':
        return this.store(st, after);
      case 'foreign-call':
        return `${st.text}: ${this.access(before, 'reads')}${this.m.params.cWritesBack ? `; ${this.access(before, 'writes')}` : ''}`;
      case 'keep-alive-call':
        return `${st.text}: ${st.callee.inlinable ? `a real call to ${st.callee.name}` : 'an opaque external call that does nothing'}, so ${this.m.names.int(st.int)} was live up to here`;
      case 'release-root':
        return `${st.text}: the global root is removed and its cell freed`;
      case 'return':
        return `${st.text}: the function returns to its caller`;
    }
  }

  private allocation(st: Statement & { kind: 'allocate-struct' | 'allocate-int' }, after: View): string {
    const { m } = this;
    const v = st.kind === 'allocate-int' ? st.int : 0;
    const at = m.value(after, v).at;
    const finaliser = m.params.finalisers ? `; Gc.finalise attaches ${m.names.finaliser(v)} to ${this.owner(v)}` : '';
    if (st.kind === 'allocate-struct') return `${st.text}: malloc gives the struct's C block (zeroed); its managed buffer is at heap address ${at}${finaliser}`;
    const where = m.intsInHeap
      ? `the int's memory lies inside its OCaml block, at heap address ${at}`
      : `malloc gives ${this.memory(v)}; its managed buffer is at heap address ${at}`;
    if (st.rooting === 'none') return `${st.text}: ${where}${finaliser}`;
    const kept = st.rooting === 'root-dropped' ? 'static_allocate_n drops root_ptr' : `it is returned as ${m.names.root(v)}`;
    return `${st.text}: ${where}${finaliser}; Ctypes.Root.create registers a global root holding it, and ${kept}`;
  }

  private store(st: Statement & { kind: 'store-field' }, after: View): string {
    const { m } = this;
    const k = m.code.indexOf(st);
    const x = m.names.int(st.int);
    const holds = m.intsInHeap
      ? `now holds heap address ${after.fieldAddress[m.key(st.int)]}, the int's current address, in C memory that the GC neither scans nor rewrites`
      : `now holds the raw address of ${this.memory(st.int)}, which the GC does not scan`;
    const gone = m.dropped(st.int);
    const inliner = gone ? ` (the inliner made the later \`${gone.text}\` into \`()\` and dropped it)` : '';
    const last = m.live[k].includes(x) && !m.live[k + 1].includes(x) ? `; the compiled code never reads ${x} again${inliner}` : '';
    return `${st.text}: the struct's ${m.names.field(st.int)} ${holds}${last}`;
  }

  /** What C finds when it reads (or writes back) through the struct, said of the state before it does. */
  access(s: View, verb: 'reads' | 'writes'): string {
    const { m } = this;
    if (verb === 'reads' && m.value(s, 0).life === 'swept') return `C reads ${this.memory(0)}: it was freed, a use after free`;
    const fields = list(m.stored(s).map((j) => this.field(j)));
    const what = m.stored(s).map((j) => {
      const found = m.found(s, j);
      if (found === 'freed') return `${this.memory(j)} was freed, a ${verb === 'reads' ? 'use' : 'write'} after free`;
      if (found === 'moved') return `heap address ${s.fieldAddress[m.key(j)]} no longer holds the int (its block is at ${m.value(s, j).at})`;
      return verb === 'reads' ? `it reads ${m.names.written(j)}` : `it writes ${this.memory(j)}`;
    });
    return `${verb === 'reads' ? `C reads ${fields} and dereferences` : `C writes back through ${fields}`}: ${what.join('; ')}`;
  }

  /** Entering C with the runtime lock released. */
  enter(before: View): string {
    const { m } = this;
    return (
      `${m.code[before.pc].text}: ctypes' stub releases the runtime lock and enters C` +
      (m.mechanisms.argumentsKeptAlive ? `; ctypes holds the argument ${m.names.struct} until the call returns` : '')
    );
  }

  /** A marking, from `before` to `after`. */
  mark(before: View, after: View): string {
    const { m } = this;
    const lost = m.valueIds.filter((v) => m.value(before, v).life === 'allocated' && m.value(after, v).life === 'garbage');
    const queued = m.valueIds.filter((v) => m.value(before, v).finaliser === 'attached' && m.value(after, v).finaliser === 'due');
    const verdicts = [
      ...(lost.length > 0 ? [`${list(lost.map((v) => this.owner(v)))} ${is(lost.length)} not reached: garbage`] : []),
      ...queued.map((v) => `${this.owner(v)} is not reached: Gc.finalise queues it for ${m.names.finaliser(v)}, which keeps it one more cycle`),
    ];
    const who = m.inC(before) ? "another thread's allocation starts a GC while C runs without the runtime lock; it" : 'the GC runs at this safepoint and';
    return `${who} marks from its roots (${this.roots(before)}); ${verdicts.length === 0 ? 'every allocated value is reached' : verdicts.join('; ')}`;
  }

  /** Value v's `~finalise` function running. */
  finalise(v: number): string {
    return `${this.m.names.finaliser(v)} runs: it prints "${this.m.names.printed(v)}"; then nothing holds ${this.owner(v)} any more`;
  }

  /** The sweep freeing value v. */
  sweep(v: number): string {
    return v > 0 && this.m.intsInHeap
      ? `the sweep frees ${this.owner(v)}, and the int's memory with it`
      : `the sweep reaches ${this.owner(v)}: its finaliser (ctypes' finalize_free) frees ${this.memory(v)}`;
  }

  /** A compaction, from `before` to `after`. */
  compact(before: View, after: View): string {
    const { m } = this;
    const moved = m.valueIds.filter((v) => m.inHeap(before, v) && m.value(before, v).at !== m.value(after, v).at);
    const moves = moved.map((v) => `${this.owner(v)} ${m.value(before, v).at} → ${m.value(after, v).at}`);
    const stale = moved.filter((v) => after.frame[m.local(v)] === m.value(before, v).at);
    const slot = (v: number) => `the ${m.liveSlots(before).includes(v) ? 'live' : 'dead'} slot of ${m.local(v)}`;
    const rewrites = m.mechanisms.compactorRewritesFrame ? `rewrites the roots it knows (${this.roots(before)})` : 'rewrites no frame slot';
    return (
      `Gc.compact slides the live OCaml values down (${list(moves, 'nothing moves')}) and ${rewrites}` +
      (stale.length > 0 ? `; ${list(stale.map(slot))} ${stale.length === 1 ? 'keeps' : 'keep'} the old address` : '') +
      '; C memory is not touched'
    );
  }

  /** The caller's Gc.full_major, from `before` to `after`. */
  fullMajor(before: View, after: View): string {
    const { m } = this;
    const freed = m.valueIds.filter((v) => m.inHeap(before, v) && m.value(after, v).life === 'swept');
    const finalised = freed.filter((v) => m.value(before, v).finaliser === 'attached' || m.value(before, v).finaliser === 'due');
    const prints = list(finalised.map((v) => `${m.names.finaliser(v)} prints "${m.names.printed(v)}"`));
    return (
      `the caller runs Gc.full_major (): the function's frame is gone` +
      (finalised.length > 0 ? `; ${prints}` : '') +
      (freed.length > 0 ? `; ${list(freed.map((v) => this.memory(v)))} ${is(freed.length)} freed` : '; nothing is freed')
    );
  }

  /** Why "no memory is read after it is freed" fails. */
  readAfterFree(s: View): string {
    const v = this.m.valueOf(s.readAfterFree!);
    const how = v === 0 ? `read ${this.memory(0)}` : `read ${this.field(v)} and dereferenced it into ${this.memory(v)}`;
    return `a_foreign_call_into_c ${how}, which ${this.freer(v)} had already freed`;
  }

  /** Why "no memory is written after it is freed" fails. */
  writeAfterFree(s: View): string {
    const j = this.m.valueOf(s.writeAfterFree!);
    const where = this.m.intsInHeap
      ? 'in a free slot of the OCaml heap, where the next allocation or the compactor trips over it'
      : "in a chunk malloc has taken back, over the allocator's own free-list link: malloc finds the damage later, when it hands that chunk out again (the seed: \"malloc claims that memory has been corrupted\")";
    return `a_foreign_call_into_c wrote through ${this.field(j)} after ${this.freer(j)} had freed ${this.memory(j)}: the write lands ${where}`;
  }

  /** Why "no address is dereferenced after its block has moved" fails. */
  movedAccess(s: View): string {
    const { m } = this;
    const j = m.valueOf(s.movedAccess!);
    return (
      `${this.field(j)} holds heap address ${s.fieldAddress[m.key(j)]}, where the int was when its address was stored, but the compactor ` +
      `moved ${this.owner(j)} to ${m.value(s, j).at ?? 'nowhere (it was freed)'} and rewrote only the roots it knows: C dereferenced whatever lies at the old address`
    );
  }

  /** Why the GC-visibility invariant fails. */
  invisible(s: View): string {
    const { m } = this;
    const j = m.stored(s).find((i) => !m.held(s).has(i))!;
    return (
      `${this.memory(0)} is live (${m.names.struct} is in the frame table) and its ${m.names.field(j)} holds the address of ${this.memory(j)}, ` +
      `but no root reaches ${this.owner(j)}: ${this.roots(s)}. The next GC may free the int while the struct still points to it`
    );
  }

  /** Why "every frame slot the code still reads holds its value's current address" fails. */
  staleSlot(s: View): string {
    const { m } = this;
    const v = m.liveSlots(s).find((i) => s.frame[m.local(i)] !== m.value(s, i).at)!;
    return `${m.local(v)} is live, but its frame slot holds heap address ${s.frame[m.local(v)]} while ${this.owner(v)} is at ${m.value(s, v).at}`;
  }

  private stillAllocated(s: View): string[] {
    const { m } = this;
    return [
      ...m.valueIds.filter((v) => m.value(s, v).life !== 'swept').map((v) => this.memory(v)),
      ...m.registered(s).map((j) => `${m.names.int(j)}'s root cell`),
    ];
  }

  /** Why the no-leak property fails. */
  leak(s: View): string {
    const kept = this.stillAllocated(s);
    const why =
      this.m.registered(s).length === 0
        ? ''
        : ': the global root made by Ctypes.Root.create still holds the int, and root_ptr is gone, so nothing can release it: that int lives forever';
    return `after the function returned and Gc.full_major ran, ${list(kept)} ${is(kept.length)} still allocated${why}`;
  }

  /** Why "every block the function allocated is eventually freed" fails. */
  neverFreed(s: View): string {
    const kept = this.stillAllocated(s);
    return `${list(kept)} ${is(kept.length)} never freed`;
  }
}
