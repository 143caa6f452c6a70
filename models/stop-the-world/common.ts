import { z } from 'zod';
import { always, leadsTo, sometimes } from 'interleave';
import type { ActionSpec, DeepReadonly, Fairness, Property } from 'interleave';
import { threadList, who, type Design, type Roles } from './roles.js';

/**
 * Where a sleeper is in its one blocking syscall: not made yet, asleep in the kernel
 * waiting for the server, woken (runnable in the kernel, about to return), returned.
 */
export const Syscall = z.enum(['ready', 'asleep', 'woken', 'done']);

/** The fields every thread has under both protocols. */
export function threadFields<P extends readonly [string, ...string[]]>(roles: Roles, phases: P) {
  return {
    /** Where the thread is in a collection it started ("idle" when it runs none). */
    gc: z.enum(phases),
    /** How many collections it has started. */
    started: z.number().int().min(0).max(roles.k),
    /** Stopped for a collector: in the suspend handler's sigsuspend, or parked in userret. */
    stopped: z.boolean(),
    /** Its blocking syscall (only sleepers make one). */
    syscall: Syscall,
    /** Whether its registers or stack hold the pointer to X. */
    ref: z.boolean(),
  };
}

/** The fields of the GC heap: one object X, first referenced from a global root. */
export const heapFields = {
  /** Whether the global root (static data, always scanned) points to X. */
  global: z.boolean(),
  /** The object X: live, or freed by a sweep. */
  x: z.enum(['live', 'freed']),
};

/** The liveness property: a stop-the-world, once asked for, ends with the world restarted. */
export const everyRequestCompletes = 'every stop-the-world request completes';

/** Every thread keeps running: weak fairness of each thread, whatever step it takes. */
export function threadsKeepRunning(roles: Roles): Fairness {
  return { weak: roles.threads.map(who) };
}

/** What the shared code reads of a thread; each protocol's thread has more. */
export interface CommonThread {
  gc: string;
  started: number;
  stopped: boolean;
  syscall: z.output<typeof Syscall>;
  ref: boolean;
}

/** What the shared code reads of a state. */
export interface CommonState {
  threads: CommonThread[];
  global: boolean;
  x: 'live' | 'freed';
}

type View = DeepReadonly<CommonState>;
type Thread = DeepReadonly<CommonThread>;

/** The thread sleeps or runs inside the kernel: its user context is saved in its trap frame. */
export function inKernel(th: Thread): boolean {
  return th.syscall === 'asleep' || th.syscall === 'woken' || th.gc === 'queued';
}

/** The thread executes user code: it is neither stopped nor inside the kernel. */
export function runsUserCode(th: Thread): boolean {
  return !th.stopped && !inKernel(th);
}

/** The thread runs its own program (not a collection) in user mode, so it may take its next step. */
export function free(th: Thread): boolean {
  return th.gc === 'idle' && runsUserCode(th);
}

/** The collector whose world is stopped (it holds every other thread still), if any. */
export function worldStoppedBy(s: View): number | undefined {
  const c = s.threads.findIndex((th) => th.gc === 'stopped' || th.gc === 'marked');
  return c < 0 ? undefined : c;
}

/** How many collections the thread has finished. */
export function completed(th: Thread): number {
  return th.started - (th.gc === 'idle' ? 0 : 1);
}

/** The actions on the heap and the sleepers' server, the same under both protocols. */
export function sharedActions(roles: Roles) {
  const loadGlobal: ActionSpec<CommonState, number> = {
    over: roles.heapUsers,
    actor: who,
    guard: (s, t) => s.global && !s.threads[t].ref && free(s.threads[t]),
    effect: (s, t) => {
      s.threads[t].ref = true;
    },
    describe: (t) =>
      roles.registered[t]
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
    describe: (t, s) => {
      const holders = roles.threads.filter((u) => s.threads[u].ref);
      return `${who(t)} overwrites the global root: X is now referenced only from the stack of ${threadList(holders)}`;
    },
  };
  const reply: ActionSpec<CommonState, number> = {
    over: roles.sleepers,
    actor: () => who(roles.server),
    guard: (s, t) => s.threads[t].syscall === 'asleep' && free(s.threads[roles.server]),
    effect: (s, t) => {
      s.threads[t].syscall = 'woken';
    },
    describe: (t) => `${who(roles.server)} answers ${who(t)}'s request; the kernel wakes ${who(t)}`,
  };
  return { loadGlobal, clearGlobal, reply };
}

/**
 * Marking and sweeping with the world stopped: the collector scans the global root, its own
 * stack, and the saved context and stack of every other registered thread; X survives if
 * any of them points to it. Unregistered threads are not scanned (GC_push_all_stacks walks
 * only GC_threads).
 */
export function collectAction(roles: Roles, contexts: string): ActionSpec<CommonState, number> {
  const scanned = (c: number) => roles.collectors.filter((t) => t !== c);
  const foundIn = (s: View, c: number) => {
    if (s.global) return 'the global root';
    if (s.threads[c].ref) return `its own stack`;
    const t = scanned(c).find((u) => s.threads[u].ref);
    return t === undefined ? undefined : `${who(t)}'s stack`;
  };
  return {
    over: roles.collectors,
    actor: who,
    guard: (s, c) => s.threads[c].gc === 'stopped' && !s.threads[c].stopped,
    effect: (s, c) => {
      if (foundIn(s, c) === undefined) s.x = 'freed';
      s.threads[c].gc = 'marked';
    },
    describe: (c, s) => {
      const where = foundIn(s, c);
      const fate = s.x === 'freed' ? 'X was already freed' : where ? `X is marked (found on ${where})` : 'X is not found, and the sweep frees it';
      return `${who(c)} marks from the global root, its own stack and the ${contexts} of ${threadList(scanned(c))}: ${fate}`;
    },
  };
}

/**
 * The properties both protocols are checked against: the two safety properties of a
 * stop-the-world, and reachability checks that show the dangerous paths are taken.
 */
export function sharedProperties(roles: Roles, design: Design): Record<string, Property<CommonState>> {
  const mutators = roles.threads.filter((t) => roles.registered[t] || roles.heapUsers.includes(t));
  const runner = (s: View, c: number) => mutators.find((t) => t !== c && runsUserCode(s.threads[t]));
  const dangling = (s: View) => roles.threads.find((t) => s.threads[t].ref && s.x === 'freed');
  const props: Record<string, Property<CommonState>> = {
    'no mutator runs user code while the world is stopped': always(
      (s) => {
        const c = worldStoppedBy(s);
        return c === undefined || runner(s, c) === undefined;
      },
      (s) => {
        const c = worldStoppedBy(s)!;
        return `${who(c)} has the world stopped, but ${who(runner(s, c)!)} is running user code`;
      },
    ),
    'every live value is visible to the GC': always(
      (s) => dangling(s) === undefined,
      (s) => {
        const t = dangling(s)!;
        const why = roles.registered[t] ? 'its stack was not read from a stopped context' : 'it is not registered, so its stack is never scanned';
        return `${who(t)}'s stack still points to X, but a collection freed X: ${why}`;
      },
    ),
    'a stop-the-world completes': sometimes((s) => s.threads.some((th) => completed(th) >= 1)),
    // Each thread starts at most `collections` of them, so "every request completes" is "whenever
    // a collection is under way, a state follows where none is".
    [everyRequestCompletes]: leadsTo(
      (s) => s.threads.some((th) => th.gc !== 'idle'),
      (s) => s.threads.every((th) => th.gc === 'idle'),
    ),
  };
  if (roles.collectors.length >= 2) {
    props['two different threads complete a stop-the-world'] = sometimes(
      (s) => s.threads.filter((th) => completed(th) >= 1).length >= 2,
    );
  }
  // Needs a registered sleeper that uses the heap, and another thread to collect while it sleeps.
  const watched = roles.sleepers.filter((t) => roles.registered[t] && roles.heapUsers.includes(t));
  if (watched.some((t) => roles.collectors.some((c) => c !== t))) {
    // The sharpest case: X survives only if the collector reads the stack of a thread that
    // is inside a syscall (interrupted by the handler, blocked in GC_do_blocking, or frozen
    // in the kernel under pinspect).
    props['the world is stopped while only a thread inside a syscall points to X'] = sometimes((s) => {
      const c = worldStoppedBy(s);
      if (c === undefined || s.threads[c].gc !== 'stopped' || s.global || s.x === 'freed') return false;
      const holders = roles.threads.filter((t) => s.threads[t].ref);
      return holders.length > 0 && holders.every((t) => t !== c && s.threads[t].syscall === 'asleep');
    });
  }
  if (design.mechanism === 'pinspect' && !design.everyLwpInUserret && roles.collectors.length >= 2) {
    props['a second inspector waits in the kernel'] = sometimes((s) => s.threads.some((th) => th.gc === 'queued'));
  }
  return props;
}

/**
 * A deadlock in words: what each thread that cannot move is waiting for, as `waitOf` says it
 * (undefined for a thread with nothing to say), then the conclusion.
 */
export function explainStuck<T>(threads: readonly T[], waitOf: (th: T, t: number) => string | undefined): string {
  const waits = threads.map(waitOf).filter((line) => line !== undefined);
  return `${waits.join('; ')}: nobody can move`;
}

/** The legitimate end: nobody collects, nobody is stopped, no syscall is pending. */
export function quiescent(s: View): boolean {
  return s.threads.every((th) => th.gc === 'idle' && !th.stopped && !inKernel(th));
}
