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
 * The proposed pinspect(2), as thorpej sketches the kernel side: the inspector locks the
 * LWP list, marks the process inspect-pending with itself as inspector, IPIs the CPUs
 * running the process's LWPs; each LWP parks in userret() on a kcondvar on its way back to
 * user mode; PI_START clears the inspector and wakes them. The kernel lets one inspector in
 * at a time; the others wait in the kernel. An LWP inside a syscall counts as stopped: its
 * user context is frozen in its trap frame, and it parks in userret if it returns.
 *
 * With `everyLwpInUserret` (what PI_SETCONTEXT would need, to rewrite a context safely) the
 * inspector waits until every LWP is parked in userret. A wait for the inspector slot is
 * then interruptible (it must reach userret too): a second caller finds the process
 * inspect-pending and parks like any other LWP, retrying later.
 */
export function pinspectSystem(roles: Roles, design: Design): System {
  const { n, k } = roles;
  const Thread = z.object(threadFields(roles, ['idle', 'queued', 'stopping', 'stopped', 'marked'] as const));
  const State = z.object({ threads: z.array(Thread).length(n), ...heapFields });
  type View = DeepReadonly<z.output<typeof State>>;

  const inspecting = ['stopping', 'stopped', 'marked'];
  /** The LWP the kernel records as inspector while the process is inspect-pending. */
  const inspector = (s: View) => {
    const i = s.threads.findIndex((th) => inspecting.includes(th.gc));
    return i < 0 ? undefined : i;
  };
  const others = (c: number) => roles.threads.filter((t) => t !== c);
  const halted = (s: View, t: number) => s.threads[t].stopped || (!design.everyLwpInUserret && inKernel(s.threads[t]));
  const { loadGlobal, clearGlobal, reply } = sharedActions(roles);
  const stopCall = 'pinspect(PI_STOP)';

  return system(State, {
    init: {
      threads: roles.threads.map(() => ({ gc: 'idle' as const, started: 0, stopped: false, syscall: 'ready' as const, ref: false })),
      global: true,
      x: 'live' as const,
    },
    actions: {
      loadGlobal,
      clearGlobal,
      sleep: {
        over: roles.sleepers,
        actor: who,
        guard: (s, t) => s.threads[t].syscall === 'ready' && free(s.threads[t]),
        effect: (s, t) => {
          s.threads[t].syscall = 'asleep';
        },
        describe: (t) =>
          `${who(t)} sleeps non-interruptibly in the kernel until ${who(roles.server)} answers (say, a FUSE request ${who(roles.server)} serves)`,
      },
      reply,
      returnFromSyscall: {
        over: roles.sleepers,
        actor: who,
        guard: (s, t) => s.threads[t].syscall === 'woken',
        effect: (s, t) => {
          s.threads[t].syscall = 'done';
          if (inspector(s) !== undefined) s.threads[t].stopped = true;
        },
        describe: (t, s) =>
          inspector(s) !== undefined
            ? `${who(t)}'s syscall completes; on its way out it finds the process inspect-pending and parks in userret`
            : `${who(t)}'s syscall completes and returns to user code`,
      },
      stopWorld: {
        over: roles.collectors,
        actor: who,
        guard: (s, c) =>
          s.threads[c].started < k && free(s.threads[c]) && !(design.everyLwpInUserret && inspector(s) !== undefined),
        effect: (s, c) => {
          const me = s.threads[c];
          me.started++;
          me.gc = inspector(s) === undefined ? 'stopping' : 'queued';
        },
        describe: (c, s) => {
          const i = inspector(s);
          return i === undefined
            ? `${who(c)} calls ${stopCall}: the kernel marks the process inspect-pending with ${who(c)} as inspector and IPIs the CPUs running its LWPs`
            : `${who(c)} calls ${stopCall} while ${who(i)} inspects: the kernel makes it wait`;
        },
      },
      becomeInspector: {
        over: roles.collectors,
        actor: who,
        guard: (s, c) => s.threads[c].gc === 'queued' && inspector(s) === undefined,
        effect: (s, c) => {
          s.threads[c].gc = 'stopping';
        },
        describe: (c) =>
          `the kernel lets ${who(c)}'s ${stopCall} proceed: the process is inspect-pending again, with ${who(c)} as inspector; IPIs sent`,
      },
      parkInUserret: {
        over: roles.threads,
        actor: who,
        guard: (s, t) => {
          const i = inspector(s);
          return i !== undefined && i !== t && free(s.threads[t]);
        },
        effect: (s, t) => {
          s.threads[t].stopped = true;
        },
        describe: (t) => `${who(t)} takes the IPI and parks in userret before running more user code`,
      },
      worldStopped: {
        over: roles.collectors,
        actor: who,
        guard: (s, c) => s.threads[c].gc === 'stopping' && others(c).every((t) => halted(s, t)),
        effect: (s, c) => {
          s.threads[c].gc = 'stopped';
        },
        describe: (c, s) => {
          const parked = others(c).filter((t) => s.threads[t].stopped);
          const inside = others(c).filter((t) => !s.threads[t].stopped);
          const where = [
            ...(parked.length > 0 ? [`${threadList(parked)} parked in userret`] : []),
            ...(inside.length > 0 ? [`${threadList(inside)} inside the kernel, user context frozen`] : []),
          ];
          return `${stopCall} returns to ${who(c)}: the world is stopped (${where.join('; ')})`;
        },
      },
      collect: collectAction(roles, 'saved contexts (PI_GETCONTEXT)'),
      startWorld: {
        over: roles.collectors,
        actor: who,
        guard: (s, c) => s.threads[c].gc === 'marked',
        effect: (s, c) => {
          s.threads[c].gc = 'idle';
          for (const th of s.threads) th.stopped = false;
        },
        describe: (c, s) => {
          const parked = roles.threads.filter((t) => s.threads[t].stopped);
          return `${who(c)} calls pinspect(PI_START): the kernel clears the inspector and wakes the LWPs parked in userret (${threadList(parked)})`;
        },
      },
    },
    properties: sharedProperties(roles, design),
    fairness: threadsKeepRunning(roles),
    final: quiescent,
    explainDeadlock: (s) =>
      explainStuck(s.threads, (th, t) => {
        if (th.gc === 'stopping') return `${who(t)}, the inspector, waits in the kernel for every LWP to park in userret`;
        if (th.stopped) return `${who(t)} is parked in userret until the inspector restarts the world`;
        if (th.gc === 'queued') return `${who(t)} waits in the kernel for the inspector slot`;
        if (th.syscall === 'asleep') return `${who(t)} sleeps non-interruptibly in the kernel waiting for ${who(roles.server)}, so it never reaches userret`;
        return undefined;
      }),
  });
}
