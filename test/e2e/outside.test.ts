import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { defineModel, holds, system } from '../../index.js';
import { root } from '../support/cli.js';

const model = readFileSync(join(root, 'test/e2e/ticket-lock.ts'), 'utf8');

/** A fresh folder outside the repository, holding the given files and no node_modules. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-outside-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Runs the repository's built CLI in `cwd` (asynchronously, so that vitest's messages are not starved). */
async function interleave(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(root, 'dist/cli/main.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : null, stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(failed.code) };
  }
}

/** zod 3's shape: a `_def` and no `_zod`. */
const zod3Object = (shape: object) => ({ _def: { typeName: 'ZodObject', shape: () => shape }, parse: (v: unknown) => v });

describe('a model file in an empty folder, checked with the repository CLI', () => {
  it('borrows interleave-check and zod from the checker, with no package.json or node_modules there', async () => {
    const dir = folder({ 'ticket-lock.ts': model });
    const racy = await interleave(dir, 'check', './ticket-lock.ts', '--variant', 'racy');
    expect(racy.code, racy.stderr).toBe(1);
    expect(racy.stdout).toMatch(/violated: "one owner" in ticket-lock \(variant racy\)/);
    expect((await interleave(dir, 'check', '--all', './ticket-lock.ts')).code).toBe(0);
  });

  it('and from a package.json without "type", and a nested folder', async () => {
    const dir = folder({ 'package.json': JSON.stringify({ name: 'runtime' }), 'models/lock.ts': model });
    expect((await interleave(dir, 'check', 'models/lock.ts', '--variant', 'atomic', '-q')).code).toBe(0);
  });

  it('names a missing import without tsx internals, also in a CommonJS package', async () => {
    const broken = `import 'left-pad-nowhere';\n${model}`;
    for (const dir of [folder({ 'm.ts': broken }), folder({ 'package.json': '{"type":"commonjs"}', 'm.ts': broken })]) {
      const run = await interleave(dir, 'check', './m.ts');
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/could not load model file \.\/m\.ts: Cannot find (module|package) 'left-pad-nowhere'/);
      expect(run.stderr).not.toMatch(/namespace=/);
    }
  });

  it('says what to install for a model in a CommonJS package, where the checker cannot lend its packages', async () => {
    const run = await interleave(folder({ 'package.json': '{"type":"commonjs"}', 'm.ts': model }), 'check', './m.ts');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Cannot find module '(zod|interleave-check)'[\s\S]*needs them installed beside it \(npm install --save-dev interleave-check zod@4\), or to be an ES module \(\.mts\)/);
    expect(run.stderr).not.toMatch(/namespace=/);
  });

  it('says that zod 4 is needed when the state schema comes from zod 3', async () => {
    const zod3 = model.replace(
      "import { z } from 'zod';",
      `import { z as z4 } from 'zod';\nconst z = { ...z4, object: (shape: object) => (${zod3Object.toString()})(shape) } as unknown as typeof z4;`,
    );
    const run = await interleave(folder({ 'm.ts': zod3 }), 'check', './m.ts');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/interleave needs zod 4; found 3\.x \(the state schema is a zod 3 schema\)/);
  });
});

describe('check --typecheck', () => {
  it('prints type errors as tsc does and checks nothing', async () => {
    const dir = folder({ 'bad.ts': model.replace('s.next += 1;', "s.next += 'one';") });
    const run = await interleave(dir, 'check', './bad.ts', '--typecheck');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^bad\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'\.$/m);
    expect(run.stderr).toMatch(/interleave: 1 type error in \.\/bad\.ts; the model was not checked/);
    expect(run.stdout).toBe('');
  });

  it('passes a correct model on to the check', async () => {
    const run = await interleave(folder({ 'ticket-lock.ts': model }), 'check', './ticket-lock.ts', '--typecheck', '--variant', 'racy');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/violated: "one owner"/);
  });

  it('uses the tsconfig.json above the model file', async () => {
    const loose = model.replace("actor: (t) => 'thread ' + t,", "actor: (t) => 'thread ' + t,\n          unused: (x) => x,");
    const strict = { compilerOptions: { strict: true, module: 'nodenext', allowImportingTsExtensions: true, noEmit: true } };
    const dir = folder({ 'package.json': '{"type":"module"}', 'tsconfig.json': JSON.stringify(strict), 'm.ts': loose });
    const run = await interleave(dir, 'check', './m.ts', '--typecheck');
    expect(run.stderr).toMatch(/error TS7006: Parameter 'x' implicitly has an 'any' type/);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...strict.compilerOptions, strict: false } }));
    expect((await interleave(dir, 'check', './m.ts', '--typecheck')).stderr).not.toMatch(/TS7006/);
  });

  it('refuses a bundled model, which the package was built from', async () => {
    const run = await interleave(root, 'check', 'peterson', '--typecheck');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/peterson is a bundled model/);
  });
});

describe('zod 3 schemas given to the API', () => {
  it('are refused with the versions named, for parameters and for the state', async () => {
    expect(() => defineModel({ name: 'm', summary: '', params: zod3Object({}) as never, variants: {}, build: () => undefined as never })).toThrow(
      "interleave needs zod 4; found 3.x (model m's params is a zod 3 schema)",
    );
    expect(() => system(zod3Object({}) as never, {} as never)).toThrow(/interleave needs zod 4; found 3\.x \(the state schema/);
    expect(holds()).toEqual({ verdict: 'holds' });
  });
});
