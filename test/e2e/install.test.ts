import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from '../support/cli.js';

/**
 * Runs a command to completion and returns its exit code and what it printed. Asynchronously:
 * a synchronous wait of minutes would starve vitest's own messages (an RPC timeout).
 */
async function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, out: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : null, out: `${failed.stdout ?? ''}${failed.stderr ?? failed.code}` };
  }
}


const readme = readFileSync(join(root, 'README.md'), 'utf8');
const project = readme.split('## Use it in your own project')[1];
/** The README's tsconfig.json for a model project, and its example test file. */
const TSCONFIG = /```json\n([\s\S]*?)```/.exec(project)![1];
const TEST = /```ts\n([\s\S]*?)```/.exec(project)![1];

describe('a new user installs the package and checks their own model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-user-'));
  let tarball = '';

  beforeAll(async () => {
    // dist/ is already built by `npm test`; packing must not rebuild it under the other tests' feet.
    const pack = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], root);
    expect(pack.code, pack.out).toBe(0);
    tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-runtime', private: true, type: 'module' }));
    // @types/node for the test file's node:test imports, as the README says (the repository's version, in npm's cache).
    const typesNode = `@types/node@${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies['@types/node']}`;
    const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, typesNode], dir);
    expect(install.code, install.out).toBe(0);
    copyFileSync(join(root, 'test/e2e/ticket-lock.ts'), join(dir, 'ticket-lock.ts'));
    mkdirSync(join(dir, 'models'));
    mkdirSync(join(dir, 'test'));
    copyFileSync(join(root, 'test/e2e/ticket-lock.ts'), join(dir, 'models/my-lock.ts'));
    writeFileSync(join(dir, 'test/my-lock.test.ts'), TEST);
    writeFileSync(join(dir, 'tsconfig.json'), TSCONFIG);
  }, 240_000);

  it('the tarball holds compiled JS, type declarations, the CLI and the bundled models, and no tests or sources', async () => {
    const files = (await run('tar', ['tzf', tarball], dir)).out.split('\n').filter(Boolean);
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).toContain('package/dist/cli/main.js');
    expect(files).toContain('package/dist/models/peterson/peterson.js');
    expect(files.filter((f) => /(^|\/)test\/|\/bench\/|(?<!\.d)\.ts$/.test(f))).toEqual([]);
  });

  it('zod 4 comes with it, as its peer dependency, and typescript, for --typecheck', async () => {
    const installed = (name: string) => JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
    expect(installed('zod')).toMatch(/^4\./);
    expect(installed('typescript')).toMatch(/^5\./);
    const clean = await run('npx', ['interleave', 'check', './ticket-lock.ts', '--typecheck', '-q'], dir);
    expect(clean.code, clean.out).toBe(0);
    writeFileSync(join(dir, 'bad.ts'), readFileSync(join(dir, 'ticket-lock.ts'), 'utf8').replace("pc: 'idle'", "pc: 'idel'"));
    const typo = await run('npx', ['interleave', 'check', './bad.ts', '--typecheck'], dir);
    expect(typo.code).toBe(2);
    expect(typo.out).toMatch(/^bad\.ts\(\d+,\d+\): error TS2322: Type '"idel"' is not assignable/m);
  });

  it('the installed CLI checks the model file and prints the shortest trace', async () => {
    const racy = await run('npx', ['interleave', 'check', './ticket-lock.ts', '--variant', 'racy'], dir);
    expect(racy.code, racy.out).toBe(1);
    expect(racy.out).toMatch(/violated: "one owner" in ticket-lock \(variant racy\), after \d+ steps/);
    expect(racy.out).toMatch(/thread 0 takes ticket 0\s+\[thread 0\]/);
    const atomic = await run('npx', ['interleave', 'check', './ticket-lock.ts', '--variant', 'atomic'], dir);
    expect(atomic.out).toMatch(/all properties hold for ticket-lock \(variant atomic\)/);
    expect((await run('npx', ['interleave', 'check', 'peterson', '-q'], dir)).code).toBe(0);
  });

  it("the README's model project type-checks with tsc, and its test file passes under node's test runner", async () => {
    const tsc = await run('npx', ['tsc', '-p', '.'], dir);
    expect(tsc.code, tsc.out).toBe(0);
    writeFileSync(join(dir, 'models/typo.ts'), readFileSync(join(dir, 'models/my-lock.ts'), 'utf8').replace("violates('one owner')", "violates('one ownr')"));
    expect((await run('npx', ['tsc', '-p', '.'], dir)).out).toMatch(/models\/typo\.ts\(\d+,\d+\): error TS2322: Type 'Expectation<"one ownr">' is not assignable to type 'Expectation<"one owner">'/);
    const test = await run(process.execPath, ['--import', 'tsx', '--test', 'test/my-lock.test.ts'], dir);
    expect(test.code, test.out).toBe(0);
    expect(test.out).toMatch(/# pass 3/);
  });
});
