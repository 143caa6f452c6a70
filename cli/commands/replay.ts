import { readFileSync } from 'node:fs';
import { UsageError, messageOf } from '../../checker/errors.js';
import { CheckReportJson, type CheckReport } from '../../checker/report/json.js';
import { renderHtmlReport } from '../../checker/report/html.js';
import { renderSvgReport } from '../../checker/report/svg.js';
import { replay } from '../../checker/replay.js';
import { bundled } from '../../models/index.js';
import { loadModel, type LoadedModel } from '../load-model.js';
import { ExitCode, printJson } from '../output.js';
import { checkOutputFiles, writeOutputFiles } from '../output-files.js';

/**
 * `interleave replay FILE`: re-executes a trace saved by `check --json` (or `--out`) against
 * the model and confirms that the violation reproduces; with `--html` or `--svg`, then draws it.
 * The model is a bundled one named by the file, or the one `--model` names: never a module the
 * file names, since a trace from elsewhere could name any code.
 */
export async function replayFile(file: string, flags: { model?: string; json?: boolean; html?: string; svg?: string }): Promise<number> {
  checkOutputFiles([
    { flag: '--html', file: flags.html },
    { flag: '--svg', file: flags.svg },
  ]);
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
  const { model } = flags.model === undefined ? modelNamedBy(file, report) : await loadModel(flags.model);
  const result = replay(model, report);
  if (flags.json) printJson({ format: 'interleave.replay/1', file, ...result });
  else process.stdout.write(`replayed ${result.steps} steps of ${report.model} (variant ${report.variant}): ${result.reproduced}\n`);
  writeOutputFiles([
    { flag: '--html', file: flags.html, render: () => renderHtmlReport(report, { model }) },
    { flag: '--svg', file: flags.svg, render: () => renderSvgReport(report) },
  ]);
  return ExitCode.ok;
}

/** The bundled model a trace file names; a model file it names is never imported, only pointed out. */
function modelNamedBy(file: string, report: CheckReport): LoadedModel {
  if (report.modelFile !== undefined) {
    throw new UsageError(
      `trace file ${file} was made from model file ${report.modelFile}; replay does not load a module a trace file names, since it could run any code. ` +
        `If you trust that model file, name it: interleave replay ${file} --model ${report.modelFile}`,
    );
  }
  const found = bundled.find((b) => b.model.name === report.model);
  if (!found) {
    throw new UsageError(
      `trace file ${file} names model "${report.model}", which is not a bundled model (${bundled.map((b) => b.model.name).join(', ')}). Name its model file: interleave replay ${file} --model FILE`,
    );
  }
  return found;
}
