import type { FieldChange } from '../../trace/diff.js';
import { loopEnd, loopStart, type Diagram, type DiagramEnding, type DiagramStep } from './diagram.js';
import { escapeMarkup as esc } from './escape.js';
import { laneColors, laneGroups } from './lanes.js';
import { beforeAfterHtml, renderState } from './state.js';

/** How to render a diagram as HTML. */
export interface DiagramHtmlOptions {
  /** Show the initial state's fields open (default: yes). */
  readonly initialOpen?: boolean;
}

/**
 * Renders a sequence diagram as an HTML table (styled by `diagramCss`): a header with one lane
 * per actor, a row for the initial state, one row per step with a dot in the actor's lane, the
 * action's sentence, the fields it changed (before -> after) and its full state in a
 * `<details>` element, then a row for each ending. It needs no JavaScript. Rows carry
 * `data-step` (0 for the initial state) and `data-lane` for scripts that enhance it.
 */
export function renderDiagramHtml(diagram: Diagram, options: DiagramHtmlOptions = {}): string {
  const lanes = diagram.lanes.length;
  const cols = `<colgroup>${'<col class="ln">'.repeat(lanes)}<col class="what"></colgroup>`;
  const head = header(diagram.lanes);
  const rows = [initialRow(diagram, options.initialOpen ?? true)];
  for (const step of diagram.steps) {
    if (diagram.loop !== undefined && step.number === diagram.loop + 1) rows.push(loopRow(lanes, loopStart(diagram)));
    rows.push(stepRow(diagram, step));
  }
  if (diagram.loop !== undefined) rows.push(loopRow(lanes, loopEnd(diagram)));
  rows.push(...diagram.endings.map((ending) => endingRow(lanes, ending)));
  return `<table class="seq" data-lanes="${lanes}" style="${laneWidths(diagram.lanes)}">${cols}${head}<tbody>${rows.join('\n')}</tbody></table>`;
}

/**
 * The header: each lane's name, and for lanes of one family ("thread 0", "thread 1") the
 * family's name once, over their numbers.
 */
function header(lanes: readonly string[]): string {
  const groups = laneGroups(lanes);
  const laneCell = (index: number, label: string, rows = 1): string =>
    `<th class="ln ${color(index)}" scope="col" data-lane="${index}" title="${esc(lanes[index])}"${rows > 1 ? ` rowspan="${rows}"` : ''}><span>${esc(label)}</span></th>`;
  const what = (rows: number): string => `<th class="what" scope="col"${rows > 1 ? ` rowspan="${rows}"` : ''}>what happens</th>`;
  if (groups.every((g) => g.family === undefined)) return `<thead><tr>${lanes.map((name, i) => laneCell(i, name)).join('')}${what(1)}</tr></thead>`;
  const top = groups.map((g) => (g.family === undefined ? laneCell(g.lanes[0].index, g.lanes[0].label, 2) : `<th class="family" scope="colgroup" colspan="${g.lanes.length}">${esc(g.family)}</th>`));
  const bottom = groups.filter((g) => g.family !== undefined).flatMap((g) => g.lanes.map((l) => laneCell(l.index, l.label)));
  return `<thead><tr class="families">${top.join('')}${what(2)}</tr><tr>${bottom.join('')}</tr></thead>`;
}

/** Lanes wide enough for the longest word of any lane's label, on screen and in print. */
function laneWidths(lanes: readonly string[]): string {
  // A short label stays on one line; a longer one may wrap between words.
  const labels = laneGroups(lanes).flatMap((g) => g.lanes.map((l) => l.label));
  const word = Math.max(0, ...labels.map((label) => (label.length <= 10 ? label.length : Math.max(...label.split(/\s+/).map((w) => w.length)))));
  const clamp = (px: number, min: number, max: number): number => Math.round(Math.min(max, Math.max(min, px)));
  return `--lane-width:${clamp(word * 8 + 18, 56, 150)}px;--lane-width-print:${clamp(word * 6.5 + 8, 40, 110)}px`;
}

function color(lane: number): string {
  return `c${lane % laneColors.length}`;
}

function laneCells(count: number, cell: (lane: number) => string): string {
  return Array.from({ length: count }, (_, i) => cell(i)).join('');
}

function initialRow(diagram: Diagram, open: boolean): string {
  const lanes = laneCells(diagram.lanes.length, (i) => `<td class="ln start ${color(i)}"></td>`);
  const fields = renderState(diagram.initial);
  return `<tr class="initial" data-step="0">${lanes}<td class="what"><div class="card"><details${open ? ' open' : ''}><summary><span class="title">Initial state</span></summary>${fields}</details></div></td></tr>`;
}

function stepRow(diagram: Diagram, step: DiagramStep): string {
  const lanes = laneCells(diagram.lanes.length, (i) => {
    if (i === step.lane) return `<td class="ln act ${color(i)}"><span class="dot">${step.number}</span></td>`;
    return `<td class="ln${i > step.lane ? ' pass' : ''} ${color(i)}"></td>`;
  });
  const changes = step.changes.length
    ? `<ul class="changes">${step.changes.map((c) => `<li>${changeHtml(c)}</li>`).join('')}</ul>`
    : '<p class="unchanged">no field changed</p>';
  const card = [
    `<div class="who"><span class="actor">${esc(diagram.lanes[step.lane])}</span> <code class="label">${esc(step.label)}</code></div>`,
    `<p class="sentence">${esc(step.description)}</p>`,
    changes,
    `<details class="full"><summary title="the state after step ${step.number}">full state</summary>${renderState(step.state, step.number === 1 ? diagram.initial : diagram.steps[step.number - 2].state)}</details>`,
  ].join('');
  const cls = `step a${step.lane % laneColors.length}${step.inLoop ? ' loop' : ''}`;
  return `<tr class="${cls}" id="step-${step.number}" data-step="${step.number}" data-lane="${step.lane}">${lanes}<td class="what"><div class="card">${card}</div></td></tr>`;
}

function loopRow(lanes: number, text: string): string {
  return `<tr class="loop-mark"><td colspan="${lanes + 1}">${esc(text)}</td></tr>`;
}

function endingRow(lanes: number, ending: DiagramEnding): string {
  const cells = laneCells(lanes, (i) => `<td class="ln stop ${color(i)}"></td>`);
  return `<tr class="ending ${ending.kind}">${cells}<td class="what"><div class="card"><p class="title">${esc(ending.title)}</p><p class="explanation">${esc(ending.explanation)}</p></div></td></tr>`;
}

/** One change as `path: before -> after`, before and after marked up as `<del>` and `<ins>`. */
export function changeHtml(change: FieldChange): string {
  return `<code class="f">${esc(change.path)}</code> ${beforeAfterHtml(change.before, change.after)}`;
}
