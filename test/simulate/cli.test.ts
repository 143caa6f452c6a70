import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckReportJson } from '../../checker/report/json.js';
import { runInProcess as runCliAsync } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'interleave-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('interleave simulate', () => {
  it('prints the shrunk counterexample, exits 1, and its report, ITF and HTML are written and replay', async () => {
    const out = join(dir, 'peterson.json');
    const itf = join(dir, 'peterson.itf.json');
    const html = join(dir, 'peterson.html');
    const run = await runCliAsync('simulate', 'peterson', '--variant', 'turn-first', '--seed', '7', '--out', out, '--itf', itf, '--html', html);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^violated: "mutual exclusion" in peterson \(variant turn-first\), after 8 steps \(shrunk from \d+ steps found by a random walk\)/);
    expect(run.stdout).toMatch(/Found by run \d+ of seed 7 \(depth 100\); interleave simulate with --seed 7 --depth 100 --runs \d+ finds it again\./);
    const report = CheckReportJson.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(report.simulation?.mode).toBe('simulate');
    expect(JSON.parse(readFileSync(itf, 'utf8')).states).toHaveLength(9);
    expect(readFileSync(html, 'utf8')).toMatch(/npx interleave simulate peterson --variant turn-first --seed 7 --depth 100 --runs \d+/);
    const replayed = await runCliAsync('replay', out);
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toMatch(/replayed 8 steps of peterson \(variant turn-first\): property "mutual exclusion" is violated in the last state/);
  });

  it('never says "holds": exits 3 with the runs, the coverage and the reachability checks met', async () => {
    const run = await runCliAsync('simulate', 'peterson', '--seed', '1', '--runs', '300', '--depth', '50');
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^incomplete: peterson \(variant correct\) was not explored exhaustively: no violation in 300 runs of depth 50 \(seed 1\)\. This is not a pass\./);
    expect(run.stdout).toMatch(/Steps per action:\n {4}process@idle +[\d,]+\n/);
    expect(run.stdout).toMatch(/reached "process 0 enters the critical section" \(first in \d+ steps, run \d+ of seed 1\)/);
    expect(run.stdout).toMatch(/300 runs, [\d,]+ steps, deepest 50, /);
  });

  it('prints a fresh seed when none is given, and --json carries it', async () => {
    const run = await runCliAsync('simulate', 'peterson', '--runs', '10', '--json');
    const report = CheckReportJson.parse(JSON.parse(run.stdout));
    expect(report.verdict).toBe('incomplete');
    expect(report.limit).toBe('runs');
    expect(report.explanation).toBe(`no violation in 10 runs of depth 100 (seed ${report.simulation!.seed})`);
  });

  it.each([
    [['--seed', '-1'], /--seed takes a whole number from 0 to 4294967295; got "-1"/],
    [['--seed', '4294967296'], /--seed takes a whole number from 0 to 4294967295/],
    [['--runs', '0'], /--runs takes a positive whole number; got "0"/],
    [['--depth', 'deep'], /--depth takes a positive whole number; got "deep"/],
    [['--max-seconds', 'soon'], /--max-seconds takes a number of seconds above 0, as --max-seconds 30; got "soon"/],
    [['--property', 'nope'], /model peterson has no property "nope"/],
  ])('rejects %j with one clear line and exit code 2', async (args, message) => {
    const run = await runCliAsync('simulate', 'peterson', ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('interleave swarm', () => {
  it('runs its jobs on local threads and reports the job that found the bug', async () => {
    const run = await runCliAsync('swarm', 'ocaml-callback-fragments', '--variant', 'global-mutable', '--threads', '2', '--seed', '5', '--jobs', '8', '--runs', '200');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^violated: "a callback runs with the arguments its caller wrote" in ocaml-callback-fragments \(variant global-mutable\), after 4 steps/);
    expect(run.stdout).toMatch(/Found by swarm job \d+, /);
    expect(run.stdout).toMatch(/\d+ of 8 jobs \(\d+ depth-first\), /);
  });

  it('with nothing found, exits 3 after every job', async () => {
    const run = await runCliAsync('swarm', 'peterson', '--threads', '1', '--seed', '6', '--jobs', '4', '--runs', '50', '--json');
    expect(run.code).toBe(3);
    const report = CheckReportJson.parse(JSON.parse(run.stdout));
    expect(report.simulation!.jobs).toMatchObject({ planned: 4, done: 4 });
  });
});
