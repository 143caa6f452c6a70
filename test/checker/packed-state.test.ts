import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import filter from '../../bench/models/filter.js';
import gcStw from '../../bench/models/gc-stw.js';
import fifo from '../../bench/models/fifo.js';
import { bundled } from '../../models/index.js';
import { check, type CheckOptions } from '../../checker/check.js';
import { defineModel, holds, system, always } from '../../spec/index.js';
import type { Model } from '../../spec/model.js';

/** The same model, its effects run through views of the packed state (`packedState: true`). */
function packed(model: Model): Model {
  return { ...model, build: (context) => ({ ...model.build(context), packedState: true }) } as Model;
}

/** What a check finds, for comparing two ways of running it. */
function findings(model: Model, options: CheckOptions): unknown {
  const { outcome, stats } = check(model, options);
  return { outcome, states: stats.states, transitions: stats.transitions, depth: stats.depth };
}

describe('effects through views of the packed state', () => {
  it('give the bench models the counts, verdicts and traces of decoded copies', () => {
    const cases: [Model, CheckOptions][] = [
      [filter, { params: { n: 4 }, symmetry: 'off' }],
      [filter, { params: { n: 4 } }],
      [gcStw, { params: { n: 7 }, symmetry: 'off' }],
      [fifo, { params: { k: 4, m: 300 } }],
    ];
    for (const [model, options] of cases) expect(findings(packed(model), options)).toEqual(findings(model, options));
  });

  it('give every variant of every bundled model its findings, with validation on', () => {
    for (const { model } of bundled) {
      for (const variant of Object.keys(model.variants)) {
        const options = { variant, validate: true, maxStates: 20_000 };
        expect(findings(packed(model), options), `${model.name}/${variant}`).toEqual(findings(model, options));
      }
    }
  }, 600_000);

  const counter = (effect: (s: { n: number; log: number[] }) => void) =>
    packed(
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
      }),
    );

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

  it('are reported, under --validate, when an effect keeps the state from one call to the next', () => {
    let kept: { n: number } | undefined;
    const model = counter((s) => {
      if (kept) kept.n = 0;
      kept = s;
      s.n += 1;
    });
    const result = check(model, { validate: true });
    expect(JSON.stringify(result.outcome)).toMatch(/the effect of step gave a different state when run twice on the same state.*once on the packed state, once on a decoded copy/);
  });
});
