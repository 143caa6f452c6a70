import pc from 'picocolors';
import { match } from 'ts-pattern';
import { checkInParallel } from '../../checker/check.js';
import { instantiate } from '../../checker/instance.js';
import { verifySymmetry } from '../../checker/symmetry/verify.js';
import { UsageError } from '../../checker/errors.js';
import { renderResult } from '../../checker/report/text.js';
import { toReport } from '../../checker/report/json.js';
import { toItf } from '../../checker/report/itf.js';
import type { CheckResult } from '../../checker/result.js';
import { writeDiagramFiles } from '../diagram-files.js';
import { loadModel } from '../load-model.js';
import { parseParams, searchOptions, workerCount, type CheckFlags } from '../options.js';
import { ExitCode, printJson, useColor, writeJsonFile } from '../output.js';
import { progressLine } from '../progress.js';

/** `interleave check <model>`: checks one variant and prints the verdict or the shortest trace. */
export async function checkOne(target: string, flags: CheckFlags): Promise<number> {
  const { model, url, file } = await loadModel(target);
  if (flags.verifySymmetry) {
    const verified = verifySymmetry(instantiate(model, flags.variant, parseParams(flags.param), flags.property));
    process.stderr.write(`symmetry verified on ${verified.states} states, under ${verified.permutations.join('; ')}\n`);
  }
  const progress = progressLine(flags.quiet ?? false);
  let result: CheckResult;
  try {
    result = await checkInParallel(model, {
      workers: workerCount(flags),
      modelUrl: url,
      variant: flags.variant,
      params: parseParams(flags.param),
      properties: flags.property,
      ...searchOptions(flags),
      onProgress: progress.onProgress,
    });
  } finally {
    progress.done();
  }
  const report = toReport(result, file);
  if (flags.out) writeJsonFile(flags.out, report);
  if (flags.itf) {
    if (!report.trace) throw new UsageError(`--itf: there is no trace to write (the verdict is ${result.outcome.verdict})`);
    writeJsonFile(flags.itf, toItf(result, report.trace));
  }
  writeDiagramFiles(report, flags, { model, shortest: true });
  if (flags.json) printJson(report);
  else {
    const color = useColor(flags.color);
    process.stdout.write(`${renderResult(result, { color, full: flags.full })}\n`);
    // The expectation speaks of all properties with the variant's defaults, so a check of
    // some properties, or with other parameters, is not measured against it.
    const comparable = !flags.property && !flags.param && ['holds', 'violates', 'deadlocks'].includes(result.outcome.verdict);
    if (comparable && !report.asExpected) {
      const c = pc.createColors(color);
      process.stdout.write(`${c.yellow(`note: variant ${result.variant} is expected to get "${describe(result)}"`)}\n`);
    }
  }
  return exitCodeOf(result);
}

function describe(result: CheckResult): string {
  const e = result.expected;
  return e.verdict === 'violates' ? `violates ${e.property}` : e.verdict;
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
