import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { renderResult } from '../../checker/report/text.js';
import lostUpdate from '../../docs/examples/lost-update.js';
import lostUpdateProcess from '../../docs/examples/lost-update-process.js';
import { root } from '../support/cli.js';
import { checkVariant } from '../support/variants.js';

const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('the documentation of processes stays true', () => {
  it('the README quotes the process form of the lost update verbatim, and its trace is real', () => {
    const readme = read('README.md');
    expect(readme).toContain(read('docs/examples/lost-update-process.ts'));
    const shown = readme.split('$ npx interleave check docs/examples/lost-update-process.ts\n')[1].split('```')[0];
    const actual = renderResult(checkVariant(lostUpdateProcess, 'unlocked'));
    for (const block of shown.split('...\n').map((b) => b.trim()).filter(Boolean)) expect(actual).toContain(block);
  });

  it.each(['unlocked', 'locked'])('the lost update as a process has the action form\'s counts and verdict (%s)', (variant) => {
    for (const threads of [1, 2, 3]) {
      const [p, a] = [check(lostUpdateProcess, { variant, params: { threads } }), check(lostUpdate, { variant, params: { threads } })];
      expect(p.outcome.verdict).toBe(a.outcome.verdict);
      expect(p.stats).toMatchObject({ states: a.stats.states, transitions: a.stats.transitions, depth: a.stats.depth });
    }
  });

  it('docs/processes.md quotes the Promela process and its interleave form verbatim', () => {
    const doc = read('docs/processes.md');
    expect(doc).toContain(read('docs/examples/peterson-n.ts'));
    expect(doc).toContain(read('docs/examples/peterson-n.pml'));
  });
});
