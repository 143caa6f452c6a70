import type { Model } from '../../spec/model.js';
import type { CheckReport } from './json.js';
import { formatCount, formatSeconds, formatValue } from './format.js';
import { buildDiagram, diagramOfReport, isFailure, reportTitle } from './diagram/diagram.js';
import { escapeMarkup as esc } from './diagram/escape.js';
import { renderDiagramHtml } from './diagram/html.js';
import { diagramCss } from './diagram/style.js';

/** What the HTML report may say beyond the JSON report. */
export interface HtmlReportOptions {
  /** The model, for its summary and the variant's summary and source. */
  readonly model?: Model;
  /** Whether the trace is a shortest one (true for a trace the checker found). */
  readonly shortest?: boolean;
}

/**
 * Renders a check report as one self-contained HTML page (inline CSS, a little optional
 * JavaScript, nothing fetched): the verdict and its explanation, the model, variant and
 * parameters, the command that reproduces it, then its trace as a sequence diagram. The report
 * of a pass draws instead a shortest trace to each reachability check met (the report's
 * `witnesses`); a report with no trace at all (a limit was hit) is the header alone. Every
 * string from the model is escaped.
 */
export function renderHtmlReport(report: CheckReport, options: HtmlReportOptions = {}): string {
  const diagram = diagramOfReport(report);
  const witnesses = diagram ? [] : (report.witnesses ?? []).map((w) => ({ ...w, diagram: buildDiagram(w.trace, [], report.model) }));
  const drawn = [
    ...(diagram ? [renderDiagramHtml(diagram) + notesHtml(report.trace?.notes)] : []),
    ...witnesses.map(
      (w) =>
        `<h2 class="witness">A shortest trace to a state where “${esc(w.property)}” holds (${plural(w.trace.steps.length, 'step')})</h2>\n` +
        renderDiagramHtml(w.diagram, { initialOpen: false }) +
        notesHtml(w.trace.notes),
    ),
  ];
  const title = `${reportTitle(report)}: ${report.model} (${report.variant})`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="interleave">
<title>${esc(title)}</title>
<style>${pageCss}${diagramCss}</style>
</head>
<body>
<main class="report">
${header(report, options, diagram?.lanes.length)}
${drawn.length ? toolbar : ''}
${drawn.join('\n')}
<p class="foot">${esc(statsLine(report))}</p>
</main>
<script>${pageScript}</script>
</body>
</html>
`;
}

const toolbar =
  '<div class="toolbar" hidden><button type="button" data-details="open">Show every state</button> <button type="button" data-details="close">Hide every state</button> <span class="hint">Click a step for its full state; click a lane\'s name to pick out its steps.</span></div>';

/** A trace's notes (a describe function that threw, say), under its diagram. */
function notesHtml(notes: readonly string[] | undefined): string {
  return notes?.length ? `<ul class="notes">${notes.map((n) => `<li>note: ${esc(n)}</li>`).join('')}</ul>` : '';
}

function header(report: CheckReport, options: HtmlReportOptions, lanes: number | undefined): string {
  const steps = report.trace?.steps.length ?? 0;
  const bad = isFailure(report);
  const variant = options.model?.variants[report.variant];
  const rows: [string, string][] = [
    ['model', `<strong>${esc(report.model)}</strong>${options.model ? ` — ${esc(options.model.summary)}` : ''}`],
    ['variant', `<strong>${esc(report.variant)}</strong>${variant ? ` — ${esc(variant.summary)}` : ''}`],
  ];
  if (variant?.source) rows.push(['source', esc(variant.source)]);
  const params = Object.entries(report.params);
  if (params.length) rows.push(['parameters', params.map(([k, v]) => `<code>${esc(k)} = ${esc(formatValue(v))}</code>`).join(', ')]);
  if (lanes !== undefined) rows.push(['trace', `${plural(steps, 'step')}, ${plural(lanes, 'lane')}${traceKind(report, options.shortest ?? false)}`]);
  for (const r of report.reached ?? []) rows.push(['reached', `“${esc(r.property)}” in ${plural(r.steps, 'step')}`]);
  if (bad) rows.push(['expected', expectation(report)]);
  if (bad) rows.push(['reproduce', `<code>${esc(reproduceCommand(report))}</code>`]);
  for (const warning of (report as { warnings?: readonly string[] }).warnings ?? []) rows.push(['note', esc(warning)]);
  const kind = report.verdict === 'violates' && report.propertyKind ? ` <span class="kind">${esc(kindWords[report.propertyKind] ?? report.propertyKind)}</span>` : '';
  return `<header class="head ${bad ? 'bad' : 'plain'}">
<p class="kicker">interleave ${bad ? 'counterexample' : report.trace ? 'trace' : 'check'}</p>
<h1>${esc(reportTitle(report))}${kind}</h1>
${report.explanation ? `<p class="why">${esc(report.explanation)}</p>` : ''}
<dl class="meta">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
</header>`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** What kind of trace it is: a shortest one, or a lasso (a prefix, then a loop repeated forever). */
function traceKind(report: CheckReport, shortest: boolean): string {
  const steps = report.trace?.steps.length ?? 0;
  const loop = (report.trace as { loop?: number } | undefined)?.loop;
  if (loop !== undefined) {
    return ` — a lasso: ${plural(loop, 'step')} to reach the loop, then ${steps === loop ? 'the last state forever' : `${plural(steps - loop, 'step')} repeated forever`}${shortest ? ' (a shortest prefix)' : ''}`;
  }
  return shortest ? ' — a shortest trace: no interleaving reaches this in fewer steps' : '';
}

const kindWords: Record<string, string> = {
  always: 'invariant',
  atEnd: 'in final states',
  sometimes: 'reachability',
  eventually: 'liveness',
  alwaysEventually: 'liveness',
  leadsTo: 'liveness',
};

function expectation(report: CheckReport): string {
  const e = report.expected;
  const declared = e.verdict === 'violates' ? `violates "${e.property}"` : e.verdict;
  return report.asExpected
    ? `the variant declares this outcome (${esc(declared)}): the bug it models`
    : `<strong class="surprise">not what the variant declares</strong> (${esc(declared)})`;
}

/**
 * The command line that gives this report again: the search is deterministic, so it finds the
 * same trace; so is a simulation's walk, given its seed and run.
 */
export function reproduceCommand(report: CheckReport): string {
  const quote = (s: string): string => (/^[\w./=:@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const found = report.simulation?.found;
  const command = found ? (found.search === 'walk' ? 'simulate' : 'swarm') : 'check';
  const args = ['npx', 'interleave', command, report.modelFile ?? report.model, '--variant', report.variant];
  for (const [k, v] of Object.entries(report.params)) args.push('--param', `${k}=${String(v)}`);
  // A walk is found again by its own seed and run; a swarm's depth-first search by the swarm's seed.
  if (found?.search === 'walk') args.push('--seed', String(found.seed), '--depth', String(found.depth), '--runs', String(found.run! + 1));
  else if (found) args.push('--seed', String(report.simulation!.seed));
  return args.map(quote).join(' ');
}

function statsLine(report: CheckReport): string {
  const { states, transitions, depth, seconds } = report.stats;
  if (report.simulation) {
    const { runs, steps } = report.simulation;
    return `Simulation: ${formatCount(runs)} run${runs === 1 ? '' : 's'}, ${formatCount(steps)} step${steps === 1 ? '' : 's'}, deepest ${depth}, ${formatSeconds(seconds)}. Written by interleave.`;
  }
  return `Search: ${formatCount(states)} distinct states, ${formatCount(transitions)} transitions, depth ${depth}, ${formatSeconds(seconds)}. Written by interleave.`;
}

const pageCss = `
*{box-sizing:border-box}
body{margin:0;background:#fff;color:#1f2328;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif}
.report{max-width:1180px;margin:0 auto;padding:20px 24px 40px}
.head{border-left:5px solid #8c959f;padding:2px 0 4px 16px;margin-bottom:18px}
.head.bad{border-left-color:#cf222e}
.kicker{margin:0;text-transform:uppercase;letter-spacing:.06em;font-size:11.5px;color:#59636e;font-weight:600}
h1{margin:2px 0 6px;font-size:22px;line-height:1.25}
.head.bad h1{color:#cf222e}
h1 .kind{font-size:12px;font-weight:600;color:#59636e;border:1px solid #d1d9e0;border-radius:10px;padding:1px 8px;vertical-align:middle;white-space:nowrap}
.why{margin:0 0 12px;font-size:15.5px;max-width:75ch}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;margin:0;font-size:13px}
.meta dt{color:#59636e}
.meta dd{margin:0;overflow-wrap:anywhere}
.meta code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12.5px;background:#f6f8fa;padding:1px 4px;border-radius:4px}
.surprise{color:#9a6700}
.toolbar{margin:0 0 8px;font-size:12.5px;color:#59636e}
.toolbar button{font:inherit;padding:2px 8px;border:1px solid #d1d9e0;border-radius:6px;background:#f6f8fa;cursor:pointer}
.toolbar .hint{margin-left:8px}
.foot{margin-top:18px;color:#59636e;font-size:12px}
h2.witness{margin:22px 0 8px;font-size:16px}
.notes{margin:8px 0 0;padding-left:18px;color:#9a6700;font-size:13px}
.seq thead th.ln{cursor:pointer}
@media print{
  .report{max-width:none;padding:0}
  .toolbar{display:none}
  h1{font-size:17px}
  .why{font-size:12.5px}
  .meta{font-size:10.5px}
  @page{margin:12mm}
}
`;

// Optional: the page reads fully without it.
const pageScript = `
(() => {
  const toolbar = document.querySelector('.toolbar');
  if (!toolbar) return;
  toolbar.hidden = false;
  toolbar.addEventListener('click', (e) => {
    const how = e.target.closest('button')?.dataset.details;
    if (how) document.querySelectorAll('.seq details').forEach((d) => { d.open = how === 'open'; });
  });
  document.querySelectorAll('.seq').forEach((table) => table.addEventListener('click', (e) => {
    const th = e.target.closest('thead th.ln');
    if (th) {
      const lane = table.dataset.focus === th.dataset.lane ? undefined : th.dataset.lane;
      if (lane === undefined) delete table.dataset.focus; else table.dataset.focus = lane;
      table.querySelectorAll('tr.step').forEach((tr) => tr.classList.toggle('dim', lane !== undefined && tr.dataset.lane !== lane));
      return;
    }
    if (e.target.closest('details, a, button') || String(getSelection())) return;
    const details = e.target.closest('tr.step')?.querySelector('details.full');
    if (details) details.open = !details.open;
  }));
})();
`;
