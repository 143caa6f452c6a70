import { laneColors } from './lanes.js';

const laneRules = laneColors.map((c, i) => `.seq .c${i}{--c:${c}}.seq .a${i}{--a:${c}}`).join('');

/**
 * The style sheet of a sequence diagram rendered by `renderDiagramHtml` (and of the states and
 * lists of changes it contains, also used alone), for screen and print: dashed lifelines in
 * each lane's colour, a numbered dot where the actor acts with a line to the step's card,
 * values before a change in red and after it in green, endings in red.
 */
export const diagramCss = `
:is(.seq,.state,.changes){--ink:#1f2328;--muted:#59636e;--rule:#d1d9e0;--soft:#f6f8fa;--bad:#cf222e;--bad-bg:#ffebe9;--new:#116329;--new-bg:#dafbe1;--old:#82071e;--old-bg:#ffebe9;--loop:#8250df}
.seq{--y:17px;border-collapse:separate;border-spacing:0;width:100%;table-layout:fixed;color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif}
${laneRules}
.seq col.ln{width:var(--lane-width,86px)}
.seq code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12.5px}
.seq>thead{position:sticky;top:0;z-index:2}
.seq>thead>tr>th{background:#fff;padding:6px 4px 8px;vertical-align:bottom;font-size:12.5px;line-height:1.25;border-bottom:1px solid var(--rule)}
.seq>thead>tr.families>th{padding-bottom:2px}
.seq>thead>tr.families>th.family{border-bottom:0;color:var(--ink);font-weight:650;text-align:center}
.seq>thead>tr.families>th.family::after{content:"";display:block;height:6px;margin:3px 12px 0;border:1px solid var(--rule);border-bottom:0;border-radius:4px 4px 0 0}
.seq>thead>tr>th.ln{text-align:center;color:var(--c);overflow-wrap:anywhere;cursor:default}
.seq>thead>tr>th.ln span{display:inline-block;border-bottom:3px solid var(--c);padding-bottom:2px;font-weight:650}
.seq>thead>tr>th.what{text-align:left;color:var(--muted);font-weight:500;padding-left:14px}
.seq>tbody>tr>td{padding:0;vertical-align:top}
.seq td.ln{position:relative;background:repeating-linear-gradient(to bottom,color-mix(in srgb,var(--c) 45%,transparent) 0 5px,transparent 5px 9px) no-repeat center/2px 100%}
.seq td.ln.start{background-position:center 24px;background-size:2px calc(100% - 24px)}
.seq td.ln.start::before{content:"";position:absolute;left:calc(50% - 7px);top:17px;width:14px;height:6px;border-radius:2px;background:var(--c)}
.seq td.ln.stop{background-position:center top;background-size:2px var(--y)}
.seq td.ln.stop::after,.seq td.ln.pass::after{content:"";position:absolute;left:0;right:0;top:calc(var(--y) - 1px);height:2px;background:var(--a)}
.seq tr.ending td.ln.stop::after{background:var(--bad);height:3px}
.seq .dot{position:absolute;z-index:1;left:calc(50% - 11px);top:calc(var(--y) - 11px);width:22px;height:22px;border-radius:50%;background:var(--a);color:#fff;font:600 11px/22px system-ui,sans-serif;text-align:center}
.seq td.act::after{content:"";position:absolute;left:50%;right:0;top:calc(var(--y) - 1px);height:2px;background:var(--a)}
.seq td.what{padding:4px 0 4px 0}
.seq .card{position:relative;margin:0;padding:6px 10px 7px 12px;border-left:3px solid var(--a,var(--rule));background:#fff;border-radius:0 6px 6px 0}
.seq tr.step:hover .card{background:var(--soft)}
.seq .who{font-size:12.5px;line-height:18px;color:var(--muted)}
.seq .who .actor{color:var(--a);font-weight:650}
.seq .who .label{color:var(--muted);font-size:11.5px;margin-left:4px}
.seq .sentence{margin:2px 0 4px;overflow-wrap:anywhere}
.changes{list-style:none;margin:0 0 2px;padding:0}
.changes li{margin:1px 0;overflow-wrap:anywhere}
.changes code.f{color:var(--ink);font-weight:600;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12.5px}
:is(.seq,.state,.changes) :is(del,ins){text-decoration:none;border-radius:3px;padding:0 3px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12.5px}
:is(.seq,.state,.changes) del{background:var(--old-bg);color:var(--old)}
:is(.seq,.state,.changes) ins{background:var(--new-bg);color:var(--new);font-weight:600}
:is(.seq,.state,.changes) .arrow{color:var(--muted)}
.seq .unchanged{margin:0;color:var(--muted);font-style:italic;font-size:12.5px}
.seq details>summary{cursor:pointer;color:var(--muted);font-size:12.5px;width:max-content;max-width:100%}
.seq details>summary:hover{color:var(--ink)}
.seq details.full>summary{position:absolute;top:6px;right:10px;line-height:18px}
.seq details.full[open]{margin-top:4px;border-top:1px dashed var(--rule);padding-top:2px}
.seq tr.initial .card{border-left-color:var(--rule)}
.seq tr.initial summary .title{font-weight:650;color:var(--ink);font-size:14px}
.state{display:flex;flex-wrap:wrap;align-items:flex-start;gap:6px 28px;margin:4px 0 2px}
.state :is(.fields,.grid){border-collapse:collapse;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12.5px;line-height:1.5}
.state :is(th,td){text-align:left;padding:0 12px 0 0;vertical-align:top;font-weight:400;overflow-wrap:anywhere}
.state :is(.fields th,.grid tbody th){color:var(--muted);white-space:nowrap}
.state .grid thead th{color:var(--muted);border-bottom:1px solid var(--rule);white-space:nowrap}
.state .grid thead th:first-child{color:var(--ink);font-weight:600}
.state :is(.fields tr.changed,.grid td.changed){background:#fff8c5}
.state .fields tr.changed th{color:var(--ink);font-weight:600}
.seq tr.ending .card{border-left:3px solid var(--bad);background:var(--bad-bg);margin-top:6px}
.seq tr.ending .title{margin:0;color:var(--bad);font-weight:700;font-size:15px}
.seq tr.ending .explanation{margin:3px 0 2px;overflow-wrap:anywhere}
.seq tr.loop td.ln:first-child{box-shadow:inset 3px 0 var(--loop)}
.seq tr.loop-mark td{padding:4px 8px;color:var(--loop);font-weight:600;font-size:12.5px;border-top:1px dashed var(--loop)}
.seq tr.dim{opacity:.3}
@media print{
  .seq{font-size:11px;--y:14px}
  .seq col.ln{width:var(--lane-width-print,58px)}
  .seq>thead{position:static}
  .seq>thead>tr>th{font-size:10px}
  .seq tr{break-inside:avoid}
  .seq .dot{width:18px;height:18px;left:calc(50% - 9px);top:calc(var(--y) - 9px);font-size:9.5px;line-height:18px}
  .seq :is(code,.fields,.grid,del,ins,.who,details>summary){font-size:10px}
  .seq :is(.who .label,.changes code.f){font-size:10px}
  .seq .who{line-height:14px}
  .seq tr.step:hover .card{background:#fff}
  .seq details.full:not([open]){display:none}
  .seq{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;
