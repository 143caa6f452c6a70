import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tier } from './instances.js';
import { benchDir } from './paths.js';
import { renderMarkdown, type BenchReport } from './report.js';
import { renderSymmetricMarkdown, type SymmetricReport } from './symmetric/report.js';

/** A run of any tier. */
export type TierReport = BenchReport | SymmetricReport;

/** results.json: the latest run of each tier. */
interface ResultsFile {
  readonly tiers: Partial<Record<Tier, TierReport>>;
}

const tierOrder: readonly Tier[] = ['medium', 'large', 'symmetric'];

/**
 * Records a tier's run: replaces that tier's entry in bench/results.json (every run's raw
 * figures) and rewrites bench/RESULTS.md with one section per tier, from the latest run of
 * each, so that running one tier keeps the others' results. Returns the paths written.
 */
export function writeResults(report: TierReport): string[] {
  const markdown = join(benchDir, 'RESULTS.md');
  const json = join(benchDir, 'results.json');
  const previous: Partial<ResultsFile> = existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as Partial<ResultsFile>) : {};
  const tiers = { ...previous.tiers, [report.tier]: report };
  const sections = tierOrder.flatMap((tier) => {
    const run = tiers[tier];
    if (!run) return [];
    return [run.tier === 'symmetric' ? renderSymmetricMarkdown(run) : renderMarkdown(run)];
  });
  const header = ['# Benchmark results', '', 'The latest run of each tier. See bench/README.md for what is measured and how to read the ratios.', ''];
  writeFileSync(markdown, `${[...header, ...sections].join('\n')}\n`);
  writeFileSync(json, `${JSON.stringify({ tiers } satisfies ResultsFile, null, 2)}\n`);
  return [markdown, json];
}
