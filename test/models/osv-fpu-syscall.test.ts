import { describe, expect, it } from 'vitest';
import model from '../../models/osv-fpu-syscall/osv-fpu-syscall.js';
import { DESIGNS, type Design, type Variant } from '../../models/osv-fpu-syscall/design.js';
import type { State } from '../../models/osv-fpu-syscall/osv.js';
import {
  EVERY_SYSCALL_COMPLETES,
  FPU_PRESERVED,
  NO_SLEEP_WITH_PREEMPTION_OFF,
  PER_CPU_STACK_EXCLUSIVE,
  PER_CPU_STACK_FITS,
  TINY_STACK_FITS,
} from '../../models/osv-fpu-syscall/properties.js';
import { smallestSafeTinyStack } from '../../models/osv-fpu-syscall/sweep.js';
import { buildSystem } from '../../models/osv-fpu-syscall/system.js';
import { check } from '../../checker/check.js';
import { defineModel, type Fairness } from '../../spec/index.js';
import type { CheckResult } from '../../checker/result.js';
import { checkAndReplay, checkVariant, expectInOrder, expectStory, storyOf } from '../support/variants.js';

/** The explanation of a violated invariant. */
function explanationOf(result: CheckResult): string {
  return result.outcome.verdict === 'violates' ? result.outcome.explanation : '';
}

/** The model with every variant's design changed: one mechanism of a fix switched off through the exported build function. */
function withDesign(change: Partial<Design>) {
  return defineModel({ ...model, build: ({ params, variant }) => buildSystem(params, { ...DESIGNS[variant as Variant], ...change }) });
}

/** The model with setup_large_syscall_stack()'s fpu_lock saving on entry but never restoring: the registers stay as the return found them. */
const withoutSetupRestore = defineModel({
  ...model,
  build: (ctx) => {
    const built = model.build(ctx);
    const returns = built.actions.setupReturns;
    const effect = (s: unknown, t: unknown) => {
      const registers = [...(s as State).fpuRegisters];
      returns.effect(s, t);
      (s as State).fpuRegisters = registers;
    };
    return { ...built, actions: { ...built.actions, setupReturns: { ...returns, effect } } };
  },
});

/** The reachability properties of the clean variant, which its "holds" verdict says are all met. */
const REACHABILITY = [
  'another thread uses the FPU while a first-syscall setup sleeps in malloc',
  "a setup resumes with foreign FPU values while fpu_lock keeps the caller's",
  'every thread returns from its first syscall',
];

describe('osv-fpu-syscall (seed 003): the bug and the 4 KiB experiment', () => {
  it("no-fpu-save: malloc sleeps, thread 1 runs, and thread 0 returns from its first syscall with the scheduler's FPU values (8 steps)", () => {
    const result = checkVariant(model, 'no-fpu-save');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: FPU_PRESERVED });
    expectStory(storyOf(result), [
      /^thread 0's Go code, holding floating-point values .* first syscall instruction; .*setup_large_syscall_stack\(\) on thread 0's tiny stack: 750 of 1024 bytes/,
      /^thread 0's malloc\(\) of the large stack sleeps, waiting for free pages: a voluntary switch, which saves no FPU registers; CPU 0's scheduler switches to thread 1, whose interrupt return restores its FPU registers \(thread 1's values\)/,
      /^the page allocator has free pages again and wakes thread 0/,
      /^a timer interrupt preempts thread 1 .*saves its FPU registers \(thread 1's values\).*switches to thread 0, which resumes in malloc\(\) with the FPU registers as they are/,
      /^malloc\(\) returns .*memcpy\(\) copies 1024 bytes .* with rep movs \(no FPU registers\)/,
      /^setup_large_syscall_stack\(\) returns; syscall_entry switches to the large stack/,
      /syscall\(\), whose fpu_lock saves the FPU registers \(the scheduler's float temporaries\)/,
      /restores the FPU registers it saved \(the scheduler's float temporaries\) and thread 0 returns to its Go code$/,
    ]);
    expect(result.stats).toMatchObject({ states: 221, transitions: 387 });
    expect(explanationOf(result)).toMatch(/^thread 0 is back in its Go code.* CPU 0's FPU registers hold the scheduler's float temporaries instead of its own/);
  });

  it('page-tiny-stack-no-fpu-save: the 4 KiB tiny stack changes nothing but the byte counts; the same 8-step story violates', () => {
    const result = checkVariant(model, 'page-tiny-stack-no-fpu-save');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: FPU_PRESERVED });
    const story = storyOf(result);
    expect(story[0]).toMatch(/750 of 4096 bytes in use/);
    // The larger copy still goes through rep movs: the experiment did not change memcpy's instructions either.
    expect(story[4]).toMatch(/memcpy\(\) copies 4096 bytes .* with rep movs/);
    const stock = storyOf(check(model, { variant: 'no-fpu-save' }));
    const sizes = (s: string) => s.replace(/\d+ bytes/g, 'N bytes');
    expect(story.map(sizes)).toEqual(stock.map(sizes));
  });

  it('copying only the registers (144 bytes) makes memcpy use SSE: the bug needs no sleep, and fpu_lock still covers it', () => {
    const bug = checkAndReplay(model, { variant: 'no-fpu-save', params: { registersOnlyCopy: true } });
    expect(bug.outcome).toMatchObject({ verdict: 'violates', property: FPU_PRESERVED });
    const story = storyOf(bug);
    expect(story).toHaveLength(5);
    expect(story.some((s) => /sleeps/.test(s))).toBe(false);
    expect(story[1]).toMatch(/memcpy\(\) copies 144 bytes .* through SSE registers, overwriting the FPU registers/);
    expect(explanationOf(bug)).toMatch(/memcpy's SSE data/);
    expect(check(model, { variant: 'fpu-lock-page-tiny-stack', params: { registersOnlyCopy: true } }).outcome.verdict).toBe('holds');
  });
});

describe('osv-fpu-syscall: the fix, its tiny-stack sweep, and the mutations that remove each of its mechanisms', () => {
  it('fpu-lock-tiny-stack: 750 + 850 bytes on the 1024-byte tiny stack overflow it by 576 bytes (2 steps)', () => {
    const result = checkVariant(model, 'fpu-lock-tiny-stack');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: TINY_STACK_FITS });
    expectStory(storyOf(result), [
      /^thread 0's Go code.* on thread 0's tiny stack: 750 of 1024 bytes in use at its deepest$/,
      /^setup_large_syscall_stack\(\)'s fpu_lock saves the FPU registers \(thread 0's values\) in a save area of 850 bytes on thread 0's tiny stack: 750 \+ 850 = 1600 of 1024 bytes in use$/,
    ]);
    expect(explanationOf(result)).toMatch(/uses 1600 bytes of its tiny stack of 1024 bytes .*the last 576 bytes are written below the stack/);
  });

  it('the sweep: the checker finds 1600 bytes the smallest safe tiny stack with fpu_lock; 1599 overflow, and OSv chose 2048', () => {
    expect(smallestSafeTinyStack('fpu-lock-tiny-stack')).toBe(1600);
    expect(smallestSafeTinyStack('fpu-lock-page-tiny-stack')).toBe(1600);
    expect(check(model, { variant: 'fpu-lock-tiny-stack', params: { tinyStack: 1599 } }).outcome).toMatchObject({ verdict: 'violates', property: TINY_STACK_FITS });
    for (const tinyStack of [1600, 2048]) {
      expect(check(model, { variant: 'fpu-lock-tiny-stack', params: { tinyStack } }).outcome.verdict, `${tinyStack}`).toBe('holds');
    }
  });

  it('the sweep: no tiny stack, however large, makes the designs without fpu_lock safe', () => {
    expect(smallestSafeTinyStack('no-fpu-save')).toBeNull();
    expect(smallestSafeTinyStack('page-tiny-stack-no-fpu-save')).toBeNull();
  });

  it('the sweep follows the frame: a debug build whose setup frame is 1500 bytes needs 2350, more than the 2 KiB OSv chose', () => {
    expect(smallestSafeTinyStack('fpu-lock-tiny-stack', { setupFrame: 1500 })).toBe(2350);
    expect(check(model, { variant: 'fpu-lock-tiny-stack', params: { setupFrame: 1500, tinyStack: 2048 } }).outcome).toMatchObject({
      verdict: 'violates',
      property: TINY_STACK_FITS,
    });
  });

  it('fpu-lock-page-tiny-stack: holds over 468 states, and every reachability check is met', () => {
    const result = checkVariant(model, 'fpu-lock-page-tiny-stack');
    expect(result.stats).toMatchObject({ states: 468, transitions: 1116, depth: 18 });
    for (const name of REACHABILITY) {
      expect(check(model, { variant: 'fpu-lock-page-tiny-stack', properties: [name] }).outcome.verdict, name).toBe('holds');
    }
  });

  it('fpu-lock-page-tiny-stack: three threads on one CPU or two, and page faults with nested exceptions, still hold', () => {
    const states = (params: Record<string, unknown>) => {
      const result = check(model, { variant: 'fpu-lock-page-tiny-stack', params });
      expect(result.outcome.verdict, JSON.stringify(params)).toBe('holds');
      return result.stats.states;
    };
    expect(states({ threads: 3 })).toBe(11_880);
    expect(states({ threads: 3, cpus: 2 })).toBe(8_424);
    expect(states({ pageFaults: true })).toBe(740);
    expect(check(model, { variant: 'fpu-lock-page-tiny-stack', params: { pageFaults: true }, properties: ['a nested exception runs while a first-syscall setup is switched away on its CPU'] }).outcome.verdict).toBe('holds');
  });

  it('without fpu_lock in setup_large_syscall_stack(), the fixed variant fails: malloc sleeps and the caller gets foreign FPU values', () => {
    const result = checkAndReplay(withDesign({ fpuLockInSetup: false }), { variant: 'fpu-lock-page-tiny-stack' });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: FPU_PRESERVED });
    expectInOrder(storyOf(result), [/^thread 0's malloc\(\) of the large stack sleeps/, /free_tiny_syscall_stack\(\)'s fpu_lock saves the FPU registers \(the scheduler's float temporaries\)/]);
  });

  it('without fpu_lock in free_tiny_syscall_stack(), the fixed variant fails: free() sleeps and syscall() saves foreign FPU values', () => {
    const result = checkAndReplay(withDesign({ fpuLockInFreeTiny: false }), { variant: 'fpu-lock-page-tiny-stack' });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: FPU_PRESERVED });
    const story = storyOf(result);
    expect(story.some((s) => /malloc\(\) of the large stack sleeps/.test(s))).toBe(false);
    expectInOrder(story, [/its fpu_lock restoring the FPU registers \(thread 0's values\)/, /^thread 0's free\(\) of the tiny stack sleeps/, /syscall\(\), whose fpu_lock saves the FPU registers \(the scheduler's float temporaries\)/]);
  });

  it("without setup_large_syscall_stack()'s restore, the fixed variant fails: free_tiny's fpu_lock reads the registers and saves foreign values", () => {
    const result = checkAndReplay(withoutSetupRestore, { variant: 'fpu-lock-page-tiny-stack' });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: FPU_PRESERVED });
    expectInOrder(storyOf(result), [/^thread 0's malloc\(\) of the large stack sleeps/, /free_tiny_syscall_stack\(\)'s fpu_lock saves the FPU registers \(the scheduler's float temporaries\)/]);
  });

  it('back on the stock 1 KiB tiny stack, the fixed variant fails: the save area overflows it', () => {
    const result = check(model, { variant: 'fpu-lock-page-tiny-stack', params: { tinyStack: 1024 } });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: TINY_STACK_FITS });
  });
});

describe('osv-fpu-syscall: the per-CPU stacks', () => {
  it('per-cpu-stack: thread 0 is preempted inside its setup and thread 1 starts its own on the same per-CPU stack (3 steps)', () => {
    const result = checkVariant(model, 'per-cpu-stack');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: PER_CPU_STACK_EXCLUSIVE });
    expectStory(storyOf(result), [
      /^thread 0's .* switches to CPU 0's temporary stack and calls setup_large_syscall_stack\(\) there/,
      /^a timer interrupt preempts thread 0 in setup_large_syscall_stack\(\).*switches to thread 1/,
      /^thread 1's .* switches to CPU 0's temporary stack/,
    ]);
    expect(explanationOf(result)).toBe(
      "threads 0 and 1 both use CPU 0's temporary stack: thread 1's setup_large_syscall_stack() frame starts at its top, " +
        "over the 750 bytes of thread 0's setup frame (its return addresses), while thread 0 is preempted in setup_large_syscall_stack()",
    );
  });

  it('per-cpu-stack: a per-CPU stack smaller than the setup frame and save area overflows', () => {
    const result = check(model, { variant: 'per-cpu-stack', params: { perCpuStack: 1024 } });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: PER_CPU_STACK_FITS });
  });

  it('per-cpu-stack-preemption-off: with preemption disabled, two sleeping setups share the per-CPU stack (4 steps)', () => {
    const result = checkVariant(model, 'per-cpu-stack-preemption-off');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: PER_CPU_STACK_EXCLUSIVE });
    expectStory(storyOf(result), [
      /^thread 0's Go code.* disables preemption, switches to CPU 0's temporary stack/,
      /fpu_lock saves .* on CPU 0's temporary stack: 750 \+ 850 = 1600 of 4096/,
      /^thread 0's malloc\(\) of the large stack sleeps with preemption disabled, waiting for free pages: .*switches to thread 1/,
      /^thread 1's Go code.* disables preemption, switches to CPU 0's temporary stack/,
    ]);
    expect(explanationOf(result)).toMatch(/over the 1600 bytes of thread 0's setup frame \(its return addresses and saved FPU registers\), while thread 0 is asleep in malloc$/);
  });

  it("per-cpu-stack-preemption-off: OSv's wait_until() stops it one step earlier, asserting preemptable() (3 steps)", () => {
    const result = checkAndReplay(model, { variant: 'per-cpu-stack-preemption-off', params: { waitAssertsPreemptable: true } });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: NO_SLEEP_WITH_PREEMPTION_OFF });
    expect(storyOf(result)).toHaveLength(3);
    expect(explanationOf(result)).toMatch(/^thread 0 is asleep in malloc with preemption disabled, which OSv forbids/);
  });

  it("per-cpu-exception-stack: thread 1's nested exception pushes its frame over thread 0's setup frame (4 steps)", () => {
    const result = checkVariant(model, 'per-cpu-exception-stack');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: PER_CPU_STACK_EXCLUSIVE });
    expectStory(storyOf(result), [
      /^thread 0's Go code.* switches to CPU 0's per-CPU exception stack and calls setup_large_syscall_stack\(\) there: 750 of 4096/,
      /^a timer interrupt preempts thread 0 in setup_large_syscall_stack\(\).*switches to thread 1/,
      /^thread 1's Go code touches a page not mapped yet: the CPU pushes the fault's frame on thread 1's own exception stack; .*exception_guard points IST1 at CPU 0's per-CPU exception stack/,
      /^an exception inside thread 1's page-fault handler: the CPU pushes its frame at the top of CPU 0's per-CPU exception stack/,
    ]);
    expect(explanationOf(result)).toBe(
      "threads 0 and 1 both use CPU 0's per-CPU exception stack: thread 1's nested exception frame starts at its top, " +
        "over the 750 bytes of thread 0's setup frame (its return addresses), while thread 0 is preempted in setup_large_syscall_stack()",
    );
  });

  it("per-cpu-exception-stack: the setup's own exceptions never reach the stack; without another thread's nested exception it holds", () => {
    expect(check(model, { variant: 'per-cpu-exception-stack', params: { pageFaults: false } }).outcome.verdict).toBe('holds');
    expect(check(model, { variant: 'per-cpu-exception-stack', params: { threads: 1, largeStackThreads: 0 } }).outcome.verdict).toBe('holds');
  });

  it('per-cpu-exception-stack: with two newcomers the stack is shared as any per-CPU stack is, by the 3-step preemption', () => {
    const result = check(model, { variant: 'per-cpu-exception-stack', params: { largeStackThreads: 0 } });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: PER_CPU_STACK_EXCLUSIVE });
    expect(storyOf(result)).toHaveLength(3);
  });

  it('per-cpu-exception-stack: with no first syscall at all, two preempted nested exceptions share the stack (OSv as it is, 5 steps)', () => {
    const result = checkAndReplay(model, { variant: 'per-cpu-exception-stack', params: { largeStackThreads: 2 } });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: PER_CPU_STACK_EXCLUSIVE });
    expectInOrder(storyOf(result), [/^an exception inside thread 0's page-fault handler/, /^a timer interrupt preempts thread 0 in a nested exception handler/, /^an exception inside thread 1's page-fault handler/]);
    expect(storyOf(result)).toHaveLength(5);
  });
});

describe('osv-fpu-syscall: threads on CPUs', () => {
  it('one thread alone still loses its FPU registers: the idle thread runs the scheduler while malloc sleeps', () => {
    const result = checkAndReplay(model, { variant: 'no-fpu-save', params: { threads: 1 } });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: FPU_PRESERVED });
    expect(storyOf(result)[1]).toMatch(/finds nothing runnable and runs the idle thread/);
    expect(check(model, { variant: 'fpu-lock-page-tiny-stack', params: { threads: 1 } }).outcome.verdict).toBe('holds');
  });

  it('threads go in contiguous blocks by default, or where the placement says', () => {
    const states = (variant: Variant, params: Record<string, unknown>) => check(model, { variant, params }).stats.states;
    expect(states('no-fpu-save', { threads: 3, cpus: 2 })).toBe(1_129);
    expect(states('no-fpu-save', { threads: 3, cpus: 2, placement: '0,0,1' })).toBe(1_129);
    // Three threads on CPU 0 and none on CPU 1 explore what three threads on one CPU do.
    expect(states('fpu-lock-page-tiny-stack', { threads: 3, cpus: 2, placement: '0,0,0' })).toBe(11_880);
    const moved = checkAndReplay(model, { variant: 'no-fpu-save', params: { threads: 3, cpus: 2, placement: '1,1,0' } });
    expect(moved.outcome.verdict).toBe('violates');
    expect(storyOf(moved)[1]).toMatch(/^thread 0's malloc\(\) .*CPU 1's scheduler switches to thread 1/);
  });

  it('with each thread alone on its CPU, the bug needs no other thread: the scheduler runs on the idle CPU', () => {
    const result = checkAndReplay(model, { variant: 'no-fpu-save', params: { threads: 2, cpus: 2 } });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: FPU_PRESERVED });
    expect(storyOf(result)[1]).toMatch(/runs the idle thread/);
  });

  it('says clearly what is wrong with a placement or a count of large-stack threads', () => {
    expect(() => check(model, { params: { threads: 3, placement: '0,0' } })).toThrow(
      /parameter placement of model osv-fpu-syscall: give one CPU per thread: 3 threads, but 2 CPUs listed \(got "0,0"\)/,
    );
    expect(() => check(model, { params: { threads: 2, cpus: 2, placement: '0,2' } })).toThrow(/"2" is not a CPU: with cpus=2, each entry is a whole number from 0 to 1/);
    expect(() => check(model, { params: { threads: 2, placement: '0,x' } })).toThrow(/"x" is not a CPU/);
    expect(() => check(model, { params: { threads: 2, largeStackThreads: 3 } })).toThrow(/parameter largeStackThreads .*at most threads \(2\) threads/);
  });

  it('gives the same counts and the same trace every time', () => {
    const a = check(model, { variant: 'no-fpu-save' });
    const b = check(model, { variant: 'no-fpu-save' });
    expect(b.stats.states).toBe(a.stats.states);
    expect(storyOf(b)).toEqual(storyOf(a));
  });
});

describe('osv-fpu-syscall: every first syscall completes (liveness)', () => {
  const only = { properties: [EVERY_SYSCALL_COMPLETES] };
  const withFairness = (fairness: Fairness) => defineModel({ ...model, build: (ctx) => ({ ...model.build(ctx), fairness }) });

  it.each(Object.keys(model.variants))('%s: every first syscall completes, whatever its safety verdict', (variant) => {
    expect(check(model, { variant, ...only }).outcome.verdict).toBe('holds');
  });

  it('and with three threads, on one CPU or two', () => {
    for (const params of [{ threads: 3 }, { threads: 3, cpus: 2 }]) {
      expect(check(model, { variant: 'fpu-lock-page-tiny-stack', params, ...only }).outcome.verdict).toBe('holds');
    }
  });

  it('weak fairness is not enough: the timer may preempt thread 0 in its setup and hand the CPU back and forth forever', () => {
    const weak = withFairness({ weak: ['wakeFromAllocator', 'wakeFromFutex', 'idleSwitch', 'fpuLockSaves', 'mallocReturns', 'setupReturns', 'freeReturns', 'sysret', 'preempt'] });
    const result = check(weak, { variant: 'fpu-lock-page-tiny-stack', ...only });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: EVERY_SYSCALL_COMPLETES });
    const story = storyOf(result);
    expect(story).toHaveLength(3);
    expect(story[1]).toMatch(/^a timer interrupt preempts thread 0 in setup_large_syscall_stack\(\)/);
    expect(story[2]).toMatch(/^a timer interrupt preempts thread 1 in its Go code/);
    expect(explanationOf(result)).toMatch(/^thread 0 \(setup entered\) never returns to its Go code\. Steps 2 to 3 repeat forever/);
  });

  it('strongly fair kernel steps without a fair scheduler: two threads that preempt each other starve a third', () => {
    const noScheduler = withFairness({
      weak: ['wakeFromAllocator', 'wakeFromFutex', 'idleSwitch'],
      strong: ['fpuLockSaves', 'mallocReturns', 'setupReturns', 'freeReturns', 'sysret'],
    });
    expect(check(noScheduler, { variant: 'fpu-lock-page-tiny-stack', ...only }).outcome.verdict).toBe('holds');
    expect(check(noScheduler, { variant: 'fpu-lock-page-tiny-stack', params: { threads: 3 }, ...only }).outcome.verdict).toBe('violates');
  });
});
