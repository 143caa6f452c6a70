import { describe, expect, it } from 'vitest';
import model from '../../models/osv-fpu-syscall/osv-fpu-syscall.js';
import {
  EVERY_SYSCALL_COMPLETES,
  FPU_PRESERVED,
  NO_SLEEP_WITH_PREEMPTION_OFF,
  PER_CPU_STACK_EXCLUSIVE,
  PER_CPU_STACK_FITS,
  TINY_STACK_FITS,
} from '../../models/osv-fpu-syscall/properties.js';
import { check } from '../../checker/check.js';
import { defineModel, type Fairness } from '../../spec/index.js';
import type { CheckResult } from '../../checker/result.js';
import { checkVariant, expectInOrder, storyOf } from '../support/variants.js';


/** The explanation of a violated invariant. */
function explanationOf(result: CheckResult): string {
  return result.outcome.verdict === 'violates' ? result.outcome.explanation : '';
}

/** The reachability properties of the clean variant, which its "holds" verdict says are all met. */
const REACHABILITY = [
  'another thread uses the FPU while a first-syscall setup sleeps in malloc',
  "a setup resumes with foreign FPU values while fpu_lock keeps the caller's",
  'every thread returns from its first syscall',
];

describe('osv-fpu-syscall (seed 003)', () => {
  it('no-fpu-save: malloc sleeps, thread 1 runs, and thread 0 returns from its first syscall with the scheduler\'s FPU values (8 steps)', () => {
    const result = checkVariant(model, 'no-fpu-save');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: FPU_PRESERVED });
    const story = storyOf(result);
    expect(story).toHaveLength(8);
    expectInOrder(story, [
      /^thread 0's Go code, holding floating-point values .* first syscall instruction; .*setup_large_syscall_stack\(\) on thread 0's tiny stack: 750 of 1024 bytes/,
      /^thread 0's malloc\(\) of the large stack sleeps.*a voluntary switch, which saves no FPU registers; CPU 0's scheduler switches to thread 1, whose interrupt return restores its FPU registers \(thread 1's values\)/,
      /^the page allocator has free pages again and wakes thread 0/,
      /^a timer interrupt preempts thread 1 .*saves its FPU registers \(thread 1's values\).*switches to thread 0, which resumes in malloc\(\) with the FPU registers as they are/,
      /^malloc\(\) returns .*memcpy\(\) copies 1024 bytes .* with rep movs \(no FPU registers\)/,
      /^setup_large_syscall_stack\(\) returns; syscall_entry switches to the large stack/,
      /syscall\(\), whose fpu_lock saves the FPU registers \(the scheduler's float temporaries\)/,
      /restores the FPU registers it saved \(the scheduler's float temporaries\) and thread 0 returns to its Go code$/,
    ]);
    expect(explanationOf(result)).toMatch(/^thread 0 is back in its Go code .* CPU 0's FPU registers hold the scheduler's float temporaries instead of its own/);
  });

  it('page-tiny-stack-no-fpu-save: the 4 KiB tiny stack changes nothing but the byte counts; the same 8-step story violates', () => {
    const result = checkVariant(model, 'page-tiny-stack-no-fpu-save');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: FPU_PRESERVED });
    const story = storyOf(result);
    expect(story).toHaveLength(8);
    expect(story[0]).toMatch(/750 of 4096 bytes in use/);
    // The larger copy still goes through rep movs: the experiment did not change memcpy's instructions either.
    expect(story[4]).toMatch(/memcpy\(\) copies 4096 bytes .* with rep movs/);
    const stock = storyOf(check(model, { variant: 'no-fpu-save' }));
    expect(story.map((s) => s.replace(/\d+ bytes|of \d+ bytes/g, 'N bytes'))).toEqual(stock.map((s) => s.replace(/\d+ bytes|of \d+ bytes/g, 'N bytes')));
  });

  it('fpu-lock-tiny-stack: 750 + 850 bytes on the 1024-byte tiny stack overflow it by 576 bytes (2 steps)', () => {
    const result = checkVariant(model, 'fpu-lock-tiny-stack');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: TINY_STACK_FITS });
    const story = storyOf(result);
    expect(story).toHaveLength(2);
    expect(story[1]).toMatch(/^setup_large_syscall_stack\(\)'s fpu_lock saves the FPU registers \(thread 0's values\) in a save area of 850 bytes on thread 0's tiny stack: 750 \+ 850 = 1600 of 1024 bytes in use$/);
    expect(explanationOf(result)).toMatch(/uses 1600 bytes of its tiny stack of 1024 bytes .*the last 576 bytes are written below the stack/);
  });

  it('fpu-lock-tiny-stack: a 2 KiB tiny stack is enough, as the seed says; 1599 bytes are not', () => {
    expect(check(model, { variant: 'fpu-lock-tiny-stack', params: { tinyStack: 2048 } }).outcome.verdict).toBe('holds');
    expect(check(model, { variant: 'fpu-lock-tiny-stack', params: { tinyStack: 1599 } }).outcome).toMatchObject({ verdict: 'violates', property: TINY_STACK_FITS });
  });

  it('fpu-lock-page-tiny-stack: holds over 410 states, and every reachability check is met', () => {
    const result = checkVariant(model, 'fpu-lock-page-tiny-stack');
    expect(result.stats).toMatchObject({ states: 410, transitions: 990, depth: 16 });
    for (const name of REACHABILITY) {
      expect(check(model, { variant: 'fpu-lock-page-tiny-stack', properties: [name] }).outcome.verdict, name).toBe('holds');
    }
  });

  it('fpu-lock-page-tiny-stack: larger settings still hold, and the counts are stable', () => {
    expect(check(model, { variant: 'fpu-lock-page-tiny-stack', params: { threads: 3 } }).stats.states).toBe(9_753);
    expect(check(model, { variant: 'fpu-lock-page-tiny-stack', params: { threads: 3, cpus: 2 } }).stats.states).toBe(6_970);
  });

  it('copying only the registers (144 bytes) makes memcpy use SSE: the bug needs no sleep, and fpu_lock still covers it', () => {
    const bug = check(model, { variant: 'no-fpu-save', params: { registersOnlyCopy: true } });
    expect(bug.outcome).toMatchObject({ verdict: 'violates', property: FPU_PRESERVED });
    const story = storyOf(bug);
    expect(story).toHaveLength(5);
    expect(story.some((s) => /sleeps/.test(s))).toBe(false);
    expect(story[1]).toMatch(/memcpy\(\) copies 144 bytes .* through SSE registers, overwriting the FPU registers/);
    expect(explanationOf(bug)).toMatch(/memcpy's SSE data/);
    expect(check(model, { variant: 'fpu-lock-page-tiny-stack', params: { registersOnlyCopy: true } }).outcome.verdict).toBe('holds');
  });

  it('per-cpu-stack: thread 0 is preempted inside its setup and thread 1 starts its own on the same per-CPU stack (3 steps)', () => {
    const result = checkVariant(model, 'per-cpu-stack');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: PER_CPU_STACK_EXCLUSIVE });
    const story = storyOf(result);
    expect(story).toHaveLength(3);
    expectInOrder(story, [
      /^thread 0's .* switches to CPU 0's temporary stack and calls setup_large_syscall_stack\(\) there/,
      /^a timer interrupt preempts thread 0 in setup_large_syscall_stack\(\).*switches to thread 1/,
      /^thread 1's .* switches to CPU 0's temporary stack/,
    ]);
    expect(explanationOf(result)).toMatch(/threads 0 and 1 both run setup_large_syscall_stack\(\) on CPU 0's temporary stack: thread 1's frame starts at its top, over the 750 bytes of thread 0's frame/);
  });

  it('per-cpu-stack-preemption-off: malloc sleeps with preemption disabled (3 steps)', () => {
    const result = checkVariant(model, 'per-cpu-stack-preemption-off');
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: NO_SLEEP_WITH_PREEMPTION_OFF });
    const story = storyOf(result);
    expect(story).toHaveLength(3);
    expectInOrder(story, [/disables preemption, switches to CPU 0's temporary stack/, /fpu_lock saves .* on CPU 0's temporary stack: 750 \+ 850 = 1600 of 4096/, /^thread 0's malloc\(\) of the large stack sleeps/]);
    expect(explanationOf(result)).toMatch(/^thread 0 is asleep in malloc with preemption disabled/);
  });

  it('per-cpu-stack-preemption-off: were the sleep allowed, two sleeping setups would share the per-CPU stack (4 steps)', () => {
    const result = check(model, { variant: 'per-cpu-stack-preemption-off', properties: [PER_CPU_STACK_EXCLUSIVE] });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: PER_CPU_STACK_EXCLUSIVE });
    const story = storyOf(result);
    expect(story).toHaveLength(4);
    expectInOrder(story, [/^thread 0's Go code/, /fpu_lock saves/, /^thread 0's malloc\(\) of the large stack sleeps.*switches to thread 1/, /^thread 1's Go code/]);
    expect(explanationOf(result)).toMatch(/over the 1600 bytes of thread 0's frame \(its return addresses and saved FPU registers\), while thread 0 is asleep in malloc/);
  });

  it('per-cpu-stack: a per-CPU stack smaller than the setup frame and save area overflows', () => {
    const result = check(model, { variant: 'per-cpu-stack', params: { pageSize: 1024 } });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: PER_CPU_STACK_FITS });
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
    const weak = withFairness({ weak: ['wakeFromAllocator', 'wakeFromFutex', 'idleSwitch', 'setupFpuLock', 'mallocReturns', 'setupReturns', 'freeReturns', 'sysret', 'preempt'] });
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
      strong: ['setupFpuLock', 'mallocReturns', 'setupReturns', 'freeReturns', 'sysret'],
    });
    expect(check(noScheduler, { variant: 'fpu-lock-page-tiny-stack', ...only }).outcome.verdict).toBe('holds');
    expect(check(noScheduler, { variant: 'fpu-lock-page-tiny-stack', params: { threads: 3 }, ...only }).outcome.verdict).toBe('violates');
  });
});
