import { describe, expect, it } from 'vitest';
import model, { buildStopTheWorld, designs } from '../../models/stop-the-world/stop-the-world.js';
import type { Design } from '../../models/stop-the-world/design.js';
import { everyLiveValueVisible, everyRequestCompletes, onlyLiveStacksScanned } from '../../models/stop-the-world/properties.js';
import { check } from '../../checker/check.js';
import { defineModel } from '../../spec/index.js';
import type { CheckResult } from '../../checker/result.js';
import { checkAndReplay, checkVariant, expectInOrder, expectStory, storyOf } from '../support/variants.js';

type Variant = keyof typeof designs;

/** The last state of a result's trace. */
function lastState(result: CheckResult): any {
  const o = result.outcome;
  return 'trace' in o && o.trace ? o.trace.steps.at(-1)!.state : undefined;
}

/** The properties a variant is checked against at its default parameters. */
function propertiesOf(variant: Variant): string[] {
  const params = model.params.parse({ ...model.variants[variant].params });
  return Object.keys(model.build({ params, variant }).properties);
}

/** The explanation a violation or deadlock ends with. */
function explanationOf(result: CheckResult): string {
  const o = result.outcome;
  return 'explanation' in o && typeof o.explanation === 'string' ? o.explanation : '';
}

/**
 * The model with `variant` built from its design with `change` applied, through the exported
 * build function: the fixed variant with one mechanism taken out.
 */
function weakened(variant: Variant, change: Partial<Design>) {
  const design = { ...designs[variant], ...change } as Design;
  return defineModel({ ...model, build: ({ params }) => buildStopTheWorld(params, design) });
}

const reached = [
  'a stop-the-world completes',
  'two different threads complete a stop-the-world',
  'the world is stopped while only a thread inside a syscall points to X',
];

describe('stop-the-world: signals (bdwgc)', () => {
  it('signals: under the allocation lock, the handler saving its context before it acks, both safety properties hold', () => {
    const result = checkVariant(model, 'signals');
    expect(result.stats).toMatchObject({ states: 16_717, transitions: 38_336 });
    expect(propertiesOf('signals')).toEqual(expect.arrayContaining(reached));
  });

  it('signals: a leaf function keeping X in its red zone is safe, since the kernel puts the signal frame below the red zone', () => {
    const result = checkVariant(model, 'signals', { params: { leafCallers: 1 } });
    expect(result.stats.states).toBe(30_085);
    expect(result.reached?.map((r) => r.property)).toContain("the world is stopped while only a leaf function's red zone points to X");
  });

  it('signals-no-lock: two stoppers, each suspended by the other’s signal, deadlock in 5 steps', () => {
    const result = checkVariant(model, 'signals-no-lock');
    const story = storyOf(result);
    expect(story).toHaveLength(5);
    // The shortest trace with the fewest switches between threads: thread 0's stop and its
    // signal handler run back to back.
    expect(story[0]).toMatch(/^thread 1 stops the world: sends the suspend signal to threads 0 and 2$/);
    expect(story[1]).toMatch(/^thread 0 stops the world: sends the suspend signal to threads 1 and 2$/);
    expect(story[2]).toMatch(/^thread 0 takes the suspend signal from thread 1 \(interrupting its own wait for acks\)/);
    expect(story[3]).toMatch(/^thread 1 takes the suspend signal from thread 0 \(interrupting its own wait for acks\)/);
    const end = lastState(result);
    expect(end.threads.map((t: any) => [t.gc, t.stopped])).toEqual([
      ['stopping', true],
      ['stopping', true],
      ['idle', true],
    ]);
    expect(end.ackSem).toBe(3);
    expect(explanationOf(result)).toMatch(
      /^thread 0 started a collection but is itself suspended in sigsuspend.*; thread 1 started a collection but is itself suspended/,
    );
  });

  it('signals-no-lock: two threads suffice (4 steps), and with deadlock detection off every invariant holds', () => {
    const two = check(model, { variant: 'signals-no-lock', params: { threads: 2 } });
    expect(two.outcome.verdict).toBe('deadlocks');
    expect(storyOf(two)).toHaveLength(4);
    const noDeadlock = check(model, { variant: 'signals-no-lock', deadlock: false });
    expect(noDeadlock.outcome.verdict).toBe('holds');
    expect(noDeadlock.stats.states).toBe(68_592);
  });

  it.each([
    ['signals-blocked', /^thread 2 blocks every signal \(pthread_sigmask\) and sleeps in read\(\), waiting for thread 1/],
    ['signals-uninterruptible', /^thread 2 sleeps non-interruptibly in the kernel until thread 1 answers/],
  ] as const)('%s: the sleeper waits for a stopped thread and never acknowledges: deadlock in 4 steps', (variant, sleeps) => {
    const result = checkVariant(model, variant);
    expectStory(storyOf(result), [
      sleeps,
      /^thread 0 takes the allocation lock and stops the world: sends the suspend signal to threads 1 and 2$/,
      /^thread 1 takes the suspend signal from thread 0/,
      /^thread 0's sem_wait takes an ack: 1 more to wait for$/,
    ]);
    const end = lastState(result);
    expect(end.threads[0]).toMatchObject({ gc: 'stopping', acksAwaited: 1 });
    expect(end.threads[1]).toMatchObject({ stopped: true });
    expect(end.threads[2]).toMatchObject({ syscall: 'asleep', suspendPending: true, stopped: false });
  });

  it('signals-do-blocking: the same non-interruptible sleeper inside GC_do_blocking, registers pushed: holds', () => {
    const result = checkVariant(model, 'signals-do-blocking');
    expect(result.stats).toMatchObject({ states: 13_238, transitions: 28_927 });
    expect(propertiesOf('signals-do-blocking')).toEqual(expect.arrayContaining(reached));
  });
});

describe('stop-the-world: a lock held by a stopped thread (dvyukov)', () => {
  it('signals-dl-iterate-early: the libraries are walked before the world stops, so a stopped thread inside dlopen is harmless', () => {
    const result = checkVariant(model, 'signals-dl-iterate-early');
    expect(result.stats).toMatchObject({ states: 13_647, transitions: 32_661 });
    expect(propertiesOf('signals-dl-iterate-early')).toContain('the world is stopped while a stopped thread holds the library lock');
  });

  it('signals-dl-iterate-stopped: dl_iterate_phdr with the world stopped waits for a lock a stopped thread holds: deadlock in 6 steps', () => {
    const result = checkVariant(model, 'signals-dl-iterate-stopped');
    expectStory(storyOf(result), [
      /^thread 1 takes the allocation lock and stops the world/,
      /^thread 0 calls dlopen, which takes the dynamic linker's lock$/,
      /^thread 0 takes the suspend signal from thread 1/,
      /^thread 2 takes the suspend signal from thread 1/,
      /^thread 1's sem_wait takes an ack: 1 more/,
      /^thread 1's sem_wait takes an ack: the world is stopped$/,
    ]);
    expect(explanationOf(result)).toMatch(
      /thread 0 is suspended in sigsuspend inside dlopen, holding the dynamic linker's lock; thread 1 has the world stopped and waits for the dynamic linker's lock/,
    );
  });

  it('pinspect-list-early: the thread list is allocated before PI_STOP: holds', () => {
    const result = checkVariant(model, 'pinspect-list-early');
    expect(result.stats).toMatchObject({ states: 6_246, transitions: 12_658 });
    expect(propertiesOf('pinspect-list-early')).toContain('the world is stopped while a stopped thread holds the library lock');
  });

  it('pinspect-list-stopped: pthread_stop_world_np mallocs the list while a parked thread holds malloc’s lock: deadlock in 5 steps', () => {
    const result = checkVariant(model, 'pinspect-list-stopped');
    expectInOrder(storyOf(result), [
      /^thread 1 calls pinspect\(PI_STOP\)/,
      /^thread 0 calls malloc, which takes malloc's lock$/,
      /^thread 0 takes the IPI and parks in userret .*\(inside malloc, holding malloc's lock\)$/,
      /^pinspect\(PI_STOP\) returns to thread 1: the world is stopped/,
    ]);
    expect(storyOf(result)).toHaveLength(5);
    expect(explanationOf(result)).toMatch(/thread 1 has the world stopped and waits for malloc's lock \(the thread list\), which thread 0 holds/);
  });
});

describe('stop-the-world: threads created and exiting around a stop', () => {
  it('signals-new-thread: GC_pthread_create keeps X on the parent’s stack until the child registers; the child unregisters at exit: holds', () => {
    const result = checkVariant(model, 'signals-new-thread');
    expect(result.stats).toMatchObject({ states: 1_997, transitions: 3_682 });
    expect(propertiesOf('signals-new-thread')).toEqual(
      expect.arrayContaining([
        'the world is stopped while the new thread exists but is not yet registered',
        "the world is stopped while only the parent's si points to X",
        'a collection completes after the new thread has exited',
        onlyLiveStacksScanned,
      ]),
    );
  });

  it('signals-exit-unregistered: the thread exits with the suspend signal pending and never acks: deadlock in 7 steps', () => {
    const result = checkVariant(model, 'signals-exit-unregistered');
    expectInOrder(storyOf(result), [
      /^thread 1 creates thread 0 with GC_pthread_create/,
      /^thread 0 takes the allocation lock and registers itself/,
      /^thread 2 takes the allocation lock and stops the world: sends the suspend signal to threads 0 and 1$/,
      /^thread 0 exits without unregistering/,
    ]);
    expect(storyOf(result)).toHaveLength(7);
    expect(explanationOf(result)).toMatch(/thread 0 exited with a suspend signal pending, which died with it: it will never ack/);
  });

  it('signals-exit-unregistered: with deadlock detection off, the collector scans the dead thread’s freed stack (8 steps)', () => {
    const result = checkAndReplay(model, { variant: 'signals-exit-unregistered', deadlock: false });
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: onlyLiveStacksScanned });
    expectInOrder(storyOf(result), [/^thread 0 exits without unregistering/, /^thread 2 takes the allocation lock and stops the world: sends the suspend signal to thread 1$/, /marks from .* of threads 0 and 1/]);
    expect(storyOf(result)).toHaveLength(8);
  });
});

describe('stop-the-world: pinspect(2)', () => {
  it('pinspect-new-thread: the kernel parks the new LWP like any other, and the parent keeps X until the child registers: holds', () => {
    const result = checkVariant(model, 'pinspect-new-thread');
    expect(result.stats).toMatchObject({ states: 924, transitions: 1_614 });
    expect(result.reached?.map((r) => r.property)).toEqual(
      expect.arrayContaining([
        'the world is stopped while the new thread exists but is not yet registered',
        "the world is stopped while only the parent's si points to X",
        'a collection completes after the new thread has exited',
      ]),
    );
  });

  it('pinspect: serialised inspectors, a sleeper in the kernel counts as stopped, registers and red zone scanned: holds', () => {
    const result = checkVariant(model, 'pinspect');
    expect(result.stats).toMatchObject({ states: 11_434, transitions: 23_937 });
    expect(propertiesOf('pinspect')).toEqual(
      expect.arrayContaining([
        ...reached,
        'a second inspector waits in the kernel',
        "the world is stopped while only a leaf function's red zone points to X",
      ]),
    );
  });

  it('pinspect: holds with two threads, and with two collections per thread', () => {
    expect(check(model, { variant: 'pinspect', params: { threads: 2 } }).outcome.verdict).toBe('holds');
    expect(check(model, { variant: 'pinspect', params: { collections: 2 } }).outcome.verdict).toBe('holds');
  });

  it('pinspect-setcontext: the sleeper waits for a parked thread and never reaches userret: deadlock in 3 steps', () => {
    const result = checkVariant(model, 'pinspect-setcontext');
    expectStory(storyOf(result), [
      /^thread 2 sleeps non-interruptibly in the kernel until thread 1 answers/,
      /^thread 0 calls pinspect\(PI_STOP\): the kernel marks the process inspect-pending/,
      /^thread 1 takes the IPI and parks in userret/,
    ]);
    const end = lastState(result);
    expect(end.threads.map((t: any) => [t.gc, t.stopped, t.syscall])).toEqual([
      ['inspecting', false, 'ready'],
      ['idle', true, 'ready'],
      ['idle', false, 'asleep'],
    ]);
    expect(explanationOf(result)).toMatch(
      /thread 0, the inspector, waits .* thread 2 sleeps non-interruptibly in the kernel waiting for thread 1, so it never reaches userret/,
    );
  });

  it('pinspect-raw-sp: the scan starts at the raw stack pointer and misses a leaf function’s red zone (8 steps)', () => {
    const result = checkVariant(model, 'pinspect-raw-sp');
    expectInOrder(storyOf(result), [
      /^thread 0 calls pinspect\(PI_STOP\)/,
      /^thread 2 loads the pointer to X/,
      /overwrites the global root: X is now referenced only from the stack of thread 2$/,
      /^thread 2 calls a leaf function that keeps X in its red zone/,
      /^thread 2 takes the IPI and parks in userret/,
      /^thread 0 marks .*: X is not found, and the sweep frees it$/,
    ]);
    expect(storyOf(result)).toHaveLength(8);
    expect(result.outcome).toMatchObject({
      property: everyLiveValueVisible,
      explanation: expect.stringMatching(/thread 2 still points to X \(in its red zone\).*below the stack pointer PI_GETCONTEXT returned/),
    });
  });

  it('pinspect-unregistered: the unregistered thread’s pointer is not scanned and X is freed under it', () => {
    const result = checkVariant(model, 'pinspect-unregistered');
    expectInOrder(storyOf(result), [
      /calls pinspect\(PI_STOP\)/,
      /^thread 0, which is not registered with the collector, loads the pointer to X/,
      /^thread 0 takes the IPI and parks in userret/,
      /overwrites the global root: X is now referenced only from the stack of thread 0$/,
      /pinspect\(PI_STOP\) returns to thread 1: the world is stopped/,
      /^thread 1 marks from .* of thread 2: X is not found, and the sweep frees it$/,
    ]);
    expect(storyOf(result)).toHaveLength(7);
    expect(result.outcome).toMatchObject({
      verdict: 'violates',
      property: everyLiveValueVisible,
      explanation: expect.stringMatching(/thread 0 still points to X.*not registered/),
    });
  });

  it('pinspect-registered-only: an unregistered thread that never touches the heap is harmless: holds', () => {
    const result = checkVariant(model, 'pinspect-registered-only');
    expect(result.stats).toMatchObject({ states: 851, transitions: 1_424 });
    expect(propertiesOf('pinspect-registered-only')).toEqual(expect.arrayContaining(reached));
  });
});

/**
 * Each fix of each clean variant, taken out through `buildStopTheWorld`, and the failure it
 * prevents: the verdict, and the words the checker ends with.
 */
const mutations: [Variant, string, string, Partial<Design>, RegExp][] = [
  ['signals', 'without the allocation lock', 'deadlocks', { gcLock: false }, /started a collection but is itself suspended/],
  ['signals', 'with the handler acking before it saves its context', everyLiveValueVisible, { saveBeforeAck: false }, /posted the ack before saving its context/],
  ['signals-do-blocking', 'without GC_do_blocking', 'deadlocks', { sleep: 'uninterruptible' }, /sleeps in its syscall waiting for thread 1, its suspend signal undelivered/],
  ['signals-do-blocking', 'without pushing the callee-saved registers', everyLiveValueVisible, { calleeSavesPushed: false }, /without pushing its registers/],
  ['signals-dl-iterate-early', 'walking the libraries with the world stopped', 'deadlocks', { libraryCall: 'with-world-stopped' }, /waits for the dynamic linker's lock/],
  ['signals-new-thread', 'handing X to the child before it registers', everyLiveValueVisible, { newThread: { parentWaitsForRegistration: false, unregistersAtExit: true } }, /not registered, so its stack is never scanned/],
  ['signals-new-thread', 'exiting without unregistering', 'deadlocks', { newThread: { parentWaitsForRegistration: true, unregistersAtExit: false } }, /exited with a suspend signal pending/],
  ['pinspect', 'without serialising inspectors', 'no mutator runs user code while the world is stopped', { serialised: false }, /has the world stopped, but thread \d, which is registered, is running user code/],
  ['pinspect', 'waiting for every LWP to reach userret', 'deadlocks', { everyLwpInUserret: true }, /never reaches userret/],
  ['pinspect', 'without scanning the registers', everyLiveValueVisible, { registersScanned: false }, /but not the registers/],
  ['pinspect', 'scanning from the raw stack pointer', everyLiveValueVisible, { redZoneScanned: false }, /red zone lies below the stack pointer/],
  ['pinspect-new-thread', 'handing X to the child before it registers', everyLiveValueVisible, { newThread: { parentWaitsForRegistration: false, unregistersAtExit: true } }, /not registered, so its stack is never scanned/],
  ['pinspect-new-thread', 'exiting without unregistering', onlyLiveStacksScanned, { newThread: { parentWaitsForRegistration: true, unregistersAtExit: false } }, /still registered, so the collection scanned that memory/],
  ['pinspect-list-early', 'allocating the thread list with the world stopped', 'deadlocks', { libraryCall: 'with-world-stopped' }, /waits for malloc's lock/],
  ['pinspect-registered-only', 'letting the unregistered thread use the heap', everyLiveValueVisible, { unregistered: 'heap-user' }, /not registered/],
];

describe('stop-the-world: every fix, taken out, lets its failure through', () => {
  it.each(mutations)('%s %s: %s', (variant, _fix, failure, change, explanation) => {
    const result = checkAndReplay(weakened(variant, change), { variant });
    if (failure === 'deadlocks') expect(result.outcome.verdict).toBe('deadlocks');
    else expect(result.outcome).toMatchObject({ verdict: 'violates', property: failure });
    expect(explanationOf(result)).toMatch(explanation);
  });

  it('every clean variant has its fixes taken out above', () => {
    const clean = Object.entries(model.variants)
      .filter(([, v]) => v.expect.verdict === 'holds')
      .map(([name]) => name);
    expect(new Set(mutations.map(([variant]) => variant))).toEqual(new Set(clean));
  });
});

describe('stop-the-world: every stop-the-world request completes (liveness)', () => {
  const holding = Object.entries(model.variants)
    .filter(([, v]) => v.expect.verdict === 'holds')
    .map(([name]) => name as Variant);

  it.each(holding)('%s: every request completes, under weak fairness of every thread', (variant) => {
    expect(propertiesOf(variant)).toContain(everyRequestCompletes);
    const result = check(model, { variant, properties: [everyRequestCompletes] });
    expect(result.outcome.verdict).toBe('holds');
    expect(result.warnings).toEqual([]);
  });

  it('the state graphs have no cycle (bounded collections, one syscall, one call, one leaf each), so the verdicts do not depend on fairness', () => {
    const unfair = defineModel({ ...model, build: (ctx) => ({ ...model.build(ctx), fairness: undefined }) });
    for (const variant of holding) expect(check(unfair, { variant, properties: [everyRequestCompletes] }).outcome.verdict).toBe('holds');
  });

  it('a deadlock ends no behaviour: with deadlock detection off the property holds, and a warning counts the dead ends', () => {
    const result = check(model, { variant: 'signals-no-lock', deadlock: false, properties: [everyRequestCompletes] });
    expect(result.outcome.verdict).toBe('holds');
    expect(result.warnings).toEqual([expect.stringMatching(/^\d[\d,]* reachable states have no enabled action and are not final/)]);
  });
});

describe('stop-the-world: parameters', () => {
  it('rejects more sleepers than threads other than the server', () => {
    expect(() => check(model, { variant: 'pinspect', params: { threads: 2, sleepers: 2 } })).toThrow(/sleepers=2 needs at least 3 threads/);
  });

  it('rejects a setting that leaves no server beside the new thread', () => {
    expect(() => check(model, { variant: 'signals-new-thread', params: { threads: 2, sleepers: 1 } })).toThrow(
      /sleepers=1 needs at least 3 threads here: thread 0 is the new thread/,
    );
  });

  it('rejects more leaf callers than threads that hold X', () => {
    expect(() => check(model, { variant: 'pinspect-unregistered', params: { threads: 2, leafCallers: 3 } })).toThrow(
      /leafCallers=3, but only 2 threads ever hold X here \(threads 0, 1\)/,
    );
  });

  it('gives the same counts and the same trace every time', () => {
    const a = check(model, { variant: 'signals-no-lock' });
    const b = check(model, { variant: 'signals-no-lock' });
    expect(b.stats.states).toBe(a.stats.states);
    expect(storyOf(b)).toEqual(storyOf(a));
  });
});
