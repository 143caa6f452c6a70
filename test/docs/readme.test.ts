import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import lostUpdate from '../../docs/examples/lost-update.js';
import { checkVariant, storyOf } from '../support/variants.js';
import { root, runCli } from '../support/cli.js';

const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('the README stays true', () => {
  it('quotes the tutorial model verbatim', () => {
    expect(readme).toContain(readFileSync(join(root, 'docs/examples/lost-update.ts'), 'utf8'));
  });

  it('the tutorial model gets its expected verdicts, with the 4-step lost update', () => {
    expect(storyOf(checkVariant(lostUpdate, 'unlocked'))).toEqual([
      'thread 1 reads the counter: 0',
      'thread 0 reads the counter: 0',
      'thread 0 writes 1 back',
      'thread 1 writes 1 back',
    ]);
    checkVariant(lostUpdate, 'locked', { params: { threads: 3 } });
  });

  it('shows the real output of the 30-second example', () => {
    const shown = readme.split('$ npx interleave check peterson --variant turn-first\n')[1].split('```')[0];
    const actual = runCli('check', 'peterson', '--variant', 'turn-first').stdout;
    const withoutTime = (text: string) => text.replace(/depth (\d+), [\d.]+ s/, 'depth $1');
    expect(withoutTime(shown.trim())).toBe(withoutTime(actual.trim()));
  });

  it('gives the two set-up commands, and .ci/run runs the test one', () => {
    expect(readme).toContain('npm ci && npx interleave check --all');
    expect(readme).toContain('npm ci && npm test');
    expect(readFileSync(join(root, '.ci/run'), 'utf8')).toMatch(/^npm ci && npm test$/m);
  });
});
