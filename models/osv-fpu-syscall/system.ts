import { system, type System } from 'interleave-check';
import { actions } from './actions.js';
import type { Design } from './design.js';
import { own, stateSchema, World, type State } from './osv.js';
import type { Params } from './params.js';
import { properties } from './properties.js';

/**
 * What a run of OSv can count on: sleeps end (the page allocator and the futex waker are weakly
 * fair), the idle thread switches to a woken thread, the scheduler keeps switching to a thread
 * that is runnable again and again (strongly fair timer preemption), and kernel code moves on
 * when its thread gets the CPU again and again (strongly fair: the timer may take the CPU away
 * between any two steps). Making a syscall, or touching an unmapped page, is up to the Go code.
 */
function fairness(p: Params) {
  const handlersReturn = p.pageFaults ? ['nestedExceptionReturns', 'pageFaultReturns'] : [];
  return {
    weak: ['wakeFromAllocator', 'wakeFromFutex', 'idleSwitch'],
    strong: ['fpuLockSaves', 'mallocReturns', 'setupReturns', 'freeReturns', 'sysret', 'preempt', ...handlersReturn],
  };
}

/**
 * Builds the system of one design at one parameter setting: the model's `build` calls it with
 * the variant's design, and a test can call it with one mechanism of a fix switched off.
 * Initially each CPU runs its first thread's Go code; the others were preempted by the timer,
 * their FPU values in their interrupt save areas. The last `largeStackThreads` threads made
 * their first syscall before the run.
 */
export function buildSystem(params: Params, design: Design): System {
  const w = new World(params, design);
  const first = w.cpus.map((c) => w.firstOn(c));
  const init: State = {
    running: first,
    fpuRegisters: first.map((t) => (t === null ? 'scheduler' : own(t))),
    phase: w.threads.map((t) => (w.newcomers.includes(t) ? 'user code' : 'back in user code')),
    stackBytes: w.threads.map(() => 0),
    lockSavedFpu: w.threads.map(() => null),
    interruptSavedFpu: w.threads.map((t) => (first.includes(t) ? null : own(t))),
    exception: w.threads.map(() => 'none'),
    preemptionDisabled: w.threads.map(() => false),
  };
  return system(stateSchema(params), {
    init,
    actions: actions(w),
    properties: properties(w),
    final: (s) => w.threads.every((t) => s.phase[t] === 'back in user code'),
    fairness: fairness(params),
  });
}
