import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { check } from '../../checker/check.js';
import { always, defineModel, defineProcess, holds, range, scalarset, sometimes, system, type System } from '../../spec/index.js';

/**
 * A process's mistakes: each `@ts-expect-error` line below is a type error (the typecheck,
 * `tsc -p tsconfig.json`, fails if it is not), and the same mistake made in JavaScript or behind
 * a cast is a clear error before the search starts, or a model error naming the step.
 */

const State = z.object({ x: z.number().int().min(0).max(3) });
const Seen = z.object({ seen: z.number().int().min(0).max(3).default(0) });

/** A model whose build is `build`, for checking what the checker says of it. */
const modelOf = (build: () => System) =>
  defineModel({ name: 'mistake', summary: 'a process with a mistake', variants: { only: { summary: 'it', source: 'test', expect: holds() } }, build });

/** What the checker says when the model builds: the build error, or the verdict and its explanation. */
function verdictOf(build: () => System): string {
  try {
    const { outcome } = check(modelOf(build));
    return 'explanation' in outcome ? `${outcome.verdict}: ${outcome.explanation}` : outcome.verdict;
  } catch (error) {
    return (error as Error).message;
  }
}

const noProperties = { init: { x: 0 }, properties: {} };

describe('type errors that are also clear errors at run time', () => {
  it('a next label that does not exist', () => {
    const build = () =>
      system(State, { p: defineProcess(State, {
        labels: {
          start: {
            // @ts-expect-error -- "nowhere" is no label
            next: 'nowhere',
          },
        },
      }) }, noProperties);
    expect(verdictOf(build)).toMatch(/process "p": label "start": next is "nowhere", which is no label of this process \(its labels: start; or 'done'\)/);
  });

  it('a goto (a statement returning a label) to nowhere', () => {
    const build = () =>
      system(State, { p: defineProcess(State, {
        labels: {
          start: {
            // @ts-expect-error -- "nowhere" is no label
            effect: (s) => (s.x === 0 ? 'nowhere' : 'start'),
          },
        },
      }) }, noProperties);
    expect(verdictOf(build)).toMatch(/the effect of p@start returned "nowhere", which is no label of process "p" \(its labels: start, done\)/);
  });

  it('a local that is not in the schema, written or given an initial value', () => {
    const writes = () =>
      system(State, { p: defineProcess(State, {
        locals: Seen,
        labels: {
          start: {
            effect: (_s, _self, my) => {
              // @ts-expect-error -- no local "count"
              my.count = 1;
            },
          },
        },
      }) }, noProperties);
    expect(verdictOf(writes)).toMatch(/error: the effect of p@start threw: Cannot add property count, object is not extensible/);
    const initialises = () =>
      system(State, { p: defineProcess(State, {
        locals: Seen,
        // @ts-expect-error -- no local "count"
        init: { count: 1 },
        labels: { start: {} },
      }) }, noProperties);
    expect(verdictOf(initialises)).toMatch(/process "p": init gives count, which is no local \(its locals: seen\)/);
  });

  it('a label compared to a pc, or a local read, that the process does not have', () => {
    const p = defineProcess(State, { over: range(2), locals: Seen, labels: { start: {}, end: {} } });
    system(State, { p }, {
      init: { x: 0 },
      properties: {
        // @ts-expect-error -- "middle" is no label of p
        'never in the middle': always((s) => s.p.pc[0] !== 'middle'),
        // @ts-expect-error -- p has no local "count"
        'counts': sometimes((s) => s.p.count[0] === 1),
        'sees': sometimes((s) => s.p.seen[0] === 1 && s.p.pc[1] === 'done'),
      },
    });
  });

  it('a label called done, and a fairness that does not exist', () => {
    const done = () =>
      system(State, { p: defineProcess(State, {
        labels: {
          // @ts-expect-error -- "done" is where a process ends, not a label
          done: {},
        },
      }) }, noProperties);
    expect(verdictOf(done)).toMatch(/process "p": no label may be called "done"/);
    const unfair = () =>
      system(State, { p: defineProcess(State, {
        // @ts-expect-error -- fairness is 'weak', 'strong' or false
        fair: 'weakly',
        labels: { start: {} },
      }) }, noProperties);
    expect(verdictOf(unfair)).toMatch(/process "p": fair must be 'weak', 'strong' or false, not "weakly"/);
  });

  it('a step with a key steps do not have', () => {
    const build = () =>
      system(State, { p: defineProcess(State, {
        labels: {
          start: {
            // @ts-expect-error -- a step waits with await, not guard
            guard: () => true,
          },
        },
      }) }, noProperties);
    expect(verdictOf(build)).toMatch(/label "start": unknown key guard: a step has await, effect, next, describe, and a label also end, fair or either/);
  });
});

describe('mistakes only the run time sees', () => {
  it('ids that are not 0 to n - 1', () => {
    const build = () => system(State, { p: defineProcess(State, { over: [1, 2], labels: { start: {} } }) }, noProperties);
    expect(verdictOf(build)).toMatch(/process "p": over must list the ids 0 to n - 1 in order \(range\(n\) or a scalarset's ids\), not \[1,2\]/);
  });

  it('a numeric label, no labels, an empty choice, a local called pc', () => {
    expect(verdictOf(() => system(State, { p: defineProcess(State, { labels: { 1: {}, a: {} } }) }, noProperties))).toMatch(/label "1" is a number/);
    expect(verdictOf(() => system(State, { p: defineProcess(State, { labels: {} }) }, noProperties))).toMatch(/process "p": it has no labels/);
    expect(verdictOf(() => system(State, { p: defineProcess(State, { labels: { a: { either: {} } } }) }, noProperties))).toMatch(/label "a": either must name at least one step/);
    const pc = z.object({ pc: z.boolean().default(false) });
    expect(verdictOf(() => system(State, { p: defineProcess(State, { locals: pc, labels: { a: {} } }) }, noProperties))).toMatch(/a local may not be called "pc"/);
  });

  it('initial locals outside their schema, or missing without a default', () => {
    const Count = z.object({ count: z.number().int().min(0).max(3) });
    expect(verdictOf(() => system(State, { p: defineProcess(State, { over: range(2), locals: Count, init: (t) => ({ count: t * 4 }), labels: { a: {} } }) }, noProperties))).toMatch(
      /process "p" \(id 1\): its initial locals do not fit their schema: count: .*3/,
    );
    expect(verdictOf(() => system(State, { p: defineProcess(State, { locals: Count, labels: { a: {} } }) }, noProperties))).toMatch(/process "p": its initial locals do not fit their schema: count/);
  });

  it('a process named like a state field, or an action named like a step', () => {
    expect(verdictOf(() => system(State, { x: defineProcess(State, { labels: { a: {} } }) }, noProperties))).toMatch(/process "x": the state already has a field "x"/);
    const step = { effect: () => {}, describe: () => 'a plain action' };
    expect(verdictOf(() => system(State, { p: defineProcess(State, { labels: { a: {} } }) }, { ...noProperties, actions: { 'p@a': step } }))).toMatch(/action "p@a" has the name of a process's step/);
  });

  it('an await that writes is caught as any guard is', () => {
    const Thread = scalarset('thread', 2);
    const build = () =>
      system(State, { p: defineProcess(State, {
        over: Thread.ids,
        labels: { start: { await: (s) => ((s as { x: number }).x = 1) === 1 } },
      }) }, noProperties);
    expect(verdictOf(build)).toBe('error: the guard of p@start(0) changed the state it must only read (field x went from 0 to 1)');
  });

  it('a statement that returns a value by accident (an arrow function without braces)', () => {
    const build = () =>
      system(State, { p: defineProcess(State, {
        labels: { start: { effect: (s) => ((s as { x: number }).x = 1) as never } },
      }) }, noProperties);
    expect(verdictOf(build)).toMatch(/the effect of p@start returned 1: a statement returns a label \(a goto\) or nothing, so put an arrow function's assignment in braces/);
  });
});
