import { pairs, range } from 'interleave';
import type { ActionSpec } from 'interleave';
import { blockFree, blockStory, domainList, fragmentOwners, inOcaml, type Params, type State, type View } from './state.js';

const name = (v: number) => `v${v}`;

/** What each domain's stack scan does with the major-heap values on its stack. */
function scanReport(s: View): string[] {
  return s.values.flatMap((v, i) => {
    if (v.state !== 'promoted' || v.holder === null) return [];
    const owners = fragmentOwners(s, v.block!);
    return owners.length > 0
      ? [`domain ${v.holder} skips value ${name(i)} in block ${v.block}, taking it for a code pointer (block ${v.block} lies in ${domainList(owners)}'s callback code fragment)`]
      : [`domain ${v.holder} marks value ${name(i)} in block ${v.block}`];
  });
}

/**
 * The values' life and the collector: a domain allocates a value held only by a local
 * variable, its minor GC promotes it into whatever block the allocator returns, the domain
 * drops it; the major GC scans the stacks at the start of a cycle and later sweeps.
 */
export function memoryActions({ domains, values, blocks }: Params) {
  const allValues = range(values);

  const allocate: ActionSpec<State, [number, number]> = {
    over: pairs(range(domains), allValues),
    actor: ([d]) => `domain ${d}`,
    guard: (s, [d, v]) => inOcaml(s.domains[d].phase) && s.values[v].state === 'unallocated',
    effect: (s, [d, v]) => {
      Object.assign(s.values[v], { state: 'young', holder: d });
    },
    describe: ([d, v]) => `domain ${d} allocates value ${name(v)} on its minor heap; only a local variable on its bytecode stack refers to it`,
  };

  // A minor GC stops the world; each domain promotes its own young values. The block stands
  // for wherever the major heap's allocator puts the value: a slot in a pool it already has,
  // or in a fresh 32K pool the OS returns, which may overlap memory a dead thread's TLS used.
  const promote: ActionSpec<State, [number, number, number]> = {
    over: pairs(range(domains), allValues).flatMap(([d, v]) => range(blocks).map((b): [number, number, number] => [d, v, b])),
    actor: ([d]) => `domain ${d}`,
    guard: (s, [d, v, b]) => s.values[v].state === 'young' && s.values[v].holder === d && blockFree(s, b),
    effect: (s, [, v, b]) => {
      // Major-heap allocation during marking is coloured marked, so this cycle keeps it.
      Object.assign(s.values[v], { state: 'promoted', block: b, marked: s.gc === 'marking' });
    },
    describe: ([d, v, b], before) =>
      `domain ${d}'s minor GC promotes value ${name(v)} to the major heap, into ${blockStory(before, b)}${
        before.gc === 'marking' ? ' (allocated marked: a cycle is marking)' : ''
      }`,
  };

  const drop: ActionSpec<State, [number, number]> = {
    over: pairs(range(domains), allValues),
    actor: ([d]) => `domain ${d}`,
    guard: (s, [d, v]) => {
      const { holder, state } = s.values[v];
      return holder === d && inOcaml(s.domains[d].phase) && (state === 'young' || state === 'promoted');
    },
    effect: (s, [, v]) => {
      const value = s.values[v];
      value.holder = null;
      // A dead young value simply vanishes at the next minor GC.
      if (value.state === 'young') Object.assign(value, { state: 'unallocated', block: null });
    },
    describe: ([d, v]) => `domain ${d} uses value ${name(v)} for the last time; the local that held it is dead`,
  };

  // The cycle starts in a stop-the-world section in which every domain scans its own stack
  // (caml_do_roots -> caml_scan_stack). The bytecode stack mixes values with return
  // addresses, so the scan skips every word that points into a registered code fragment.
  const startCycle: ActionSpec<State, undefined> = {
    actor: () => 'major GC',
    guard: (s) => s.gc === 'idle',
    effect: (s) => {
      for (const v of s.values) {
        if (v.state === 'promoted' && v.holder !== null && fragmentOwners(s, v.block!).length === 0) v.marked = true;
      }
      s.gc = 'marking';
    },
    describe: (_, before) => {
      const report = scanReport(before);
      return `a major cycle begins: every domain scans its stack (stop-the-world)${report.length > 0 ? `; ${report.join('; ')}` : ', finding no major-heap value'}`;
    },
  };

  const sweep: ActionSpec<State, undefined> = {
    actor: () => 'major GC',
    guard: (s) => s.gc === 'marking',
    effect: (s) => {
      for (const v of s.values) {
        if (v.state === 'promoted' && !v.marked) {
          // Freed memory that no stack refers to is just free again; a value freed while a
          // stack still refers to it stays recorded as freed (a dangling reference).
          if (v.holder === null) Object.assign(v, { state: 'unallocated', block: null });
          else v.state = 'freed';
        }
        v.marked = false;
      }
      s.gc = 'idle';
    },
    describe: (_, before) => {
      const freed = before.values.flatMap((v, i) =>
        v.state === 'promoted' && !v.marked
          ? [`value ${name(i)} (block ${v.block})${v.holder === null ? ', which no stack refers to' : `, unmarked although domain ${v.holder}'s stack still refers to it`}`]
          : [],
      );
      return `marking ends and the sweep ${freed.length > 0 ? `frees ${freed.join(' and ')}` : 'frees nothing'}`;
    },
  };

  return { allocate, promote, drop, startCycle, sweep };
}
