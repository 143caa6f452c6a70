import { readFileSync } from 'node:fs';
import { UsageError, messageOf } from '../../checker/errors.js';
import { CheckReportJson } from '../../checker/report/json.js';
import { replay } from '../../checker/replay.js';
import { writeDiagramFiles } from '../diagram-files.js';
import { loadModel } from '../load-model.js';
import { ExitCode, printJson } from '../output.js';

/**
 * `interleave replay FILE`: re-executes a trace saved by `check --json` (or `--out`) against
 * the model and confirms that the violation reproduces; with `--html` or `--svg`, then draws it.
 */
export async function replayFile(file: string, flags: { model?: string; json?: boolean; html?: string; svg?: string }): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`could not read trace file ${file}: ${messageOf(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`trace file ${file} is not valid JSON: ${messageOf(error)}`);
  }
  const parsed = CheckReportJson.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `trace file ${file} is not an interleave report (as written by check --json): at ${issue.path.join('.') || 'the top'}: ${issue.message}`,
    );
  }
  const report = parsed.data;
  const { model } = await loadModel(flags.model ?? report.modelFile ?? report.model);
  const result = replay(model, report);
  writeDiagramFiles(report, flags, { model });
  if (flags.json) printJson({ format: 'interleave.replay/1', file, ...result });
  else process.stdout.write(`replayed ${result.steps} steps of ${report.model} (variant ${report.variant}): ${result.reproduced}\n`);
  return ExitCode.ok;
}
