/**
 * `npm run bench`: checks the benchmark instances of shared/bench/MODELS.md with interleave,
 * and with SPIN and rumur when they are installed, side by side; prints a table per instance
 * and records the run in bench/RESULTS.md and bench/results.json. Exits non-zero when a count
 * differs from MODELS.md (in the symmetric tier: when a cross-check fails) or a tool fails.
 * After an unreduced tier, the bug hunt: time to the first counterexample by breadth-first
 * search, simulation and swarm (its section of RESULTS.md, bench/bug-hunt.json).
 * Flags: --large, --symmetric, --runs N, --only MODEL, --workers N, --bug-hunt (the bug hunt alone).
 *
 * @packageDocumentation
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pc from 'picocolors';
import { parseBenchArgs, type BenchArgs } from './args.js';
import { tiers, type UnreducedTier } from './instances.js';
import { describeMachine } from './machine.js';
import { measureInstance, type InstanceResult } from './measure.js';
import { sharedBenchDir } from './paths.js';
import { renderInstance, renderSummary, type RunRecord } from './report.js';
import { writeResults, type TierReport } from './results.js';
import { symmetricTier } from './symmetric/instances.js';
import { measureSymmetric, type SymmetricResult } from './symmetric/measure.js';
import { renderSymmetricInstance, renderSymmetricSummary } from './symmetric/report.js';
import { availableTools, type AvailableTools } from './tools/available.js';
import { huntName, hunts } from './bug-hunt/instances.js';
import { measureHunt, type HuntResult } from './bug-hunt/measure.js';
import { renderBugHunt, writeBugHunt } from './bug-hunt/report.js';

/** Where and how a tier runs. */
interface Context {
  readonly args: BenchArgs;
  readonly available: AvailableTools;
  readonly workDir: string;
}

/** Runs an unreduced tier's instances, printing each table as it is done. */
async function runUnreduced(tier: UnreducedTier, { args, available, workDir }: Context): Promise<InstanceResult[]> {
  const sharedDir = sharedBenchDir();
  const results: InstanceResult[] = [];
  for (const instance of tiers[tier].filter((i) => args.only === undefined || i.family.name === args.only)) {
    const result = await measureInstance(instance, { runs: args.runs, workers: args.workers, available, sharedDir, workDir });
    results.push(result);
    console.log(`\n${renderInstance(result, args.runs)}\n`);
  }
  console.log(renderSummary(results));
  return results;
}

/** Runs the symmetric tier's instances, printing each table as it is done. */
async function runSymmetric({ args, available, workDir }: Context): Promise<SymmetricResult[]> {
  const instances = symmetricTier.filter((i) => args.only === undefined || i.family.name === args.only);
  if (instances.length === 0) throw new Error(`the symmetric tier has no instance of ${args.only}; its models are filter and gc_stw`);
  const results: SymmetricResult[] = [];
  for (const instance of instances) {
    const result = await measureSymmetric(instance, { runs: args.runs, available, workDir });
    results.push(result);
    console.log(`\n${renderSymmetricInstance(result, args.runs)}\n`);
  }
  console.log(renderSymmetricSummary(results));
  return results;
}

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
  const command = ['npm run bench', ...(args.argv.length > 0 ? ['--', ...args.argv] : [])].join(' ');
  if (args.bugHuntOnly) {
    await bugHunt(args.runs, args.workers, command);
    return 0;
  }
  const available = availableTools();
  for (const hint of available.hints) console.log(pc.yellow(hint));
  const workDir = mkdtempSync(join(tmpdir(), 'interleave-bench-'));
  try {
    const context = { args, available, workDir };
    const record: Omit<RunRecord, 'tier'> = {
      date: new Date().toISOString(),
      command,
      runs: args.runs,
      machine: await describeMachine(available, workDir),
      missingTools: available.hints,
    };
    const report: TierReport =
      args.tier === 'symmetric'
        ? { ...record, tier: args.tier, instances: await runSymmetric(context) }
        : { ...record, tier: args.tier, instances: await runUnreduced(args.tier, context) };
    const written = writeResults(report);
    console.log(`\nWrote ${written.join(' and ')}.`);
    if (args.tier !== 'symmetric') await bugHunt(args.runs, args.workers, command);
    const failures = report.instances.reduce((n, r) => n + r.failures.length, 0);
    const mismatches = report.instances.reduce((n, r) => n + r.mismatches.length, 0);
    if (failures + mismatches > 0) {
      console.error(pc.red(pc.bold(`\n${mismatches} count mismatch(es) and ${failures} tool failure(s): see above.`)));
      return 1;
    }
    return 0;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The bug hunt: each failing variant with BFS, simulate and swarm; prints its table and writes its section. */
async function bugHunt(runs: number, threads: number, command: string): Promise<void> {
  const results: HuntResult[] = [];
  for (const hunt of hunts) {
    console.log(`\nhunting ${huntName(hunt)} ...`);
    results.push(await measureHunt(hunt, runs, threads));
  }
  console.log(`\n${renderBugHunt(results)}`);
  console.log(`\nWrote ${writeBugHunt(results, command).join(' and ')}.`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(pc.red(`bench: ${error instanceof Error ? error.message : String(error)}`));
    process.exit(2);
  },
);
