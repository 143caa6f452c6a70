import type { ActionSpec } from 'interleave-check';
import { free, mayCall, type CommonState, type View } from './common.js';
import { who, type Roles } from './roles.js';

/** A library both a mutator and the collection call into, and the lock it takes. */
export interface Library {
  /** The mutator's call ("dlopen"). */
  readonly call: string;
  /** The lock it holds meanwhile ("the dynamic linker's lock"). */
  readonly lock: string;
  /** What the collector does that needs the same lock, as a verb phrase. */
  readonly collectorUse: string;
}

/** The thread that holds the library's lock, if any. */
export function libraryHolder(s: View): number | undefined {
  const t = s.threads.findIndex((th) => th.library === 'inside');
  return t < 0 ? undefined : t;
}

/** Whether the library's lock is free, so that the collector's call can take it now. */
export function libraryFree(s: View): boolean {
  return libraryHolder(s) === undefined;
}

/**
 * The library user's one call: it takes the library's lock on the way in and releases it on
 * the way out; in between it may be stopped like any thread. The collector's own call
 * (before it stops the world, or with the world stopped) is a guard on its step: the lock
 * must be free then.
 */
export function libraryActions(roles: Roles, library: Library) {
  const users = roles.libraryUser === undefined ? [] : [roles.libraryUser];
  const enterLibrary: ActionSpec<CommonState, number> = {
    over: users,
    actor: who,
    guard: (s, t) => s.threads[t].library === 'ready' && mayCall(s.threads[t]) && libraryFree(s),
    effect: (s, t) => {
      s.threads[t].library = 'inside';
    },
    describe: (t) => `${who(t)} calls ${library.call}, which takes ${library.lock}`,
  };
  const leaveLibrary: ActionSpec<CommonState, number> = {
    over: users,
    actor: who,
    guard: (s, t) => s.threads[t].library === 'inside' && free(s.threads[t]),
    effect: (s, t) => {
      s.threads[t].library = 'done';
    },
    describe: (t) => `${who(t)}'s ${library.call} returns, releasing ${library.lock}`,
  };
  return { enterLibrary, leaveLibrary };
}
