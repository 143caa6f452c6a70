import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'interleave-report-'));

describe('check --html and --svg', () => {
  it('write the report and the diagram of a counterexample next to the usual output', async () => {
    const html = join(dir, 'osv.html');
    const svg = join(dir, 'osv.svg');
    const run = await runInProcess('check', 'osv-fpu-syscall', '--variant', 'no-fpu-save', '--html', html, '--svg', svg);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^violated: "a syscall returns with the caller's FPU registers unchanged"/);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<h1>Violated: a syscall returns with the caller&#39;s FPU registers unchanged');
    expect(page).toContain('osv-fpu-syscall</strong> — ');
    expect(page.match(/<tr class="step /g)).toHaveLength(8);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg [^>]*>\n<title>Violated: a syscall returns with the caller&#39;s FPU registers unchanged<\/title>/);
  });

  it('when all properties hold: --html writes the report of the pass, --svg says it has nothing to draw, and the exit code is 0', async () => {
    const run = await runInProcess('check', 'peterson', '--html', join(dir, 'pass.html'), '--svg', join(dir, 'none.svg'));
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'pass.html'), 'utf8')).toContain('<h1>All properties hold</h1>');
    expect(run.stderr).toMatch(/^note: --svg: nothing written to .*none\.svg: the check found no trace \(holds\)/);
  });

  it('say, before the search, which file could not be written', async () => {
    const run = await runInProcess('check', 'peterson', '--variant', 'turn-first', '--svg', join(dir, 'missing', 'x.svg'));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`interleave: --svg ${join(dir, 'missing', 'x.svg')}: directory ${join(dir, 'missing')} does not exist\n`);
  });
});

describe('replay --html', () => {
  it('draws a trace file after replaying it', async () => {
    const json = join(dir, 'philosophers.json');
    const html = join(dir, 'philosophers.html');
    await runInProcess('check', 'philosophers', '--param', 'n=3', '--out', json);
    const run = await runInProcess('replay', json, '--html', html);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^replayed 6 steps of philosophers/);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<h1>Deadlock</h1>');
    expect(page).toContain('<th class="family" scope="colgroup" colspan="3">philosopher</th>');
    expect(page).not.toContain('a shortest trace');
  });
});
