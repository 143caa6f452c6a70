/**
 * `npm run bench`: checks the benchmark instances of shared/bench/MODELS.md with interleave,
 * and with SPIN and rumur when they are installed, side by side; prints a table per instance
 * and writes bench/RESULTS.md and bench/results.json. Exits non-zero when a count differs
 * from MODELS.md or a tool fails. Flags: --large, --runs N, --only MODEL, --workers N.
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

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
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
      command: ['npm run bench', ...(args.argv.length > 0 ? ['--', ...args.argv] : [])].join(' '),
      tier: args.tier,
      runs: args.runs,
      machine,
      missingTools: available.hints,
      instances: results,
    };
    const written = writeResults(report);
    console.log(`\nWrote ${written.join(' and ')}.`);
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

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(pc.red(`bench: ${error instanceof Error ? error.message : String(error)}`));
    process.exit(2);
  },
);
