import { z } from 'zod';
import { range, type DeepReadonly } from 'interleave-check';
import type { Design } from './design.js';
import { placementOf, type Params } from './params.js';

/** The bytes syscall_entry pushes on the tiny stack: 16 registers, and 16 reserved bytes at its top. */
export const REGISTER_FRAME = 16 * 8 + 16;

/** Whether OSv's x64 memcpy copies n bytes through SSE registers: it does from 16 bytes up to 255 (sse_memcpy), and uses rep movs above. */
export function memcpyUsesSse(n: number): boolean {
  return n >= 16 && n < 256;
}

/**
 * Where a thread is on its way through its first syscall. The phases from "setup entered" to
 * "stack copied" run setup_large_syscall_stack() on the setup stack (the tiny stack, or a
 * per-CPU stack); the later ones run on the large stack. "setup entered" and "free_tiny
 * entered" exist only in designs whose fpu_lock saves on entry to that function.
 */
export const PHASES = [
  'user code',
  'setup entered',
  'in malloc',
  'asleep in malloc',
  'stack copied',
  'free_tiny entered',
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

/** The phases in which a thread runs its Go code: before its first syscall, and after it. */
export const GO_CODE: ReadonlySet<Phase> = new Set(['user code', 'back in user code']);

/** The functions whose fpu_lock saves the FPU registers on entry, by the phase on entry, with the phase that follows the save. */
export const FPU_LOCK_SAVES: ReadonlyMap<Phase, { fn: string; next: Phase }> = new Map([
  ['setup entered', { fn: 'setup_large_syscall_stack()', next: 'in malloc' }],
  ['free_tiny entered', { fn: 'free_tiny_syscall_stack()', next: 'in free_tiny' }],
]);

/** Where a thread in each phase (awake, outside any exception handler) runs, in words. */
export const PLACE: Readonly<Record<Phase, string>> = {
  'user code': 'in its Go code',
  'setup entered': 'in setup_large_syscall_stack()',
  'in malloc': 'in malloc()',
  'asleep in malloc': 'asleep in malloc()',
  'stack copied': 'in setup_large_syscall_stack()',
  'free_tiny entered': 'in free_tiny_syscall_stack()',
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

/**
 * The exception handler a thread runs, if any: page_fault() for a fault in its Go code, and
 * within it a nested exception, whose frame the CPU pushes on its per-CPU exception stack.
 */
export const EXCEPTIONS = ['none', 'page fault', 'nested exception'] as const;

/** Who wrote the FPU registers last: a thread's Go code, the scheduler's float arithmetic, or memcpy's SSE copy. */
export function fpuOwners(threads: number): [string, ...string[]] {
  return [own(0), ...range(threads).slice(1).map(own), 'scheduler', 'memcpy'];
}

/** The FPU contents that thread t's Go code computes with: its own values. */
export function own(t: number): string {
  return `thread ${t}`;
}

/** The state schema: per CPU, the running thread and its FPU registers; per thread, its phase, stack bytes, save areas, exception and preemption. */
export function stateSchema(p: Params) {
  const Owner = z.enum(fpuOwners(p.threads));
  return z.object({
    /** The thread each CPU runs; null: the CPU is in its idle thread. */
    running: z.array(z.number().int().min(0).max(p.threads - 1).nullable()).length(p.cpus),
    /** Whose values each CPU's FPU registers (xmm, x87) hold. */
    fpuRegisters: z.array(Owner).length(p.cpus),
    /** Where each thread is on its way through its first syscall. */
    phase: z.array(z.enum(PHASES)).length(p.threads),
    /** Bytes in use on the stack each thread's setup path runs on (its tiny stack, or a per-CPU one). */
    stackBytes: z.array(z.number().int().min(0).max(p.setupFrame + p.fpuSaveArea)).length(p.threads),
    /**
     * Whose values the save area of each thread's current fpu_lock holds: setup_large_syscall_stack()'s
     * (on the setup stack), free_tiny_syscall_stack()'s or syscall()'s (on the large stack), or
     * page_fault()'s (on the thread's exception stack). Null: none is held.
     */
    lockSavedFpu: z.array(Owner.nullable()).length(p.threads),
    /**
     * Whose values the save area of the timer interrupt that preempted each thread holds (on its
     * interrupt stack). Null: the thread was not preempted.
     */
    interruptSavedFpu: z.array(Owner.nullable()).length(p.threads),
    /** The exception handler each thread is in. */
    exception: z.array(z.enum(EXCEPTIONS)).length(p.threads),
    /** Whether each thread has disabled preemption. */
    preemptionDisabled: z.array(z.boolean()).length(p.threads),
  });
}

/** A state of the model. */
export type State = z.output<ReturnType<typeof stateSchema>>;

/** A read-only view of a state, as guards and properties receive it. */
export type DeepState = DeepReadonly<State>;

/** What the actions and properties share: the parameters, the design, and derived facts. */
export class World {
  /** The thread numbers. */
  readonly threads: number[];
  /** The CPU numbers. */
  readonly cpus: number[];
  /** The threads that make their first syscall in the run (the others made it before). */
  readonly newcomers: number[];
  private readonly placement: number[];

  constructor(readonly p: Params, readonly design: Design) {
    this.threads = range(p.threads);
    this.cpus = range(p.cpus);
    this.newcomers = range(p.threads - p.largeStackThreads);
    this.placement = placementOf(p);
  }

  /** The CPU thread t is pinned to. */
  cpuOf(t: number): number {
    return this.placement[t];
  }

  /** The threads pinned to CPU c. */
  threadsOn(c: number): number[] {
    return this.threads.filter((t) => this.cpuOf(t) === c);
  }

  /** The thread CPU c runs first: the lowest one pinned to it, or null (its idle thread) if none is. */
  firstOn(c: number): number | null {
    return this.threadsOn(c)[0] ?? null;
  }

  /** Whether thread t is on its CPU. */
  isRunning(s: DeepState, t: number): boolean {
    return s.running[this.cpuOf(t)] === t;
  }

  /** Whether thread t waits in its CPU's run queue: not running and not asleep. */
  isRunnable(s: DeepState, t: number): boolean {
    return !this.isRunning(s, t) && !SLEEPING.has(s.phase[t]);
  }

  /** Whether thread t runs its Go code: in a Go phase, and in no exception handler. */
  inGoCode(s: DeepState, t: number): boolean {
    return GO_CODE.has(s.phase[t]) && s.exception[t] === 'none';
  }

  /** Where thread t runs, in words. */
  placeOf(s: DeepState, t: number): string {
    if (s.exception[t] === 'page fault') return 'in its page-fault handler';
    if (s.exception[t] === 'nested exception') return 'in a nested exception handler';
    return PLACE[s.phase[t]];
  }

  /** The bytes setup_large_syscall_stack() memcpy's to the large stack: the whole tiny stack, as OSv does, or only the registers. */
  copyBytes(): number {
    return this.p.registersOnlyCopy ? REGISTER_FRAME : this.p.tinyStack;
  }

  /** Whether the setup runs on a stack of its CPU rather than on the thread's own tiny stack. */
  setupOnPerCpuStack(): boolean {
    return this.design.setupStack !== 'tiny stack';
  }

  /** The stack thread t's setup_large_syscall_stack() runs on, in words. */
  setupStackName(t: number): string {
    return this.setupOnPerCpuStack() ? this.perCpuStackName(this.cpuOf(t)) : `thread ${t}'s tiny stack`;
  }

  /** CPU c's stack that the setup runs on in a per-CPU design, in words. */
  perCpuStackName(c: number): string {
    return `CPU ${c}'s ${this.design.setupStack === 'per-CPU exception stack' ? 'per-CPU exception stack' : 'temporary stack'}`;
  }

  /** The size of the stack setup_large_syscall_stack() runs on. */
  setupStackBytes(): number {
    return this.setupOnPerCpuStack() ? this.p.perCpuStack : this.p.tinyStack;
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

/** "thread 1's values", "the scheduler's temporaries", "memcpy's SSE data". */
export function describeValues(owner: string | null): string {
  if (owner === 'scheduler') return "the scheduler's float temporaries";
  if (owner === 'memcpy') return "memcpy's SSE data";
  if (owner === null) return 'nothing';
  return `${owner}'s values`;
}
