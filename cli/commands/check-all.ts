import pc from 'picocolors';
import { checkInParallel } from '../../checker/check.js';
import type { Model, VariantSpec } from '../../spec/model.js';
import { describeOutcome, meetsExpectation, type CheckResult } from '../../checker/result.js';
import { toReport, type CheckReport } from '../../checker/report/json.js';
import { bundled } from '../../models/index.js';
import { InterleaveError, UsageError } from '../../checker/errors.js';
import { interruptOnSignals } from '../interrupt.js';
import { loadModel } from '../load-model.js';
import { searchOptions, workerCount, type CheckFlags } from '../options.js';
import { ExitCode, printJson, useColor } from '../output.js';
import { NOT_CHECKED, neverEnabledNotes, outputWidth, renderVerdictTable, verdictSummary, type VerdictRow as Row } from '../verdict-table.js';

/** Exit codes from the least to the most serious: the run exits with its worst row's. */
const SEVERITY: readonly number[] = [ExitCode.ok, ExitCode.incomplete, ExitCode.violation, ExitCode.error];
const CODE_OF: Record<Row['status'], number> = { ok: ExitCode.ok, incomplete: ExitCode.incomplete, mismatch: ExitCode.violation, error: ExitCode.error };

/**
 * `interleave check --all`: checks every variant of every bundled model (or of one model
 * file) with its default parameters and prints one row each, in a table fitted to the
 * terminal (`--wide`: the full view; see cli/verdict-table.ts). A variant that cannot be checked
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
  if (flags.out || flags.itf || flags.html || flags.svg || flags.mermaid) {
    throw new UsageError('--all prints a table (or one JSON document with --json); --out, --itf, --html, --svg and --mermaid are for one check: drop them, or drop --all');
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
  else printTable(rows, useColor(flags.color), flags.wide ?? false);
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

/** Prints the table (fitted to the terminal, or the full view with --wide), then the closing line. */
function printTable(rows: readonly Row[], color: boolean, wide: boolean): void {
  const width = outputWidth();
  const table = renderVerdictTable(rows, { color, wide, width });
  const c = pc.createColors(color);
  const notes = neverEnabledNotes(rows, c, wide ? Infinity : width);
  process.stdout.write(`${table}\n\n${notes.map((note) => `${note}\n`).join('')}${verdictSummary(rows, c, wide ? Infinity : width)}\n`);
}
