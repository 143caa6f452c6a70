import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckReportJson } from '../../checker/report/json.js';
import { root } from '../support/cli.js';
import { fixture, scratchDir, start, stopAll } from './support.js';

const endless = fixture('endless');
const interrupted = (by: string) =>
  new RegExp(
    `^incomplete: endless \\(variant counting\\) was not explored exhaustively: interrupted ${by}, with \\d+ states still queued\\. This is not a pass\\.\\n\\n[\\d,]+ distinct states, [\\d,]+ transitions, depth \\d+, [\\d.]+ s\\n$`,
  );

/** The report a check wrote with --out: an incomplete verdict, interrupted, with what was explored. */
function expectInterruptedReport(file: string): void {
  const report = CheckReportJson.parse(JSON.parse(readFileSync(file, 'utf8')));
  expect(report).toMatchObject({ verdict: 'incomplete', limit: 'interrupted', asExpected: false });
  expect(report.stats.states).toBeGreaterThan(0);
}

describe('a signal ends a check as incomplete (interrupted), with its statistics and its --out file, exit 3', () => {
  afterEach(stopAll);

  it('SIGINT (Ctrl-C) on one thread', async () => {
    const out = join(scratchDir(), 'report.json');
    const run = start(['check', endless.path, '--workers', '1', '--out', out]);
    await run.onStderr('model built in process');
    await delay(300);
    run.child.kill('SIGINT');
    expect(await run.ended).toEqual({ code: 3, signal: null });
    expect(run.stdout()).toMatch(interrupted('by SIGINT'));
    expectInterruptedReport(out);
  }, 30_000);

  it('SIGTERM while worker threads expand states: they are stopped and the process ends', async () => {
    const out = join(scratchDir(), 'report.json');
    const run = start(['check', endless.path, '--workers', '2', '--out', out]);
    await run.onStderr('model built on a worker thread');
    await delay(300);
    run.child.kill('SIGTERM');
    expect(await run.ended).toEqual({ code: 3, signal: null });
    expect(run.stdout()).toMatch(interrupted('by SIGTERM'));
    expectInterruptedReport(out);
  }, 30_000);

  it('SIGTERM to npx: the checker it started (through a shell) ends too, as interrupted', async () => {
    // A project that has interleave installed, as npm links it: npx runs its bin through `sh -c`.
    const project = scratchDir();
    mkdirSync(join(project, 'node_modules/.bin'), { recursive: true });
    writeFileSync(join(project, 'package.json'), '{ "name": "uses-interleave", "private": true }\n');
    symlinkSync(root, join(project, 'node_modules/interleave'));
    symlinkSync('../interleave/dist/cli/main.js', join(project, 'node_modules/.bin/interleave'));
    const out = join(project, 'report.json');
    const run = start(['interleave', 'check', join(root, endless.path), '--workers', '1', '--out', out], { command: 'npx', cwd: project });
    await run.onStderr('model built in process');
    await delay(300);
    run.child.kill('SIGTERM');
    await run.ended;
    expect(run.stdout()).toMatch(interrupted('because the npm process that started it \\(npx, or a script\\) ended'));
    expectInterruptedReport(out);
  }, 30_000);
});
