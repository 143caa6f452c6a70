import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { always, assertDeadlocks, assertHolds, assertViolates, defineModel, holds, system, violates, type Trace } from '../../index.js';

// `npm run typecheck` compiles this file: each `@ts-expect-error` line must be a type error,
// or the typecheck fails. At run time the same lines are what the checker refuses.

/** A counter two threads bump without a lock: 'at most one' fails, 'below three' holds. */
const racy = defineModel({
  name: 'counter',
  summary: 'two threads bump a counter',
  params: z.object({ threads: z.number().int().min(1).max(3).default(2) }),
  variants: {
    bumps: { summary: 'each thread bumps once', source: 'test', expect: violates('at most one') },
    idle: { summary: 'nobody bumps', source: 'test', expect: holds() },
  },
  build: ({ params, variant }) =>
    system(z.object({ count: z.number().int().min(0).max(3) }), {
      init: { count: 0 },
      actions: {
        bump: { over: variant === 'bumps' ? [...Array(params.threads).keys()] : [], guard: (s) => s.count < 3, effect: (s) => void (s.count += 1), describe: (t) => `thread ${t} bumps` },
      },
      properties: {
        'at most one': always((s) => s.count <= 1),
        'below three': always((s) => s.count < 3),
      },
    }),
});

describe('names are literal types', () => {
  it('a misspelled property in an expectation is a type error', () => {
    const misspelled = defineModel({
      name: 'typo',
      summary: '',
      variants: {
        // @ts-expect-error 'at most 1' is not one of the properties build returns
        only: { summary: '', source: '', expect: violates('at most 1') },
      },
      build: () => system(z.object({ count: z.number().int().min(0).max(1) }), { init: { count: 0 }, properties: { 'at most one': always((s) => s.count <= 1) } }),
    });
    expect(Object.keys(misspelled.variants)).toEqual(['only']);
  });

  it('assertions take only the model\'s property, variant and parameter names', () => {
    // @ts-expect-error no property "at most 1"
    expect(() => assertViolates(racy, 'at most 1', { variant: 'bumps' })).toThrow(/expected violates "at most 1"/);
    // @ts-expect-error no variant "bump"
    expect(() => assertHolds(racy, { variant: 'bump' })).toThrow(/has no variant "bump"/);
    // @ts-expect-error no parameter "thread"
    expect(() => assertHolds(racy, { variant: 'idle', params: { thread: 1 } })).toThrow(/has no parameter "thread"/);
    // @ts-expect-error no property "below 3"
    expect(() => assertHolds(racy, { variant: 'idle', properties: ['below 3'] })).toThrow(/has no property "below 3"/);
  });

  it("assertViolates and assertDeadlocks return the outcome they assert, trace and all", () => {
    const violation = assertViolates(racy, 'at most one', { variant: 'bumps', params: { threads: 2 } });
    const property: 'at most one' | 'below three' = violation.outcome.property;
    const trace: Trace | undefined = violation.outcome.trace;
    expect([property, trace?.steps.length]).toEqual(['at most one', 2]);
    const stuck = defineModel({
      name: 'stuck',
      summary: '',
      variants: { only: { summary: '', source: '', expect: holds() } },
      build: () => system(z.object({ done: z.boolean() }), { init: { done: false }, properties: {} }),
    });
    const deadlock = assertDeadlocks(stuck);
    const steps: number = deadlock.outcome.trace.steps.length;
    expect([steps, deadlock.outcome.explanation.length > 0]).toEqual([0, true]);
  });
});
