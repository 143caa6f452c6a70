import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchInstance } from '../instances.js';
import { runProcess, runStep } from './process.js';
import type { Measurement, PreparedTool } from './tool.js';

/**
 * SPIN, ready to check an instance: writes the Promela mirror with the shared generator
 * (`gen-mirror.mjs`), runs `spin -a` and compiles pan with `-O2 -DSAFETY -DNOREDUCE` in
 * `workDir`. Each run is `./pan -m<depth bound> -w<hash bits>`, plus `-E` where the model
 * ends in an intended deadlock. Check time is pan's own "elapsed time".
 */
export async function prepareSpin(instance: BenchInstance, sharedDir: string, workDir: string): Promise<PreparedTool> {
  const dir = join(workDir, 'spin');
  mkdirSync(dir, { recursive: true });
  const generator = join(sharedDir, 'promela', 'gen-mirror.mjs');
  const sizeArgs = Object.entries(instance.size).map(([k, v]) => `${k}=${v}`);
  const generated = await runProcess(process.execPath, [generator, instance.family.name, ...sizeArgs], dir);
  if (generated.code !== 0) throw new Error(`gen-mirror.mjs ${instance.family.name} failed: ${generated.stderr.trim()}`);
  writeFileSync(join(dir, 'model.pml'), generated.stdout);
  const compile = ['-O2', '-DSAFETY', '-DNOREDUCE', '-o', 'pan', 'pan.c'];
  const buildSeconds = generated.wallSeconds + (await runStep('spin', ['-a', 'model.pml'], dir)) + (await runStep('gcc', compile, dir));

  const args = panArgs(instance);
  return {
    tool: 'SPIN',
    buildSeconds,
    command: `node gen-mirror.mjs ${instance.family.name} ${sizeArgs.join(' ')} > model.pml && spin -a model.pml && gcc ${compile.join(' ')} && ./pan ${args.join(' ')}`,
    run: async () => {
      const result = await runProcess('./pan', args, dir);
      return parsePan(`${result.stdout}${result.stderr}`, result.code, result.wallSeconds, result.peakRssBytes);
    },
  };
}

/**
 * pan's flags. A depth-first search can go as deep as there are states (philosophers N=11
 * reaches depth 1,044,307 of 1,169,589), so the depth bound is the expected state count;
 * pan allocates its stack to that bound. The hash table gets at least two slots per state.
 */
function panArgs(instance: BenchInstance): string[] {
  const { states } = instance.expected;
  const hashBits = Math.max(16, Math.ceil(Math.log2(states)) + 1);
  return [`-m${states + 1000}`, `-w${hashBits}`, ...(instance.family.endsInDeadlock ? ['-E'] : [])];
}

/** Reads pan's report; throws when pan failed, found an error, hit a bound, or printed no counts. */
function parsePan(output: string, code: number | null, wallSeconds: number, peakRssBytes: number | null): Measurement {
  function fail(why: string): never {
    throw new Error(`pan ${why}:\n${output.trim().split('\n').slice(-15).join('\n')}`);
  }
  if (code !== 0) fail(`exited with ${code}`);
  if (/max search depth too small/.test(output)) fail('hit its depth bound (-m); the counts are partial');
  if (/out of memory|reached -DMEMLIM bound/.test(output)) fail('ran out of memory');
  const errors = /errors: (\d+)/.exec(output);
  if (!errors) fail('printed no summary');
  if (Number(errors[1]) !== 0) fail(`found ${errors[1]} error(s)`);
  const stored = /^\s*(\S+) states, stored/m.exec(output);
  const total = /^\s*(\S+) transitions \(= stored\+matched\)/m.exec(output);
  const elapsed = /pan: elapsed time (\S+) seconds/.exec(output);
  if (!stored || !total || !elapsed) fail('printed no state, transition or time figures');
  const states = Number(stored[1]);
  // pan prints "%9.8g": exact below 10^8, else eight significant digits; it counts one
  // transition more than MODELS.md does (storing the initial state).
  const printed = Number(total[1]);
  const transitionsTolerance = total[1].includes('e') ? 0.5 * 10 ** (Math.floor(Math.log10(printed)) - 7) : 0;
  // pan prints elapsed time with three significant digits, and 0 for a very short run.
  const seconds = Number(elapsed[1]) || wallSeconds;
  return {
    tool: 'SPIN',
    states,
    transitions: printed - 1,
    transitionsTolerance,
    seconds,
    wallSeconds,
    statesPerSecond: states / seconds,
    peakRssBytes,
  };
}
