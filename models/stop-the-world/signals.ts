import { z } from 'zod';
import { system, type DeepReadonly, type System } from 'interleave';
import {
  collectAction,
  free,
  heapFields,
  inKernel,
  explainStuck,
  quiescent,
  sharedActions,
  sharedProperties,
  threadFields,
  threadsKeepRunning,
} from './common.js';
import { threadList, who, type Design, type Roles } from './roles.js';

/**
 * bdwgc's signal protocol (pthread_stop_world.c). GC_stop_world sends the suspend signal to
 * every other registered thread; the handler saves the thread's context, posts
 * GC_suspend_ack_sem and waits in sigsuspend until the restart signal; the collector
 * sem_waits once per signal sent, marks, then GC_start_world sends the restart signal.
 * Every ack goes through the one shared semaphore, whoever the stopper is.
 */
export function signalsSystem(roles: Roles, design: Design): System {
  const { n, k } = roles;
  const Thread = z.object({
    ...threadFields(roles, ['idle', 'stopping', 'stopped', 'marked'] as const),
    /** The collector waits for this many more acks (sem_wait calls) before the world is stopped. */
    acksAwaited: z.number().int().min(0).max(n - 1),
    /** A suspend signal is pending: sent, not yet delivered (standard signals do not queue). */
    suspendPending: z.boolean(),
    /** A restart signal has been sent to this thread while it waits in sigsuspend. */
    restartPending: z.boolean(),
  });
  const State = z.object({
    threads: z.array(Thread).length(n),
    /** GC_suspend_ack_sem: acks posted by handlers, not yet taken by a collector's sem_wait. */
    ackSem: z.number().int().min(0).max(k * n * (n - 1)),
    ...heapFields,
  });
  type State = z.output<typeof State>;
  type View = DeepReadonly<State>;
  type T = View['threads'][number];

  const doBlocking = design.sleep === 'gc-do-blocking';
  const lockHeld = (s: View) => design.gcLock && s.threads.some((th) => th.gc !== 'idle');
  /** A thread inside GC_do_blocking: the collector neither signals it nor waits for it. */
  const blocked = (th: T) => doBlocking && inKernel(th);
  const targets = (s: View, c: number) => roles.collectors.filter((t) => t !== c && !blocked(s.threads[t]));
  /** The kernel can run the handler: signals unblocked, and in user code or an interruptible sleep. */
  const deliverable = (th: T) =>
    th.suspendPending && !th.stopped && (!inKernel(th) || (th.syscall === 'asleep' && design.sleep === 'interruptible'));
  const stoppers = (s: View, t: number) => roles.collectors.filter((c) => c !== t && s.threads[c].gc !== 'idle');

  const syscallName = {
    interruptible: 'read()',
    'signals-blocked': 'read()',
    uninterruptible: 'its syscall',
    'gc-do-blocking': 'its syscall',
  }[design.sleep];
  const { loadGlobal, clearGlobal, reply } = sharedActions(roles);

  return system(State, {
    init: {
      threads: roles.threads.map(() => ({
        gc: 'idle' as const,
        started: 0,
        stopped: false,
        syscall: 'ready' as const,
        ref: false,
        acksAwaited: 0,
        suspendPending: false,
        restartPending: false,
      })),
      ackSem: 0,
      global: true,
      x: 'live' as const,
    },
    actions: {
      loadGlobal,
      clearGlobal,
      sleep: {
        over: roles.sleepers,
        actor: who,
        guard: (s, t) => s.threads[t].syscall === 'ready' && free(s.threads[t]) && !(doBlocking && lockHeld(s)),
        effect: (s, t) => {
          s.threads[t].syscall = 'asleep';
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
            case 'gc-do-blocking':
              return `${who(t)} enters GC_do_blocking (saves its stack pointer, marks itself blocked under the allocation lock) and sleeps non-interruptibly until ${server} answers`;
          }
        },
      },
      reply,
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
        guard: (s, c) => s.threads[c].started < k && free(s.threads[c]) && !lockHeld(s),
        effect: (s, c) => {
          const to = targets(s, c);
          for (const t of to) s.threads[t].suspendPending = true;
          const me = s.threads[c];
          me.started++;
          me.acksAwaited = to.length;
          me.gc = to.length > 0 ? 'stopping' : 'stopped';
        },
        describe: (c, s) => {
          const skipped = roles.collectors.filter((t) => t !== c && blocked(s.threads[t]));
          const lock = design.gcLock ? 'takes the allocation lock and ' : '';
          const skip = skipped.length > 0 ? ` (not ${threadList(skipped)}: inside GC_do_blocking)` : '';
          return `${who(c)} ${lock}stops the world: sends the suspend signal to ${threadList(targets(s, c))}${skip}`;
        },
      },
      takeSuspendSignal: {
        over: roles.collectors,
        actor: who,
        guard: (s, t) => deliverable(s.threads[t]),
        effect: (s, t) => {
          const th = s.threads[t];
          th.suspendPending = false;
          th.stopped = true;
          s.ackSem++;
        },
        describe: (t, s) => {
          const th = s.threads[t];
          const from = stoppers(s, t);
          const source = from.length > 0 ? `from ${threadList(from)}` : 'left from a finished stop';
          const interrupting =
            th.syscall === 'asleep'
              ? ` (interrupting its ${syscallName})`
              : th.gc === 'stopping'
                ? ' (interrupting its own wait for acks)'
                : th.gc !== 'idle'
                  ? ' (in the middle of its own collection)'
                  : '';
          return `${who(t)} takes the suspend signal ${source}${interrupting}: the handler saves its context, posts an ack and waits in sigsuspend for the restart signal`;
        },
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
      collect: collectAction(roles, 'saved contexts'),
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
        over: roles.collectors,
        actor: who,
        guard: (s, t) => s.threads[t].stopped && s.threads[t].restartPending,
        effect: (s, t) => {
          s.threads[t].stopped = false;
          s.threads[t].restartPending = false;
        },
        describe: (t, s) => {
          const back = s.threads[t].syscall === 'asleep' ? ` and goes back to sleep in its ${syscallName}` : '';
          return `${who(t)} leaves sigsuspend on the restart signal and returns from the handler${back}`;
        },
      },
    },
    properties: sharedProperties(roles, design),
    fairness: threadsKeepRunning(roles),
    final: (s) => quiescent(s) && s.threads.every((th) => !th.suspendPending),
    explainDeadlock: (s) =>
      explainStuck(s.threads, (th, t) => {
        const acks = `${th.acksAwaited} more acknowledgement${th.acksAwaited === 1 ? '' : 's'}`;
        if (th.stopped && th.gc === 'stopping') return `${who(t)} started a collection but is itself suspended in sigsuspend, waiting for a restart signal`;
        if (th.stopped) return `${who(t)} is suspended in sigsuspend, waiting for a restart signal`;
        if (th.gc === 'stopping') return `${who(t)} waits in sem_wait for ${acks}`;
        if (th.syscall === 'asleep') {
          const signal = th.suspendPending ? ', its suspend signal undelivered' : '';
          return `${who(t)} sleeps in ${syscallName} waiting for ${who(roles.server)}${signal}`;
        }
        return undefined;
      }),
  });
}
