import type { ActionSpec } from 'interleave-check';
import { free, mayCall, type CommonState, type View } from './common.js';
import type { SharedDesign } from './design.js';
import { who, type Roles } from './roles.js';

/** What the thread lifecycle needs from the protocol. */
export interface LifecycleHooks {
  /** Whether collections run under bdwgc's allocation lock, which registration and GC_thread_exit_proc take too. */
  readonly allocationLock: boolean;
  /** Whether the allocation lock is free now (always, without one). */
  readonly allocationLockFree: (s: View) => boolean;
  /** What happens when a thread returns from the kernel to user code (under pinspect it may park). */
  readonly returnToUser: (s: CommonState, t: number) => void;
}

/**
 * Thread 0 is created during the run by thread 1, which hands it X as the start argument;
 * thread 0 registers, uses X, and exits. With `parentWaitsForRegistration` (bdwgc's
 * GC_pthread_create) X stays in `si` on the parent's stack until the child has registered and
 * read it; without it the child holds X, unregistered, from its first instruction. With
 * `unregistersAtExit` (GC_thread_exit_proc) the thread leaves GC_threads under the allocation
 * lock before it dies; without it, it stays there with its stack freed.
 */
export function lifecycleActions(roles: Roles, design: SharedDesign, hooks: LifecycleHooks) {
  const spec = design.newThread;
  const child = roles.newThread ? [roles.newThread.child] : [];
  const parent = roles.newThread ? [roles.newThread.parent] : [];
  const c = roles.newThread?.child ?? 0;
  const waits = spec?.parentWaitsForRegistration ?? false;
  const takesLock = hooks.allocationLock ? 'takes the allocation lock and ' : '';

  const createThread: ActionSpec<CommonState, number> = {
    over: parent,
    actor: who,
    guard: (s, p) => s.threads[c].life === 'unborn' && s.threads[p].pointer === 'register' && mayCall(s.threads[p]),
    effect: (s, p) => {
      s.threads[c].life = 'alive';
      if (waits) {
        s.threads[p] = { ...s.threads[p], spawn: 'waiting', pointer: 'frame' };
      } else {
        s.threads[p] = { ...s.threads[p], spawn: 'done', pointer: 'none' };
        s.threads[c].pointer = 'register';
      }
    },
    describe: (p) =>
      waits
        ? `${who(p)} creates ${who(c)} with GC_pthread_create, passing X: si, on ${who(p)}'s stack, holds X while ${who(p)} waits in sem_wait for ${who(c)} to register`
        : `${who(p)} creates ${who(c)} with pthread_create, passing X in a register, and goes on without it`,
  };
  const registerThread: ActionSpec<CommonState, number> = {
    over: child,
    actor: who,
    guard: (s, t) => !s.threads[t].registered && free(s.threads[t]) && hooks.allocationLockFree(s),
    effect: (s, t) => {
      s.threads[t].registered = true;
      if (waits) {
        s.threads[t].pointer = 'register';
        s.threads[roles.newThread!.parent].spawn = 'posted';
      }
    },
    describe: (t) =>
      waits
        ? `${who(t)} ${takesLock}registers itself (GC_register_my_thread_inner), then reads X from si and posts si.registered`
        : `${who(t)} ${takesLock}registers itself (GC_register_my_thread)`,
  };
  const parentReturns: ActionSpec<CommonState, number> = {
    over: waits ? parent : [],
    actor: who,
    guard: (s, p) => s.threads[p].spawn === 'posted' && !s.threads[p].stopped,
    effect: (s, p) => {
      s.threads[p] = { ...s.threads[p], spawn: 'done', pointer: 'none' };
      hooks.returnToUser(s, p);
    },
    describe: (p, _, after) =>
      `${who(p)}'s sem_wait returns: GC_pthread_create returns, and si (with X) is gone from its stack${after.threads[p].stopped ? '; on its way out of the kernel it finds the process inspect-pending and parks in userret' : ''}`,
  };
  const exitThread: ActionSpec<CommonState, number> = {
    over: child,
    actor: who,
    guard: (s, t) =>
      s.threads[t].registered && mayCall(s.threads[t]) && (!spec?.unregistersAtExit || hooks.allocationLockFree(s)),
    effect: (s, t) => {
      s.threads[t] = { ...s.threads[t], life: 'exited', pointer: 'none', registered: !spec?.unregistersAtExit };
    },
    describe: (t) =>
      spec?.unregistersAtExit
        ? `${who(t)} exits: GC_thread_exit_proc ${takesLock}unregisters it, then its stack is freed`
        : `${who(t)} exits without unregistering: it stays in GC_threads, and its stack is freed`,
  };
  return { createThread, registerThread, parentReturns, exitThread };
}
