import { z } from 'zod';
import { range } from 'interleave-check';

/** The smallest and largest tiny stack the `tinyStack` parameter allows, in bytes. */
export const TINY_STACK_RANGE = { min: 128, max: 16384 } as const;

/**
 * The parameters of the OSv first-syscall model. Sizes are in bytes, as measured in the seed:
 * setup_large_syscall_stack() uses about 750 bytes of stack at worst, and an fpu_lock save
 * area takes about 850 more.
 */
export const Params = z
  .object({
    threads: z.number().int().min(1).max(5).default(2).describe('application threads'),
    cpus: z.number().int().min(1).max(4).default(1).describe('CPUs'),
    placement: z
      .string()
      .default('')
      .describe("each thread's CPU, comma-separated ('0,0,1': threads 0 and 1 on CPU 0, thread 2 on CPU 1); empty: contiguous blocks, as even as possible"),
    largeStackThreads: z
      .number()
      .int()
      .min(0)
      .max(5)
      .default(0)
      .describe('how many threads (the last ones) made their first syscall before the run: they run Go code on their large syscall stacks'),
    tinyStack: z.number().int().min(TINY_STACK_RANGE.min).max(TINY_STACK_RANGE.max).default(1024).describe('bytes of the tiny syscall stack (TINY_SYSCALL_STACK_SIZE)'),
    perCpuStack: z.number().int().min(128).max(16384).default(4096).describe('bytes of a per-CPU stack (percpu_exception_stack[0] has 4096)'),
    setupFrame: z.number().int().min(1).max(4096).default(750).describe('bytes of stack the setup path uses at its deepest (inside malloc)'),
    fpuSaveArea: z.number().int().min(1).max(4096).default(850).describe('bytes of stack an fpu_lock save area takes'),
    registersOnlyCopy: z
      .boolean()
      .default(false)
      .describe('setup_large_syscall_stack() copies only the 144 bytes of saved registers, not the whole tiny stack'),
    pageFaults: z
      .boolean()
      .default(false)
      .describe("Go code takes page faults, and a page-fault handler may take a nested exception on its CPU's per-CPU exception stack"),
    waitAssertsPreemptable: z
      .boolean()
      .default(true)
      .describe('thread::wait_until() asserts preemptable(), as OSv does; false: a thread may sleep with preemption disabled'),
  })
  .superRefine((p, ctx) => {
    const problem = placementProblem(p.placement, p.threads, p.cpus);
    if (problem) ctx.addIssue({ code: 'custom', path: ['placement'], message: problem });
    if (p.largeStackThreads > p.threads) {
      ctx.addIssue({ code: 'custom', path: ['largeStackThreads'], message: `at most threads (${p.threads}) threads can have made their first syscall` });
    }
  });

/** The parsed parameters. */
export type Params = z.output<typeof Params>;

/** What is wrong with a placement, in words, or null if it names one CPU of range(cpus) per thread. */
function placementProblem(placement: string, threads: number, cpus: number): string | null {
  if (placement === '') return null;
  const entries = placement.split(',');
  if (entries.length !== threads) {
    return `give one CPU per thread: ${threads} thread${threads === 1 ? '' : 's'}, but ${entries.length} CPU${entries.length === 1 ? '' : 's'} listed`;
  }
  const bad = entries.find((e) => !/^\d+$/.test(e.trim()) || Number(e) >= cpus);
  if (bad === undefined) return null;
  return `"${bad}" is not a CPU: with cpus=${cpus}, ${cpus === 1 ? 'the only CPU is 0' : `each entry is a whole number from 0 to ${cpus - 1}`}`;
}

/**
 * The CPU each thread is pinned to: the placement as given, or by default contiguous blocks
 * (thread t on CPU floor(t * cpus / threads)), so that with one CPU all threads share it.
 */
export function placementOf(p: Params): number[] {
  return p.placement === ''
    ? range(p.threads).map((t) => Math.floor((t * p.cpus) / p.threads))
    : p.placement.split(',').map(Number);
}
