import { describe, expect, it } from 'vitest';
import deadActions from '../fixtures/dead-actions.js';
import grid from '../fixtures/grid.js';
import ocaml from '../../models/ocaml-callback-fragments/ocaml-callback-fragments.js';
import { bundled } from '../../models/index.js';
import { check, checkInParallel } from '../../checker/check.js';
import { InterleaveError } from '../../checker/errors.js';
import { CheckReportJson, toReport } from '../../checker/report/json.js';
import { renderResult } from '../../checker/report/text.js';
import type { CheckResult } from '../../checker/result.js';
import { runInProcess } from '../support/run-cli.js';
import { workerModelUrl } from '../support/worker-model.js';

const instance = (result: CheckResult, label: string) =>
  result.coverage!.actions.flatMap((a) => a.instances).find((i) => i.instance === label);

describe('coverage counts', () => {
  it('counts, for each instance, the states that enabled it and the new states it made', () => {
    const result = check(deadActions, { variant: 'undeclared' });
    expect(result.outcome.verdict).toBe('holds');
    expect(result.coverage!.actions).toEqual([
      {
        action: 'step',
        enabled: 2,
        newStates: 2,
        instances: [
          { instance: 'step(0)', enabled: 1, newStates: 1 },
          { instance: 'step(1)', enabled: 1, newStates: 1 },
          { instance: 'step(2)', enabled: 0, newStates: 0 },
        ],
      },
      { action: 'reset', enabled: 0, newStates: 0, instances: [{ instance: 'reset', enabled: 0, newStates: 0 }] },
    ]);
    expect(result.coverage!.neverEnabled).toEqual(['step(2)', 'reset']);
    const enabledAgain = check(deadActions, { variant: 'undeclared', params: { resets: true } });
    expect(instance(enabledAgain, 'reset')).toEqual({ instance: 'reset', enabled: 1, newStates: 0 });
    expect(enabledAgain.coverage!.neverEnabled).toEqual(['step(2)']);
  });

  it('in every bundled variant: the enabled counts add up to the transitions, the new states to the states past the initial ones, and nothing is flagged (it is fixed or declared)', async () => {
    const noisy: string[] = [];
    for (const { model } of bundled) {
      for (const variant of Object.keys(model.variants)) {
        // Between checks, let vitest's worker answer its runner (a long synchronous test times its calls out).
        await new Promise(setImmediate);
        const { coverage, stats } = check(model, { variant });
        const sum = (key: 'enabled' | 'newStates') => coverage!.actions.reduce((n, a) => n + a[key], 0);
        expect(sum('enabled'), `${model.name}/${variant}`).toBe(stats.transitions);
        expect(stats.states - sum('newStates'), `${model.name}/${variant}`).toBeGreaterThanOrEqual(1);
        for (const a of coverage!.actions) expect(a.instances.reduce((n, i) => n + i.enabled, 0)).toBe(a.enabled);
        const flagged = [...coverage!.neverEnabled, ...coverage!.enabledAfterAll];
        if (flagged.length > 0) noisy.push(`${model.name}/${variant}: ${flagged.join(', ')}`);
      }
    }
    expect(noisy).toEqual([]);
  });

  it('are the same with worker threads, after an exhaustive search and after one that stopped at a violation', async () => {
    for (const variant of ['open', 'corner']) {
      const options = { variant, modelUrl: workerModelUrl('test/fixtures/grid.ts') };
      const alone = check(grid, options);
      const parallel = await checkInParallel(grid, { ...options, workers: 2, parallelLevel: 1, waitForWorkers: true });
      expect(parallel.coverage).toEqual(alone.coverage);
      expect(alone.coverage!.exhaustive).toBe(variant === 'open');
    }
  });

  it('flag nothing after a search that stopped early: the counts are of what it expanded', () => {
    const result = check(deadActions, { variant: 'undeclared', maxDepth: 1 });
    expect(result.outcome.verdict).toBe('incomplete');
    expect(result.coverage).toMatchObject({ exhaustive: false, neverEnabled: [] });
    expect(renderResult(result, { coverage: true })).toContain('the counts are of the states it expanded, and nothing is called never enabled');
  });

  it('under symmetry reduction flag only whole actions: a representative may enable a symmetric instance instead', () => {
    const reduced = check(ocaml, { variant: 'fixed-thunks' });
    const full = check(ocaml, { variant: 'fixed-thunks', symmetry: 'off' });
    expect(reduced.symmetry).toBeDefined();
    expect(instance(reduced, 'promote(1, 0, 1)')!.enabled).toBe(0);
    expect(instance(full, 'promote(1, 0, 1)')!.enabled).toBeGreaterThan(0);
    expect(reduced.coverage!.neverEnabled).toEqual([]);
    expect(full.coverage!.neverEnabled).toEqual([]);
    expect(renderResult(reduced, { coverage: true })).toContain("the states counted are the orbits' representatives");
  });
});

describe("a variant's neverEnabled", () => {
  it('keeps what it declares out of the flags, with the reason it gives', () => {
    const { coverage } = check(deadActions, { variant: 'declared' });
    expect(coverage!.neverEnabled).toEqual([]);
    expect(coverage!.expectedNeverEnabled).toEqual([
      { name: 'step(2)', reason: 'the counter stops at 2' },
      { name: 'reset', reason: 'only with --param resets=true' },
    ]);
  });

  it('says when something it declares was enabled, with the variant\'s own parameters only', () => {
    const stale = check(deadActions, { variant: 'stale' });
    expect(stale.coverage!.enabledAfterAll).toEqual(['step(0)']);
    expect(renderResult(stale)).toContain("warning: the variant's neverEnabled lists step(0), which this check found enabled.");
    const otherParams = check(deadActions, { variant: 'declared', params: { resets: true } });
    expect(otherParams.coverage!.enabledAfterAll).toEqual([]);
  });

  it('is a model error when it names no action, or, with the variant\'s own parameters, no instance', () => {
    expect(() => check(deadActions, { variant: 'misspelt' })).toThrow(
      new InterleaveError('model dead-actions (variant misspelt): neverEnabled names "rest", which is neither an action nor an action instance; its actions are step, reset'),
    );
    expect(() => check(deadActions, { variant: 'no-such-instance' })).toThrow(
      'neverEnabled names "step(7)", which is not an instance of step; its instances are step(0), step(1), step(2)',
    );
    // Other parameters may build fewer instances than the variant's own.
    expect(check(deadActions, { variant: 'no-such-instance', params: { resets: false } }).outcome.verdict).toBe('holds');
  });
});

describe('coverage in the reports', () => {
  it('the text report warns about what was never enabled, and the JSON report carries every count', () => {
    const result = check(deadActions, { variant: 'undeclared' });
    expect(renderResult(result)).toContain('warning: never enabled in any reachable state: step(2), reset. A guard that never holds is a likely modelling mistake');
    expect(renderResult(check(deadActions, { variant: 'declared' }))).not.toContain('warning');
    const report = CheckReportJson.parse(JSON.parse(JSON.stringify(toReport(result))));
    expect(report.coverage).toEqual(result.coverage);
  });

  it('check --coverage prints the table, with what was never enabled marked and the declared reasons', async () => {
    const run = await runInProcess('check', 'test/fixtures/dead-actions.ts', '--variant', 'declared', '--coverage');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      [
        'Coverage: the states that enabled each action, and the new states it made',
        '    action       enabled in    new states',
        '    step                  2             2',
        '      step(0)             1             1',
        '      step(1)             1             1',
        '      step(2)             0             0  never enabled, as declared: the counter stops at 2',
        '    reset                 0             0  never enabled, as declared: only with --param resets=true',
      ].join('\n'),
    );
  });

  it('check --all lists what was never enabled under its table, and refuses --coverage', async () => {
    const run = await runInProcess('check', 'test/fixtures/dead-actions.ts', '--all');
    // The notes are wrapped to the width: compare them with the line breaks undone.
    const text = run.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('misspelt - ERROR - - - model dead-actions (variant misspelt): neverEnabled names "rest"');
    expect(text).toContain('never enabled in dead-actions (variant undeclared), a likely modelling mistake unless the variant declares it in neverEnabled: step(2), reset');
    expect(text).not.toContain('(variant declared), a likely');
    const refused = await runInProcess('check', '--all', '--coverage');
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('--coverage prints the table of one check') });
  });
});
