import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../checker/errors.js';
import { checkOne } from '../../cli/commands/check.js';
import type { CheckFlags } from '../../cli/options.js';
import { capture, fixture, scratchDir, start, stopAll } from './support.js';

const check = (target: string, flags: Partial<CheckFlags>) => capture(() => checkOne(target, { deadlock: true, quiet: true, ...flags }));

describe('output paths are checked before the search, so that no result is lost for want of a place to write it', () => {
  afterEach(stopAll);

  it('--out naming a directory: exit 2 at once, even for a check that would never end', async () => {
    const dir = scratchDir();
    const run = start(['check', fixture('endless').path, '--out', dir]);
    expect(await run.ended).toEqual({ code: 2, signal: null });
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toBe(`interleave: --out ${dir}: that is a directory; give the path of a file to write\n`);
  }, 30_000);

  it('a file in a directory that does not exist', async () => {
    const file = join(scratchDir(), 'nowhere', 'report.html');
    await expect(check('peterson', { html: file })).rejects.toThrow(new UsageError(`--html ${file}: directory ${resolve(file, '..')} does not exist`));
  });

  it('two flags naming the same file', async () => {
    const file = join(scratchDir(), 'report.json');
    await expect(check('peterson', { out: file, itf: file })).rejects.toThrow(new UsageError(`--out and --itf both name ${file}; give each its own file`));
  });
});

describe('on a pass, the verdict comes first and the exit code is 0', () => {
  it('--html writes the report of the pass, with a shortest trace to each reachability check met', async () => {
    const file = join(scratchDir(), 'pass.html');
    const run = await check('peterson', { html: file });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^all properties hold for peterson \(variant correct\) \(34 distinct states, 62 transitions, exhaustive\)\n/);
    expect(run.stderr).toBe('');
    const page = readFileSync(file, 'utf8');
    expect(page).toContain('<h1>All properties hold</h1>');
    expect(page).toContain('<dt>reached</dt><dd>“process 0 enters the critical section” in 4 steps</dd>');
    for (const p of [0, 1]) expect(page).toContain(`<h2 class="witness">A shortest trace to a state where “process ${p} enters the critical section” holds (4 steps)</h2>`);
    expect(page.match(/<table class="seq"/g)).toHaveLength(2);
  });

  it('--itf and --svg write nothing and say so: a pass has no trace', async () => {
    const dir = scratchDir();
    const run = await check('peterson', { itf: join(dir, 'trace.itf.json'), svg: join(dir, 'trace.svg') });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^all properties hold for peterson/);
    const hint = '--html writes the report of a pass, with a shortest trace to each reachability check met';
    expect(run.stderr).toBe(
      `note: --itf: nothing written to ${join(dir, 'trace.itf.json')}: the check found no trace (holds); ${hint}\n` +
        `note: --svg: nothing written to ${join(dir, 'trace.svg')}: the check found no trace (holds); ${hint}\n`,
    );
    expect(existsSync(join(dir, 'trace.itf.json')) || existsSync(join(dir, 'trace.svg'))).toBe(false);
  });

  it('--html on an incomplete check writes its report without a diagram, and exit 3 stands', async () => {
    const file = join(scratchDir(), 'incomplete.html');
    const run = await check('philosophers', { html: file, maxStates: '100' });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^incomplete: philosophers \(variant left-first\) was not explored exhaustively: more than 100 distinct states/);
    const page = readFileSync(file, 'utf8');
    expect(page).toContain('<h1>Incomplete: not a pass</h1>');
    expect(page).not.toContain('<table class="seq"');
  });
});
