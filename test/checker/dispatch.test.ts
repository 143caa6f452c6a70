import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { always, defineModel, holds, range, system } from '../../spec/index.js';
import { check } from '../../checker/check.js';

/** A counter that any of `instances` action instances may bump, each only from its own residue. */
function bumpers(instances: number, throwingAt?: number) {
  return defineModel({
    name: 'bumpers',
    summary: 'many action instances',
    variants: { only: { summary: 'the model', source: 'test', expect: holds() } },
    build: () =>
      system(z.object({ x: z.number().int().min(0).max(40) }), {
        init: { x: 0 },
        actions: {
          bump: {
            over: range(instances),
            guard: (s, i) => {
              if (i === throwingAt && s.x === 3) throw new Error(`instance ${i} gives up`);
              return s.x < 40 && s.x % 7 === i % 7;
            },
            effect: (s, i) => {
              s.x = Math.min(40, s.x + 1 + (i % 3));
            },
            describe: (i) => `bumper ${i} bumps`,
          },
        },
        properties: { 'x stays in range': always((s) => s.x <= 40) },
        final: (s) => s.x === 40,
      }),
  });
}

describe('action dispatch', () => {
  it('gives the same counts with generated call sites (few instances) and plain loops (many)', () => {
    // Transitions scale with the instances per residue; states and depth do not.
    const few = check(bumpers(70));
    const many = check(bumpers(7000));
    expect(few.outcome.verdict).toBe('holds');
    expect(many.outcome.verdict).toBe('holds');
    expect(many.stats.states).toBe(few.stats.states);
    expect(many.stats.transitions).toBe(few.stats.transitions * 100);
  });

  it.each([70, 7000])('names the guard that threw among %i instances', (instances) => {
    const result = check(bumpers(instances, 59));
    expect(result.outcome).toMatchObject({ verdict: 'error', explanation: 'the guard of bump(59) threw: instance 59 gives up' });
  });

  it('says so when a guard threw once and not when run again, rather than name the wrong one', () => {
    let calls = 0;
    const flaky = defineModel({
      name: 'flaky',
      summary: 'a guard that throws once',
      variants: { only: { summary: 'the model', source: 'test', expect: holds() } },
      build: () =>
        system(z.object({ x: z.number().int().min(0).max(1) }), {
          init: { x: 0 },
          actions: {
            step: {
              guard: (s) => {
                if (calls++ === 0) throw new Error('first call');
                return s.x === 0;
              },
              effect: (s) => {
                s.x = 1;
              },
              describe: () => 'step',
            },
          },
          properties: {},
          final: () => true,
        }),
    });
    expect(check(flaky).outcome).toMatchObject({ verdict: 'error', explanation: expect.stringMatching(/^a guard \(one that did not throw again when re-run: guards must be deterministic\) threw: first call/) });
  });
});
