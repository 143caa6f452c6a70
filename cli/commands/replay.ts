import { readFileSync } from 'node:fs';
import { UsageError, messageOf } from '../../checker/errors.js';
import { CheckReportJson, type CheckReport } from '../../checker/report/json.js';
import { fromItf, ItfTraceJson, type ReplayInput } from '../../checker/report/itf.js';
import { renderHtmlReport } from '../../checker/report/html.js';
import { renderSvgReport } from '../../checker/report/svg.js';
import { replay } from '../../checker/replay.js';
import { bundled } from '../../models/index.js';
import { loadModel, type LoadedModel } from '../load-model.js';
import { ExitCode, printJson } from '../output.js';
import { checkOutputFiles, mermaidFile, writeOutputFiles } from '../output-files.js';

/**
 * `interleave replay FILE`: re-executes a trace saved by `check --json` (or `--out`), or an ITF
 * trace saved by `check --itf`, against the model and confirms that the violation reproduces;
 * with `--html`, `--svg` or `--mermaid`, then draws it (from a JSON report).
 * The model is a bundled one named by the file, or the one `--model` names: never a module the
 * file names, since a trace from elsewhere could name any code.
 */
export async function replayFile(file: string, flags: { model?: string; json?: boolean; html?: string; svg?: string; mermaid?: string }): Promise<number> {
  checkOutputFiles([
    { flag: '--html', file: flags.html },
    { flag: '--svg', file: flags.svg },
    { flag: '--mermaid', file: flags.mermaid },
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
  const itf = isItf(data);
  const report = itf ? readItf(file, data) : readReport(file, data);
  if (itf && (flags.html || flags.svg || flags.mermaid)) {
    throw new UsageError(`--html, --svg and --mermaid draw a JSON report, which an ITF trace is not: save one with check --out FILE, or replay ${file} without them`);
  }
  const { model } = flags.model === undefined ? modelNamedBy(file, report) : await loadModel(flags.model);
  const result = replay(model, report);
  if (flags.json) printJson({ format: 'interleave.replay/1', file, ...result });
  else process.stdout.write(`replayed ${result.steps} steps of ${report.model} (variant ${report.variant}): ${result.reproduced}\n`);
  if (!itf) {
    const full = report as CheckReport;
    writeOutputFiles([
      { flag: '--html', file: flags.html, render: () => renderHtmlReport(full, { model }) },
      { flag: '--svg', file: flags.svg, render: () => renderSvgReport(full) },
      { flag: '--mermaid', file: flags.mermaid, render: () => mermaidFile(full, flags.mermaid) },
    ]);
  }
  return ExitCode.ok;
}

/** Whether a file's data is an ITF trace (`vars` and `states`) rather than a JSON report. */
function isItf(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'states' in data && 'vars' in data && !('format' in data);
}

/** A JSON report, validated by its schema. */
function readReport(file: string, data: unknown): CheckReport {
  const parsed = CheckReportJson.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `trace file ${file} is not an interleave report (as written by check --json) nor an ITF trace (as written by check --itf): at ${issue.path.join('.') || 'the top'}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/** An ITF trace, validated by its schema, then decoded. */
function readItf(file: string, data: unknown): ReplayInput {
  const parsed = ItfTraceJson.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`trace file ${file} is not an ITF trace as interleave check --itf writes it: at ${issue.path.join('.') || 'the top'}: ${issue.message}`);
  }
  try {
    return fromItf(parsed.data);
  } catch (error) {
    throw new UsageError(`ITF trace file ${file}: ${messageOf(error)}`);
  }
}

/** The bundled model a trace file names; a model file it names is never imported, only pointed out. */
function modelNamedBy(file: string, report: ReplayInput): LoadedModel {
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
