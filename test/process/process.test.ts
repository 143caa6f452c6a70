import { describe, expect, it } from 'vitest';
import filter from '../../bench/models/filter.js';
import filterProcess from '../../bench/models/filter-process.js';
import { assertSymmetric } from '../../checker/assertions.js';
import { check } from '../../checker/check.js';
import { shapeOf } from '../../checker/encoding/layout.js';
import { renderHtmlReport } from '../../checker/report/html.js';
import { toReport } from '../../checker/report/json.js';
import { renderResult } from '../../checker/report/text.js';
import petersonN from '../../docs/examples/peterson-n.js';
import { z } from 'zod';
import { defineModel, defineProcess, holds, system } from '../../spec/index.js';
import mutex from '../symmetry/mutex.js';
import { checkVariant, storyOf } from '../support/variants.js';
import { collector, lockHolders, lostUpdate, symmetricMutex } from './models.js';

describe('a process in the state and the trace', () => {
  it('keeps its pc and locals as arrays indexed by id, starting at its first label with its initial locals', () => {
    const built = lostUpdate.build({ params: { threads: 2 }, variant: 'unlocked' });
    expect(built.init).toEqual([{ counter: 0, thread: { pc: ['read', 'read'], seen: [0, 0] } }]);
    expect(Object.keys(built.actions)).toEqual(['thread@read', 'thread@write']);
    expect(built.actions['thread@read'].over).toEqual([0, 1]);
  });

  it('speaks in its own terms: who, at which label, with which locals, then what the step does', () => {
    const result = checkVariant(lostUpdate, 'unlocked');
    expect(storyOf(result)).toEqual([
      'thread 1 at read (seen = 0): reads the counter: 0',
      'thread 0 at read (seen = 0): reads the counter: 0',
      'thread 0 at write (seen = 0): writes 1 back',
      'thread 1 at write (seen = 0): writes 1 back',
    ]);
    const text = renderResult(result);
    expect(text).toContain('    thread = {pc: [read, read], seen: [0, 0]}');
    expect(text).toContain('Step 3  thread 0 at write (seen = 0): writes 1 back  [thread 0]\n    counter: 0 -> 1\n    thread.pc[0]: write -> done');
  });

  it('runs an atomic sequence of statements as one step', () => {
    const result = checkVariant(lostUpdate, 'atomic', { params: { threads: 3 } });
    // Which threads are done and in which order, as their locals remember it: 1 + 3 + 6 + 6 states.
    expect(result.stats).toMatchObject({ states: 16, transitions: 15 });
  });

  it('shows each process\'s label in the HTML report: the pc field, changed at every step', () => {
    const result = check(lostUpdate, { variant: 'unlocked' });
    const html = renderHtmlReport(toReport(result));
    expect(html).toContain('thread.pc[1]');
    expect(html).toMatch(/thread 1 at write \(seen = 0\): writes 1 back/);
  });
});

describe('ends, deadlocks and fairness', () => {
  it('a process that is done, or waits at an end label, is at a valid end; elsewhere it is a deadlock, with who waits where', () => {
    checkVariant(lockHolders, 'releases');
    checkVariant(lockHolders, 'keeps-at-end');
    const stuck = checkVariant(lockHolders, 'keeps');
    expect(stuck.outcome).toMatchObject({
      verdict: 'deadlocks',
      explanation: 'no step is enabled, and not every process is done or at an end label: thread 0 waits at hold, thread 1 waits at acquire',
    });
  });

  it('calls a state an end only when the system\'s own final agrees, and every process is at an end', () => {
    const State = z.object({ x: z.number().int().min(0).max(1) });
    const ending = (x: number, final: (s: { x: number }) => boolean, blocks = false) =>
      defineModel({
        name: 'ending',
        summary: 'one process sets x and ends, or blocks',
        variants: { only: { summary: 'it', source: 'test', expect: holds() } },
        build: () =>
          system(State, { p: defineProcess(State, { labels: { set: { effect: (s) => void (s.x = x) }, stop: { await: () => !blocks } } }) }, { init: { x: 0 }, properties: {}, final }),
      });
    expect(check(ending(1, (s) => s.x === 1)).outcome.verdict).toBe('holds');
    expect(check(ending(0, (s) => s.x === 1)).outcome.verdict).toBe('deadlocks');
    expect(check(ending(1, () => true, true)).outcome).toMatchObject({ verdict: 'deadlocks', explanation: expect.stringContaining('p waits at stop') });
  });

  it('mixes with plain actions and a single process, whose state is plain values', () => {
    const built = collector.build({ params: { mutators: 2 }, variant: 'handshake' });
    expect(Object.keys(built.actions)).toEqual(['mutator@run', 'mutator@poll/no stop', 'mutator@poll/park', 'mutator@parked', 'gc@request', 'gc@collect', 'allocate']);
    expect(built.init).toEqual([{ stopping: false, parked: [false, false], allocated: 0, mutator: { pc: ['run', 'run'] }, gc: { pc: 'request', cycles: 0 } }]);
    checkVariant(collector, 'handshake', { params: { mutators: 2 } });
  });

  it('compiles the processes\' fairness into the system\'s, which liveness checks use', () => {
    const built = collector.build({ params: { mutators: 2 }, variant: 'handshake' });
    expect(built.fairness).toEqual({ weak: ['mutator@run', 'mutator@poll/no stop', 'mutator@poll/park', 'mutator@parked', 'gc@request', 'gc@collect'] });
    // With two mutators, an unfair schedule runs mutator 1 round and round while mutator 0 never polls.
    const only = { params: { mutators: 2 }, properties: ['mutator 0 reaches its safepoint'] };
    expect(check(collector, only).outcome.verdict).toBe('holds');
    const unfair = check(defineModel({ ...collector, build: (ctx) => ({ ...collector.build(ctx), fairness: undefined }) }), only);
    expect(unfair.outcome).toMatchObject({ verdict: 'violates', property: 'mutator 0 reaches its safepoint' });
  });
});

describe('the same search as the hand-written actions', () => {
  it.each([2, 3, 4, 5])('the filter lock in process form has the action form\'s counts, n = %i', (n) => {
    const [p, a] = [check(filterProcess, { params: { n } }), check(filter, { params: { n }, symmetry: 'off' })];
    expect(p.outcome.verdict).toBe('holds');
    expect(p.stats).toMatchObject({ states: a.stats.states, transitions: a.stats.transitions, depth: a.stats.depth });
  });

  it('BEEM\'s peterson as a process has SPIN\'s counts (spin -o1, pan -DNOREDUCE): 196 and 12,498 states', () => {
    expect(checkVariant(petersonN, 'beem', { params: { n: 2 } }).stats).toMatchObject({ states: 196, transitions: 371 });
    expect(checkVariant(petersonN, 'beem', { params: { n: 3 } }).stats).toMatchObject({ states: 12_498, transitions: 33_369 });
  });

  it('over a scalarset\'s ids, its arrays are indexed by the scalarset, and symmetry reduces it as the hand-written mutex', () => {
    const built = symmetricMutex.build({ params: { threads: 3 }, variant: 'atomic' });
    const shape = shapeOf(built.state);
    expect(shape).toMatchObject({ kind: 'object', fields: [{ key: 'lock' }, { key: 'thread', shape: { kind: 'object', fields: [{ key: 'pc', shape: { indexedBy: 'thread' } }] } }] });
    for (const variant of ['atomic', 'racy']) {
      for (const threads of [3, 4]) {
        const [p, a] = [check(symmetricMutex, { variant, params: { threads } }), check(mutex, { variant, params: { threads } })];
        expect(p.symmetry).toBeDefined();
        expect(p.stats.states, `${variant}, ${threads} threads`).toBe(a.stats.states);
        expect(p.outcome.verdict).toBe(a.outcome.verdict);
      }
    }
    assertSymmetric(symmetricMutex, { variant: 'racy', params: { threads: 3 } });
  });
});
