/**
 * How a variant runs a thread's first syscall: the design under test. Each field is one
 * mechanism of a fix, so a test can build a fixed variant with that one mechanism switched off
 * (`buildSystem(params, { ...DESIGNS[variant], fpuLockInFreeTiny: false })`) and expect the failure.
 * The tiny stack's size is a parameter (`tinyStack`), not part of the design.
 */
export interface Design {
  /** setup_large_syscall_stack() saves the FPU state with fpu_lock on entry and restores it on return. */
  readonly fpuLockInSetup: boolean;
  /** free_tiny_syscall_stack() saves the FPU state with fpu_lock on entry and restores it on return. */
  readonly fpuLockInFreeTiny: boolean;
  /**
   * The stack setup_large_syscall_stack() runs on: the thread's own tiny stack (OSv), a per-CPU
   * temporary stack (the reviewer's proposal), or the CPU's existing percpu_exception_stack[0]
   * (the reviewer's "we already have exactly such a stack allocated").
   */
  readonly setupStack: 'tiny stack' | 'per-CPU temporary stack' | 'per-CPU exception stack';
  /** syscall_entry disables preemption around the setup (preempt_disable ... preempt_enable). */
  readonly preemptionOffInSetup: boolean;
}

/** The variants' names, in the order the verdict table shows them. */
export const VARIANTS = [
  'no-fpu-save',
  'page-tiny-stack-no-fpu-save',
  'fpu-lock-tiny-stack',
  'fpu-lock-page-tiny-stack',
  'per-cpu-stack',
  'per-cpu-stack-preemption-off',
  'per-cpu-exception-stack',
] as const;
/** A variant's name. */
export type Variant = (typeof VARIANTS)[number];

const NO_FPU_SAVE: Design = { fpuLockInSetup: false, fpuLockInFreeTiny: false, setupStack: 'tiny stack', preemptionOffInSetup: false };
const FPU_LOCK: Design = { fpuLockInSetup: true, fpuLockInFreeTiny: true, setupStack: 'tiny stack', preemptionOffInSetup: false };

/** The design each variant builds (the page-sized tiny stacks are the variants' `tinyStack` parameter). */
export const DESIGNS: Readonly<Record<Variant, Design>> = {
  'no-fpu-save': NO_FPU_SAVE,
  'page-tiny-stack-no-fpu-save': NO_FPU_SAVE,
  'fpu-lock-tiny-stack': FPU_LOCK,
  'fpu-lock-page-tiny-stack': FPU_LOCK,
  'per-cpu-stack': { ...FPU_LOCK, setupStack: 'per-CPU temporary stack' },
  'per-cpu-stack-preemption-off': { ...FPU_LOCK, setupStack: 'per-CPU temporary stack', preemptionOffInSetup: true },
  'per-cpu-exception-stack': { ...FPU_LOCK, setupStack: 'per-CPU exception stack' },
};
