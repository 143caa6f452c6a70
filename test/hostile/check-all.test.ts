import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckAllReportJson } from '../../checker/report/json.js';
import { runInProcess } from '../support/run-cli.js';
import { fixture, start, stopAll } from './support.js';

const broken = fixture('broken-variants');

describe('check --all records a variant that cannot be checked as an error row, and goes on', () => {
  afterEach(stopAll);

  it('the table has the error row with its explanation under it, the rows after it, and exit 2 (the worst row)', async () => {
    const run = await runInProcess('check', '--all', broken.path);
    expect(run.code).toBe(2);
    const lines = run.stdout.replace(/\d+\.\d+ s/g, 'T s').split('\n');
    expect(lines.slice(0, 3)).toEqual([expect.stringMatching(/^variant +verdict  check  states  depth +time$/), 'broken-variants', expect.stringMatching(/^  before +holds +ok +4 +3 +T s$/)]);
    expect(lines[3]).toMatch(/^  unbuildable +- +ERROR +- +- +-$/);
    // The explanation, wrapped to the width under its row.
    expect(lines.slice(4, 6).join(' ').replace(/ +/g, ' ')).toBe(' model broken-variants (variant unbuildable) failed while building: the blueprint is missing');
    expect(lines.slice(6)).toEqual([expect.stringMatching(/^  after +holds +ok +4 +3 +T s$/), '', '1 variant could not be checked', '']);
  });

  it('--wide: the full table, and the error below it', async () => {
    const run = await runInProcess('check', '--all', broken.path, '--wide');
    expect(run.code).toBe(2);
    const withoutTimes = run.stdout.replace(/\d+\.\d+ s/g, 'T s');
    expect(withoutTimes).toBe(
      [
        'model            variant      expected  found              states  transitions  depth     time',
        'broken-variants  before       holds     ok holds                4            3      3  T s',
        'broken-variants  unbuildable  holds     ERROR not checked       -            -      -        -',
        'broken-variants  after        holds     ok holds                4            3      3  T s',
        '',
        'error in broken-variants (variant unbuildable): model broken-variants (variant unbuildable) failed while building: the blueprint is missing',
        '',
        '1 variant could not be checked',
        '',
      ].join('\n'),
    );
  });

  it('with --json: an error report for the variant among the others', async () => {
    const run = await runInProcess('check', '--all', broken.path, '--json');
    expect(run.code).toBe(2);
    const report = CheckAllReportJson.parse(JSON.parse(run.stdout));
    expect(report.allAsExpected).toBe(false);
    expect(report.results.map((r) => [r.variant, r.verdict])).toEqual([
      ['before', 'holds'],
      ['unbuildable', 'error'],
      ['after', 'holds'],
    ]);
    expect(report.results[1]).toMatchObject({
      asExpected: false,
      explanation: 'model broken-variants (variant unbuildable) failed while building: the blueprint is missing',
      stats: { states: 0, transitions: 0 },
    });
  });

  it('interrupted: the table so far, the interrupted row incomplete, exit 3', async () => {
    const run = start(['check', '--all', fixture('endless').path, '--workers', '1']);
    await run.onStderr('model built in process');
    await delay(300);
    run.child.kill('SIGINT');
    expect(await run.ended).toEqual({ code: 3, signal: null });
    expect(run.stdout()).toMatch(/^variant +verdict +check +states .*\nendless\n {2}counting +incomplete +INCOMPLETE +[\d,]+ .*\n {4}found incomplete \(interrupted\): interrupted by SIGINT.*\n\n1 check is incomplete\n$/s);
  }, 30_000);
});
