import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckAllReportJson, CheckReportJson } from '../../checker/report/json.js';
import { root } from '../support/cli.js';
import { runInProcess } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'interleave-test-'));

describe('check', () => {
  it('prints a shortest trace for peterson turn-first and exits 1', async () => {
    const run = await runInProcess('check', 'peterson', '--variant', 'turn-first');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^violated: "mutual exclusion" in peterson \(variant turn-first\), after 8 steps/);
    expect(run.stdout).toMatch(/Step 8 {2}process 0 at wait: enters the critical section \(the turn is its own\) {2}\[process 0\]\n {4}process\.pc\[0\]: wait -> critical/);
    expect(run.stdout).toMatch(/Violated: mutual exclusion\n {4}process 0 and process 1 are both in the critical section/);
  });

  it('says all properties hold, with the exhaustive count, for peterson correct and exits 0', async () => {
    const run = await runInProcess('check', 'peterson');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/all properties hold for peterson \(variant correct\) \(34 distinct states, 62 transitions, exhaustive\)/);
  });

  it('lists the reachability checks met, and --witness prints a shortest trace to one', async () => {
    const run = await runInProcess('check', 'peterson', '--witness', 'process 1 enters the critical section');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/reached "process 0 enters the critical section" in 4 steps/);
    expect(run.stdout).toMatch(/A shortest trace to a state where "process 1 enters the critical section" holds \(4 steps\)/);
    expect(run.stdout).toMatch(/Step 4 {2}process 1 at wait: enters the critical section/);
  });

  it('--fingerprint says the check is exhaustive only up to collisions, and how likely one was', async () => {
    const holds = await runInProcess('check', 'peterson', '--property', 'mutual exclusion', '--fingerprint');
    expect(holds.code).toBe(0);
    expect(holds.stdout).toMatch(/\(34 distinct states, 62 transitions, exhaustive up to fingerprint collisions\)/);
    expect(holds.stdout).toMatch(/estimated probability that two distinct states collided: \d\.\de-\d+\)/);
    const violates = await runInProcess('check', 'peterson', '--variant', 'turn-first', '--fingerprint', '--property', 'mutual exclusion', '--json');
    const report = CheckReportJson.parse(JSON.parse(violates.stdout));
    expect(report.trace?.steps).toHaveLength(8);
    expect(report.fingerprint?.collisionProbability).toBeLessThan(1e-15);
  });

  it('--full shows every field of every step', async () => {
    const run = await runInProcess('check', 'peterson', '--variant', 'turn-first', '--full');
    expect(run.stdout.match(/turn = /g)).toHaveLength(9);
  });

  it('--json prints a report that validates against the documented schema', async () => {
    const run = await runInProcess('check', 'peterson', '--variant', 'turn-first', '--json');
    const report = CheckReportJson.parse(JSON.parse(run.stdout));
    expect(report).toMatchObject({ model: 'peterson', variant: 'turn-first', verdict: 'violates', property: 'mutual exclusion', asExpected: true });
    expect(report.trace?.steps).toHaveLength(8);
  });

  it('--itf writes an ITF trace: vars, one record per state, integers as #bigint', async () => {
    const file = join(dir, 'trace.itf.json');
    await runInProcess('check', 'peterson', '--variant', 'turn-first', '--itf', file);
    const itf = JSON.parse(readFileSync(file, 'utf8'));
    expect(itf.vars).toEqual(['flag', 'turn', 'process']);
    expect(itf.states).toHaveLength(9);
    expect(itf.states[0]).toMatchObject({ '#meta': { index: 0 }, process: { pc: ['idle', 'idle'] }, turn: { '#bigint': '0' } });
    expect(itf.states[8]['#meta']).toMatchObject({ index: 8, action: 'process@wait', arg: 0 });
  });

  it('the built CLI is executable: npx runs the file itself when npm rebuilds its view of node_modules', () => {
    expect(statSync(join(root, 'dist/cli/main.js')).mode & 0o111).toBe(0o111);
  });

  it('check --all --json reports every bundled variant as expected', async () => {
    const run = await runInProcess('check', '--all', '--json', '--quiet');
    const report = CheckAllReportJson.parse(JSON.parse(run.stdout));
    expect(run.code).toBe(0);
    expect(report.allAsExpected).toBe(true);
    expect(report.results.map((r) => `${r.model}/${r.variant}`)).toContain('peterson/turn-first');
  });

  it('list --json names every model with its variants and parameters', async () => {
    const list = JSON.parse((await runInProcess('list', '--json')).stdout);
    const philosophers = list.models.find((m: { name: string }) => m.name === 'philosophers');
    expect(philosophers.params).toEqual([{ name: 'n', domain: 'an integer from 2 to 16', default: 8 }]);
    expect(philosophers.variants.map((v: { name: string }) => v.name)).toEqual(['left-first', 'ordered']);
  });
});

describe('replay', () => {
  const saved = join(dir, 'turn-first.json');
  let original: ReturnType<typeof JSON.parse>;
  beforeAll(async () => {
    await runInProcess('check', 'peterson', '--variant', 'turn-first', '--out', saved, '--quiet');
    original = JSON.parse(readFileSync(saved, 'utf8'));
  });
  const tampered = (name: string, edit: (report: typeof original) => void): string => {
    const copy = structuredClone(original);
    edit(copy);
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(copy));
    return file;
  };

  it('re-executes a saved trace and reproduces the violation', async () => {
    const run = await runInProcess('replay', saved);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/replayed 8 steps of peterson \(variant turn-first\): property "mutual exclusion" is violated in the last state/);
  });

  it('replays a deadlock and a trace of a model file', async () => {
    const file = join(dir, 'philosophers.json');
    await runInProcess('check', 'philosophers', '--param', 'n=3', '--out', file, '--quiet');
    expect((await runInProcess('replay', file)).stdout).toMatch(/replayed 6 steps .* the deadlock reproduces/);
    const counter = join(dir, 'counter.json');
    await runInProcess('check', 'test/fixtures/counter.ts', '--variant', 'too-small', '--out', counter, '--quiet');
    expect((await runInProcess('replay', counter, '--model', 'test/fixtures/counter.ts')).code).toBe(0);
  });

  it('names the step whose state differs from the model', async () => {
    const file = tampered('state.json', (r) => (r.trace.steps[3].state.turn = 1));
    const run = await runInProcess('replay', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/step 4 \(process@giveTurn\): the state after process@giveTurn\(1\) differs from the file: field turn is 1 in the file, 0 when replayed/);
  });

  it('names a step whose action is not enabled', async () => {
    const file = tampered('order.json', (r) => (r.trace.steps[0].action = 'process@wait'));
    expect((await runInProcess('replay', file)).stderr).toMatch(/step 1 \(process@wait\): process@wait\(0\) is not enabled in the state before it/);
  });

  it('names a step whose argument the action does not take', async () => {
    const file = tampered('arg.json', (r) => (r.trace.steps[5].arg = 7));
    expect((await runInProcess('replay', file)).stderr).toMatch(/step 6 \(process@wait\): the action has no instance with argument 7. Its arguments: 0, 1/);
  });

  it('names an unknown action', async () => {
    const file = tampered('action.json', (r) => (r.trace.steps[2].action = 'teleport'));
    expect((await runInProcess('replay', file)).stderr).toMatch(/step 3 \(teleport\): the model has no action named "teleport"/);
  });

  it('names a state field out of its domain', async () => {
    const file = tampered('domain.json', (r) => (r.trace.steps[0].state.process.pc[0] = 'flying'));
    expect((await runInProcess('replay', file)).stderr).toMatch(/the state after step 1 \(process@idle\) is malformed: field process\.pc\[0\] is "flying"/);
  });

  it('notices a violation that does not reproduce', async () => {
    const file = tampered('short.json', (r) => r.trace.steps.pop());
    expect((await runInProcess('replay', file)).stderr).toMatch(/property "mutual exclusion" holds in the last state: the violation does not reproduce/);
  });

  it('rejects a file that is not a report', async () => {
    const file = join(dir, 'junk.json');
    writeFileSync(file, '{"format": "something else"}');
    expect((await runInProcess('replay', file)).stderr).toMatch(/is not an interleave report .*at format/);
    writeFileSync(file, '{ not json');
    expect((await runInProcess('replay', file)).stderr).toMatch(/is not valid JSON/);
  });
});
