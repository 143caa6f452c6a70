import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { UsageError } from '../../checker/errors.js';
import { toReport } from '../../checker/report/json.js';
import { replayFile } from '../../cli/commands/replay.js';
import lostUpdate from '../../docs/examples/lost-update.js';
import { bundled } from '../../models/index.js';
import { root } from '../support/cli.js';
import { bundledModel } from '../report/support.js';
import { capture, fixture, scratchDir } from './support.js';

const trojan = join(root, fixture('runs-on-import').path);
const ran = () => (globalThis as { hostileModuleRan?: boolean }).hostileModuleRan === true;

/** A trace file: peterson's counterexample, with `changes` applied to its report. */
function traceFile(changes: Record<string, unknown>): string {
  const file = join(scratchDir(), 'trace.json');
  writeFileSync(file, JSON.stringify({ ...toReport(check(bundledModel('peterson'), { variant: 'turn-first' })), ...changes }));
  return file;
}

describe('replay never imports a module that a trace file names', () => {
  afterEach(() => delete (globalThis as { hostileModuleRan?: boolean }).hostileModuleRan);

  it('a trace whose modelFile names a module: an error saying how to name it with --model, and nothing imported; named so, it replays', async () => {
    const file = traceFile({ modelFile: trojan });
    await expect(replayFile(file, {})).rejects.toThrow(
      new UsageError(
        `trace file ${file} was made from model file ${trojan}; replay does not load a module a trace file names, since it could run any code. If you trust that model file, name it: interleave replay ${file} --model ${trojan}`,
      ),
    );
    expect(ran()).toBe(false);
    const example = resolve(root, 'docs/examples/lost-update.ts');
    const trusted = join(scratchDir(), 'trace.json');
    writeFileSync(trusted, JSON.stringify(toReport(check(lostUpdate), example)));
    await expect(replayFile(trusted, {})).rejects.toThrow(UsageError);
    const run = await capture(() => replayFile(trusted, { model: example }));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('replayed 4 steps of lost-update (variant unlocked): property "no update is lost" is violated in the last state\n');
  });

  it('a trace whose model name is a path: it is looked up among the bundled models only', async () => {
    const file = traceFile({ model: fixture('runs-on-import').path });
    await expect(replayFile(file, {})).rejects.toThrow(
      new UsageError(
        `trace file ${file} names model "${fixture('runs-on-import').path}", which is not a bundled model (${bundled.map((b) => b.model.name).join(', ')}). Name its model file: interleave replay ${file} --model FILE`,
      ),
    );
    expect(ran()).toBe(false);
  });
});
