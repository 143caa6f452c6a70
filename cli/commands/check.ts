import pc from 'picocolors';
import { match } from 'ts-pattern';
import { checkInParallel } from '../../checker/check.js';
import { instantiate } from '../../checker/instance.js';
import { verifySymmetry } from '../../checker/symmetry/verify.js';
import { renderResult } from '../../checker/report/text.js';
import { toReport, type CheckReport } from '../../checker/report/json.js';
import { toItf } from '../../checker/report/itf.js';
import { renderHtmlReport } from '../../checker/report/html.js';
import { renderSvgReport } from '../../checker/report/svg.js';
import { describeOutcome, type CheckResult } from '../../checker/result.js';
import { UsageError } from '../../checker/errors.js';
import { interruptOnSignals } from '../interrupt.js';
import { loadModel } from '../load-model.js';
import { parseParams, positiveInteger, searchOptions, workerCount, type CheckFlags } from '../options.js';
import { ExitCode, printJson, useColor } from '../output.js';
import { checkOutputFiles, jsonFile, mermaidFile, writeOutputFiles } from '../output-files.js';
import { progressLine } from '../progress.js';

/**
 * `interleave check <model>`: checks one variant, prints the verdict (or the shortest trace),
 * then writes the files the flags ask for; their paths are checked before the search, so that
 * no result is lost for want of somewhere to put it. SIGINT or SIGTERM end the search as
 * incomplete, with what it explored printed and saved.
 */
export async function checkOne(target: string, flags: CheckFlags): Promise<number> {
  checkOutputFiles([
    { flag: '--out', file: flags.out },
    { flag: '--itf', file: flags.itf },
    { flag: '--html', file: flags.html },
    { flag: '--svg', file: flags.svg },
    { flag: '--mermaid', file: flags.mermaid },
  ]);
  if (flags.wide) throw new UsageError('--wide is for the table of check --all; drop it, or add --all');
  const workers = workerCount(flags);
  const params = parseParams(flags.param);
  const search = searchOptions(flags);
  const { model, url, file } = await loadModel(target);
  if (flags.verifySymmetry) {
    const verified = verifySymmetry(instantiate(model, flags.variant, parseParams(flags.param), flags.property));
    process.stderr.write(`symmetry verified on ${verified.states} states, under ${verified.permutations.join('; ')}\n`);
  }
  const progress = progressLine({ quiet: flags.quiet ?? false, logEverySeconds: positiveInteger('--log-every', flags.logEvery) });
  const interruption = interruptOnSignals();
  let result: CheckResult;
  try {
    result = await checkInParallel(model, {
      ...search,
      workers,
      modelUrl: url,
      variant: flags.variant,
      params,
      properties: flags.property,
      witnessAll: flags.html !== undefined,
      signal: interruption.signal,
      onProgress: progress.onProgress,
      progressEveryMs: progress.everyMs,
    });
  } finally {
    interruption.dispose();
    progress.done();
  }
  const report = toReport(result, file);
  printVerdict(result, report, flags);
  const skipped = writeOutputFiles([
    { flag: '--out', file: flags.out, render: () => jsonFile(report) },
    { flag: '--itf', file: flags.itf, render: () => report.trace && jsonFile(toItf(result, report.trace, file)) },
    { flag: '--html', file: flags.html, render: () => renderHtmlReport(report, { model, shortest: true }) },
    { flag: '--svg', file: flags.svg, render: () => report.trace && renderSvgReport(report) },
    { flag: '--mermaid', file: flags.mermaid, render: () => mermaidFile(report, flags.mermaid) },
  ]);
  const hint = result.outcome.verdict === 'holds' ? '; --html writes the report of a pass, with a shortest trace to each reachability check met' : '';
  for (const { flag, file: unwritten } of skipped) {
    process.stderr.write(`note: ${flag}: nothing written to ${unwritten}: the check found no trace (${describeOutcome(result.outcome)})${hint}\n`);
  }
  return exitCodeOf(result);
}

/** Prints the result on stdout: the JSON report, or the text report and a note when it is not the variant's expected verdict. */
function printVerdict(result: CheckResult, report: CheckReport, flags: CheckFlags): void {
  if (flags.json) return printJson(report);
  const color = useColor(flags.color);
  process.stdout.write(`${renderResult(result, { color, full: flags.full, coverage: flags.coverage })}\n`);
  // The expectation speaks of all properties with the variant's defaults, so a check of
  // some properties, or with other parameters, is not measured against it.
  const comparable = !flags.property && !flags.param && ['holds', 'violates', 'deadlocks'].includes(result.outcome.verdict);
  if (comparable && !report.asExpected) {
    const e = result.expected;
    const expected = e.verdict === 'violates' ? `violates ${e.property}` : e.verdict;
    process.stdout.write(`${pc.createColors(color).yellow(`note: variant ${result.variant} is expected to get "${expected}"`)}\n`);
  }
}

/** The exit code of one check: 0 holds, 1 violation or deadlock, 2 model error, 3 incomplete. */
export function exitCodeOf(result: CheckResult): number {
  return match(result.outcome.verdict)
    .with('holds', () => ExitCode.ok)
    .with('violates', 'deadlocks', () => ExitCode.violation)
    .with('error', () => ExitCode.error)
    .with('incomplete', () => ExitCode.incomplete)
    .exhaustive();
}
