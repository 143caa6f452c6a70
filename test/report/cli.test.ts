import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'interleave-report-'));

describe('check --html and --svg', () => {
  it('write the report and the diagram of a counterexample next to the usual output', () => {
    const html = join(dir, 'osv.html');
    const svg = join(dir, 'osv.svg');
    const run = runCli('check', 'osv-fpu-syscall', '--variant', 'no-fpu-save', '--html', html, '--svg', svg);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^violated: "a syscall returns with the caller's FPU registers unchanged"/);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<h1>Violated: a syscall returns with the caller&#39;s FPU registers unchanged');
    expect(page).toContain('osv-fpu-syscall</strong> — ');
    expect(page.match(/<tr class="step /g)).toHaveLength(8);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg [^>]*>\n<title>Violated: a syscall returns with the caller&#39;s FPU registers unchanged<\/title>/);
  });

  it('say clearly that there is nothing to draw when all properties hold', () => {
    const run = runCli('check', 'peterson', '--html', join(dir, 'none.html'));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('interleave: --html: there is no trace to draw (the verdict is holds)\n');
    expect(runCli('check', 'peterson', '--svg', join(dir, 'none.svg')).stderr).toContain('--svg: there is no trace to draw');
  });

  it('say which file could not be written', () => {
    const run = runCli('check', 'peterson', '--variant', 'turn-first', '--svg', join(dir, 'missing', 'x.svg'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^interleave: could not write .*x\.svg: ENOENT/);
  });
});

describe('replay --html', () => {
  it('draws a trace file after replaying it', () => {
    const json = join(dir, 'philosophers.json');
    const html = join(dir, 'philosophers.html');
    runCli('check', 'philosophers', '--param', 'n=3', '--out', json);
    const run = runCli('replay', json, '--html', html);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^replayed 6 steps of philosophers/);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<h1>Deadlock</h1>');
    expect(page).toContain('<th class="family" scope="colgroup" colspan="3">philosopher</th>');
    expect(page).not.toContain('a shortest trace');
  });
});
