import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { check } from '../../checker/check.js';
import type { ActionSpec } from '../../spec/action.js';
import { always, defineModel, holds, system, type Property } from '../../spec/index.js';

type Owner = { owner: number; steps: number };

/**
 * A lock owned by thread 0 or 1 that changes hands up to `limit` times: a model one action of
 * which the test replaces with a broken one. With the sound action it holds, in `limit + 1`
 * states, so a wrong verdict could only come from the broken part.
 */
function lockWith(hand: Partial<ActionSpec<Owner, undefined>>, invariant?: Property<Owner>, limit = 3) {
  return defineModel({
    name: 'hand-over',
    summary: 'a lock handed between two threads',
    variants: { only: { summary: 'the test’s variant', source: 'test', expect: holds() } },
    build: () =>
      system(z.object({ owner: z.number().int().min(0).max(1), steps: z.number().int().min(0).max(limit) }), {
        init: { owner: 0, steps: 0 },
        actions: {
          handOver: {
            guard: (s) => s.steps < limit,
            effect: (s) => {
              s.owner = 1 - s.owner;
              s.steps += 1;
            },
            describe: () => 'the owner hands the lock over',
            ...hand,
          } as ActionSpec<Owner, undefined>,
        },
        properties: { 'one owner': invariant ?? always((s) => s.owner === 0 || s.owner === 1) },
        final: (s) => s.steps === limit,
      }),
  });
}

/** The explanation of an outcome that must be a model error. */
function modelError(model: ReturnType<typeof lockWith>, options: { validate?: boolean } = {}): string {
  const { outcome } = check(model, options);
  expect(outcome.verdict, JSON.stringify(outcome)).toBe('error');
  return outcome.verdict === 'error' ? outcome.explanation : '';
}

describe('model code that would have given a wrong answer is an error', () => {
  it('the sound model holds (the baseline)', () => {
    expect(check(lockWith({})).outcome.verdict).toBe('holds');
  });

  it.each([
    ['null', null],
    ['true', true],
    ['"1"', '1'],
    ['[1]', [1]],
    ['""', ''],
    ['NaN', NaN],
    ['Infinity', Infinity],
  ])('an effect that writes %s into an integer field', (shown, value) => {
    const write = lockWith({ effect: (s) => void ((s as { owner: unknown }).owner = value) });
    expect(modelError(write)).toBe(
      `the effect of handOver left the state's domain: field owner is ${shown}, but the state schema allows an integer from 0 to 1 (taking handOver next)`,
    );
  });

  it('an async effect (its writes after an await would be lost)', () => {
    const asyncEffect = lockWith({
      effect: async (s: Owner) => {
        await null;
        s.owner = 1;
      },
    } as never);
    expect(modelError(asyncEffect)).toMatch(/^the effect of handOver returned a Promise: an effect must change the state synchronously/);
  });

  it('an async guard (a Promise is truthy: the action would be enabled everywhere)', () => {
    const asyncGuard = lockWith({ guard: (async () => false) as never });
    expect(modelError(asyncGuard)).toMatch(/^the guard of handOver returned a Promise: guards and properties must be synchronous/);
  });

  it('an async invariant (it would hold everywhere)', () => {
    const asyncInvariant = lockWith({}, always((async () => false) as never));
    expect(modelError(asyncInvariant)).toMatch(/^property "one owner" returned a Promise/);
  });

  it('Math.random in an effect, Date.now in a guard, performance.now in a property', () => {
    expect(modelError(lockWith({ effect: (s) => void (s.owner = Math.random() < 0.5 ? 0 : 1) }))).toMatch(
      /^the effect of handOver called Math\.random\(\): model code must be deterministic/,
    );
    expect(modelError(lockWith({ guard: (s) => s.steps < 3 && Date.now() > 0 }))).toMatch(/^the guard of handOver called Date\.now\(\)/);
    expect(modelError(lockWith({}, always(() => performance.now() > 0)))).toMatch(/^property "one owner" called performance\.now\(\)/);
    expect(Math.random()).toBeLessThan(1); // restored afterwards
  });

  it('a guard with a side effect that changes its own answer is caught by the sampled audit, without --validate', () => {
    let calls = 0;
    const flaky = lockWith({ guard: (s) => s.steps < 300 && ++calls % 2 === 1 }, undefined, 300);
    expect(modelError(flaky)).toMatch(/^the guards gave different answers when evaluated twice on the same state/);
  });

  it('an effect that depends on a hidden counter is caught by the sampled audit, without --validate', () => {
    let calls = 0;
    const drifting = lockWith({ effect: (s) => void ((s.steps += 1), (s.owner = ++calls % 2)) }, undefined, 300);
    expect(modelError(drifting)).toMatch(/^the effect of handOver gave a different state when run twice on the same state/);
  });
});
