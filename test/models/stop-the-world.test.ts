import { describe, expect, it } from 'vitest';
import model from '../../models/stop-the-world/stop-the-world.js';
import { check } from '../../checker/check.js';
import { everyRequestCompletes } from '../../models/stop-the-world/common.js';
import { defineModel } from '../../spec/index.js';
import type { CheckResult } from '../../checker/result.js';
import { checkVariant, expectInOrder, storyOf } from '../support/variants.js';

/** The last state of a result's trace. */
function lastState(result: CheckResult): any {
  const o = result.outcome;
  return 'trace' in o && o.trace ? o.trace.steps.at(-1)!.state : undefined;
}

/** The properties a variant is checked against at default parameters. */
function propertiesOf(variant: string): string[] {
  return Object.keys(model.build({ params: model.params.parse({}), variant: variant as never }).properties);
}


const reached = [
  'a stop-the-world completes',
  'two different threads complete a stop-the-world',
  'the world is stopped while only a thread inside a syscall points to X',
];

describe('stop-the-world: signals (bdwgc)', () => {
  it('signals: under the allocation lock, with an interruptible sleeper, no deadlock and both safety properties hold', () => {
    const result = checkVariant(model, 'signals');
    expect(result.stats).toMatchObject({ states: 9_949, transitions: 21_946 });
    expect(propertiesOf('signals')).toEqual(expect.arrayContaining(reached));
  });

  it('signals-no-lock: two stoppers, each suspended by the other’s signal, deadlock in 5 steps', () => {
    const result = checkVariant(model, 'signals-no-lock');
    const story = storyOf(result);
    expect(story).toHaveLength(5);
    expect(story[0]).toMatch(/^thread 0 stops the world: sends the suspend signal to threads 1 and 2$/);
    expect(story[1]).toMatch(/^thread 1 stops the world: sends the suspend signal to threads 0 and 2$/);
    expect(story[2]).toMatch(/^thread 0 takes the suspend signal from thread 1 \(interrupting its own wait for acks\)/);
    expect(story[3]).toMatch(/^thread 1 takes the suspend signal from thread 0 \(interrupting its own wait for acks\)/);
    const end = lastState(result);
    expect(end.threads.map((t: any) => [t.gc, t.stopped])).toEqual([
      ['stopping', true],
      ['stopping', true],
      ['idle', true],
    ]);
    expect(end.ackSem).toBe(3);
    expect(result.outcome.verdict === 'deadlocks' && result.outcome.explanation).toMatch(
      /^thread 0 started a collection but is itself suspended in sigsuspend.*; thread 1 started a collection but is itself suspended/,
    );
  });

  it('signals-no-lock: two threads suffice (4 steps), and with deadlock detection off every invariant holds', () => {
    const two = check(model, { variant: 'signals-no-lock', params: { threads: 2 } });
    expect(two.outcome.verdict).toBe('deadlocks');
    expect(storyOf(two)).toHaveLength(4);
    const noDeadlock = check(model, { variant: 'signals-no-lock', deadlock: false });
    expect(noDeadlock.outcome.verdict).toBe('holds');
    expect(noDeadlock.stats.states).toBe(51_640);
  });

  it.each([
    ['signals-blocked', /^thread 2 blocks every signal \(pthread_sigmask\) and sleeps in read\(\), waiting for thread 1/],
    ['signals-uninterruptible', /^thread 2 sleeps non-interruptibly in the kernel until thread 1 answers/],
  ])('%s: the sleeper waits for a stopped thread and never acknowledges: deadlock in 4 steps', (variant, sleeps) => {
    const result = checkVariant(model, variant);
    const story = storyOf(result);
    expect(story).toHaveLength(4);
    expect(story[0]).toMatch(sleeps);
    expect(story[1]).toMatch(/^thread 0 takes the allocation lock and stops the world: sends the suspend signal to threads 1 and 2$/);
    expect(story[2]).toMatch(/^thread 1 takes the suspend signal from thread 0/);
    expect(story[3]).toMatch(/^thread 0's sem_wait takes an ack: 1 more to wait for$/);
    const end = lastState(result);
    expect(end.threads[0]).toMatchObject({ gc: 'stopping', acksAwaited: 1 });
    expect(end.threads[1]).toMatchObject({ stopped: true });
    expect(end.threads[2]).toMatchObject({ syscall: 'asleep', suspendPending: true, stopped: false });
  });

  it('signals-do-blocking: the same non-interruptible sleeper inside GC_do_blocking: holds', () => {
    const result = checkVariant(model, 'signals-do-blocking');
    expect(result.stats).toMatchObject({ states: 7_988, transitions: 16_726 });
    expect(propertiesOf('signals-do-blocking')).toEqual(expect.arrayContaining(reached));
  });
});

describe('stop-the-world: pinspect(2)', () => {
  it('pinspect: serialised inspectors, a sleeper in the kernel counts as stopped: holds', () => {
    const result = checkVariant(model, 'pinspect');
    expect(result.stats).toMatchObject({ states: 6_858, transitions: 13_895 });
    expect(propertiesOf('pinspect')).toEqual(expect.arrayContaining([...reached, 'a second inspector waits in the kernel']));
  });

  it('pinspect: holds with two threads, and with two collections per thread', () => {
    expect(check(model, { variant: 'pinspect', params: { threads: 2 } }).outcome.verdict).toBe('holds');
    expect(check(model, { variant: 'pinspect', params: { collections: 2 } }).outcome.verdict).toBe('holds');
  });

  it('pinspect-setcontext: the sleeper waits for a parked thread and never reaches userret: deadlock in 3 steps', () => {
    const result = checkVariant(model, 'pinspect-setcontext');
    const story = storyOf(result);
    expect(story).toHaveLength(3);
    expectInOrder(story, [
      /^thread 2 sleeps non-interruptibly in the kernel until thread 1 answers/,
      /^thread 0 calls pinspect\(PI_STOP\): the kernel marks the process inspect-pending/,
      /^thread 1 takes the IPI and parks in userret/,
    ]);
    const end = lastState(result);
    expect(end.threads.map((t: any) => [t.gc, t.stopped, t.syscall])).toEqual([
      ['stopping', false, 'ready'],
      ['idle', true, 'ready'],
      ['idle', false, 'asleep'],
    ]);
    expect(result.outcome.verdict === 'deadlocks' && result.outcome.explanation).toMatch(
      /thread 0, the inspector, waits .* thread 2 sleeps non-interruptibly in the kernel waiting for thread 1, so it never reaches userret/,
    );
  });

  it('pinspect-unregistered: the unregistered thread’s pointer is not scanned and X is freed under it', () => {
    const result = checkVariant(model, 'pinspect-unregistered');
    const story = storyOf(result);
    expect(story).toHaveLength(7);
    expectInOrder(story, [
      /^thread 0, which is not registered with the collector, loads the pointer to X/,
      /overwrites the global root: X is now referenced only from the stack of thread 0$/,
      /calls pinspect\(PI_STOP\)/,
      /^thread 0 takes the IPI and parks in userret/,
      /pinspect\(PI_STOP\) returns to thread 1: the world is stopped/,
      /^thread 1 marks from .* of thread 2: X is not found, and the sweep frees it$/,
    ]);
    expect(result.outcome).toMatchObject({
      verdict: 'violates',
      property: 'every live value is visible to the GC',
      explanation: expect.stringMatching(/thread 0's stack still points to X.*not registered/),
    });
  });

  it('pinspect-registered-only: an unregistered thread that never touches the heap is harmless: holds', () => {
    const result = checkVariant(model, 'pinspect-registered-only');
    expect(result.stats).toMatchObject({ states: 851, transitions: 1_424 });
    expect(propertiesOf('pinspect-registered-only')).toEqual(expect.arrayContaining(reached));
  });
});

describe('stop-the-world: every stop-the-world request completes (liveness)', () => {
  const holding = ['signals', 'signals-do-blocking', 'pinspect', 'pinspect-registered-only'];

  it.each(holding)('%s: every request completes, under weak fairness of every thread', (variant) => {
    expect(propertiesOf(variant)).toContain(everyRequestCompletes);
    const result = check(model, { variant, properties: [everyRequestCompletes] });
    expect(result.outcome.verdict).toBe('holds');
    expect(result.warnings).toEqual([]);
  });

  it('the state graphs have no cycle (bounded collections, one syscall each), so the verdicts do not depend on fairness', () => {
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

  it('gives the same counts and the same trace every time', () => {
    const a = check(model, { variant: 'signals-no-lock' });
    const b = check(model, { variant: 'signals-no-lock' });
    expect(b.stats.states).toBe(a.stats.states);
    expect(storyOf(b)).toEqual(storyOf(a));
  });
});
