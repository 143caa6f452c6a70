import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromItfValue, toItfValue } from '../../checker/report/itf.js';
import { UsageError } from '../../checker/errors.js';
import { runInProcess as runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'interleave-itf-'));

/** Checks a variant with --itf and returns the file. */
async function itfOf(name: string, ...args: string[]): Promise<string> {
  const file = join(dir, `${name}.itf.json`);
  await runCli('check', ...args, '--itf', file, '--quiet');
  return file;
}

describe('ITF values', () => {
  it('null is the empty tuple, as ITF allows (it has no null), and reads back as null', () => {
    expect(toItfValue({ owner: null, ids: [1, null] })).toEqual({ owner: { '#tup': [] }, ids: [{ '#bigint': '1' }, { '#tup': [] }] });
    expect(fromItfValue({ owner: { '#tup': [] } }, 'states[0]')).toEqual({ owner: null });
  });

  it('every state value reads back as it was written', () => {
    const key = fc.string().filter((k) => !k.startsWith('#'));
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, fc.boolean(), fc.string(), fc.integer(), fc.constant(null), fc.array(tie('any')), fc.dictionary(key, tie('any'))),
    })).any;
    fc.assert(
      fc.property(value, (v) => {
        expect(fromItfValue(JSON.parse(JSON.stringify(toItfValue(v))), 'v')).toEqual(v);
      }),
    );
  });

  it('a value interleave never writes is a clear error naming where it is', () => {
    expect(() => fromItfValue({ a: [{ '#set': [] }] }, 'states[2]')).toThrow(new UsageError('states[2].a[0] is a #set value, which interleave never writes: replay reads ITF traces written by interleave check --itf'));
    expect(() => fromItfValue({ '#bigint': '1e3' }, 'states[1].n')).toThrow(/states\[1\]\.n is \{"#bigint":"1e3"\}: a #bigint must be a string of digits/);
    expect(() => fromItfValue(null, 'states[0].x')).toThrow(/states\[0\]\.x is null: ITF has no null/);
  });
});

describe('replay reads ITF traces as well as JSON reports', () => {
  it('a violation: the ITF trace replays like the JSON report', async () => {
    const run = await runCli('replay', await itfOf('peterson', 'peterson', '--variant', 'turn-first'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('replayed 8 steps of peterson (variant turn-first): property "mutual exclusion" is violated in the last state\n');
  });

  it('a trace with nulls (OSv\'s free per-CPU stacks) replays', async () => {
    const file = await itfOf('osv', 'osv-fpu-syscall', '--variant', 'per-cpu-stack');
    expect(readFileSync(file, 'utf8')).toContain('"#tup": []');
    expect((await runCli('replay', file)).stdout).toMatch(/^replayed \d+ steps of osv-fpu-syscall \(variant per-cpu-stack\): property "no two threads use one per-CPU stack at once" is violated/);
  });

  it('a lasso: one loop index in text, JSON and ITF; the ITF trace replays, the loop closed by #meta.next', async () => {
    const file = await itfOf('spinlock', 'spinlock', '--variant', 'test-and-set');
    const itf = JSON.parse(readFileSync(file, 'utf8'));
    const report = JSON.parse((await runCli('check', 'spinlock', '--variant', 'test-and-set', '--json')).stdout);
    const text = (await runCli('check', 'spinlock', '--variant', 'test-and-set')).stdout;
    expect(itf.loop).toBe(report.trace.loop);
    expect(text).toContain(`From here the steps repeat forever (loop ${report.trace.loop}: the state after step ${report.trace.loop}, where step ${report.trace.steps.length} leads back):`);
    expect(itf.states).toHaveLength(report.trace.steps.length);
    expect(itf.states.at(-1)['#meta'].next).toMatchObject({ action: report.trace.steps.at(-1).action });
    const run = await runCli('replay', file);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^replayed 5 steps of spinlock \(variant test-and-set\): the loop of 4 steps closes, is fair, and repeats forever/);
  });

  it('a trace of a model file needs --model, as a JSON report does', async () => {
    const file = await itfOf('counter', 'test/fixtures/counter.ts', '--variant', 'too-small');
    expect((await runCli('replay', file)).stderr).toMatch(/was made from model file .*counter\.ts; replay does not load a module a trace file names/);
    expect((await runCli('replay', file, '--model', 'test/fixtures/counter.ts')).code).toBe(0);
  });

  it('a malformed or tampered ITF file is a clear error', async () => {
    const original = JSON.parse(readFileSync(await itfOf('peterson-2', 'peterson', '--variant', 'turn-first'), 'utf8'));
    const tampered = (name: string, edit: (itf: typeof original) => void): string => {
      const copy = structuredClone(original);
      edit(copy);
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(copy));
      return file;
    };
    const noVariant = tampered('no-variant.itf.json', (itf) => delete itf['#meta'].variant);
    expect((await runCli('replay', noVariant)).stderr).toMatch(/is not an ITF trace as interleave check --itf writes it: at #meta\.variant: /);
    const noAction = tampered('no-action.itf.json', (itf) => delete itf.states[3]['#meta'].action);
    expect((await runCli('replay', noAction)).stderr).toMatch(/states\[3\]\.#meta has no action or description/);
    const set = tampered('set.itf.json', (itf) => (itf.states[2].turn = { '#set': [] }));
    expect((await runCli('replay', set)).stderr).toMatch(/states\[2\]\.turn is a #set value, which interleave never writes/);
    const changed = tampered('changed.itf.json', (itf) => (itf.states[4].turn = { '#bigint': '1' }));
    const run = await runCli('replay', changed);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/step 4 \(process@giveTurn\): the state after process@giveTurn\(1\) differs from the file: field turn is 1 in the file, 0 when replayed/);
    expect((await runCli('replay', noVariant, '--svg', join(dir, 'x.svg'))).stderr).toMatch(/is not an ITF trace/);
    expect((await runCli('replay', changed, '--svg', join(dir, 'x.svg'))).stderr).toMatch(/--html, --svg and --mermaid draw a JSON report, which an ITF trace is not/);
  });
});
