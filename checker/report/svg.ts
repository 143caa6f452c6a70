import { UsageError } from '../errors.js';
import { formatValue } from './format.js';
import type { CheckReport } from './json.js';
import { diagramOfReport, isFailure, reportTitle } from './diagram/diagram.js';
import { renderDiagramSvg } from './diagram/svg.js';

/**
 * Renders the trace of a check report as a standalone SVG sequence diagram, headed by the
 * verdict and the model, variant and parameters. Throws a UsageError when
 * the report has no trace.
 */
export function renderSvgReport(report: CheckReport): string {
  const diagram = diagramOfReport(report);
  if (!diagram) throw new UsageError(`there is no trace to draw (the verdict is ${report.verdict})`);
  const params = Object.entries(report.params).map(([k, v]) => `${k} = ${formatValue(v)}`);
  const steps = diagram.steps.length;
  const context = [`${report.model} (variant ${report.variant})`, ...params, `${steps} step${steps === 1 ? '' : 's'}`].join(', ');
  return renderDiagramSvg(diagram, { title: reportTitle(report), context, bad: isFailure(report) });
}
