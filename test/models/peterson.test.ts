import { describe, expect, it } from 'vitest';
import peterson from '../../models/peterson/peterson.js';
import { check } from '../../checker/check.js';
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

  it('gives the same counts and the same trace every time', () => {
    const a = check(peterson, { variant: 'turn-first' });
    const b = check(peterson, { variant: 'turn-first' });
    expect(b.stats.states).toBe(a.stats.states);
    expect(storyOf(b)).toEqual(storyOf(a));
  });
});
