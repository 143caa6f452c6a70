import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { instanceName, type BenchInstance, type Expected } from './instances.js';
import type { Run } from './stats.js';
import type { AvailableTools } from './tools/available.js';
import { prepareInterleave } from './tools/interleave.js';
import { prepareRumur } from './tools/rumur.js';
import { prepareSpin } from './tools/spin.js';
import type { PreparedTool, ToolName } from './tools/tool.js';
import { countMismatches } from './verify.js';

/** Everything measured on one instance. */
export interface InstanceResult {
  /** "philosophers N=11". */
  readonly name: string;
  /** The constants. */
  readonly size: Readonly<Record<string, number>>;
  /** The MODELS.md counts. */
  readonly expected: Expected;
  /** How each tool was built and run. */
  readonly builds: readonly { readonly tool: ToolName; readonly buildSeconds: number; readonly command: string }[];
  /** Every run of every tool. */
  readonly runs: readonly Run[];
  /** Tools that failed to build or run, with why. */
  readonly failures: readonly string[];
  /** Counts that differ from MODELS.md (or, where it gives none, from interleave's). */
  readonly mismatches: readonly string[];
}

/** How to run the instances. */
export interface MeasureOptions {
  /** Runs per tool. */
  readonly runs: number;
  /** Besides its single-thread runs, interleave also runs on this many threads (when above 1). */
  readonly workers: number;
  /** Which comparison tools to run. */
  readonly available: AvailableTools;
  /** The shared bench directory (Promela generator, Murphi files). */
  readonly sharedDir: string;
  /** A scratch directory for generated and compiled verifiers. */
  readonly workDir: string;
}

/**
 * Benchmarks one instance: builds SPIN's and rumur's verifiers, then runs the tools in turn,
 * `runs` rounds of interleave (and its process form, when the model has one), SPIN, rumur, so
 * that each round's ratios compare runs made close together. A tool that fails is reported and not run again on this instance.
 */
export async function measureInstance(instance: BenchInstance, options: MeasureOptions): Promise<InstanceResult> {
  const name = instanceName(instance);
  const workDir = instanceDir(options.workDir, name);
  const interleave = [
    prepareInterleave(instance, 1),
    ...(instance.family.processForm ? [prepareInterleave(instance, 1, undefined, 'process')] : []),
    ...(options.workers > 1 ? [prepareInterleave(instance, options.workers)] : []),
  ];
  const { tools, failures } = await buildTools(name, [
    ['SPIN', options.available.spin, () => prepareSpin(instance, options.sharedDir, workDir)],
    ['rumur', options.available.rumur, () => prepareRumur(instance, join(options.sharedDir, `${instance.family.name}.m`), workDir)],
  ]);
  const runs = await runRounds(name, [...interleave, ...tools], options.runs, failures);
  return {
    name,
    size: instance.size,
    expected: instance.expected,
    builds: [...interleave, ...tools].map(({ tool, buildSeconds, command }) => ({ tool, buildSeconds, command })),
    runs,
    failures,
    mismatches: countMismatches(instance, runs),
  };
}

/** A comparison tool to build for an instance: its name, whether it is installed, and how to build it. */
export type ToolBuilder = readonly [ToolName, boolean, () => Promise<PreparedTool>];

/** The scratch directory for one instance's verifiers, created if need be. */
export function instanceDir(workDir: string, name: string): string {
  const dir = join(workDir, name.replace(/[^\w=]+/g, '-'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Builds the installed tools in turn; a tool that fails to build is left out, with why in `failures`. */
export async function buildTools(name: string, builders: readonly ToolBuilder[]): Promise<{ tools: PreparedTool[]; failures: string[] }> {
  const tools: PreparedTool[] = [];
  const failures: string[] = [];
  for (const [tool, present, build] of builders) {
    if (!present) continue;
    log(`${name}: building the ${tool} verifier`);
    try {
      tools.push(await build());
    } catch (error) {
      failures.push(`${tool} could not be built: ${(error as Error).message}`);
    }
  }
  return { tools, failures };
}

/**
 * Runs the tools in turn, `runs` rounds of each, so that each round's ratios compare runs made
 * close together. A tool that fails is noted in `failures` and not run again.
 */
export async function runRounds(name: string, tools: readonly PreparedTool[], runs: number, failures: string[]): Promise<Run[]> {
  const done: Run[] = [];
  const failed = new Set<ToolName>();
  for (let round = 1; round <= runs; round++) {
    for (const tool of tools.filter((t) => !failed.has(t.tool))) {
      try {
        const measurement = await tool.run();
        done.push({ ...measurement, round });
        log(
          `${name}, run ${round}/${runs}: ${tool.tool.padEnd(16)} ${measurement.seconds.toFixed(2).padStart(8)} s` +
            `  ${Math.round(measurement.statesPerSecond).toLocaleString('en-US').padStart(11)} states/s`,
        );
      } catch (error) {
        failed.add(tool.tool);
        failures.push(`${tool.tool} failed on run ${round}: ${(error as Error).message}`);
      }
    }
  }
  return done;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
