/**
 * `npm run bench`: checks the benchmark instances of shared/bench/MODELS.md with interleave,
 * and with SPIN and rumur when they are installed, side by side; prints a table per instance
 * and writes bench/RESULTS.md and bench/results.json. Exits non-zero when a count differs
 * from MODELS.md or a tool fails. Then the bug hunt: time to the first counterexample by
 * breadth-first search, simulation and swarm (its section of RESULTS.md, bench/bug-hunt.json).
 * Flags: --large, --runs N, --only MODEL, --workers N, --bug-hunt (the bug hunt alone).
 *
 * @packageDocumentation
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pc from 'picocolors';
import { parseBenchArgs } from './args.js';
import { tiers } from './instances.js';
import { describeMachine } from './machine.js';
import { measureInstance, type InstanceResult } from './measure.js';
import { sharedBenchDir } from './paths.js';
import { renderInstance, renderSummary, type BenchReport } from './report.js';
import { writeResults } from './results.js';
import { availableTools } from './tools/available.js';
import { huntName, hunts } from './bug-hunt/instances.js';
import { measureHunt, type HuntResult } from './bug-hunt/measure.js';
import { renderBugHunt, writeBugHunt } from './bug-hunt/report.js';

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
  const command = ['npm run bench', ...(args.argv.length > 0 ? ['--', ...args.argv] : [])].join(' ');
  if (args.bugHuntOnly) {
    await bugHunt(args.runs, args.workers, command);
    return 0;
  }
  const sharedDir = sharedBenchDir();
  const available = availableTools();
  for (const hint of available.hints) console.log(pc.yellow(hint));
  const workDir = mkdtempSync(join(tmpdir(), 'interleave-bench-'));
  try {
    const machine = await describeMachine(available, workDir);
    const instances = tiers[args.tier].filter((i) => args.only === undefined || i.family.name === args.only);
    const results: InstanceResult[] = [];
    for (const instance of instances) {
      const result = await measureInstance(instance, { runs: args.runs, workers: args.workers, available, sharedDir, workDir });
      results.push(result);
      console.log(`\n${renderInstance(result, args.runs)}\n`);
    }
    console.log(renderSummary(results));
    const report: BenchReport = {
      date: new Date().toISOString(),
      command,
      tier: args.tier,
      runs: args.runs,
      machine,
      missingTools: available.hints,
      instances: results,
    };
    const written = writeResults(report);
    console.log(`\nWrote ${written.join(' and ')}.`);
    await bugHunt(args.runs, args.workers, command);
    const failures = results.reduce((n, r) => n + r.failures.length, 0);
    const mismatches = results.reduce((n, r) => n + r.mismatches.length, 0);
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
