import { writeFileSync } from 'node:fs';
import { UsageError, messageOf } from '../checker/errors.js';
import { renderHtmlReport, type HtmlReportOptions } from '../checker/report/html.js';
import type { CheckReport } from '../checker/report/json.js';
import { renderSvgReport } from '../checker/report/svg.js';

/** Where to write the drawings of a trace (`--html FILE`, `--svg FILE`). */
export interface DiagramFlags {
  readonly html?: string;
  readonly svg?: string;
}

/**
 * Writes the HTML report and the SVG sequence diagram of a report's trace, as the flags ask.
 * A report without a trace (all properties hold, a limit was hit) is a UsageError naming the flag.
 */
export function writeDiagramFiles(report: CheckReport, flags: DiagramFlags, options: HtmlReportOptions = {}): void {
  const wanted = [
    { flag: '--html', file: flags.html, render: () => renderHtmlReport(report, options) },
    { flag: '--svg', file: flags.svg, render: () => renderSvgReport(report) },
  ].filter((w) => w.file !== undefined);
  for (const { flag } of wanted) {
    if (!report.trace) throw new UsageError(`${flag}: there is no trace to draw (the verdict is ${report.verdict})`);
  }
  for (const { file, render } of wanted) {
    try {
      writeFileSync(file!, render());
    } catch (error) {
      throw new UsageError(`could not write ${file}: ${messageOf(error)}`);
    }
  }
}
