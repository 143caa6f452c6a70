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
  type CommonState,
} from './common.js';
import type { PinspectDesign } from './design.js';
import { collectAction, heapActions } from './heap.js';
import { libraryActions, libraryFree, libraryHolder, type Library } from './library.js';
import { lifecycleActions } from './lifecycle.js';
import { sharedProperties } from './properties.js';
import { threadList, who, type Roles } from './roles.js';

/** krytarowski's pthread_stop_world_np allocates the list of stopped threads it returns: malloc, under malloc's lock. */
const malloc: Library = {
  call: 'malloc',
  lock: "malloc's lock",
  collectorUse: 'mallocs the thread list (pthread_stop_world_np)',
};

/**
 * The proposed pinspect(2), as thorpej sketches the kernel side: the inspector locks the
 * LWP list, marks the process inspect-pending with itself as inspector, IPIs the CPUs
 * running the process's LWPs; each LWP parks in userret() on a kcondvar on its way back to
 * user mode; PI_START clears the inspector and wakes them. The kernel lets one inspector in
 * at a time (`serialised`); the others wait in the kernel. An LWP inside the kernel counts as
 * stopped: its user context is frozen in its trap frame, and it parks in userret if it
 * returns. The collector reads each registered thread's context with PI_GETCONTEXT: the
 * registers and stack pointer of that trap frame, current since the thread cannot run.
 *
 * With `everyLwpInUserret` (what PI_SETCONTEXT would need, to rewrite a context safely) the
 * inspector waits until every LWP is parked in userret. A wait for the inspector slot is
 * then interruptible (it must reach userret too): a second caller finds the process
 * inspect-pending and parks like any other LWP, retrying later.
 */
export function pinspectSystem(roles: Roles, design: PinspectDesign): System {
  const { n, k } = roles;
  const Thread = z.object(threadFields(roles, ['idle', 'queued', 'inspecting', 'returning', 'stopped', 'marked'] as const));
  const State = z.object({ threads: z.array(Thread).length(n), ...heapFields });
  type View = DeepReadonly<z.output<typeof State>>;

  const inspecting = ['inspecting', 'returning', 'stopped', 'marked'];
  /** The LWP the kernel records as inspector while the process is inspect-pending. */
  const inspector = (s: View) => {
    const i = s.threads.findIndex((th) => inspecting.includes(th.gc));
    return i < 0 ? undefined : i;
  };
  const others = (s: View, c: number) => roles.threads.filter((t) => t !== c && s.threads[t].life === 'alive');
  const halted = (s: View, t: number) => s.threads[t].stopped || (!design.everyLwpInUserret && inKernel(s.threads[t]));
  /** On its way out of the kernel a thread passes userret, and parks there if the process is inspect-pending. */
  const returnToUser = (s: CommonState, t: number) => {
    if (inspector(s as View) !== undefined) s.threads[t].stopped = true;
  };
  /** What a scan from PI_GETCONTEXT's stack pointer, plus the registers if scanned, reaches. */
  const reaches = (s: View, t: number) => {
    switch (s.threads[t].pointer) {
      case 'frame':
        return true;
      case 'register':
        return design.registersScanned;
      case 'red zone':
        return design.redZoneScanned;
      case 'none':
        return false;
    }
  };
  const stopCall = 'pinspect(PI_STOP)';

  return system(State, {
    init: {
      threads: roles.threads.map((t) => initialThread(roles, t)),
      global: true,
      x: 'live' as const,
    },
    actions: {
      ...heapActions(roles),
      ...libraryActions(roles, malloc),
      ...lifecycleActions(roles, design, { allocationLock: false, allocationLockFree: () => true, returnToUser }),
      sleep: {
        over: roles.sleepers,
        actor: who,
        guard: (s, t) => s.threads[t].syscall === 'ready' && mayCall(s.threads[t]),
        effect: (s, t) => {
          s.threads[t].syscall = 'asleep';
        },
        describe: (t) =>
          `${who(t)} sleeps non-interruptibly in the kernel until ${who(roles.server)} answers (say, a FUSE request ${who(roles.server)} serves)`,
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
        guard: (s, t) => s.threads[t].syscall === 'woken',
        effect: (s, t) => {
          s.threads[t].syscall = 'done';
          returnToUser(s, t);
        },
        describe: (t, _, after) =>
          after.threads[t].stopped
            ? `${who(t)}'s syscall completes; on its way out it finds the process inspect-pending and parks in userret`
            : `${who(t)}'s syscall completes and returns to user code`,
      },
      stopWorld: {
        over: roles.collectors,
        actor: who,
        guard: (s, c) =>
          s.threads[c].started < k &&
          mayCollect(s.threads[c]) &&
          !(design.everyLwpInUserret && inspector(s) !== undefined) &&
          (design.libraryCall !== 'before-stop' || libraryFree(s)),
        effect: (s, c) => {
          const me = s.threads[c];
          me.started++;
          me.gc = inspector(s) === undefined || !design.serialised ? 'inspecting' : 'queued';
        },
        describe: (c, s) => {
          const i = inspector(s);
          const first = design.libraryCall === 'before-stop' ? `${malloc.collectorUse} and ` : '';
          if (i === undefined) {
            return `${who(c)} ${first}calls ${stopCall}: the kernel marks the process inspect-pending with ${who(c)} as inspector and IPIs the CPUs running its LWPs`;
          }
          return design.serialised
            ? `${who(c)} ${first}calls ${stopCall} while ${who(i)} inspects: the kernel makes it wait`
            : `${who(c)} ${first}calls ${stopCall} while ${who(i)} inspects: nothing serialises them, and the kernel records ${who(c)} as inspector too`;
        },
      },
      becomeInspector: {
        over: roles.collectors,
        actor: who,
        guard: (s, c) => s.threads[c].gc === 'queued' && inspector(s) === undefined,
        effect: (s, c) => {
          s.threads[c].gc = 'inspecting';
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
        describe: (t, s) => {
          const where = s.threads[t].library === 'inside' ? ` (inside ${malloc.call}, holding ${malloc.lock})` : '';
          return `${who(t)} takes the IPI and parks in userret before running more user code${where}`;
        },
      },
      worldStopped: {
        over: roles.collectors,
        actor: who,
        guard: (s, c) => s.threads[c].gc === 'inspecting' && others(s, c).every((t) => halted(s, t)),
        effect: (s, c) => {
          s.threads[c].gc = design.serialised ? 'stopped' : 'returning';
        },
        describe: (c, s) => {
          const parked = others(s, c).filter((t) => s.threads[t].stopped);
          const inside = others(s, c).filter((t) => !s.threads[t].stopped);
          const where = [
            ...(parked.length > 0 ? [`${threadList(parked)} parked in userret`] : []),
            ...(inside.length > 0 ? [`${threadList(inside)} inside the kernel, user context frozen`] : []),
          ];
          return design.serialised
            ? `${stopCall} returns to ${who(c)}: the world is stopped (${where.join('; ')})`
            : `${who(c)}'s ${stopCall} finds every other LWP halted (${where.join('; ')}) and starts back to user mode`;
        },
      },
      leaveStopCall: {
        over: design.serialised ? [] : roles.collectors,
        actor: who,
        guard: (s, c) => s.threads[c].gc === 'returning',
        effect: (s, c) => {
          s.threads[c].gc = 'stopped';
        },
        describe: (c) => `${stopCall} returns to ${who(c)}: the world is stopped`,
      },
      collect: collectAction(roles, {
        contexts: 'contexts (PI_GETCONTEXT)',
        reaches: (s, t) => reaches(s as View, t),
        first: design.libraryCall === 'with-world-stopped' ? { allowed: libraryFree, says: malloc.collectorUse } : undefined,
      }),
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
    properties: sharedProperties(roles, design, (s, t) => {
      const th = s.threads[t];
      if (!th.registered) return 'it is not registered, so its stack is never scanned';
      if (th.pointer === 'register' && !design.registersScanned) {
        return 'the collector scanned the stack above the stack pointer PI_GETCONTEXT returned, but not the registers';
      }
      if (th.pointer === 'red zone' && !design.redZoneScanned) {
        return "the red zone lies below the stack pointer PI_GETCONTEXT returned, where the scan starts";
      }
      return 'the collector did not read its context';
    }),
    fairness: threadsKeepRunning(roles),
    final: quiescent,
    explainDeadlock: (s) =>
      explainStuck(s.threads, (th, t) => {
        const holder = libraryHolder(s);
        if (th.gc === 'inspecting') return `${who(t)}, the inspector, waits in the kernel for every LWP to park in userret`;
        if (th.gc === 'stopped' && holder !== undefined) {
          return `${who(t)} has the world stopped and waits for ${malloc.lock} (the thread list), which ${who(holder)} holds`;
        }
        if (th.stopped && t === holder) return `${who(t)} is parked in userret inside ${malloc.call}, holding ${malloc.lock}`;
        if (th.stopped) return `${who(t)} is parked in userret until the inspector restarts the world`;
        if (th.gc === 'queued') return `${who(t)} waits in the kernel for the inspector slot`;
        if (th.syscall === 'asleep') return `${who(t)} sleeps non-interruptibly in the kernel waiting for ${who(roles.server)}, so it never reaches userret`;
        return undefined;
      }),
  });
}
