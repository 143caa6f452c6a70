import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { Expander, type Finding } from '../../checker/search/expander.js';
import { instantiate } from '../../checker/instance.js';
import { PathFollower } from '../../checker/simulate/path.js';
import { shrink } from '../../checker/simulate/shrink.js';
import { simulate } from '../../checker/simulate/simulate.js';
import { Walker } from '../../checker/simulate/walk.js';
import { Tally } from '../../checker/simulate/tally.js';
import { replay } from '../../checker/replay.js';
import { toReport } from '../../checker/report/json.js';
import { bundledModels } from '../../models/index.js';
import type { Model } from '../../spec/model.js';
import ocaml from '../../models/ocaml-callback-fragments/ocaml-callback-fragments.js';

/**
 * Every variant of a bundled model expected to fail a safety property or to deadlock (a
 * simulation does not check liveness).
 */
const failing = bundledModels.flatMap((model) =>
  Object.entries(model.variants)
    .filter(([variant, spec]) => spec.expect.verdict === 'deadlocks' || (spec.expect.verdict === 'violates' && !isLiveness(model, variant, spec.expect.property)))
    .map(([variant]) => ({ model, variant })),
);

const shortestLengths = new Map<string, number>();

/**
 * The length of breadth-first search's shortest trace to a violation of `property`, or to a
 * deadlock; searched once for all the seeds that find the same bug.
 */
function shortestTo(model: Model, variant: string, property: string | undefined): number {
  const key = JSON.stringify([model.name, variant, property]);
  const known = shortestLengths.get(key);
  if (known !== undefined) return known;
  const options = property ? { variant, properties: [property], deadlock: false } : { variant, properties: [] };
  const o = check(model, options).outcome;
  if (!('trace' in o) || !o.trace) throw new Error(`breadth-first search finds no ${property ?? 'deadlock'} in ${model.name} ${variant}`);
  shortestLengths.set(key, o.trace.steps.length);
  return o.trace.steps.length;
}

function isLiveness(model: Model, variant: string, property: string): boolean {
  return instantiate(model, variant).liveness.some((p) => p.name === property);
}

describe('shrunk traces against the shortest', () => {
  // The target: a shrunk trace at most 1.5 times as long as the shortest trace to the
  // same bug (a variant may have several: the walk reports whichever it meets first).
  it.each(failing.map((f) => [`${f.model.name} ${f.variant}`, f] as const))('%s: within 1.5x of the shortest to the same bug, replays', (_, { model, variant }) => {
    for (const seed of [1, 2, 3]) {
      const result = simulate(model, { variant, seed, runs: 100_000 });
      const o = result.outcome;
      if (o.verdict !== 'violates' && o.verdict !== 'deadlocks') throw new Error(`seed ${seed}: the simulation found no bug: ${o.verdict}`);
      const steps = o.trace!.steps.length;
      const shortest = shortestTo(model, variant, o.verdict === 'violates' ? o.property : undefined);
      expect(steps, `seed ${seed}: ${steps} steps against ${shortest}`).toBeLessThanOrEqual(1.5 * shortest);
      expect(replay(model, JSON.parse(JSON.stringify(toReport(result)))).steps).toBe(steps);
    }
  });

  it('at the largest parameters too (ocaml-callback-fragments, 4 domains, 3 values, 4 blocks)', () => {
    const params = { domains: 4, values: 3, blocks: 4 };
    for (const variant of ['per-thread-leak', 'unregister-after-free']) {
      const shortest = check(ocaml, { variant, params }).outcome;
      const result = simulate(ocaml, { variant, params, seed: 4 });
      expect('trace' in result.outcome && result.outcome.trace!.steps.length).toBeLessThanOrEqual(1.5 * ('trace' in shortest ? shortest.trace!.steps.length : 0));
    }
  });
});

describe('the shrinker', () => {
  it('leaves a 1-minimal execution that ends in the same finding: no single step can go', () => {
    const instance = instantiate(ocaml, 'unregister-after-free');
    const options = { deadlock: true, validate: false };
    const [{ counterexample: found }] = new Walker(instance, options).run({ seed: 1, depth: 100, runs: 1000 }, new Tally(instance.actions.length));
    const small = shrink(instance, options, found, 1);
    // The same bug: the same property (the explanation speaks of the last state, which differs).
    const bug = (f: Finding | undefined) => f && ('property' in f ? `${f.kind} ${f.property}` : f.kind);
    expect(small.actions.length).toBeLessThan(found.actions.length);
    expect(bug(small.finding)).toBe(bug(found.finding));
    const follower = new PathFollower(instance, new Expander(instance, options));
    expect(bug(follower.follow(small).finding)).toBe(bug(found.finding));
    for (let i = 0; i < small.actions.length; i++) {
      const followed = follower.follow({ init: small.init, actions: small.actions.filter((_, k) => k !== i) });
      expect(bug(followed.finding), `step ${i + 1} could go`).not.toBe(bug(found.finding));
    }
  });

  it('gives the same trace for the same seed', () => {
    const a = simulate(ocaml, { variant: 'per-thread-leak', seed: 9 });
    const b = simulate(ocaml, { variant: 'per-thread-leak', seed: 9 });
    expect(b.outcome).toEqual(a.outcome);
  });
});
