import { UsageError } from '../errors.js';
import type { FieldChange } from '../trace/diff.js';
import { formatValue } from './format.js';
import type { CheckReport } from './json.js';
import { diagramOfReport, isFailure, loopEnd, loopStart, reportTitle, type Diagram, type DiagramStep } from './diagram/diagram.js';
import { defaultLane } from './diagram/lanes.js';

/** How many changed fields a step's note lists before it says how many more there are. */
const MAX_CHANGES = 8;

/**
 * Renders the trace of a check report as a Mermaid sequence diagram, which GitHub and GitLab
 * draw in issues and Markdown files: the same diagram as the SVG's (one participant per actor,
 * each step an arrow from its actor to itself with the fields it changed in a note beside it),
 * headed by the verdict, with a lasso's loop in a `loop` block and the violation, deadlock or
 * model error in a note at the end. With `markdown`, the diagram comes in a ```mermaid fence,
 * ready to paste. Throws a UsageError when the report has no trace.
 */
export function renderMermaidReport(report: CheckReport, options: { markdown?: boolean } = {}): string {
  const diagram = diagramOfReport(report);
  if (!diagram) throw new UsageError(`there is no trace to draw (the verdict is ${report.verdict})`);
  const params = Object.entries(report.params).map(([k, v]) => `${k} = ${formatValue(v)}`);
  const title = `${reportTitle(report)} — ${[`${report.model} (variant ${report.variant})`, ...params].join(', ')}`;
  const lines = mermaidLines(diagram, title, isFailure(report));
  const text = `${lines.join('\n')}\n`;
  return options.markdown ? `\`\`\`mermaid\n${text}\`\`\`\n` : text;
}

/** The diagram's lines: header, participants, the initial state, the steps, the ending. */
function mermaidLines(diagram: Diagram, title: string, bad: boolean): string[] {
  const lanes = diagram.lanes.length > 0 ? diagram.lanes : [defaultLane];
  const id = (lane: number) => `L${lane}`;
  const everyone = lanes.length === 1 ? id(0) : `${id(0)},${id(lanes.length - 1)}`;
  const lines = ['sequenceDiagram', `  title ${mermaidText(title)}`, ...lanes.map((name, i) => `  participant ${id(i)} as ${mermaidText(name)}`)];
  lines.push(`  Note over ${everyone}: ${mermaidText('initial state')}<br/>${fields(diagram.initial)}`);
  const inLoop = diagram.loop !== undefined && diagram.loop < diagram.steps.length;
  diagram.steps.forEach((step, i) => {
    if (inLoop && i === diagram.loop) lines.push(`  loop ${mermaidText(loopStart(diagram).replace(/^↻ the loop: /, ''))}`);
    const indent = inLoop && i >= diagram.loop! ? '    ' : '  ';
    lines.push(...stepLines(step, id(step.lane)).map((l) => indent + l));
  });
  if (inLoop) lines.push('  end');
  if (diagram.loop !== undefined) lines.push(`  Note over ${everyone}: ${mermaidText(loopEnd(diagram))}`);
  for (const ending of diagram.endings) {
    const explanation = ending.explanation ? `<br/>${mermaidText(ending.explanation)}` : '';
    lines.push(`  Note over ${everyone}: ${bad ? '❌ ' : ''}${mermaidText(ending.title)}${explanation}`);
  }
  return lines;
}

/** One step: an arrow from its actor to itself, then what it changed in a note on the right. */
function stepLines(step: DiagramStep, actor: string): string[] {
  const arrow = `${actor}->>${actor}: ${mermaidText(`${step.number}. ${step.label}: ${step.description}`)}`;
  if (step.changes.length === 0) return [arrow];
  const shown = step.changes.slice(0, MAX_CHANGES).map(change);
  const more = step.changes.length - shown.length;
  if (more > 0) shown.push(mermaidText(`… and ${more} more field${more === 1 ? '' : 's'}`));
  return [arrow, `Note right of ${actor}: ${shown.join('<br/>')}`];
}

function change(c: FieldChange): string {
  return mermaidText(`${c.path}: ${formatValue(c.before)} → ${formatValue(c.after)}`);
}

/** A state's top-level fields, one per line. */
function fields(state: unknown): string {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return mermaidText(formatValue(state));
  return Object.entries(state)
    .map(([k, v]) => mermaidText(`${k} = ${formatValue(v)}`))
    .join('<br/>');
}

/**
 * Text as Mermaid shows it literally: `#`, `;` (which ends a statement), `<`, `>`, `&`, `{`, `}`
 * and `%` as Mermaid's entity codes (`#35;`), and line breaks as spaces.
 */
export function mermaidText(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[#;<>&{}%]/g, (ch) => `#${ch.charCodeAt(0)};`);
}
