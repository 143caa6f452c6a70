import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir } from './paths.js';
import { renderMarkdown, type BenchReport } from './report.js';

/** Writes bench/RESULTS.md (the tables) and bench/results.json (every run's raw figures); returns their paths. */
export function writeResults(report: BenchReport): string[] {
  const markdown = join(benchDir, 'RESULTS.md');
  const json = join(benchDir, 'results.json');
  writeFileSync(markdown, `${renderMarkdown(report)}\n`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  return [markdown, json];
}
