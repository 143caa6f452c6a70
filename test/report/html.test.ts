import { describe, expect, it } from 'vitest';
import { buildDiagram } from '../../checker/report/diagram/diagram.js';
import { escapeMarkup } from '../../checker/report/diagram/escape.js';
import { renderDiagramHtml } from '../../checker/report/diagram/html.js';
import { renderState } from '../../checker/report/diagram/state.js';
import { renderHtmlReport, reproduceCommand } from '../../checker/report/html.js';
import type { Trace } from '../../checker/trace/trace.js';
import hostileModel, { hostile } from './hostile-model.js';
import { bundledModel, reportOf } from './support.js';

const count = (text: string, pattern: RegExp): number => text.match(new RegExp(pattern, 'g'))?.length ?? 0;

describe('escapeMarkup', () => {
  it('escapes markup and both quotes, and replaces control characters', () => {
    expect(escapeMarkup(`<a href="x" title='y'>&\u0001</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;\ufffd&lt;/a&gt;');
  });
});

describe('the HTML sequence diagram', () => {
  const model = bundledModel('ocaml-callback-fragments');
  const report = reportOf(model, 'per-thread-leak');
  const html = renderDiagramHtml(buildDiagram(report.trace!, [{ kind: 'violated', title: 'Violated: P', explanation: 'why' }], report.model));

  it('has one lane per actor, a family named once over its numbers', () => {
    expect(count(html, /<th class="ln /)).toBe(3);
    expect(html).toContain('<th class="family" scope="colgroup" colspan="2">domain</th>');
    expect(html).toMatch(/<th class="ln c2"[^>]*title="major GC" rowspan="2"><span>major GC<\/span><\/th>/);
  });

  it('has a row for the initial state, one per step with a dot in its actor\'s lane, and the ending', () => {
    expect(count(html, /<tr class="initial"/)).toBe(1);
    expect(count(html, /<tr class="step /)).toBe(8);
    const rows = html.split('<tr class="step ').slice(1);
    // Step 7 is the major GC's: its dot is in the third lane, after two lanes without one.
    expect(rows[6]).toMatch(/^a2" id="step-7" data-step="7" data-lane="2"><td class="ln c0"><\/td><td class="ln c1"><\/td><td class="ln act c2"><span class="dot">7<\/span>/);
    expect(html).toMatch(/<tr class="ending violated">.*<p class="title">Violated: P<\/p><p class="explanation">why<\/p>/);
  });

  it('highlights the fields each step changed, before and after', () => {
    expect(html).toContain('<code class="f">values[0].state</code> <del>promoted</del> <span class="arrow" aria-label="becomes">→</span> <ins>freed</ins>');
  });

  it('puts the full state of every step in a details element, which works without JavaScript', () => {
    expect(count(html, /<details class="full"><summary title="the state after step \d+">full state<\/summary>/)).toBe(8);
    expect(html).not.toContain('<script');
  });

  it('marks a lasso\'s loop where it starts and where it goes back', () => {
    const trace = { ...report.trace!, loop: 5 } as Trace;
    const lasso = renderDiagramHtml(buildDiagram(trace));
    expect(lasso).toContain('↻ the loop: steps 6 to 8 repeat forever');
    expect(lasso).toContain('↻ back to step 6, and again, forever');
    expect(count(lasso, /<tr class="step a\d loop"/)).toBe(3);
    expect(renderDiagramHtml(buildDiagram({ ...trace, loop: 8 } as Trace))).toContain('nothing more happens');
  });
});

describe('renderState', () => {
  it('draws a collection of records as a grid and marks the cells that changed', () => {
    const before = { threads: [{ pc: 'idle', n: 0 }, { pc: 'idle', n: 0 }], lock: -1 };
    const after = { threads: [{ pc: 'idle', n: 0 }, { pc: 'busy', n: 0 }], lock: 1 };
    const html = renderState(after, before);
    expect(html).toContain('<table class="grid"><thead><tr><th scope="col">threads</th><th scope="col">pc</th><th scope="col">n</th></tr></thead>');
    expect(html).toContain('<tr><th scope="row">[1]</th><td class="changed"><del>idle</del> <span class="arrow" aria-label="becomes">→</span> <ins>busy</ins></td><td>0</td></tr>');
    expect(html).toContain('<tr class="changed"><th scope="row">lock</th>');
    expect(count(html, /class="changed"/)).toBe(2);
  });

  it('lists an empty list as a field rather than leaving it out', () => {
    expect(renderState({ stack: [], top: null })).toContain('<th scope="row">stack</th><td>[]</td>');
  });
});

describe('renderHtmlReport', () => {
  const model = bundledModel('peterson');
  const page = renderHtmlReport(reportOf(model, 'turn-first'), { model, shortest: true });

  it('is one self-contained page: inline style and script, nothing fetched', () => {
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toMatch(/<link|<script src|<img|@import|url\(|https?:\/\//);
    expect(page).toContain('@media print');
  });

  it('heads the page with the violated property, its explanation and how to reproduce it', () => {
    expect(page).toContain('<h1>Violated: mutual exclusion <span class="kind">invariant</span></h1>');
    expect(page).toContain('<p class="why">process 0 and process 1 are both in the critical section</p>');
    expect(page).toContain('<code>npx interleave check peterson --variant turn-first</code>');
    expect(page).toContain('a shortest trace');
  });

  it('says when the trace is a lasso, and notes the report\'s warnings', () => {
    const report = reportOf(model, 'turn-first');
    const lasso = renderHtmlReport({ ...report, trace: { ...report.trace!, loop: 5 }, warnings: ['no fairness'] } as typeof report, { shortest: true });
    expect(lasso).toContain('8 steps, 2 lanes — a lasso: 5 steps to reach the loop, then 3 steps repeated forever (a shortest prefix)');
    expect(lasso).toContain('<dt>note</dt><dd>no fairness</dd>');
  });

  it('draws no diagram for a report with neither a trace nor witnesses: the header and the statistics', () => {
    const pass = renderHtmlReport(reportOf(model));
    expect(pass).toContain('<h1>All properties hold</h1>');
    expect(pass).toContain('<dt>reached</dt><dd>“process 0 enters the critical section” in 4 steps</dd>');
    expect(pass).not.toContain('<table class="seq"');
    expect(pass).toContain('<p class="foot">Search: 34 distinct states, 62 transitions');
  });

  it('escapes every string the model wrote', () => {
    const report = reportOf(hostileModel);
    const html = renderHtmlReport(report, { model: hostileModel });
    const escaped = escapeMarkup(hostile);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('</td>\u0001');
    expect(html).not.toContain('\u0001');
    for (const what of [`pokes ${escaped}`, `actor ${escaped}`, `n is 2 ${escaped}`, `Violated: never &lt;two&gt;`, 'hostile&lt;b&gt;', 'bad&quot;&lt;v&gt;']) expect(html).toContain(what);
    expect(reproduceCommand(report)).toBe(`npx interleave check 'hostile<b>' --variant 'bad"<v>'`);
  });
});
