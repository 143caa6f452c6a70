import pc from 'picocolors';
import { checkInParallel } from '../../checker/check.js';
import { describeExpectation } from '../../spec/expectation.js';
import type { Model, VariantSpec } from '../../spec/model.js';
import { describeOutcome, meetsExpectation, type CheckResult } from '../../checker/result.js';
import { formatCount, formatSeconds } from '../../checker/report/format.js';
import { toReport, type CheckReport } from '../../checker/report/json.js';
import { bundled } from '../../models/index.js';
import { InterleaveError, UsageError } from '../../checker/errors.js';
import { interruptOnSignals } from '../interrupt.js';
import { loadModel } from '../load-model.js';
import { searchOptions, workerCount, type CheckFlags } from '../options.js';
import { ExitCode, printJson, useColor } from '../output.js';

const COLUMNS = ['model', 'variant', 'expected', 'found', 'states', 'transitions', 'depth', 'time'] as const;

/** The outcome of a variant that could not be checked at all. */
const NOT_CHECKED = 'not checked';

/** One row of the table: a variant's report, its outcome in a few words, and what its check says about the whole run. */
interface Row {
  readonly report: CheckReport;
  readonly outcome: string;
  readonly status: 'ok' | 'mismatch' | 'incomplete' | 'error';
}

/** Exit codes from the least to the most serious: the run exits with its worst row's. */
const SEVERITY: readonly number[] = [ExitCode.ok, ExitCode.incomplete, ExitCode.violation, ExitCode.error];
const CODE_OF: Record<Row['status'], number> = { ok: ExitCode.ok, incomplete: ExitCode.incomplete, mismatch: ExitCode.violation, error: ExitCode.error };

/**
 * `interleave check --all`: checks every variant of every bundled model (or of one model
 * file) with its default parameters and prints one row each. A variant that cannot be checked
 * (its build fails, say) gets an error row and the others go on. The exit code is the worst
 * row's: 2 for an error, else 1 for a verdict other than the expected one, else 3 for an
 * incomplete check, else 0. SIGINT or SIGTERM end the variant being checked as incomplete and
 * print the table so far.
 */
export async function checkAll(target: string | undefined, flags: CheckFlags): Promise<number> {
  if (flags.param) throw new UsageError('--all checks each variant with its own defaults; drop --param, or check one variant');
  if (flags.variant) throw new UsageError('--all checks every variant; drop --variant, or drop --all');
  if (flags.coverage) throw new UsageError('--coverage prints the table of one check; with --all, what was never enabled is listed under the table, and --json gives every count');
  if (flags.fingerprint) throw new UsageError('--all checks every variant exactly; --fingerprint is for one large check: drop --all, or drop --fingerprint');
  if (flags.out || flags.itf || flags.html || flags.svg) {
    throw new UsageError('--all prints a table (or one JSON document with --json); --out, --itf, --html and --svg are for one check: drop them, or drop --all');
  }
  const workers = workerCount(flags);
  const search = searchOptions(flags);
  const loaded = target ? await loadModel(target) : undefined;
  const variants = (loaded ? [loaded] : bundled).flatMap(({ model, url }) => Object.keys(model.variants).map((variant) => ({ model, url, variant })));
  const rows: Row[] = [];
  const interruption = interruptOnSignals();
  try {
    for (const { model, url, variant } of variants) {
      if (interruption.signal.aborted) break;
      try {
        const result = await checkInParallel(model, { ...search, variant, workers, modelUrl: url, signal: interruption.signal });
        rows.push({ report: toReport(result, loaded?.file), outcome: describeOutcome(result.outcome), status: statusOf(result) });
      } catch (error) {
        if (!(error instanceof InterleaveError)) throw error;
        rows.push({ report: errorReport(model, variant, error.message, loaded?.file), outcome: NOT_CHECKED, status: 'error' });
      }
    }
  } finally {
    interruption.dispose();
  }
  const allAsExpected = rows.every((r) => r.status === 'ok');
  if (flags.json) printJson({ format: 'interleave.check-all/1', allAsExpected, results: rows.map((r) => r.report) });
  else printTable(rows, useColor(flags.color));
  return rows.map((r) => CODE_OF[r.status]).reduce((worst, code) => (SEVERITY.indexOf(code) > SEVERITY.indexOf(worst) ? code : worst), ExitCode.ok);
}

function statusOf(result: CheckResult): Row['status'] {
  if (meetsExpectation(result.outcome, result.expected)) return 'ok';
  if (result.outcome.verdict === 'error') return 'error';
  return result.outcome.verdict === 'incomplete' ? 'incomplete' : 'mismatch';
}

/** The report of a variant that could not be checked at all: no state was explored. */
function errorReport(model: Model, variant: string, explanation: string, modelFile: string | undefined): CheckReport {
  const spec = (model.variants as Record<string, VariantSpec<unknown>>)[variant];
  return {
    format: 'interleave.check/1',
    model: model.name,
    ...(modelFile ? { modelFile } : {}),
    variant,
    params: { ...(spec.params ?? {}) },
    expected: { ...spec.expect },
    verdict: 'error',
    asExpected: false,
    explanation,
    stats: { states: 0, transitions: 0, depth: 0, seconds: 0, statesPerSecond: 0, storeBytes: 0 },
    warnings: [],
    reached: [],
  };
}

function printTable(rows: readonly Row[], color: boolean): void {
  const c = pc.createColors(color);
  const found = ({ outcome, status }: Row): string => ({ ok: `ok ${outcome}`, mismatch: `MISMATCH ${outcome}`, incomplete: outcome, error: `ERROR ${outcome}` })[status];
  const cells = rows.map((row) => {
    const { report: r } = row;
    const stats = row.outcome === NOT_CHECKED ? ['-', '-', '-', '-'] : [formatCount(r.stats.states), formatCount(r.stats.transitions), String(r.stats.depth), formatSeconds(r.stats.seconds)];
    return [r.model, r.variant, describeExpectation(r.expected), found(row), ...stats];
  });
  const out = [table(cells, rows, c), ''];
  for (const { report: r } of rows.filter((row) => row.status === 'error')) out.push(c.red(`error in ${r.model} (variant ${r.variant}): ${r.explanation}`));
  for (const { report: r } of rows.filter((row) => row.report.coverage?.neverEnabled.length)) {
    out.push(c.yellow(`never enabled in ${r.model} (variant ${r.variant}), a likely modelling mistake unless the variant declares it in neverEnabled: ${r.coverage!.neverEnabled.join(', ')}`));
  }
  out.push(summary(rows, c));
  process.stdout.write(`${out.join('\n')}\n`);
}

/** The closing line: every verdict as expected, or how many rows are not, by kind. */
function summary(rows: readonly Row[], c: ReturnType<typeof pc.createColors>): string {
  const count = (status: Row['status']) => rows.filter((r) => r.status === status).length;
  if (count('ok') === rows.length) return c.green(`every verdict is the expected one (${rows.length} variants)`);
  const parts = [
    count('mismatch') && `${count('mismatch')} of ${rows.length} verdicts differ from the expected ones`,
    count('error') && `${count('error')} variant${count('error') === 1 ? '' : 's'} could not be checked`,
    count('incomplete') && `${count('incomplete')} check${count('incomplete') === 1 ? ' is' : 's are'} incomplete`,
  ].filter(Boolean);
  return c.red(parts.join('; '));
}

function table(cells: string[][], rows: readonly Row[], c: ReturnType<typeof pc.createColors>): string {
  const all = [[...COLUMNS], ...cells];
  const numeric = new Set([4, 5, 6, 7]);
  const widths = COLUMNS.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  const paint = (r: string[], i: number) => (rows[i].status === 'ok' ? line(r) : c.red(line(r)));
  return [c.bold(line(all[0])), ...cells.map(paint)].join('\n');
}
