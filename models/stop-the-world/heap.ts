import type { ActionSpec } from 'interleave-check';
import { free, type CommonState, type View } from './common.js';
import { threadList, who, type Roles } from './roles.js';

/** The threads whose registers or stack point to X. */
export function holders(s: View): number[] {
  return s.threads.flatMap((th, t) => (th.life === 'alive' && th.pointer !== 'none' ? [t] : []));
}

/**
 * What the mutators do with X, the same under both protocols: load it from the global root,
 * overwrite the root, and call a leaf function that keeps X in its red zone. The leaf returns
 * X to its caller, which keeps it in a local of its frame: each thread's use of X only moves
 * forward, so the state graph stays acyclic.
 */
export function heapActions(roles: Roles) {
  const loadGlobal: ActionSpec<CommonState, number> = {
    over: roles.heapUsers,
    actor: who,
    guard: (s, t) => s.global && s.threads[t].pointer === 'none' && free(s.threads[t]),
    effect: (s, t) => {
      s.threads[t].pointer = 'register';
    },
    describe: (t, s) =>
      s.threads[t].registered
        ? `${who(t)} loads the pointer to X from the global root into a register`
        : `${who(t)}, which is not registered with the collector, loads the pointer to X from the global root`,
  };
  const clearGlobal: ActionSpec<CommonState, number> = {
    over: roles.collectors,
    actor: who,
    guard: (s, t) => s.global && free(s.threads[t]),
    effect: (s) => {
      s.global = false;
    },
    describe: (t, s) => `${who(t)} overwrites the global root: X is now referenced only from the stack of ${threadList(holders(s))}`,
  };
  const enterLeaf: ActionSpec<CommonState, number> = {
    over: roles.leafCallers,
    actor: who,
    guard: (s, t) => s.threads[t].pointer === 'register' && free(s.threads[t]),
    effect: (s, t) => {
      s.threads[t].pointer = 'red zone';
    },
    describe: (t) =>
      `${who(t)} calls a leaf function that keeps X in its red zone, below the stack pointer, and reuses the register`,
  };
  const leaveLeaf: ActionSpec<CommonState, number> = {
    over: roles.leafCallers,
    actor: who,
    guard: (s, t) => s.threads[t].pointer === 'red zone' && free(s.threads[t]),
    effect: (s, t) => {
      s.threads[t].pointer = 'frame';
    },
    describe: (t) => `the leaf function returns X to ${who(t)}, which keeps it in a local of its stack frame`,
  };
  return { loadGlobal, clearGlobal, enterLeaf, leaveLeaf };
}

/** How a protocol's collector reads the other registered threads. */
export interface Scan {
  /** What it reads for each registered thread, in the trace's words ("saved contexts"). */
  readonly contexts: string;
  /** Whether scanning the (live) thread's context and the stack above its stack pointer finds X. */
  readonly reaches: (s: View, t: number) => boolean;
  /** What the collector must do first with the world stopped, if anything (a library call). */
  readonly first?: { readonly allowed: (s: View) => boolean; readonly says: string };
}

/**
 * Marking and sweeping with the world stopped: the collector scans the global root, its own
 * stack, and what `scan` reads of every other registered thread; X survives if any of them
 * points to it. Unregistered threads are not scanned (GC_push_all_stacks walks only
 * GC_threads); a registered thread that has exited is scanned all the same, in memory that
 * is gone (the property "the collector scans only live threads' stacks" says so).
 */
export function collectAction(roles: Roles, scan: Scan): ActionSpec<CommonState, number> {
  const scanned = (s: View, c: number) => roles.threads.filter((t) => t !== c && s.threads[t].registered);
  const foundIn = (s: View, c: number) => {
    if (s.global) return 'the global root';
    if (s.threads[c].pointer !== 'none') return 'its own stack';
    const t = scanned(s, c).find((u) => s.threads[u].life === 'alive' && scan.reaches(s, u));
    return t === undefined ? undefined : `the context of ${who(t)}`;
  };
  return {
    over: roles.collectors,
    actor: who,
    guard: (s, c) => s.threads[c].gc === 'stopped' && !s.threads[c].stopped && (scan.first?.allowed(s) ?? true),
    effect: (s, c) => {
      if (foundIn(s, c) === undefined) s.x = 'freed';
      s.threads[c].gc = 'marked';
    },
    describe: (c, s) => {
      const where = foundIn(s, c);
      const fate = s.x === 'freed' ? 'X was already freed' : where ? `X is marked (found in ${where})` : 'X is not found, and the sweep frees it';
      const first = scan.first ? `${scan.first.says}, then ` : '';
      return `${who(c)} ${first}marks from the global root, its own stack and the ${scan.contexts} of ${threadList(scanned(s, c))}: ${fate}`;
    },
  };
}
