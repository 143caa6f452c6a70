import type { Model } from '../spec/model.js';
import { UsageError } from '../checker/errors.js';
import { toItf } from '../checker/report/itf.js';
import { toReport } from '../checker/report/json.js';
import { renderResult } from '../checker/report/text.js';
import type { SimulationResult } from '../checker/simulate/simulate.js';
import { exitCodeOf } from './commands/check.js';
import { writeDiagramFiles } from './diagram-files.js';
import type { SimulationFlags } from './simulation-options.js';
import { printJson, useColor, writeJsonFile } from './output.js';

/**
 * Prints a simulation's or a swarm's result as `check` prints a check's (text, or `--json`), and
 * writes the files the flags ask for (`--out`, `--itf`, `--html`, `--svg`); returns the exit
 * code: 1 for a violation or a deadlock, 2 for a model error, 3 when nothing was found.
 */
export function emitSimulation(result: SimulationResult, flags: SimulationFlags, source: { model: Model; file?: string }): number {
  const report = toReport(result, source.file);
  if (flags.out) writeJsonFile(flags.out, report);
  if (flags.itf) {
    if (!report.trace) throw new UsageError(`--itf: there is no trace to write (the verdict is ${result.outcome.verdict})`);
    writeJsonFile(flags.itf, toItf(result, report.trace));
  }
  writeDiagramFiles(report, flags, { model: source.model, shortest: false });
  if (flags.json) printJson(report);
  else process.stdout.write(`${renderResult(result, { color: useColor(flags.color), full: flags.full })}\n`);
  return exitCodeOf(result);
}
