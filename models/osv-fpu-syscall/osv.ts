import { z } from 'zod';
import { range, type DeepReadonly } from 'interleave';

/**
 * The parameters of the OSv first-syscall model. Sizes are in bytes, as measured in the seed:
 * setup_large_syscall_stack() uses about 750 bytes of stack at worst, and an fpu_lock save
 * area takes about 850 more.
 */
export const Params = z.object({
  cpus: z.number().int().min(1).max(2).default(1).describe('CPUs; threads 0 and 1 share CPU 0, thread 2 runs on the last CPU'),
  threads: z.number().int().min(2).max(3).default(2).describe('application threads, each making its first syscall'),
  tinyStack: z.number().int().min(128).max(16384).default(1024).describe('bytes of the stock tiny syscall stack (TINY_SYSCALL_STACK_SIZE)'),
  pageSize: z.number().int().min(1024).max(16384).default(4096).describe('bytes of a full page: the enlarged tiny stack and the per-CPU temporary stack'),
  setupFrame: z.number().int().min(1).max(4096).default(750).describe('bytes of stack the setup path uses at its deepest (inside malloc)'),
  fpuSaveArea: z.number().int().min(1).max(4096).default(850).describe('bytes of stack an fpu_lock save area takes'),
  registersOnlyCopy: z
    .boolean()
    .default(false)
    .describe('setup_large_syscall_stack() copies only the 144 bytes of saved registers, not the whole tiny stack'),
});

/** The bytes syscall_entry pushes on the tiny stack: 16 registers, and 16 reserved bytes at its top. */
export const REGISTER_FRAME = 16 * 8 + 16;

/** Whether OSv's x64 memcpy copies n bytes through SSE registers: it does from 16 bytes up to 255 (sse_memcpy), and uses rep movs above. */
export function memcpyUsesSse(n: number): boolean {
  return n >= 16 && n < 256;
}

/** The parsed parameters. */
export type Params = z.output<typeof Params>;

/** How a variant runs setup_large_syscall_stack(): the design under test. */
export interface Design {
  /** setup_large_syscall_stack() and free_tiny_syscall_stack() save the FPU state with fpu_lock. */
  readonly fpuLockInSetup: boolean;
  /** The tiny stack is a full page instead of the stock TINY_SYSCALL_STACK_SIZE. */
  readonly pageTinyStack: boolean;
  /** The setup path runs on a per-CPU temporary stack instead of the thread's tiny stack. */
  readonly perCpuStack: boolean;
  /** The setup path runs with preemption disabled (preempt_disable ... preempt_enable). */
  readonly preemptionOffInSetup: boolean;
}

/**
 * Where a thread is on its way through its first syscall. The phases from "setup entered" to
 * "stack copied" run setup_large_syscall_stack() on the setup stack (the tiny stack, or the
 * per-CPU temporary stack); the later ones run on the large stack.
 */
export const PHASES = [
  'user code',
  'setup entered',
  'in malloc',
  'asleep in malloc',
  'stack copied',
  'in free_tiny',
  'asleep in free_tiny',
  'in syscall()',
  'asleep in syscall()',
  'back in user code',
] as const;

/** One of the phases. */
export type Phase = (typeof PHASES)[number];

/** The phases that run setup_large_syscall_stack() on the setup stack. */
export const SETUP_PHASES: ReadonlySet<Phase> = new Set(['setup entered', 'in malloc', 'asleep in malloc', 'stack copied']);

/** Where a thread in each phase (awake) runs, in words. */
export const PLACE: Readonly<Record<Phase, string>> = {
  'user code': 'in its Go code',
  'setup entered': 'in setup_large_syscall_stack()',
  'in malloc': 'in malloc()',
  'asleep in malloc': 'asleep in malloc()',
  'stack copied': 'in setup_large_syscall_stack()',
  'in free_tiny': 'in free_tiny_syscall_stack()',
  'asleep in free_tiny': 'asleep in free_tiny_syscall_stack()',
  'in syscall()': 'in its syscall handler',
  'asleep in syscall()': 'asleep in its syscall handler',
  'back in user code': 'in its Go code',
};

/** The kernel calls that may sleep, and the phase a thread sleeping in each is in. */
export const SLEEPS_IN: ReadonlyMap<Phase, Phase> = new Map([
  ['in malloc', 'asleep in malloc'],
  ['in free_tiny', 'asleep in free_tiny'],
  ['in syscall()', 'asleep in syscall()'],
]);

/** The phases of a sleeping thread. */
export const SLEEPING: ReadonlySet<Phase> = new Set(SLEEPS_IN.values());

/** Who wrote the FPU registers last: a thread's Go code, the scheduler's float arithmetic, or memcpy's SSE copy. */
export function fpuOwners(threads: number): [string, ...string[]] {
  return [own(0), ...range(threads).slice(1).map(own), 'scheduler', 'memcpy'];
}

/** The FPU contents that thread t's Go code computes with: its own values. */
export function own(t: number): string {
  return `thread ${t}`;
}

/** The state schema: per CPU, the running thread and its FPU registers; per thread, its phase, stack bytes, save area and preemption. */
export function stateSchema(p: Params) {
  const Owner = z.enum(fpuOwners(p.threads));
  return z.object({
    /** The thread each CPU runs; null: the CPU is in its idle thread. */
    running: z.array(z.number().int().min(0).max(p.threads - 1).nullable()).length(p.cpus),
    /** Whose values each CPU's FPU registers (xmm, x87) hold. */
    fpuRegisters: z.array(Owner).length(p.cpus),
    /** Where each thread is on its way through its first syscall. */
    phase: z.array(z.enum(PHASES)).length(p.threads),
    /** Bytes in use on the stack each thread's setup path runs on (its tiny stack, or the per-CPU one). */
    stackBytes: z.array(z.number().int().min(0).max(p.setupFrame + p.fpuSaveArea)).length(p.threads),
    /**
     * Whose values the save area of each thread's current fpu_lock holds: setup_large_syscall_stack()'s
     * (on the setup stack), free_tiny_syscall_stack()'s or syscall()'s (on the large stack). Null: none is held.
     */
    lockSavedFpu: z.array(Owner.nullable()).length(p.threads),
    /**
     * Whose values the save area of the timer interrupt that preempted each thread holds (on its
     * interrupt stack). Null: the thread was not preempted.
     */
    interruptSavedFpu: z.array(Owner.nullable()).length(p.threads),
    /** Whether each thread has disabled preemption. */
    preemptionDisabled: z.array(z.boolean()).length(p.threads),
  });
}

/** A state of the model. */
export type State = z.output<ReturnType<typeof stateSchema>>;

/** What the actions and properties share: the parameters, the design, and derived facts. */
export class World {
  /** The thread numbers. */
  readonly threads: number[];
  /** The CPU numbers. */
  readonly cpus: number[];
  /** The size of each thread's tiny syscall stack. */
  readonly tinyStackBytes: number;

  constructor(readonly p: Params, readonly design: Design) {
    this.threads = range(p.threads);
    this.cpus = range(p.cpus);
    this.tinyStackBytes = design.pageTinyStack ? p.pageSize : p.tinyStack;
  }

  /**
   * The CPU thread t is pinned to: threads 0 and 1 share CPU 0, as the seed's interleaving
   * needs two threads on one CPU; thread 2 runs on the last CPU.
   */
  cpuOf(t: number): number {
    return t < 2 ? 0 : this.p.cpus - 1;
  }

  /** The thread CPU c runs first: the lowest one pinned to it, or null (its idle thread) if none is. */
  firstOn(c: number): number | null {
    return this.threads.find((t) => this.cpuOf(t) === c) ?? null;
  }

  /** Whether thread t is on its CPU. */
  isRunning(s: DeepState, t: number): boolean {
    return s.running[this.cpuOf(t)] === t;
  }

  /** Whether thread t waits in its CPU's run queue: not running and not asleep. */
  isRunnable(s: DeepState, t: number): boolean {
    return !this.isRunning(s, t) && !SLEEPING.has(s.phase[t]);
  }

  /** The bytes setup_large_syscall_stack() memcpy's to the large stack: the whole tiny stack, as OSv does, or only the registers. */
  copyBytes(): number {
    return this.p.registersOnlyCopy ? REGISTER_FRAME : this.tinyStackBytes;
  }

  /** The stack setup_large_syscall_stack() runs on in this design, in words. */
  setupStackName(t: number): string {
    return this.design.perCpuStack ? `CPU ${this.cpuOf(t)}'s temporary stack` : `thread ${t}'s tiny stack`;
  }

  /** The size of the stack setup_large_syscall_stack() runs on. */
  setupStackBytes(): number {
    return this.design.perCpuStack ? this.p.pageSize : this.tinyStackBytes;
  }

  /** The FPU values thread t's Go code would find now: in the registers if it runs, else in its interrupt's save area. */
  valuesOf(s: DeepState, t: number): string | null {
    return this.isRunning(s, t) ? s.fpuRegisters[this.cpuOf(t)] : s.interruptSavedFpu[t];
  }

  /**
   * The context switch on CPU c to `next` (null: the idle thread). The scheduler computes run
   * times in float (runtime_t), so its arithmetic overwrites FPU registers; switch_to() itself
   * keeps only the control words (fnstcw, stmxcsr). A preempted thread resumes through the end
   * of its timer interrupt, whose fpu_lock restores its registers; a thread that slept resumes
   * with whatever the registers hold.
   */
  switchTo(s: State, c: number, next: number | null): void {
    s.fpuRegisters[c] = 'scheduler';
    s.running[c] = next;
    if (next !== null && s.interruptSavedFpu[next] !== null) {
      s.fpuRegisters[c] = s.interruptSavedFpu[next]!;
      s.interruptSavedFpu[next] = null;
    }
  }
}

/** A read-only view of a state, as guards and properties receive it. */
export type DeepState = DeepReadonly<State>;

/** "thread 1's values", "the scheduler's temporaries", "memcpy's SSE data". */
export function describeValues(owner: string | null): string {
  if (owner === 'scheduler') return "the scheduler's float temporaries";
  if (owner === 'memcpy') return "memcpy's SSE data";
  if (owner === null) return 'nothing';
  return `${owner}'s values`;
}
