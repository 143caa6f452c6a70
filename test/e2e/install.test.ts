import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from '../support/cli.js';

/** Runs a command to completion and returns what it printed. */
function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}


const TEST = `import { test } from 'node:test';
import assert from 'node:assert';
import { assertHolds, assertViolates, assertVariants } from 'interleave-check';
import model from './ticket-lock.ts';

test('the atomic ticket lock holds', () => {
  assertHolds(model, { variant: 'atomic' });
});

test('the racy ticket lock hands out one ticket twice', () => {
  const result = assertViolates(model, 'one owner', { variant: 'racy' });
  assert.ok(result.outcome.verdict === 'violates' && result.outcome.trace);
  assert.match(result.outcome.trace.steps[0].description, /takes ticket 0/);
});

test('every variant gets its expected verdict', () => {
  assert.equal(assertVariants(model).length, 2);
});
`;

describe('a new user installs the package and checks their own model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-user-'));
  let tarball = '';

  beforeAll(() => {
    // dist/ is already built by `npm test`; packing must not rebuild it under the other tests' feet.
    const pack = run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], root);
    expect(pack.code, pack.out).toBe(0);
    tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-runtime', private: true, type: 'module' }));
    const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], dir);
    expect(install.code, install.out).toBe(0);
    copyFileSync(join(root, 'test/e2e/ticket-lock.ts'), join(dir, 'ticket-lock.ts'));
    writeFileSync(join(dir, 'ticket-lock.test.ts'), TEST);
  }, 240_000);

  it('the tarball holds compiled JS, type declarations, the CLI and the bundled models, and no tests or sources', () => {
    const files = run('tar', ['tzf', tarball], dir).out.split('\n').filter(Boolean);
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).toContain('package/dist/cli/main.js');
    expect(files).toContain('package/dist/models/peterson/peterson.js');
    expect(files.filter((f) => /(^|\/)test\/|\/bench\/|(?<!\.d)\.ts$/.test(f))).toEqual([]);
  });

  it('zod 4 comes with it, as its peer dependency, and typescript, for --typecheck', () => {
    const installed = (name: string) => JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
    expect(installed('zod')).toMatch(/^4\./);
    expect(installed('typescript')).toMatch(/^5\./);
    const clean = run('npx', ['interleave', 'check', './ticket-lock.ts', '--typecheck', '-q'], dir);
    expect(clean.code, clean.out).toBe(0);
    writeFileSync(join(dir, 'bad.ts'), readFileSync(join(dir, 'ticket-lock.ts'), 'utf8').replace("pc: 'idle'", "pc: 'idel'"));
    const typo = run('npx', ['interleave', 'check', './bad.ts', '--typecheck'], dir);
    expect(typo.code).toBe(2);
    expect(typo.out).toMatch(/^bad\.ts\(\d+,\d+\): error TS2322: Type '"idel"' is not assignable/m);
  });

  it('the installed CLI checks the model file and prints the shortest trace', () => {
    const racy = run('npx', ['interleave', 'check', './ticket-lock.ts', '--variant', 'racy'], dir);
    expect(racy.code, racy.out).toBe(1);
    expect(racy.out).toMatch(/violated: "one owner" in ticket-lock \(variant racy\), after \d+ steps/);
    expect(racy.out).toMatch(/thread 0 takes ticket 0\s+\[thread 0\]/);
    const atomic = run('npx', ['interleave', 'check', './ticket-lock.ts', '--variant', 'atomic'], dir);
    expect(atomic.out).toMatch(/all properties hold for ticket-lock \(variant atomic\)/);
    expect(run('npx', ['interleave', 'check', 'peterson', '-q'], dir).code).toBe(0);
  });

  it("the API's assertions work from the user's own test file under node's test runner", () => {
    const test = run(process.execPath, ['--import', 'tsx', '--test', 'ticket-lock.test.ts'], dir);
    expect(test.code, test.out).toBe(0);
    expect(test.out).toMatch(/# pass 3/);
  });
});
