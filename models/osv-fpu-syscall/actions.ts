import { pairs, type ActionSpec } from 'interleave-check';
import { describeValues, FPU_LOCK_SAVES, memcpyUsesSse, SLEEPING, SLEEPS_IN, type DeepState, type Phase, type State, type World } from './osv.js';

/** Types one action: its argument type is inferred from `over`. */
const action = <A>(spec: ActionSpec<State, A>): ActionSpec<State, A> => spec;

/** What sleeps, and why, by the phase a thread sleeps from. */
const SLEEPS: Partial<Record<Phase, { call: string; why: string }>> = {
  'in malloc': { call: 'malloc() of the large stack', why: 'waiting for free pages' },
  'in free_tiny': { call: 'free() of the tiny stack', why: "waiting for the page allocator's lock" },
  'in syscall()': { call: 'syscall handler', why: 'in a futex wait' },
};

/**
 * The actions: each thread's first syscall step by step (syscall_entry, setup_large_syscall_stack
 * with its malloc and memcpy, the stack switch, free_tiny_syscall_stack, syscall() and sysret),
 * every fpu_lock's save on entry and restore on return, the sleeps in malloc, free and the
 * syscall handler, the wake-ups, timer preemption wherever preemption is enabled, the idle
 * thread's switch to a woken thread, and (with `pageFaults`) page faults in Go code with
 * nested exceptions inside their handlers.
 */
export function actions(w: World) {
  const { threads, design, p } = w;
  const who = (t: number) => `thread ${t}`;
  const cpu = (t: number) => `CPU ${w.cpuOf(t)}`;
  const steps = (t: number, s: DeepState, phase: Phase) => w.isRunning(s, t) && s.phase[t] === phase;

  /** How `next` resumes on its CPU, in words. */
  const resumes = (next: number, before: DeepState) =>
    before.interruptSavedFpu[next] !== null
      ? `whose interrupt return restores its FPU registers (${describeValues(before.interruptSavedFpu[next])}) and resumes ${w.placeOf(before, next)}`
      : `which resumes ${w.placeOf(before, next)} with the FPU registers as they are`;
  /** What the scheduler does when `leaving` gives up its CPU for `next` (null: the idle thread). */
  const switchClause = (leaving: number, next: number | null, before: DeepState) =>
    next === null
      ? `${cpu(leaving)}'s scheduler finds nothing runnable and runs the idle thread`
      : `${cpu(leaving)}'s scheduler switches to ${who(next)}, ${resumes(next, before)}`;
  /** Whether `next` is a legal choice for the scheduler on `leaving`'s CPU: a runnable thread there, or idle if there is none. */
  /** Whether the scheduler on `leaving`'s CPU could ever pick `next`: another thread of that CPU, or idle. */
  const mayFollow = (leaving: number, next: number | null) => next === null || (next !== leaving && w.cpuOf(next) === w.cpuOf(leaving));
  const canRunNext = (s: DeepState, leaving: number, next: number | null) =>
    next === null
      ? !threads.some((k) => k !== leaving && w.cpuOf(k) === w.cpuOf(leaving) && w.isRunnable(s, k))
      : next !== leaving && w.cpuOf(next) === w.cpuOf(leaving) && w.isRunnable(s, next);

  const entry = {
    firstSyscall: action({
      over: w.newcomers,
      actor: who,
      guard: (s, t) => steps(t, s, 'user code') && s.exception[t] === 'none',
      effect: (s, t) => {
        // The setup path's deepest point (inside malloc) uses setupFrame bytes; the model takes them at once.
        s.stackBytes[t] += p.setupFrame;
        s.phase[t] = design.fpuLockInSetup ? 'setup entered' : 'in malloc';
        if (design.preemptionOffInSetup) s.preemptionDisabled[t] = true;
      },
      describe: (t, _before, after) =>
        `${who(t)}'s Go code, holding floating-point values in its FPU registers, executes its first syscall instruction; ` +
        'syscall_entry finds the tiny-stack indicator' +
        (design.preemptionOffInSetup ? ', disables preemption' : '') +
        (w.setupOnPerCpuStack()
          ? `, switches to ${w.setupStackName(t)} and calls setup_large_syscall_stack() there`
          : ` and calls setup_large_syscall_stack() on ${w.setupStackName(t)}`) +
        `: ${after.stackBytes[t]} of ${w.setupStackBytes()} bytes in use at its deepest`,
    }),

    fpuLockSaves: action({
      over: threads,
      actor: who,
      guard: (s, t) => w.isRunning(s, t) && FPU_LOCK_SAVES.has(s.phase[t]),
      effect: (s, t) => {
        const onSetupStack = s.phase[t] === 'setup entered';
        s.lockSavedFpu[t] = s.fpuRegisters[w.cpuOf(t)];
        if (onSetupStack) s.stackBytes[t] += p.fpuSaveArea;
        s.phase[t] = FPU_LOCK_SAVES.get(s.phase[t])!.next;
      },
      describe: (t, before, after) =>
        `${FPU_LOCK_SAVES.get(before.phase[t])!.fn}'s fpu_lock saves the FPU registers (${describeValues(after.lockSavedFpu[t])}) ` +
        (before.phase[t] === 'setup entered'
          ? `in a save area of ${p.fpuSaveArea} bytes on ${w.setupStackName(t)}: ` +
            `${before.stackBytes[t]} + ${p.fpuSaveArea} = ${after.stackBytes[t]} of ${w.setupStackBytes()} bytes in use`
          : 'on the large stack'),
    }),
  };

  const scheduling = {
    sleep: action({
      over: pairs<number, number | null>(threads, [...threads, null]).filter(([t, next]) => mayFollow(t, next)),
      actor: ([t]) => who(t),
      guard: (s, [t, next]) => w.isRunning(s, t) && SLEEPS_IN.has(s.phase[t]) && canRunNext(s, t, next),
      effect: (s, [t, next]) => {
        s.phase[t] = SLEEPS_IN.get(s.phase[t])!;
        w.switchTo(s, w.cpuOf(t), next);
      },
      describe: ([t, next], before) =>
        `${who(t)}'s ${SLEEPS[before.phase[t]]!.call} sleeps${before.preemptionDisabled[t] ? ' with preemption disabled' : ''}, ` +
        `${SLEEPS[before.phase[t]]!.why}: a voluntary switch, which saves no FPU registers; ${switchClause(t, next, before)}`,
    }),

    wakeFromAllocator: action({
      over: threads,
      actor: () => 'page allocator',
      guard: (s, t) => s.phase[t] === 'asleep in malloc' || s.phase[t] === 'asleep in free_tiny',
      effect: (s, t) => {
        s.phase[t] = s.phase[t] === 'asleep in malloc' ? 'in malloc' : 'in free_tiny';
      },
      describe: (t, before) =>
        `the page allocator ${before.phase[t] === 'asleep in malloc' ? 'has free pages again' : 'releases its lock'} ` +
        `and wakes ${who(t)}, which waits in ${cpu(t)}'s run queue`,
    }),

    wakeFromFutex: action({
      over: threads,
      actor: () => 'futex waker',
      guard: (s, t) => s.phase[t] === 'asleep in syscall()',
      effect: (s, t) => {
        s.phase[t] = 'in syscall()';
      },
      describe: (t) => `a futex wake ends ${who(t)}'s wait in its syscall handler; it waits in ${cpu(t)}'s run queue`,
    }),

    preempt: action({
      over: pairs(threads, threads).filter(([t, next]) => mayFollow(t, next)),
      actor: ([t]) => cpu(t),
      guard: (s, [t, next]) =>
        w.isRunning(s, t) && !SLEEPING.has(s.phase[t]) && !s.preemptionDisabled[t] && canRunNext(s, t, next),
      effect: (s, [t, next]) => {
        s.interruptSavedFpu[t] = s.fpuRegisters[w.cpuOf(t)];
        w.switchTo(s, w.cpuOf(t), next);
      },
      describe: ([t, next], before, after) =>
        `a timer interrupt preempts ${who(t)} ${w.placeOf(before, t)}; the interrupt's fpu_lock saves its FPU registers ` +
        `(${describeValues(after.interruptSavedFpu[t])}) on its interrupt stack; ${switchClause(t, next, before)}`,
    }),

    idleSwitch: action({
      over: threads,
      actor: cpu,
      guard: (s, t) => s.running[w.cpuOf(t)] === null && w.isRunnable(s, t),
      effect: (s, t) => w.switchTo(s, w.cpuOf(t), t),
      describe: (t, before) => `${cpu(t)}'s idle thread switches to ${who(t)}, ${resumes(t, before)}`,
    }),
  };

  const returns = {
    mallocReturns: action({
      over: threads,
      actor: who,
      guard: (s, t) => steps(t, s, 'in malloc'),
      effect: (s, t) => {
        if (memcpyUsesSse(w.copyBytes())) s.fpuRegisters[w.cpuOf(t)] = 'memcpy';
        s.phase[t] = 'stack copied';
      },
      describe: (t) =>
        `malloc() returns ${who(t)}'s 64 KiB large syscall stack; memcpy() copies ${w.copyBytes()} bytes of the syscall frame to its top` +
        (memcpyUsesSse(w.copyBytes()) ? ' through SSE registers, overwriting the FPU registers' : ' with rep movs (no FPU registers)'),
    }),

    setupReturns: action({
      over: threads,
      actor: who,
      guard: (s, t) => steps(t, s, 'stack copied'),
      effect: (s, t) => {
        if (design.fpuLockInSetup) s.fpuRegisters[w.cpuOf(t)] = s.lockSavedFpu[t]!;
        s.lockSavedFpu[t] = null;
        s.stackBytes[t] = 0;
        s.preemptionDisabled[t] = false;
        s.phase[t] = design.fpuLockInFreeTiny ? 'free_tiny entered' : 'in free_tiny';
      },
      describe: (t, before) =>
        'setup_large_syscall_stack() returns' +
        (design.fpuLockInSetup ? `, its fpu_lock restoring the FPU registers (${describeValues(before.lockSavedFpu[t])})` : '') +
        `; syscall_entry switches to the large stack (releasing ${before.stackBytes[t]} bytes of ${w.setupStackName(t)})` +
        (design.preemptionOffInSetup ? ', enables preemption' : '') +
        ' and calls free_tiny_syscall_stack()',
    }),

    freeReturns: action({
      over: threads,
      actor: who,
      guard: (s, t) => steps(t, s, 'in free_tiny'),
      effect: (s, t) => {
        const c = w.cpuOf(t);
        if (design.fpuLockInFreeTiny) s.fpuRegisters[c] = s.lockSavedFpu[t]!;
        // syscall() is OSv's own code, outside the fixes: its fpu_lock saves in the step that calls it.
        s.lockSavedFpu[t] = s.fpuRegisters[c];
        s.phase[t] = 'in syscall()';
      },
      describe: (t, before, after) =>
        'free_tiny_syscall_stack() returns' +
        (design.fpuLockInFreeTiny ? `, its fpu_lock restoring the FPU registers (${describeValues(before.lockSavedFpu[t])})` : '') +
        `; syscall_entry calls syscall(), whose fpu_lock saves the FPU registers (${describeValues(after.lockSavedFpu[t])}) on the large stack`,
    }),

    sysret: action({
      over: threads,
      actor: who,
      guard: (s, t) => steps(t, s, 'in syscall()'),
      effect: (s, t) => {
        s.fpuRegisters[w.cpuOf(t)] = s.lockSavedFpu[t]!;
        s.lockSavedFpu[t] = null;
        s.phase[t] = 'back in user code';
      },
      describe: (t, before) =>
        `the syscall handler is done; syscall()'s fpu_lock restores the FPU registers it saved ` +
        `(${describeValues(before.lockSavedFpu[t])}) and ${who(t)} returns to its Go code`,
    }),
  };

  // The order of the actions is the order of their instances in a level of the search.
  const all = { ...entry, ...scheduling, ...returns };
  return p.pageFaults ? { ...all, ...exceptions(w) } : all;
}

/**
 * A page fault in Go code (Go's heap grows into pages OSv maps lazily) and a nested exception
 * inside its handler. page_fault() holds an fpu_lock and an exception_guard: while the guard is
 * held, the CPU's IST1 points at its percpu_exception_stack[0], so a nested exception's frame
 * lands there. vm_fault runs with interrupts enabled, so the timer may preempt either handler;
 * the model does not let vm_fault sleep.
 */
function exceptions(w: World) {
  const who = (t: number) => `thread ${t}`;
  const exceptionStack = (t: number) => `CPU ${w.cpuOf(t)}'s per-CPU exception stack`;
  return {
    pageFault: action({
      over: w.threads,
      actor: who,
      guard: (s, t) => w.isRunning(s, t) && w.inGoCode(s, t),
      effect: (s, t) => {
        s.lockSavedFpu[t] = s.fpuRegisters[w.cpuOf(t)];
        s.exception[t] = 'page fault';
      },
      describe: (t, _before, after) =>
        `${who(t)}'s Go code touches a page not mapped yet: the CPU pushes the fault's frame on ${who(t)}'s own exception stack; ` +
        `page_fault()'s fpu_lock saves its FPU registers (${describeValues(after.lockSavedFpu[t])}), and its exception_guard ` +
        `points IST1 at ${exceptionStack(t)} for nested exceptions`,
    }),

    nestedException: action({
      over: w.threads,
      actor: who,
      guard: (s, t) => w.isRunning(s, t) && s.exception[t] === 'page fault',
      effect: (s, t) => {
        s.exception[t] = 'nested exception';
      },
      describe: (t) =>
        `an exception inside ${who(t)}'s page-fault handler: the CPU pushes its frame at the top of ${exceptionStack(t)} ` +
        '(where IST1 points while a handler holds its exception_guard) and runs the nested handler there',
    }),

    nestedExceptionReturns: action({
      over: w.threads,
      actor: who,
      guard: (s, t) => w.isRunning(s, t) && s.exception[t] === 'nested exception',
      effect: (s, t) => {
        s.exception[t] = 'page fault';
      },
      describe: (t) => `the nested exception handler returns to ${who(t)}'s page-fault handler, leaving ${exceptionStack(t)}`,
    }),

    pageFaultReturns: action({
      over: w.threads,
      actor: who,
      guard: (s, t) => w.isRunning(s, t) && s.exception[t] === 'page fault',
      effect: (s, t) => {
        s.fpuRegisters[w.cpuOf(t)] = s.lockSavedFpu[t]!;
        s.lockSavedFpu[t] = null;
        s.exception[t] = 'none';
      },
      describe: (t, before) =>
        `vm_fault() maps the page; page_fault()'s fpu_lock restores the FPU registers (${describeValues(before.lockSavedFpu[t])}), ` +
        `its exception_guard points IST1 back at ${who(t)}'s own exception stack, and ${who(t)} returns to its Go code`,
    }),
  };
}
