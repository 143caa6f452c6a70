import type { Model } from '../spec/model.js';
import { toItf } from '../checker/report/itf.js';
import { toReport } from '../checker/report/json.js';
import { renderHtmlReport } from '../checker/report/html.js';
import { renderSvgReport } from '../checker/report/svg.js';
import { renderResult } from '../checker/report/text.js';
import type { SimulationResult } from '../checker/simulate/simulate.js';
import { exitCodeOf } from './commands/check.js';
import type { SimulationFlags } from './simulation-options.js';
import { printJson, useColor } from './output.js';
import { checkOutputFiles, jsonFile, mermaidFile, writeOutputFiles, type OutputFile } from './output-files.js';

/** The files a simulation's flags name, checked before it runs (see `checkOutputFiles`). */
export function checkSimulationOutputs(flags: SimulationFlags): void {
  checkOutputFiles(outputsOf(flags));
}

/**
 * Prints a simulation's or a swarm's result as `check` prints a check's (text, or `--json`), and
 * writes the files the flags ask for (`--out`, `--itf`, `--html`, `--svg`, `--mermaid`); returns the exit
 * code: 1 for a violation or a deadlock, 2 for a model error, 3 when nothing was found.
 */
export function emitSimulation(result: SimulationResult, flags: SimulationFlags, source: { model: Model; file?: string }): number {
  const report = toReport(result, source.file);
  if (flags.json) printJson(report);
  else process.stdout.write(`${renderResult(result, { color: useColor(flags.color), full: flags.full })}\n`);
  const skipped = writeOutputFiles(
    outputsOf(flags, {
      out: () => jsonFile(report),
      itf: () => report.trace && jsonFile(toItf(result, report.trace, source.file)),
      html: () => report.trace && renderHtmlReport(report, { model: source.model, shortest: false }),
      svg: () => report.trace && renderSvgReport(report),
      mermaid: () => mermaidFile(report, flags.mermaid),
    }),
  );
  for (const { flag, file } of skipped) process.stderr.write(`note: ${flag}: nothing written to ${file}: no counterexample was found\n`);
  return exitCodeOf(result);
}

type Renderers = Record<'out' | 'itf' | 'html' | 'svg' | 'mermaid', () => string | undefined>;

function outputsOf(flags: SimulationFlags, render?: Renderers): OutputFile[] {
  const none = (): undefined => undefined;
  return (['out', 'itf', 'html', 'svg', 'mermaid'] as const).map((key) => ({ flag: `--${key}`, file: flags[key], render: render?.[key] ?? none }));
}
