import { z } from 'zod';
import { system, type DeepReadonly, type System } from 'interleave-check';
import {
  explainStuck,
  free,
  heapFields,
  initialThread,
  inKernel,
  mayCall,
  mayCollect,
  quiescent,
  threadFields,
  threadsKeepRunning,
} from './common.js';
import type { SignalsDesign } from './design.js';
import { collectAction, heapActions } from './heap.js';
import { libraryActions, libraryFree, libraryHolder, type Library } from './library.js';
import { lifecycleActions } from './lifecycle.js';
import { sharedProperties } from './properties.js';
import { threadList, who, type Roles } from './roles.js';

/** bdwgc's collection needs the dynamic linker's lock: GC_register_dynamic_libraries walks the loaded objects with dl_iterate_phdr. */
const dynamicLinker: Library = {
  call: 'dlopen',
  lock: "the dynamic linker's lock",
  collectorUse: "walks the loaded libraries with dl_iterate_phdr (taking the dynamic linker's lock)",
};

/**
 * bdwgc's signal protocol (pthread_stop_world.c). GC_stop_world sends the suspend signal to
 * every other registered thread; the handler saves the thread's context (its stack pointer,
 * below the signal frame that holds its registers), posts GC_suspend_ack_sem and waits in
 * sigsuspend until the restart signal; the collector sem_waits once per signal sent, marks
 * from the saved contexts, then GC_start_world sends the restart signal. Every ack goes
 * through the one shared semaphore, whoever the stopper is.
 */
export function signalsSystem(roles: Roles, design: SignalsDesign): System {
  const { n, k } = roles;
  const Thread = z.object({
    ...threadFields(roles, ['idle', 'stopping', 'stopped', 'marked'] as const),
    /** The collector waits for this many more acks (sem_wait calls) before the world is stopped. */
    acksAwaited: z.number().int().min(0).max(n - 1),
    /** A suspend signal is pending: sent, not yet delivered (standard signals do not queue). */
    suspendPending: z.boolean(),
    /** A restart signal has been sent to this thread while it waits in sigsuspend. */
    restartPending: z.boolean(),
    /**
     * The context the collector scans for this thread: the stack pointer recorded at
     * registration (an empty range), or the last one the thread saved, in its suspend handler
     * or on entering GC_do_blocking, with X in reach of it or not.
     */
    saved: z.enum(['at registration', 'without X', 'with X']),
    /** Its suspend handler has posted the ack but not saved its context yet (when it acks first). */
    savePending: z.boolean(),
  });
  const State = z.object({
    threads: z.array(Thread).length(n),
    /** GC_suspend_ack_sem: acks posted by handlers, not yet taken by a collector's sem_wait. */
    ackSem: z.number().int().min(0).max(k * n * (n - 1)),
    ...heapFields,
  });
  type View = DeepReadonly<z.output<typeof State>>;
  type T = View['threads'][number];

  const doBlocking = design.sleep === 'gc-do-blocking';
  const lockHeld = (s: View) => design.gcLock && s.threads.some((th) => th.gc !== 'idle');
  /** A thread inside GC_do_blocking: the collector neither signals it nor waits for it. */
  const blocked = (th: T) => doBlocking && (th.syscall === 'asleep' || th.syscall === 'woken');
  /** Whom pthread_kill reaches: the other registered threads, except those in GC_do_blocking (a dead one gives ESRCH). */
  const targets = (s: View, c: number) =>
    roles.threads.filter((t) => t !== c && s.threads[t].registered && s.threads[t].life === 'alive' && !blocked(s.threads[t]));
  /** The kernel can interrupt the wait to run the handler (the call is restarted afterwards). */
  const interruptible = (th: T) =>
    (th.syscall === 'asleep' && design.sleep === 'interruptible') || th.spawn === 'waiting' || th.spawn === 'posted';
  const deliverable = (th: T) => th.suspendPending && !th.stopped && th.life === 'alive' && (!inKernel(th) || interruptible(th));
  const stoppers = (s: View, t: number) => roles.threads.filter((c) => c !== t && s.threads[c].gc !== 'idle');
  /**
   * What the suspend handler saves: a stack pointer below the signal frame, which holds every
   * register and which the kernel puts below the red zone; all the thread holds is in reach.
   */
  const handlerSave = (th: T) => (th.pointer === 'none' ? 'without X' : 'with X');
  /** What GC_do_blocking saves: its own stack pointer, so the caller's frames are in reach, and registers only if pushed first. */
  const blockingSave = (th: T) =>
    th.pointer === 'frame' || (th.pointer === 'register' && design.calleeSavesPushed) ? 'with X' : 'without X';
  const libraryFirst = design.libraryCall === 'with-world-stopped';

  const syscallName = {
    interruptible: 'read()',
    'signals-blocked': 'read()',
    uninterruptible: 'its syscall',
    'gc-do-blocking': 'its syscall',
  }[design.sleep];

  return system(State, {
    init: {
      threads: roles.threads.map((t) => ({
        ...initialThread(roles, t),
        acksAwaited: 0,
        suspendPending: false,
        restartPending: false,
        saved: 'at registration' as const,
        savePending: false,
      })),
      ackSem: 0,
      global: true,
      x: 'live' as const,
    },
    actions: {
      ...heapActions(roles),
      ...libraryActions(roles, dynamicLinker),
      ...lifecycleActions(roles, design, {
        allocationLock: design.gcLock,
        allocationLockFree: (s) => !lockHeld(s as View),
        returnToUser: () => {},
      }),
      sleep: {
        over: roles.sleepers,
        actor: who,
        guard: (s, t) => s.threads[t].syscall === 'ready' && mayCall(s.threads[t]) && !(doBlocking && lockHeld(s)),
        effect: (s, t) => {
          const th = s.threads[t];
          th.syscall = 'asleep';
          if (doBlocking) th.saved = blockingSave(th);
        },
        describe: (t) => {
          const server = who(roles.server);
          switch (design.sleep) {
            case 'interruptible':
              return `${who(t)} sleeps in read() on a pipe, waiting for ${server} to answer`;
            case 'signals-blocked':
              return `${who(t)} blocks every signal (pthread_sigmask) and sleeps in read(), waiting for ${server} to answer`;
            case 'uninterruptible':
              return `${who(t)} sleeps non-interruptibly in the kernel until ${server} answers (say, a FUSE request ${server} serves)`;
            case 'gc-do-blocking': {
              const push = design.calleeSavesPushed ? 'pushes its callee-saved registers, saves its stack pointer' : 'saves its stack pointer (its registers not pushed)';
              return `${who(t)} enters GC_do_blocking (${push}, marks itself blocked under the allocation lock) and sleeps non-interruptibly until ${server} answers`;
            }
          }
        },
      },
      reply: {
        over: roles.sleepers,
        actor: () => who(roles.server),
        guard: (s, t) => s.threads[t].syscall === 'asleep' && free(s.threads[roles.server]),
        effect: (s, t) => {
          s.threads[t].syscall = 'woken';
        },
        describe: (t) => `${who(roles.server)} answers ${who(t)}'s request; the kernel wakes ${who(t)}`,
      },
      returnFromSyscall: {
        over: roles.sleepers,
        actor: who,
        guard: (s, t) => s.threads[t].syscall === 'woken' && !s.threads[t].stopped && !(doBlocking && lockHeld(s)),
        effect: (s, t) => {
          s.threads[t].syscall = 'done';
        },
        describe: (t) => {
          switch (design.sleep) {
            case 'signals-blocked':
              return `${who(t)}'s read() returns, and it unblocks signals`;
            case 'gc-do-blocking':
              return `${who(t)}'s syscall returns; it takes the allocation lock and leaves GC_do_blocking`;
            default:
              return `${who(t)}'s ${syscallName} returns to user code`;
          }
        },
      },
      stopWorld: {
        over: roles.collectors,
        actor: who,
        guard: (s, c) =>
          s.threads[c].started < k && mayCollect(s.threads[c]) && !lockHeld(s) && (design.libraryCall !== 'before-stop' || libraryFree(s)),
        effect: (s, c) => {
          const to = targets(s, c);
          for (const t of to) s.threads[t].suspendPending = true;
          const me = s.threads[c];
          me.started++;
          me.acksAwaited = to.length;
          me.gc = to.length > 0 ? 'stopping' : 'stopped';
        },
        describe: (c, s) => {
          const skipped = roles.threads.filter((t) => t !== c && s.threads[t].registered && blocked(s.threads[t]));
          const first = [
            ...(design.gcLock ? ['takes the allocation lock'] : []),
            ...(design.libraryCall === 'before-stop' ? [dynamicLinker.collectorUse] : []),
          ];
          const before = first.length > 0 ? `${first.join(', ')} and ` : '';
          const skip = skipped.length > 0 ? ` (not ${threadList(skipped)}: inside GC_do_blocking)` : '';
          return `${who(c)} ${before}stops the world: sends the suspend signal to ${threadList(targets(s, c))}${skip}`;
        },
      },
      takeSuspendSignal: {
        over: roles.threads,
        actor: who,
        guard: (s, t) => deliverable(s.threads[t]),
        effect: (s, t) => {
          const th = s.threads[t];
          th.suspendPending = false;
          th.stopped = true;
          s.ackSem++;
          if (design.saveBeforeAck) th.saved = handlerSave(th);
          else th.savePending = true;
        },
        describe: (t, s) => {
          const th = s.threads[t];
          const from = stoppers(s, t);
          const source = from.length > 0 ? `from ${threadList(from)}` : 'left from a finished stop';
          const interrupting =
            th.syscall === 'asleep'
              ? ` (interrupting its ${syscallName})`
              : th.spawn === 'waiting' || th.spawn === 'posted'
                ? ' (interrupting its sem_wait)'
                : th.gc === 'stopping'
                  ? ' (interrupting its own wait for acks)'
                  : th.gc !== 'idle'
                    ? ' (in the middle of its own collection)'
                    : '';
          const handler = design.saveBeforeAck
            ? 'the handler saves its context, posts an ack and waits in sigsuspend for the restart signal'
            : 'the handler posts an ack before saving its context';
          return `${who(t)} takes the suspend signal ${source}${interrupting}: ${handler}`;
        },
      },
      saveContext: {
        over: design.saveBeforeAck ? [] : roles.threads,
        actor: who,
        guard: (s, t) => s.threads[t].savePending,
        effect: (s, t) => {
          const th = s.threads[t];
          th.saved = handlerSave(th);
          th.savePending = false;
        },
        describe: (t) => `${who(t)}'s handler saves its context and waits in sigsuspend for the restart signal`,
      },
      takeAck: {
        over: roles.collectors,
        actor: who,
        guard: (s, c) => s.threads[c].gc === 'stopping' && !s.threads[c].stopped && s.ackSem > 0,
        effect: (s, c) => {
          const me = s.threads[c];
          s.ackSem--;
          me.acksAwaited--;
          if (me.acksAwaited === 0) me.gc = 'stopped';
        },
        describe: (c, _s, after) => {
          const left = after.threads[c].acksAwaited;
          return `${who(c)}'s sem_wait takes an ack: ${left > 0 ? `${left} more to wait for` : 'the world is stopped'}`;
        },
      },
      collect: collectAction(roles, {
        contexts: 'saved contexts',
        reaches: (s, t) => (s as View).threads[t].saved === 'with X',
        first: libraryFirst ? { allowed: libraryFree, says: dynamicLinker.collectorUse } : undefined,
      }),
      startWorld: {
        over: roles.collectors,
        actor: who,
        guard: (s, c) => s.threads[c].gc === 'marked' && !s.threads[c].stopped,
        effect: (s, c) => {
          for (const t of targets(s, c)) if (s.threads[t].stopped) s.threads[t].restartPending = true;
          s.threads[c].gc = 'idle';
        },
        describe: (c, s) => {
          const lock = design.gcLock ? ' and releases the allocation lock' : '';
          return `${who(c)} restarts the world: sends the restart signal to ${threadList(targets(s, c))}${lock}`;
        },
      },
      leaveHandler: {
        over: roles.threads,
        actor: who,
        guard: (s, t) => s.threads[t].stopped && s.threads[t].restartPending && !s.threads[t].savePending,
        effect: (s, t) => {
          s.threads[t].stopped = false;
          s.threads[t].restartPending = false;
        },
        describe: (t, s) => {
          const th = s.threads[t];
          const back = th.syscall === 'asleep' ? ` and goes back to sleep in its ${syscallName}` : th.spawn === 'waiting' ? ' and goes back to its sem_wait' : th.spawn === 'posted' ? ', back in its sem_wait' : '';
          return `${who(t)} leaves sigsuspend on the restart signal and returns from the handler${back}`;
        },
      },
    },
    properties: sharedProperties(roles, design, (s, t) => {
      const th = (s as View).threads[t];
      if (!th.registered) return 'it is not registered, so its stack is never scanned';
      if (th.savePending) {
        const old = th.saved === 'at registration' ? ' (the stack pointer recorded at registration: an empty range)' : '';
        return `its handler posted the ack before saving its context, so the collector scanned the context saved before${old}`;
      }
      if (blocked(th) && th.pointer === 'register') return 'GC_do_blocking saved its stack pointer without pushing its registers, and X is in a callee-saved register';
      return 'its saved context does not show X';
    }),
    fairness: threadsKeepRunning(roles),
    final: (s) => quiescent(s) && s.threads.every((th) => !th.suspendPending || th.life !== 'alive'),
    explainDeadlock: (s) =>
      explainStuck(s.threads, (th, t) => {
        const acks = `${th.acksAwaited} more acknowledgement${th.acksAwaited === 1 ? '' : 's'}`;
        const holder = libraryHolder(s);
        if (th.life === 'exited' && th.suspendPending) return `${who(t)} exited with a suspend signal pending, which died with it: it will never ack`;
        if (th.life !== 'alive') return undefined;
        if (th.stopped && th.gc === 'stopping') return `${who(t)} started a collection but is itself suspended in sigsuspend, waiting for a restart signal`;
        if (th.stopped && t === holder) return `${who(t)} is suspended in sigsuspend inside ${dynamicLinker.call}, holding ${dynamicLinker.lock}`;
        if (th.stopped) return `${who(t)} is suspended in sigsuspend, waiting for a restart signal`;
        if (th.gc === 'stopping') return `${who(t)} waits in sem_wait for ${acks}`;
        if (th.gc === 'stopped' && libraryFirst && holder !== undefined) {
          return `${who(t)} has the world stopped and waits for ${dynamicLinker.lock} (dl_iterate_phdr), which ${who(holder)} holds`;
        }
        if (th.syscall === 'asleep') {
          const signal = th.suspendPending ? ', its suspend signal undelivered' : '';
          return `${who(t)} sleeps in ${syscallName} waiting for ${who(roles.server)}${signal}`;
        }
        return undefined;
      }),
  });
}
