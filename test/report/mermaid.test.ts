import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mermaidText, renderMermaidReport } from '../../checker/report/mermaid.js';
import { runInProcess as runCli } from '../support/run-cli.js';
import hostileModel from './hostile-model.js';
import { bundledModel, reportOf } from './support.js';

describe('the counterexample as a Mermaid sequence diagram', () => {
  it('one participant per actor, each step an arrow to itself with its changes beside it, the violation at the end', () => {
    const mermaid = renderMermaidReport(reportOf(bundledModel('peterson'), 'turn-first'));
    const lines = mermaid.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'sequenceDiagram',
      '  title Violated: mutual exclusion — peterson (variant turn-first)',
      '  participant L0 as process 0',
      '  participant L1 as process 1',
      '  Note over L0,L1: initial state<br/>flag = [false, false]<br/>turn = 0<br/>process = #123;pc: [idle, idle]#125;',
    ]);
    expect(lines).toContain('  L0->>L0: 2. process@giveTurn(0): process 0 at giveTurn: gives the turn to process 1');
    expect(lines).toContain('  Note right of L0: turn: 0 → 1<br/>process.pc[0]: giveTurn → raiseFlag');
    expect(lines.filter((l) => l.includes('->>'))).toHaveLength(8);
    expect(lines.at(-2)).toBe('  Note over L0,L1: ❌ Violated: mutual exclusion<br/>process 0 and process 1 are both in the critical section');
    expect(mermaid.endsWith('\n')).toBe(true);
  });

  it('a lasso: its loop steps in a loop block, then where the behaviour goes back to', () => {
    const lines = renderMermaidReport(reportOf(bundledModel('spinlock'), 'test-and-set')).split('\n');
    const start = lines.indexOf('  loop steps 2 to 5 repeat forever');
    const end = lines.indexOf('  end');
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1, end).filter((l) => l.includes('->>'))).toHaveLength(4);
    expect(lines.slice(start + 1, end).every((l) => l.startsWith('    '))).toBe(true);
    expect(lines[end + 1]).toBe('  Note over L0,L1: ↻ back to step 2, and again, forever');
  });

  it('whatever a model writes stays text: no statement separator, comment, directive or markup gets through', () => {
    expect(mermaidText('a;b #1 <br/> %%{init}%% &x\nnext')).toBe('a#59;b #35;1 #60;br/#62; #37;#37;#123;init#125;#37;#37; #38;x next');
    const mermaid = renderMermaidReport(reportOf(hostileModel));
    const body = mermaid.replace(/<br\/>/g, '');
    expect(body).not.toContain('<');
    expect(body).not.toContain('%%');
    // Every ';' belongs to an entity code.
    expect(body.replace(/#\d+;/g, '')).not.toMatch(/[;#]/);
  });

  it('a report without a trace has nothing to draw', () => {
    expect(() => renderMermaidReport(reportOf(bundledModel('peterson'), 'correct'))).toThrow(/there is no trace to draw \(the verdict is holds\)/);
  });
});

describe('--mermaid FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-mermaid-'));

  it('check writes the diagram; a .md file gets it in a ```mermaid fence, ready for an issue', async () => {
    const raw = join(dir, 'trace.mmd');
    const md = join(dir, 'trace.md');
    expect((await runCli('check', 'peterson', '--variant', 'turn-first', '--mermaid', raw, '--quiet')).code).toBe(1);
    expect(readFileSync(raw, 'utf8')).toBe(renderMermaidReport(reportOf(bundledModel('peterson'), 'turn-first')));
    await runCli('check', 'peterson', '--variant', 'turn-first', '--mermaid', md, '--quiet');
    expect(readFileSync(md, 'utf8')).toBe(`\`\`\`mermaid\n${readFileSync(raw, 'utf8')}\`\`\`\n`);
  });

  it('replay draws a saved report too; a pass has nothing to draw and says so', async () => {
    const saved = join(dir, 'saved.json');
    await runCli('check', 'peterson', '--variant', 'turn-first', '--out', saved, '--quiet');
    const drawn = join(dir, 'replayed.mmd');
    expect((await runCli('replay', saved, '--mermaid', drawn)).code).toBe(0);
    expect(readFileSync(drawn, 'utf8')).toContain('sequenceDiagram\n  title Violated: mutual exclusion');
    const pass = await runCli('check', 'peterson', '--mermaid', join(dir, 'pass.mmd'), '--quiet');
    expect(pass.code).toBe(0);
    expect(pass.stderr).toMatch(/^note: --mermaid: nothing written to .*pass\.mmd: the check found no trace \(holds\)/);
  });
});
