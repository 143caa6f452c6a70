import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { root } from './cli.js';

/** Runs one fixture of test/support/fixtures in a vitest of its own; returns its output's last line and its exit code. */
function nestedRun(fixture: string): { code: number | null; summary: string } {
  const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/support/fixtures/vitest.config.ts', fixture], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: run.status, summary: run.stdout.trimEnd().split('\n').at(-1)! };
}

describe('the summary line of npm test counts every failure', () => {
  it('an unhandled rejection is a failure, though every test passed', () => {
    expect(nestedRun('unhandled-rejection')).toEqual({ code: 1, summary: '1 passed, 1 failed; 1 of the failures is an error outside any test' });
  });

  it("a suite whose setup throws is a failure, and its tests are skipped", () => {
    expect(nestedRun('failing-setup')).toEqual({ code: 1, summary: '0 passed, 1 failed, 1 skipped; 1 of the failures is an error outside any test' });
  });
});
