import { formatValue } from '../../checker/report/format.js';
import { escapeMarkup as esc } from '../../checker/report/diagram/escape.js';
import { diagramCss } from '../../checker/report/diagram/style.js';
import { clientScript } from './client.js';

/** What the explorer's page says about the model it explores. */
export interface PageInfo {
  readonly model: string;
  readonly summary: string;
  readonly variant: string;
  readonly variantSummary: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** How many initial states the model has (the page offers a choice when there are several). */
  readonly initialStates: number;
}

/**
 * The explorer's one HTML page, with its style and script inline: a bar with the model and
 * the commands (back, restart, shortest counterexample, copy and download the path as JSON),
 * the path so far as a sequence diagram, and beside it how the current state stands, the
 * enabled actions, the properties and the state. The script fills it from the JSON API.
 */
export function explorerPage(info: PageInfo): string {
  const params = Object.entries(info.params).map(([k, v]) => `${k} = ${formatValue(v)}`).join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>interleave explorer: ${esc(info.model)} (${esc(info.variant)})</title>
<style>${pageCss}${diagramCss}</style>
</head>
<body data-model="${esc(info.model)}" data-variant="${esc(info.variant)}" data-initial-states="${info.initialStates}">
<header class="bar">
  <div class="ident">
    <span class="kicker">interleave explorer</span>
    <strong class="model" title="${esc(info.summary)}">${esc(info.model)}</strong>
    <span class="variant" title="${esc(info.variantSummary)}">variant ${esc(info.variant)}</span>
    ${params ? `<code class="params">${esc(params)}</code>` : ''}
  </div>
  <nav class="commands">
    <button type="button" id="back" title="Backspace">← Back</button>
    <button type="button" id="restart">Restart</button>
    <label id="init-picker" hidden>start from <select id="init"></select></label>
    <button type="button" id="counterexample" class="primary">Shortest counterexample</button>
    <button type="button" id="copy">Copy JSON</button>
    <button type="button" id="download">Download JSON</button>
  </nav>
</header>
<p class="about">${esc(info.variantSummary)}</p>
<div id="message" role="status" hidden></div>
<main class="layout">
  <section class="path" aria-label="the path so far">
    <h2>Path <span id="steps" class="count"></span></h2>
    <div id="diagram"></div>
  </section>
  <aside class="side">
    <div id="verdict" class="verdict" role="status"><p class="title"></p><p class="explanation"></p></div>
    <section aria-label="enabled actions">
      <h2>Next step <span class="hint">click one, or press its number; Backspace goes back</span></h2>
      <ol id="choices"></ol>
      <details id="disabled-box"><summary></summary><p id="disabled"></p></details>
    </section>
    <section aria-label="properties">
      <h2>Properties</h2>
      <ul id="properties"></ul>
    </section>
    <section aria-label="current state">
      <h2 id="state-title">State</h2>
      <div id="state"></div>
    </section>
  </aside>
</main>
<noscript><p class="about">The explorer needs JavaScript.</p></noscript>
<script>${clientScript}</script>
</body>
</html>
`;
}

const pageCss = `
*{box-sizing:border-box}
body{margin:0;background:#f6f8fa;color:#1f2328;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12.5px}
.bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px 16px;padding:10px 20px;background:#fff;border-bottom:1px solid #d1d9e0}
.ident{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 10px}
.kicker{text-transform:uppercase;letter-spacing:.06em;font-size:11px;color:#59636e;font-weight:600}
.model{font-size:16px}
.variant{color:#59636e}
.params{background:#f6f8fa;border-radius:4px;padding:1px 5px}
.commands{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
button,select{font:inherit;font-size:13px;padding:4px 10px;border:1px solid #d1d9e0;border-radius:6px;background:#f6f8fa;color:#1f2328;cursor:pointer}
button:hover:not(:disabled){background:#eaeef2}
button:disabled{opacity:.45;cursor:default}
button.primary{background:#1f883d;border-color:#1a7f37;color:#fff}
button.primary:hover:not(:disabled){background:#1a7f37}
#init-picker{font-size:13px;color:#59636e}
.about{margin:10px 20px 0;color:#59636e;font-size:13px}
#message{margin:10px 20px 0;padding:8px 12px;border-radius:6px;background:#ddf4ff;border:1px solid #54aeff66}
#message.error{background:#ffebe9;border-color:#ff818266;color:#82071e}
.layout{display:grid;grid-template-columns:minmax(0,1.35fr) minmax(380px,1fr);gap:18px;padding:14px 20px 40px;align-items:start}
.layout>section,.side>section,.verdict{background:#fff;border:1px solid #d1d9e0;border-radius:8px;padding:10px 14px}
.side{display:flex;flex-direction:column;gap:12px;position:sticky;top:12px;max-height:calc(100vh - 24px);overflow:auto}
h2{font-size:13px;text-transform:uppercase;letter-spacing:.05em;color:#59636e;margin:2px 0 8px}
h2 .count{text-transform:none;letter-spacing:0;font-weight:500}
h2 .hint{text-transform:none;letter-spacing:0;font-weight:400;font-size:12px;margin-left:6px}
.verdict{border-left:5px solid #8c959f}
.verdict .title{margin:0;font-weight:700;font-size:16px}
.verdict .explanation{margin:2px 0 0}
.verdict.violated,.verdict.deadlock{border-left-color:#cf222e;background:#ffebe9}
.verdict.violated .title,.verdict.deadlock .title{color:#cf222e}
.verdict.final{border-left-color:#1a7f37;background:#dafbe1}
#choices{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:6px}
.choice{display:block;width:100%;text-align:left;background:#fff;border:1px solid #d1d9e0;border-left:4px solid var(--a);border-radius:6px;padding:6px 10px;font-size:14px}
.choice:hover:not(:disabled){background:#f6f8fa;border-color:#afb8c1;border-left-color:var(--a)}
.choice .head{display:flex;flex-wrap:wrap;align-items:center;gap:4px 8px;font-size:12.5px;color:#59636e}
.choice .key{display:inline-block;min-width:18px;height:18px;border-radius:9px;background:var(--a);color:#fff;font-size:11px;font-weight:700;text-align:center;line-height:18px;padding:0 4px}
.choice .actor{color:var(--a);font-weight:650}
.choice .sentence{display:block;margin:2px 0;color:#1f2328}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:11.5px;font-weight:600;border:1px solid transparent}
.badge.violated,.badge.deadlock,.badge.error{background:#ffebe9;color:#cf222e;border-color:#ff818266}
.badge.final,.badge.holds,.badge.met{background:#dafbe1;color:#1a7f37;border-color:#4ac26b66}
.badge.revisits{background:#fbefff;color:#8250df;border-color:#c297ff66}
.badge.not-final,.badge.not-met,.badge.liveness{background:#f6f8fa;color:#59636e;border-color:#d1d9e0}
.choice .error{color:#cf222e}
#disabled-box{margin-top:8px;font-size:12.5px;color:#59636e}
#disabled-box summary{cursor:pointer}
#disabled{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;margin:4px 0 0;overflow-wrap:anywhere}
#properties{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:6px}
#properties li{padding-left:2px}
#properties .name{font-weight:600;margin-left:6px}
#properties .kind{color:#59636e;font-size:12px;margin-left:6px}
#properties .note{margin:1px 0 0;font-size:13px;color:#59636e}
#properties li[data-status=violated] .note{color:#1f2328}
#properties li[data-status=violated]{background:#ffebe9;border-radius:6px;padding:4px 6px}
.seq .backto{margin-left:8px;font-size:11px;padding:0 6px;border-radius:4px;vertical-align:1px;opacity:0;transition:opacity .1s}
.seq tr:hover .backto,.seq .backto:focus{opacity:1}
@media (max-width:1000px){.layout{grid-template-columns:1fr}.side{position:static;max-height:none;order:-1}}
`;
