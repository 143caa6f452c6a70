import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { check, checkInParallel } from '../../checker/check.js';
import { assertSymmetric } from '../../checker/assertions.js';
import { renderResult } from '../../checker/report/text.js';
import { toReport } from '../../checker/report/json.js';
import { defineModel, eventually, holds, scalarset, system } from '../../spec/index.js';
import { checkAndReplay, storyOf } from '../support/variants.js';
import { workerModelUrl } from '../support/worker-model.js';
import mutex from './mutex.js';

const modelUrl = workerModelUrl('test/symmetry/mutex.ts');

describe('symmetry reduction', () => {
  it('stores one state per orbit: n threads around a lock, 2 representatives whatever n', () => {
    for (const threads of [2, 3, 5, 8]) {
      const reduced = check(mutex, { variant: 'atomic', params: { threads } });
      const full = check(mutex, { variant: 'atomic', params: { threads }, symmetry: 'off' });
      expect(reduced.outcome.verdict).toBe('holds');
      expect([reduced.stats.states, full.stats.states]).toEqual([2, threads + 1]);
      expect(reduced.symmetry).toEqual({ form: 'exact', sets: [{ name: 'thread', size: threads }] });
      expect(full.symmetry).toBeUndefined();
    }
  });

  it('the racy lock: a shortest violation, as a real execution that replays', () => {
    const reduced = checkAndReplay(mutex, { variant: 'racy', params: { threads: 4 } });
    const full = check(mutex, { variant: 'racy', params: { threads: 4 }, symmetry: 'off' });
    expect(storyOf(reduced)).toEqual([
      'thread 0 sees the lock free',
      'thread 1 sees the lock free',
      'thread 0 takes the lock',
      'thread 1 takes the lock',
    ]);
    expect(storyOf(full)).toHaveLength(4);
    expect(reduced.stats.states).toBeLessThan(full.stats.states);
  });

  it('says so in the text and the JSON report', () => {
    const result = check(mutex, { variant: 'atomic', params: { threads: 3 } });
    expect(renderResult(result)).toContain('symmetry-reduced (3 interchangeable thread ids; exact form: one state per orbit)');
    expect(toReport(result).symmetry).toEqual({ form: 'exact', sets: [{ name: 'thread', size: 3 }] });
  });

  it('the fast form is sound: the same verdicts, at least as many states as the exact form', () => {
    for (const variant of ['atomic', 'racy']) {
      const exact = check(mutex, { variant, params: { threads: 5 }, symmetry: 'exact' });
      const fast = check(mutex, { variant, params: { threads: 5 }, symmetry: 'fast' });
      expect(fast.outcome.verdict).toBe(exact.outcome.verdict);
      expect(fast.stats.states).toBeGreaterThanOrEqual(exact.stats.states);
    }
  });

  it('the same counts and trace with worker threads, and with fingerprints', async () => {
    const options = { variant: 'racy', params: { threads: 6 }, deadlock: false };
    const alone = check(mutex, options);
    const parallel = await checkInParallel(mutex, { ...options, workers: 2, parallelLevel: 1, waitForWorkers: true, modelUrl });
    expect([parallel.stats.states, parallel.stats.transitions, storyOf(parallel)]).toEqual([alone.stats.states, alone.stats.transitions, storyOf(alone)]);
    const fingerprinted = check(mutex, { ...options, fingerprint: true });
    expect([fingerprinted.stats.states, storyOf(fingerprinted)]).toEqual([alone.stats.states, storyOf(alone)]);
  });

  it('refuses liveness properties, naming them', () => {
    const Thread = scalarset('thread', 2);
    const live = defineModel({
      name: 'live',
      summary: 'a liveness property under symmetry',
      variants: { only: { summary: 'x', source: 'test', expect: holds() } },
      build: () =>
        system(z.object({ done: Thread.array(z.boolean()) }), {
          init: { done: [false, false] },
          actions: { finish: { over: Thread.ids, guard: (s, t) => !s.done[t], effect: (s, t) => void (s.done[t] = true), describe: (t) => `${t} finishes` } },
          properties: { 'all finish': eventually((s) => s.done.every(Boolean)) },
          fairness: { weak: ['finish'] },
          final: (s) => s.done.every(Boolean),
        }),
    });
    expect(() => check(live)).toThrow(/symmetry reduction cannot check the liveness properties "all finish" of live.*--no-symmetry/);
    expect(check(live, { symmetry: 'off' }).outcome.verdict).toBe('holds');
  });
});

describe('verifying a symmetry declaration', () => {
  it('passes a model that honours it', () => {
    expect(assertSymmetric(mutex, { variant: 'racy', params: { threads: 3 } })).toEqual({
      states: 53,
      permutations: ['thread 0 ↔ thread 1', 'each thread i becomes thread i+1 (mod 3)'],
    });
  });

  it('catches a step only thread 0 may take, showing the state, its image and the permutation', () => {
    expect(() => assertSymmetric(mutex, { variant: 'thread-0-first', params: { threads: 2 } })).toThrow(
      /symmetric-mutex \(variant thread-0-first\) is not symmetric under thread 0 ↔ thread 1: .*\n  state: \{lock: .*\n  image: \{lock: /,
    );
  });
});
