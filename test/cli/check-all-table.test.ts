import { spawnSync } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { root } from '../support/cli.js';

const wrong = 'test/cli/fixtures/wrong-expectations.ts';
const longName = '"the counter never passes the bound that every variant of this model declares for it"';

/** Runs the built CLI with these environment variables (and without the caller's colour settings). */
function run(env: Record<string, string>, ...args: string[]) {
  const { NO_COLOR, FORCE_COLOR, CI, COLUMNS, ...rest } = process.env;
  const result = spawnSync(process.execPath, ['dist/cli/main.js', ...args], { cwd: root, encoding: 'utf8', env: { ...rest, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const widest = (text: string) => Math.max(...stripVTControlCharacters(text).split('\n').map((line) => line.length));

describe('check --all fits its table to the terminal', () => {
  it('an 80-column run over every bundled model has no line wider than 80, colours stripped', () => {
    const out = run({ COLUMNS: '80', FORCE_COLOR: '1' }, 'check', '--all', '--quiet');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('\x1b[');
    expect(widest(out.stdout)).toBeLessThanOrEqual(80);
    const plain = stripVTControlCharacters(out.stdout);
    expect(plain).toMatch(/^variant +verdict +check +states +depth +time\npeterson\n {2}correct +holds +ok +34 +9 +[\d.]+ s\n/);
    // Short verdicts: no property name where the verdict is the expected one.
    expect(plain).not.toContain('"');
  }, 120_000);

  it('a row that differs says MISMATCH and, under it, the expected and found verdicts in full; a model error says why', () => {
    const out = run({ COLUMNS: '80' }, 'check', '--all', wrong);
    expect(out.code).toBe(2);
    expect(widest(out.stdout)).toBeLessThanOrEqual(80);
    const lines = out.stdout.split('\n');
    expect(lines[1]).toBe('wrong-expectations-with-a-rather-long-model-name');
    expect(lines.filter((l) => / MISMATCH /.test(l))).toHaveLength(2);
    expect(lines.find((l) => /^ {2}sound /.test(l))).toMatch(/^ {2}sound +holds +ok +4 +3 /);
    // The details wrap: joined again, they name the properties in full.
    const text = out.stdout.replace(/\n {4}/g, ' ');
    expect(text).toContain(`expected holds, found violates ${longName}`);
    expect(text).toContain(`expected violates ${longName}, found holds`);
    expect(lines.find((l) => /^ {2}throws /.test(l))).toMatch(/^ {2}throws +error +ERROR +\d+ +\d+ /);
    expect(text).toMatch(/expected holds, found model error: .*the counter jammed/);
    expect(out.stdout).toMatch(/\n\n2 of 4 verdicts differ from the expected ones; 1 variant could not be checked\n$/);
  }, 60_000);

  it('a narrow terminal wraps the variant names rather than overflow', () => {
    const out = run({ COLUMNS: '60' }, 'check', '--all', wrong);
    expect(widest(out.stdout)).toBeLessThanOrEqual(60);
    expect(out.stdout).toMatch(/ {2}expects-a-pas +violates +MISMATCH .*\n {2}s-but-the-cou\n/);
    // The closing line too: its parts one to a line when they do not fit together.
    expect(out.stdout).toMatch(/\n\n2 of 4 verdicts differ from the expected ones;\n1 variant could not be checked\n$/);
  }, 60_000);

  it('without a terminal or COLUMNS, the table fits 100 columns', () => {
    const out = run({}, 'check', '--all', wrong);
    expect(widest(out.stdout)).toBeLessThanOrEqual(100);
    expect(out.stdout).toMatch(/\n  expects-a-pass-but-the-counter-overflows +violates +MISMATCH /);
  }, 60_000);

  it('--wide gives the full view: model, expected and found in full, transitions, one line per variant', () => {
    const out = run({ COLUMNS: '80' }, 'check', '--all', wrong, '--wide');
    expect(out.code).toBe(2);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toMatch(/^model +variant +expected +found +states +transitions +depth +time$/);
    expect(lines[1]).toMatch(/^wrong-expectations-with-a-rather-long-model-name +expects-a-pass-but-the-counter-overflows +holds +MISMATCH violates "the counter never passes/);
    expect(widest(out.stdout)).toBeGreaterThan(80);
  }, 60_000);
});

describe('colours, as picocolors decides', () => {
  const colored = (env: Record<string, string>, ...flags: string[]) => run(env, 'check', 'peterson', '--variant', 'turn-first', ...flags).stdout.includes('\x1b[');

  it('FORCE_COLOR colours output that is not a terminal', () => {
    expect(colored({ FORCE_COLOR: '1' })).toBe(true);
  });

  it('no colour without a terminal, with NO_COLOR (even with FORCE_COLOR), or with --no-color', () => {
    expect(colored({})).toBe(false);
    expect(colored({ NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(colored({ FORCE_COLOR: '1' }, '--no-color')).toBe(false);
  });
});
