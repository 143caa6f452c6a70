import { pairs, range } from 'interleave-check';
import type { ActionSpec } from 'interleave-check';
import type { Design } from './design.js';
import { closureSeen, majorScanSees, minorGcSees } from './roots.js';
import { UNALLOCATED, blockFree, blockIds, blockStory, forget, inOcaml, valueIds, type Params, type State, type View } from './state.js';

const name = (v: number) => `v${v}`;

/** What the stack scans of a cycle starting in state s do with the major-heap values and closures in use. */
function scanReport(s: View, design: Design): string[] {
  const values = s.values.flatMap((v, i) => {
    if (v.state !== 'promoted' || v.holder === null) return [];
    if (v.reference === 'remaining argument') {
      return majorScanSees(s, v, design)
        ? [`domain ${v.holder} marks value ${name(i)}, a callbackN argument registered as a root`]
        : [`nothing marks value ${name(i)}, a callbackN argument no root registers`];
    }
    const owner = s.codeFragments[v.block!];
    return owner === null
      ? [`domain ${v.holder} marks value ${name(i)} in block ${v.block}`]
      : [`domain ${v.holder} skips value ${name(i)} in block ${v.block}, taking it for a code pointer (block ${v.block} lies in domain ${owner}'s callback code fragment)`];
  });
  // Closures are always marked but in one window: say so only when it is open.
  const closures = s.domains.flatMap((d, i) =>
    d.closure === 'unmarked' && !closureSeen(s, i, design)
      ? [`nothing marks domain ${i}'s closure f, held only in a C variable of caml_callbackN_exn that no root registers`]
      : [],
  );
  return [...values, ...closures];
}

/**
 * The values' life and the collectors: a domain allocates a value held only by a local
 * variable, its minor GC promotes what it sees into whatever block the allocator returns, the
 * domain drops it; the major GC scans the roots at the start of a cycle and later sweeps.
 */
export function memoryActions(params: Params, design: Design) {
  const domains = range(params.domains);
  const values = valueIds(params).ids;
  const blocks = blockIds(params).ids;

  const allocate: ActionSpec<State, [number, number]> = {
    over: pairs(domains, values),
    actor: ([d]) => `domain ${d}`,
    guard: (s, [d, v]) => inOcaml(s.domains[d].phase) && s.values[v].state === 'unallocated',
    effect: (s, [d, v]) => {
      Object.assign(s.values[v], { state: 'young', holder: d, reference: 'local' });
    },
    describe: ([d, v]) => `domain ${d} allocates value ${name(v)} on its minor heap; only a local variable on its bytecode stack refers to it`,
  };

  // A minor GC stops the world; each domain promotes the young values its roots reach. The
  // block stands for wherever the major heap's allocator puts the value: a slot in a pool it
  // already has, or in a fresh 32K pool the OS returns, which may overlap a dead thread's TLS.
  const promote: ActionSpec<State, [number, number, number]> = {
    over: pairs(domains, values).flatMap(([d, v]) => blocks.map((b): [number, number, number] => [d, v, b])),
    actor: ([d]) => `domain ${d}`,
    guard: (s, [d, v, b]) => {
      const value = s.values[v];
      return value.state === 'young' && value.holder === d && minorGcSees(value, design) && blockFree(s, b);
    },
    effect: (s, [, v, b]) => {
      // Major-heap allocation during marking is coloured marked, so this cycle keeps it.
      Object.assign(s.values[v], { state: 'promoted', block: b, mark: s.gc === 'marking' ? 'allocated marked' : 'unmarked' });
    },
    describe: ([d, v, b], before) =>
      `domain ${d}'s minor GC promotes value ${name(v)} to the major heap, into ${blockStory(before, b)}${
        before.gc === 'marking' ? ' (allocated marked: a cycle is marking)' : ''
      }`,
  };

  // The same minor GC, for a young value no root reaches although it is still in use.
  const minorGcMisses: ActionSpec<State, [number, number]> = {
    over: pairs(domains, values),
    actor: ([d]) => `domain ${d}`,
    guard: (s, [d, v]) => {
      const value = s.values[v];
      return value.state === 'young' && value.holder === d && !minorGcSees(value, design);
    },
    effect: (s, [, v]) => {
      s.values[v].state = 'freed';
    },
    describe: ([d, v]) =>
      `domain ${d}'s minor GC does not see value ${name(v)}, which no root registers, and reuses its minor-heap memory: ${name(v)} is left dangling`,
  };

  const drop: ActionSpec<State, [number, number]> = {
    over: pairs(domains, values),
    actor: ([d]) => `domain ${d}`,
    guard: (s, [d, v]) => {
      const { holder, state, reference } = s.values[v];
      return holder === d && reference === 'local' && inOcaml(s.domains[d].phase) && (state === 'young' || state === 'promoted');
    },
    effect: (s, [, v]) => forget(s.values[v]),
    describe: ([d, v]) => `domain ${d} uses value ${name(v)} for the last time; the local that held it is dead`,
  };

  // The cycle starts in a stop-the-world section: the colours rotate (every mark is cleared)
  // and every domain scans its roots (caml_do_roots: its stack with caml_scan_stack, its local
  // roots, the global roots).
  const startCycle: ActionSpec<State, undefined> = {
    actor: () => 'major GC',
    guard: (s) => s.gc === 'idle',
    effect: (s) => {
      for (const v of s.values) {
        const seen = v.state === 'promoted' && v.holder !== null && majorScanSees(s, v, design);
        v.mark = seen ? 'marked by the scan' : 'unmarked';
      }
      s.domains.forEach((d, i) => {
        if (d.closure === 'unmarked' || d.closure === 'marked') d.closure = closureSeen(s, i, design) ? 'marked' : 'unmarked';
      });
      s.gc = 'marking';
    },
    describe: (_, before) => {
      const report = scanReport(before, design);
      return `a major cycle begins: every domain scans its stack (stop-the-world)${report.length > 0 ? `; ${report.join('; ')}` : ', finding no major-heap value'}`;
    },
  };

  // Marks stay until the next cycle begins, as OCaml 5's colours do until they rotate.
  const sweep: ActionSpec<State, undefined> = {
    actor: () => 'major GC',
    guard: (s) => s.gc === 'marking',
    effect: (s) => {
      for (const v of s.values) {
        if (v.state !== 'promoted' || v.mark !== 'unmarked') continue;
        // Freed memory that nothing refers to is just free again; a value freed while a stack
        // still refers to it stays recorded as freed (a dangling reference).
        if (v.holder === null) Object.assign(v, UNALLOCATED);
        else v.state = 'freed';
      }
      for (const d of s.domains) if (d.closure === 'unmarked') d.closure = 'freed';
      s.gc = 'idle';
    },
    describe: (_, before) => {
      const values = before.values.flatMap((v, i) =>
        v.state === 'promoted' && v.mark === 'unmarked'
          ? [`value ${name(i)} (block ${v.block})${v.holder === null ? ', which nothing refers to' : `, unmarked although domain ${v.holder}'s stack still refers to it`}`]
          : [],
      );
      const closures = before.domains.flatMap((d, i) => (d.closure === 'unmarked' ? [`domain ${i}'s closure f, unmarked although domain ${i} is about to run it`] : []));
      const freed = [...values, ...closures];
      return `marking ends and the sweep ${freed.length > 0 ? `frees ${freed.join(' and ')}` : 'frees nothing'}`;
    },
  };

  return { allocate, promote, minorGcMisses, drop, startCycle, sweep };
}
