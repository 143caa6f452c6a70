import { defineModel, holds, violates } from 'interleave-check';
import { DESIGNS } from './design.js';
import { Params } from './params.js';
import { FPU_PRESERVED, PER_CPU_STACK_EXCLUSIVE, TINY_STACK_FITS } from './properties.js';
import { buildSystem } from './system.js';

const SEED = "seed 003, OSv: FPU registers lost during a thread's first syscall (models/osv-fpu-syscall/README.md)";

/** The bug's variants: the setup path takes no fpu_lock. */
const NO_FPU_LOCK = { fpuLockSaves: 'neither setup_large_syscall_stack() nor free_tiny_syscall_stack() takes an fpu_lock: that is the bug' };

/** Thread 1 made its first syscall before the run: it runs Go code on its large stack, and never sleeps. */
const THREAD_1_SET_UP = 'thread 1 made its first syscall before the run (largeStackThreads: 1) and runs Go code that never sleeps';
const THREAD_1_NEVER = ['fpuLockSaves(1)', 'sleep(1, 0)', 'sleep(1, null)', 'wakeFromAllocator(1)', 'wakeFromFutex(1)', 'mallocReturns(1)', 'setupReturns(1)', 'freeReturns(1)', 'sysret(1)'];

/**
 * OSv runs a thread's first syscall on a tiny stack, where setup_large_syscall_stack() mallocs
 * the large syscall stack (malloc may sleep, and the scheduler then runs another thread) and
 * memcpy's the syscall frame onto it. syscall() saves the FPU state with fpu_lock, but the setup
 * path did not, and a voluntary context switch saves no FPU registers (the ABI makes them
 * caller-saved): the Go program got its floating-point registers back changed. The fixes trade
 * that for stack space: fpu_lock's save area does not fit the 1 KiB tiny stack, and a per-CPU
 * stack is shared by setups that sleep, are preempted, or meet a nested exception.
 */
export default defineModel({
  name: 'osv-fpu-syscall',
  summary: "OSv: FPU registers lost during a thread's first syscall, and the fixes' stack budgets (seed 003)",
  params: Params,
  variants: {
    'no-fpu-save': {
      summary: "setup_large_syscall_stack() saves no FPU state: a sleep in its malloc lets the scheduler and another thread overwrite the caller's FPU registers",
      source: `${SEED}: "we do not save/restore FPU state as we do in the syscall() function"`,
      expect: violates(FPU_PRESERVED),
      neverEnabled: NO_FPU_LOCK,
    },
    'page-tiny-stack-no-fpu-save': {
      summary: 'the tiny stack raised to a full page, still no FPU save: the experiment that made the crashes disappear is no fix',
      source: `${SEED}: "bumping the tiny stack size to 1 full page ... seemed like it did (the crashes would disappear)"`,
      expect: violates(FPU_PRESERVED),
      neverEnabled: NO_FPU_LOCK,
      params: { tinyStack: 4096 },
    },
    'fpu-lock-tiny-stack': {
      summary: 'fpu_lock in setup_large_syscall_stack() and free_tiny_syscall_stack() on the 1 KiB tiny stack: the 850-byte save area overflows it (the low end of the tiny-stack sweep)',
      source: `${SEED}: "this will require a bigger tiny stack ... FPU state needs around 850 extra bytes of stack"`,
      expect: violates(TINY_STACK_FITS),
    },
    'fpu-lock-page-tiny-stack': {
      summary: 'fpu_lock in the setup path and a full-page tiny stack: FPU registers survive the first syscall, and the stack fits',
      source: `${SEED}: "adding fpu::lock to these functions would be a good and easy solution" with a 4K tiny stack`,
      expect: holds(),
      params: { tinyStack: 4096 },
    },
    'per-cpu-stack': {
      summary: 'the setup path, with fpu_lock, runs on a per-CPU temporary stack: a setup preempted on it hands it to the next setup',
      source: `${SEED}: "use a per-CPU temporary stack just for running setup_large_syscall_stack()" and "they may be preempted to another thread also in the middle of the setup"`,
      expect: violates(PER_CPU_STACK_EXCLUSIVE),
    },
    'per-cpu-stack-preemption-off': {
      summary: 'the per-CPU stack with preemption disabled around the setup, were malloc allowed to sleep so: two sleeping setups share the stack',
      source: `${SEED}: "Both ... may sleep ... Two threads cannot use the same stack, can they? Disable preemption during setup_large_syscall_stack()? But is it allowed during malloc and free?"`,
      expect: violates(PER_CPU_STACK_EXCLUSIVE),
      params: { waitAssertsPreemptable: false },
    },
    'per-cpu-exception-stack': {
      summary: "the setup path runs on the CPU's percpu_exception_stack[0]: another thread's nested exception pushes its frame over the setup's",
      source: `${SEED}: "We already have exactly such a stack allocated, the arch_cpu::percpu_exception_stack ... (can we have an exception while setup_large_syscall_stack() is running?)"`,
      expect: violates(PER_CPU_STACK_EXCLUSIVE),
      params: { pageFaults: true, largeStackThreads: 1 },
      neverEnabled: {
        ...Object.fromEntries(THREAD_1_NEVER.map((name) => [name, THREAD_1_SET_UP])),
        'sleep(0, null)': 'thread 1 is always runnable, so a sleeping thread 0 always hands the CPU to it',
        idleSwitch: 'thread 1 is always runnable: the CPU never goes idle',
      },
    },
  },
  build: ({ params, variant }) => buildSystem(params, DESIGNS[variant]),
});
