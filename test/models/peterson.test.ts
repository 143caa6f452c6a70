import { describe, expect, it } from 'vitest';
import peterson, { starvationFree } from '../../models/peterson/peterson.js';
import { check } from '../../checker/check.js';
import { defineModel, type Fairness } from '../../spec/index.js';
import { checkVariant, storyOf } from '../support/variants.js';

describe('peterson', () => {
  it('correct: mutual exclusion holds over all 34 states, and both processes reach the critical section', () => {
    const result = checkVariant(peterson, 'correct');
    expect(result.stats).toMatchObject({ states: 34, transitions: 62 });
  });

  it('turn-first: a shortest trace of 8 steps puts both processes in the critical section', () => {
    const result = checkVariant(peterson, 'turn-first');
    const story = storyOf(result);
    expect(story).toHaveLength(8);
    expect(story.at(-1)).toMatch(/enters the critical section/);
    expect(result.outcome).toMatchObject({ verdict: 'violates', property: 'mutual exclusion' });
  });

  it('correct: starvation-free under weak fairness of the protocol\'s steps, though a process may idle forever', () => {
    const built = peterson.build({ params: {}, variant: 'correct' });
    expect(built.fairness).toEqual({ weak: ['process@raiseFlag', 'process@giveTurn', 'process@wait', 'process@critical'] });
    expect(Object.keys(built.properties)).toEqual(expect.arrayContaining([starvationFree(0), starvationFree(1)]));
    expect(check(peterson, { properties: [starvationFree(0), starvationFree(1)] }).outcome.verdict).toBe('holds');
  });

  it('correct: without fairness process 0 can stop after wanting in; a fair wait is not needed', () => {
    const withFairness = (fairness: Fairness | undefined) =>
      defineModel({ ...peterson, build: (ctx) => ({ ...peterson.build(ctx), fairness }) });
    const only = { properties: [starvationFree(0)] };
    const unfair = check(withFairness(undefined), only);
    expect(unfair.outcome).toMatchObject({ verdict: 'violates', property: starvationFree(0), kind: 'leadsTo' });
    expect(unfair.warnings).toEqual([expect.stringMatching(/without fairness/)]);
    const stalls = check(withFairness({ weak: ['process@giveTurn', 'process@wait', 'process@critical'] }), only);
    expect(stalls.outcome).toMatchObject({ verdict: 'violates', property: starvationFree(0) });
    expect(storyOf(stalls)[0]).toBe('process 0 at idle: wants the critical section');
    expect(storyOf(stalls).slice(1)).not.toContain('process 0 at raiseFlag: raises its flag');
    // Waiting with the turn its own, process 0 ends up with the only enabled step: behaviours never pause.
    expect(check(withFairness({ weak: ['process@raiseFlag', 'process@giveTurn', 'process@critical'] }), only).outcome.verdict).toBe('holds');
  });

  it('gives the same counts and the same trace every time', () => {
    const a = check(peterson, { variant: 'turn-first' });
    const b = check(peterson, { variant: 'turn-first' });
    expect(b.stats.states).toBe(a.stats.states);
    expect(storyOf(b)).toEqual(storyOf(a));
  });
});
