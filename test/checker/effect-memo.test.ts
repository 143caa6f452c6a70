import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import filter from '../../bench/models/filter.js';
import gcStw from '../../bench/models/gc-stw.js';
import fifo from '../../bench/models/fifo.js';
import { bundled } from '../../models/index.js';
import { check, type CheckOptions } from '../../checker/check.js';
import { defineModel, holds, system, always } from '../../spec/index.js';
import type { Model } from '../../spec/model.js';

/** What a check finds, for comparing two ways of running it. */
function findings(model: Model, options: CheckOptions): unknown {
  const { outcome, stats } = check(model, options);
  return { outcome, states: stats.states, transitions: stats.transitions, depth: stats.depth };
}

// `--validate` runs every effect on a decoded copy (twice): the memo is off.
describe('transitions made by the effect memo', () => {
  it('give the bench models the counts, verdicts and traces of running every effect', () => {
    const cases: [Model, CheckOptions][] = [
      [filter, { params: { n: 4 }, symmetry: 'off' }],
      [gcStw, { params: { n: 7 }, symmetry: 'off' }],
      [fifo, { params: { k: 4, m: 300 } }],
    ];
    for (const [model, options] of cases) expect(findings(model, options)).toEqual(findings(model, { ...options, validate: true }));
  });

  it('give every variant of every bundled model the findings of running every effect', () => {
    for (const { model } of bundled) {
      for (const variant of Object.keys(model.variants)) {
        const options = { variant, maxStates: 20_000 };
        expect(findings(model, options), `${model.name}/${variant}`).toEqual(findings(model, { ...options, validate: true }));
      }
    }
  }, 600_000);

  const counter = (effect: (s: { n: number; log: number[] }) => void) =>
    defineModel({
      name: 'counter',
      summary: 'a counter and the list of values it took',
      variants: { only: { summary: 'the test’s variant', source: 'test', expect: holds() } },
      build: () =>
        system(z.object({ n: z.number().int().min(0).max(3), log: z.array(z.number().int().min(0).max(3)).max(3) }), {
          init: { n: 0, log: [] },
          actions: { step: { guard: (s) => s.n < 3, effect, describe: () => 'the counter steps' } },
          properties: { fine: always(() => true) },
          final: (s) => s.n === 3,
        }),
    });

  it('name the field and the action of a write outside the domain, as the encoder does', () => {
    const leaf = check(counter((s) => void (s.n += 2)));
    expect(leaf.outcome).toMatchObject({ verdict: 'error' });
    expect(JSON.stringify(leaf.outcome)).toContain("the effect of step left the state's domain: field n is 4, but the state schema allows an integer from 0 to 3");
    const list = check(
      counter((s) => {
        s.n += 1;
        s.log.push(s.n, s.n);
      }),
    );
    expect(JSON.stringify(list.outcome)).toContain("the effect of step left the state's domain: field log is [1,1,2,2], but the state schema allows an array of at most 3 elements");
  });

  it('do not take the writes of an effect to the state it kept from an earlier call for its own', () => {
    // Harmless on copies: the write lands in an old copy. Through the tracer's proxies it is
    // seen during another call; taken for that call's write, it would set `raised` anywhere.
    let kept: { raised: boolean } | undefined;
    const model = defineModel({
      name: 'keeper',
      summary: 'a counter whose step writes to the state of its previous call',
      variants: { only: { summary: 'the test’s variant', source: 'test', expect: holds() } },
      build: () =>
        system(z.object({ n: z.number().int().min(0).max(3), raised: z.boolean() }), {
          init: { n: 0, raised: false },
          actions: {
            step: {
              guard: (s) => s.n < 3,
              effect: (s) => {
                if (kept) kept.raised = false;
                kept = s;
                s.n += 1;
              },
              describe: () => 'the counter steps',
            },
            raise: { guard: (s) => s.n === 0 && !s.raised, effect: (s) => void (s.raised = true), describe: () => 'the flag is raised' },
          },
          properties: { fine: always(() => true) },
          final: (s) => s.n === 3,
        }),
    });
    expect(findings(model, {})).toEqual({ outcome: { verdict: 'holds' }, states: 8, transitions: 7, depth: 4 });
  });
});
