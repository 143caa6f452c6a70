import type { FieldChange } from '../../trace/diff.js';
import { formatValue } from '../format.js';
import { loopEnd, loopStart, type Diagram, type DiagramEnding, type DiagramStep } from './diagram.js';
import { escapeMarkup as esc } from './escape.js';
import { laneColor, laneGroups } from './lanes.js';
import { monoEm, textWidth, wrapRuns, wrapText, type Run } from './text-width.js';

/** The heading of a standalone diagram. */
export interface SvgHeading {
  /** The title: "Violated: mutual exclusion". */
  readonly title: string;
  /** One line of context: the model, the variant, the parameters. */
  readonly context: string;
  /** Whether the title names something that went wrong (drawn in red). */
  readonly bad: boolean;
}

const M = 20; // margin
const TEXT_W = 620; // the column of sentences
const SENTENCE = { size: 14, line: 19 };
const CHANGE = { size: 12, line: 17 };
const Y = 14; // the dot's height within a row
const sans = "Verdana, 'DejaVu Sans', 'Bitstream Vera Sans', sans-serif";
const mono = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace";

const style = `
text{font-family:${sans};fill:#1f2328}
.mono{font-family:${mono}}
.muted{fill:#59636e}
.title{font-size:18px;font-weight:bold}
.bad{fill:#cf222e}
.lane{font-size:12px;font-weight:bold;text-anchor:middle}
.who{font-size:12px;font-weight:bold}
.label{font-size:11px}
.sentence{font-size:${SENTENCE.size}px}
.change{font-size:${CHANGE.size}px}
.f{font-weight:bold}
.old{fill:#82071e}
.new{fill:#116329;font-weight:bold}
.end{font-size:15px;font-weight:bold}
.n{font-size:10px;font-weight:bold;fill:#fff;text-anchor:middle}
.loop{fill:#8250df;font-size:12px;font-weight:bold}`;

/**
 * Renders a sequence diagram as a standalone SVG document, for docs and issues: the heading
 * (the verdict; its explanation is the ending), one lane per actor with its lifeline, a numbered dot where the actor acts joined to the
 * step's sentence and changed fields, the initial state's fields, and the endings in red.
 * Text is wrapped by conservative width estimates and no font is fetched; each step carries
 * its full state as a tooltip (`<title>`).
 */
export function renderDiagramSvg(diagram: Diagram, heading: SvgHeading): string {
  const laneW = laneWidth(diagram.lanes);
  const textX = M + diagram.lanes.length * laneW + 12;
  const width = textX + TEXT_W + M;
  const center = (lane: number): number => M + lane * laneW + laneW / 2;
  const out: string[] = [];
  let y = M;

  // Heading.
  const headW = width - 2 * M;
  for (const line of wrapText(heading.title, headW, 18, true)) out.push(text(M, (y += 22), line, `title${heading.bad ? ' bad' : ''}`));
  for (const line of wrapText(heading.context, headW, 12)) out.push(text(M, (y += 18), line, 'change muted'));
  y += 16;

  // Lane names: a family's name once over its lanes' numbers, any other lane's name on its own.
  const groups = laneGroups(diagram.lanes);
  const families = groups.some((g) => g.family !== undefined);
  if (families) {
    for (const g of groups.filter((g) => g.family !== undefined)) {
      const left = center(g.lanes[0].index) - laneW / 2 + 6;
      const right = center(g.lanes[g.lanes.length - 1].index) + laneW / 2 - 6;
      out.push(text((left + right) / 2, y + 14, g.family!, 'lane'));
      out.push(`<path d="M${left} ${y + 26}v-5h${right - left}v5" fill="none" stroke="#d1d9e0"/>`);
    }
    y += 26;
  }
  const labels = groups.flatMap((g) => g.lanes.map((l) => ({ ...l, lines: wrapText(l.label, laneW - 8, 12, true).slice(0, 3) })));
  const nameLines = Math.max(1, ...labels.map((l) => l.lines.length));
  for (const { index, lines } of labels) {
    lines.forEach((line, k) => out.push(text(center(index), y + 14 + (nameLines - lines.length + k) * 15, line, 'lane', laneColor(index))));
    out.push(`<rect x="${center(index) - laneW / 2 + 6}" y="${y + nameLines * 15 + 5}" width="${laneW - 12}" height="3" fill="${laneColor(index)}"/>`);
  }
  y += nameLines * 15 + 18;
  const lifelineTop = y;

  // Rows.
  const rows: string[] = [];
  y = initialRow(diagram, rows, textX, y);
  diagram.steps.forEach((step, i) => {
    if (diagram.loop === i) y = loopRow(rows, loopStart(diagram), textX, y);
    y = stepRow(diagram, step, rows, textX, center(step.lane), y);
  });
  if (diagram.loop !== undefined) y = loopRow(rows, loopEnd(diagram), textX, y);
  const lifelineEnd = diagram.endings.length ? y + Y + 4 : y;
  for (const ending of diagram.endings) y = endingRow(ending, rows, textX, y);

  const lifelines = diagram.lanes.map(
    (_, i) => `<line x1="${center(i)}" y1="${lifelineTop}" x2="${center(i)}" y2="${lifelineEnd}" stroke="${laneColor(i)}" stroke-opacity="0.5" stroke-width="1.5" stroke-dasharray="5 4"/>`,
  );
  const height = y + M;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">
<title>${esc(heading.title)}</title>
<style>${style}</style>
<rect width="100%" height="100%" fill="#fff"/>
${out.join('\n')}
${lifelines.join('\n')}
${rows.join('\n')}
</svg>
`;
}

function laneWidth(lanes: readonly string[]): number {
  const labels = laneGroups(lanes).flatMap((g) => g.lanes.map((l) => l.label));
  const word = Math.max(0, ...labels.flatMap((label) => (label.length <= 10 ? [label] : label.split(/\s+/)).map((w) => textWidth(w, 12, true))));
  return Math.round(Math.min(150, Math.max(56, word + 14)));
}

function text(x: number, y: number, content: string, cls: string, fill?: string): string {
  return `<text x="${round(x)}" y="${round(y)}" class="${cls}"${fill ? ` style="fill:${fill}"` : ''}>${esc(content)}</text>`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function runsText(x: number, y: number, runs: readonly Run[], cls: string): string {
  return `<text x="${x}" y="${y}" class="${cls}" xml:space="preserve">${runs.map((r) => `<tspan class="${r.cls}">${esc(r.text)}</tspan>`).join('')}</text>`;
}

const columns = (size: number): number => Math.floor((TEXT_W - 16) / (size * monoEm));

function initialRow(diagram: Diagram, out: string[], x: number, y: number): number {
  const fields = topLevel(diagram.initial).flatMap(([k, v]) => wrapRuns([{ text: k, cls: 'f' }, { text: ` = ${v}`, cls: '' }], columns(CHANGE.size)));
  const h = 10 + 16 + fields.length * CHANGE.line + 8;
  out.push(`<rect x="${x}" y="${y + 2}" width="3" height="${h - 6}" fill="#d1d9e0"/>`);
  out.push(text(x + 12, y + Y + 4, 'Initial state', 'who'));
  fields.forEach((runs, k) => out.push(runsText(x + 12, y + 26 + 4 + (k + 1) * CHANGE.line - 4, runs, 'change mono')));
  return y + h;
}

function stepRow(diagram: Diagram, step: DiagramStep, out: string[], x: number, dotX: number, y: number): number {
  const color = laneColor(step.lane);
  const sentence = wrapText(step.description, TEXT_W - 16, SENTENCE.size);
  const changes = step.changes.length === 0 ? [[{ text: 'no field changed', cls: 'muted' }]] : step.changes.flatMap((c) => changeRuns(c));
  const h = 18 + sentence.length * SENTENCE.line + 4 + changes.length * CHANGE.line + 12;
  const g = [`<g class="step" id="step-${step.number}"><title>${esc(`Step ${step.number}: state after it\n${topLevel(step.state).map(([k, v]) => `${k} = ${v}`).join('\n')}`)}</title>`];
  g.push(`<line x1="${dotX}" y1="${y + Y}" x2="${x}" y2="${y + Y}" stroke="${color}" stroke-width="2"/>`);
  g.push(`<circle cx="${dotX}" cy="${y + Y}" r="10" fill="${color}"/>`);
  g.push(text(dotX, y + Y + 3.5, String(step.number), 'n'));
  g.push(`<rect x="${x}" y="${y + 2}" width="3" height="${h - 8}" fill="${color}"/>`);
  const actor = diagram.lanes[step.lane];
  g.push(text(x + 12, y + Y + 4, actor, 'who', color));
  g.push(text(x + 12 + textWidth(actor, 12, true) + 8, y + Y + 4, step.label, 'label mono muted'));
  let ty = y + 18;
  for (const line of sentence) g.push(text(x + 12, (ty += SENTENCE.line), line, 'sentence'));
  ty += 4;
  for (const runs of changes) g.push(runsText(x + 12, (ty += CHANGE.line), runs, 'change mono'));
  g.push('</g>');
  out.push(g.join('\n'));
  return y + h;
}

/** One change as styled monospaced lines: `path before -> after`, wrapped to the column. */
function changeRuns(change: FieldChange): Run[][] {
  const runs = [
    { text: change.path, cls: 'f' },
    { text: ' ', cls: '' },
    { text: formatValue(change.before), cls: 'old' },
    { text: ' → ', cls: 'muted' },
    { text: formatValue(change.after), cls: 'new' },
  ];
  return wrapRuns(runs, columns(CHANGE.size));
}

function loopRow(out: string[], label: string, x: number, y: number): number {
  out.push(`<line x1="${M}" y1="${y + 4}" x2="${x + TEXT_W}" y2="${y + 4}" stroke="#8250df" stroke-dasharray="3 3"/>`);
  out.push(text(x + 12, y + 20, label, 'loop'));
  return y + 30;
}

function endingRow(ending: DiagramEnding, out: string[], x: number, y: number): number {
  const lines = wrapText(ending.explanation, TEXT_W - 24, SENTENCE.size);
  const h = 10 + 20 + lines.length * SENTENCE.line + 12;
  out.push(`<line x1="${M}" y1="${y + Y + 4}" x2="${x}" y2="${y + Y + 4}" stroke="#cf222e" stroke-width="3"/>`);
  out.push(`<rect x="${x}" y="${y + 4}" width="${TEXT_W}" height="${h}" rx="6" fill="#ffebe9"/>`);
  out.push(`<rect x="${x}" y="${y + 4}" width="3" height="${h}" fill="#cf222e"/>`);
  out.push(text(x + 12, y + 26, ending.title, 'end bad'));
  let ty = y + 28;
  for (const line of lines) out.push(text(x + 12, (ty += SENTENCE.line), line, 'sentence'));
  return y + h + 8;
}

function topLevel(state: unknown): [string, string][] {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return [['state', formatValue(state)]];
  return Object.entries(state).map(([k, v]) => [k, formatValue(v)]);
}
