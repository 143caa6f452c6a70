import pc from 'picocolors';
import { checkInParallel } from '../../checker/check.js';
import { describeExpectation } from '../../spec/expectation.js';
import { describeOutcome, meetsExpectation } from '../../checker/result.js';
import { formatCount, formatSeconds } from '../../checker/report/format.js';
import { toReport, type CheckReport } from '../../checker/report/json.js';
import { bundled } from '../../models/index.js';
import { UsageError } from '../../checker/errors.js';
import { loadModel } from '../load-model.js';
import { searchOptions, workerCount, type CheckFlags } from '../options.js';
import { ExitCode, printJson, useColor } from '../output.js';

const COLUMNS = ['model', 'variant', 'expected', 'found', 'states', 'transitions', 'depth', 'time'] as const;

/**
 * `interleave check --all`: checks every variant of every bundled model (or of one model
 * file) with its default parameters and prints one row each. Exit 0 only when every verdict
 * is the expected one.
 */
export async function checkAll(target: string | undefined, flags: CheckFlags): Promise<number> {
  if (flags.param) throw new UsageError('--all checks each variant with its own defaults; drop --param, or check one variant');
  if (flags.variant) throw new UsageError('--all checks every variant; drop --variant, or drop --all');
  if (flags.fingerprint) throw new UsageError('--all checks every variant exactly; --fingerprint is for one large check: drop --all, or drop --fingerprint');
  const loaded = target ? await loadModel(target) : undefined;
  const models = loaded ? [loaded] : bundled;
  const color = useColor(flags.color);
  const c = pc.createColors(color);
  const reports: CheckReport[] = [];
  const rows: string[][] = [];
  for (const { model, url } of models) {
    for (const variant of Object.keys(model.variants)) {
      const result = await checkInParallel(model, { variant, workers: workerCount(flags), modelUrl: url, ...searchOptions(flags) });
      reports.push(toReport(result, loaded?.file));
      const ok = meetsExpectation(result.outcome, result.expected);
      const s = result.stats;
      rows.push([
        model.name,
        variant,
        describeExpectation(result.expected),
        `${ok ? 'ok ' : 'MISMATCH '}${describeOutcome(result.outcome)}`,
        formatCount(s.states),
        formatCount(s.transitions),
        String(s.depth),
        formatSeconds(s.seconds),
      ]);
    }
  }
  const allAsExpected = reports.every((r) => r.asExpected);
  if (flags.json) {
    printJson({ format: 'interleave.check-all/1', allAsExpected, results: reports });
  } else {
    process.stdout.write(`${table(rows, c)}\n\n`);
    const mismatches = reports.filter((r) => !r.asExpected).length;
    process.stdout.write(
      allAsExpected
        ? `${c.green(`every verdict is the expected one (${reports.length} variants)`)}\n`
        : `${c.red(`${mismatches} of ${reports.length} verdicts differ from the expected ones`)}\n`,
    );
  }
  return allAsExpected ? ExitCode.ok : ExitCode.violation;
}

function table(rows: string[][], c: ReturnType<typeof pc.createColors>): string {
  const all = [[...COLUMNS], ...rows];
  const numeric = new Set([4, 5, 6, 7]);
  const widths = COLUMNS.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  const paint = (r: string[]) => {
    const text = line(r);
    return r[3].startsWith('MISMATCH') ? c.red(text) : text;
  };
  return [c.bold(line(all[0])), ...rows.map(paint)].join('\n');
}
