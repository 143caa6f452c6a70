import { defineModel, holds, system, violates } from 'interleave';
import { actions } from './actions.js';
import { own, Params, stateSchema, World, type Design, type State } from './osv.js';
import { FPU_PRESERVED, NO_SLEEP_WITH_PREEMPTION_OFF, PER_CPU_STACK_EXCLUSIVE, properties, TINY_STACK_FITS } from './properties.js';

const SEED = 'shared/seeds/003 (OSv: FPU registers lost during a thread first syscall)';

/**
 * What a run of OSv can count on: sleeps end (the page allocator and the futex waker are weakly
 * fair), the idle thread switches to a woken thread, the scheduler keeps switching to a thread
 * that is runnable again and again (strongly fair timer preemption), and the kernel code of a
 * first syscall moves on when its thread gets the CPU again and again (strongly fair: the timer
 * may take the CPU away between any two steps). Making a syscall at all is up to the Go code.
 */
const FAIRNESS = {
  weak: ['wakeFromAllocator', 'wakeFromFutex', 'idleSwitch'],
  strong: ['setupFpuLock', 'mallocReturns', 'setupReturns', 'freeReturns', 'sysret', 'preempt'],
};

/** The design each variant tests. */
const DESIGNS = {
  'no-fpu-save': { fpuLockInSetup: false, pageTinyStack: false, perCpuStack: false, preemptionOffInSetup: false },
  'page-tiny-stack-no-fpu-save': { fpuLockInSetup: false, pageTinyStack: true, perCpuStack: false, preemptionOffInSetup: false },
  'fpu-lock-tiny-stack': { fpuLockInSetup: true, pageTinyStack: false, perCpuStack: false, preemptionOffInSetup: false },
  'fpu-lock-page-tiny-stack': { fpuLockInSetup: true, pageTinyStack: true, perCpuStack: false, preemptionOffInSetup: false },
  'per-cpu-stack': { fpuLockInSetup: true, pageTinyStack: false, perCpuStack: true, preemptionOffInSetup: false },
  'per-cpu-stack-preemption-off': { fpuLockInSetup: true, pageTinyStack: false, perCpuStack: true, preemptionOffInSetup: true },
} satisfies Record<string, Design>;

/**
 * OSv runs a thread's first syscall on a tiny stack, where setup_large_syscall_stack() mallocs
 * the large syscall stack (malloc may sleep, and the scheduler then runs another thread) and
 * memcpy's the syscall frame onto it. syscall() saves the FPU state with fpu_lock, but the setup
 * path did not, and a voluntary context switch saves no FPU registers (the ABI makes them
 * caller-saved): the Go program got its floating-point registers back changed. The fixes trade
 * that for stack space: fpu_lock's save area does not fit the 1 KiB tiny stack, and a per-CPU
 * temporary stack is shared by setups that sleep.
 */
export default defineModel({
  name: 'osv-fpu-syscall',
  summary: "OSv: FPU registers lost during a thread's first syscall, and the fixes' stack budgets (seed 003)",
  params: Params,
  variants: {
    'no-fpu-save': {
      summary: 'setup_large_syscall_stack() saves no FPU state: a sleep in its malloc lets the scheduler and another thread overwrite the caller\'s FPU registers',
      source: `${SEED}: "we do not save/restore FPU state as we do in the syscall() function"`,
      expect: violates(FPU_PRESERVED),
    },
    'page-tiny-stack-no-fpu-save': {
      summary: 'the tiny stack raised to a full page, still no FPU save: the experiment that made the crashes disappear is no fix',
      source: `${SEED}: "bumping the tiny stack size to 1 full page ... seemed like it did (the crashes would disappear)"`,
      expect: violates(FPU_PRESERVED),
    },
    'fpu-lock-tiny-stack': {
      summary: 'fpu_lock in setup_large_syscall_stack() and free_tiny_syscall_stack() on the 1 KiB tiny stack: the 850-byte save area overflows it',
      source: `${SEED}: "this will require a bigger tiny stack ... FPU state needs around 850 extra bytes of stack"`,
      expect: violates(TINY_STACK_FITS),
    },
    'fpu-lock-page-tiny-stack': {
      summary: 'fpu_lock in the setup path and a full-page tiny stack: FPU registers survive the first syscall, and the stack fits',
      source: `${SEED}: "adding fpu::lock to these functions would be a good and easy solution" with a 4K tiny stack`,
      expect: holds(),
    },
    'per-cpu-stack': {
      summary: 'the setup path, with fpu_lock, runs on a per-CPU temporary stack: two setups that sleep in malloc share it',
      source: `${SEED}: "use a per-CPU temporary stack just for running setup_large_syscall_stack()" and "Two threads cannot use the same stack, can they?"`,
      expect: violates(PER_CPU_STACK_EXCLUSIVE),
    },
    'per-cpu-stack-preemption-off': {
      summary: 'the per-CPU stack with preemption disabled around the setup: malloc then sleeps with preemption disabled',
      source: `${SEED}: "Disable preemption during setup_large_syscall_stack()? But is it allowed during malloc and free?"`,
      expect: violates(NO_SLEEP_WITH_PREEMPTION_OFF),
    },
  },
  build: ({ params, variant }) => {
    const w = new World(params, DESIGNS[variant]);
    const State = stateSchema(params);
    // Each CPU runs its first thread's Go code; the others were preempted by the timer, their FPU state saved.
    const first = w.cpus.map((c) => w.firstOn(c));
    const init: State = {
      running: first,
      fpuRegisters: first.map((t) => (t === null ? 'scheduler' : own(t))),
      phase: w.threads.map(() => 'user code' as const),
      stackBytes: w.threads.map(() => 0),
      lockSavedFpu: w.threads.map(() => null),
      interruptSavedFpu: w.threads.map((t) => (first.includes(t) ? null : own(t))),
      preemptionDisabled: w.threads.map(() => false),
    };
    return system(State, {
      init,
      actions: actions(w),
      properties: properties(w),
      final: (s) => w.threads.every((t) => s.phase[t] === 'back in user code'),
      fairness: FAIRNESS,
    });
  },
});
