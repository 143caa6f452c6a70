import { arch } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelInstance } from '../instances.js';
import { runProcess, runStep } from './process.js';
import type { Measurement, PreparedTool, RumurReduction, ToolName } from './tool.js';

/**
 * rumur, ready to check an instance: copies the Murphi file `source` with its `const` lines set
 * to the instance's values, generates a one-thread verifier (`--threads 1`, and
 * `--deadlock-detection off` where the model ends in an intended deadlock) and compiles it as
 * rumur's README recommends (`-std=c11 -O3`, `-mcx16` on x86-64) with `-march=native -pthread`.
 * rumur reports whole seconds only, so check time is the verifier's wall time.
 *
 * With a `reduction` (for a file that declares scalarsets) the verifier stores orbit
 * representatives, and is built with `--counterexample-trace off`: with traces on, rumur
 * records in each state the permutation that canonicalised it, as an index it finds by walking
 * all N! permutations, which makes even the heuristic reduction N! per state (gc_stw N=10:
 * over 2 minutes, against 0.13 s with traces off).
 */
export async function prepareRumur(instance: ModelInstance, source: string, workDir: string, reduction?: RumurReduction): Promise<PreparedTool> {
  const tool: ToolName = reduction ? `rumur ${reduction}` : 'rumur';
  const dir = join(workDir, tool.replace(' ', '-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.m'), withConstants(readFileSync(source, 'utf8'), instance.size, source));
  const generate = ['--threads', '1', '--output-format', 'machine-readable'];
  if (instance.family.endsInDeadlock) generate.push('--deadlock-detection', 'off');
  if (reduction) generate.push('--symmetry-reduction', reduction, '--counterexample-trace', 'off');
  const compile = ['-std=c11', '-O3', '-march=native', ...(arch() === 'x64' ? ['-mcx16'] : []), '-pthread'];
  generate.push('--output', 'model.c', 'model.m');
  compile.push('-o', 'verifier', 'model.c');
  const buildSeconds = (await runStep('rumur', generate, dir)) + (await runStep('cc', compile, dir));

  return {
    tool,
    buildSeconds,
    command: `rumur ${generate.join(' ')} && cc ${compile.join(' ')} && ./verifier`,
    run: async () => {
      const result = await runProcess('./verifier', [], dir);
      return parseSummary(tool, `${result.stdout}${result.stderr}`, result.wallSeconds, result.peakRssBytes);
    },
  };
}

/**
 * Sets each constant's line (`  N: 8;  -- comment`) to the instance's value, as the Murphi
 * files' comments say to. Throws when a constant's line is not there exactly once.
 */
function withConstants(text: string, size: Readonly<Record<string, number>>, source: string): string {
  let result = text;
  for (const [name, value] of Object.entries(size)) {
    const line = new RegExp(`^(\\s*${name}\\s*:\\s*)\\d+(\\s*;)`, 'gm');
    const found = result.match(line)?.length ?? 0;
    if (found !== 1) throw new Error(`${source} should have one line "${name}: <number>;" to set, but has ${found}`);
    result = result.replace(line, `$1${value}$2`);
  }
  return result;
}

/** Reads the verifier's machine-readable summary; throws when it found an error or printed none. */
function parseSummary(tool: ToolName, output: string, wallSeconds: number, peakRssBytes: number | null): Measurement {
  const summary = /<summary\s([^>]*)\/>/.exec(output);
  const attribute = (name: string) => new RegExp(`${name}="(\\d+)"`).exec(summary?.[1] ?? '')?.[1];
  const [states, rulesFired, errors] = ['states', 'rules_fired', 'errors'].map(attribute);
  if (states === undefined || rulesFired === undefined || errors === undefined) {
    throw new Error(`the rumur verifier printed no summary:\n${output.trim().split('\n').slice(-15).join('\n')}`);
  }
  if (Number(errors) !== 0) throw new Error(`the rumur verifier found ${errors} error(s):\n${output.trim()}`);
  return {
    tool,
    states: Number(states),
    transitions: Number(rulesFired),
    transitionsTolerance: 0,
    seconds: wallSeconds,
    wallSeconds,
    statesPerSecond: Number(states) / wallSeconds,
    peakRssBytes,
  };
}
