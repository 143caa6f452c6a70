import { describe, expect, it } from 'vitest';
import { renderSvgReport } from '../../checker/report/svg.js';
import { textWidth, wrapRuns, wrapText } from '../../checker/report/diagram/text-width.js';
import hostileModel from './hostile-model.js';
import { bundledModel, reportOf } from './support.js';

const count = (text: string, pattern: RegExp): number => text.match(new RegExp(pattern, 'g'))?.length ?? 0;

describe('text measurement', () => {
  it('wraps a sentence into lines no wider than asked, keeping every word', () => {
    const sentence = 'domain 0 spawns domain 1 (Domain.spawn): its new thread\'s TLS, which holds the thread\'s copy of the callback code, is block 0';
    const lines = wrapText(sentence, 200, 14);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(textWidth(line, 14)).toBeLessThanOrEqual(200);
    expect(lines.join(' ')).toBe(sentence);
  });

  it('breaks a word longer than a line inside it', () => {
    const lines = wrapText('x'.repeat(100), 100, 14);
    expect(lines.join('')).toBe('x'.repeat(100));
    for (const line of lines) expect(textWidth(line, 14)).toBeLessThanOrEqual(100);
  });

  it('measures wide letters wider than narrow ones, and bold wider than regular', () => {
    expect(textWidth('WWW', 12)).toBeGreaterThan(textWidth('iii', 12));
    expect(textWidth('abc', 12, true)).toBeGreaterThan(textWidth('abc', 12));
  });

  it('wraps styled monospaced runs at a space, keeping the styles', () => {
    const lines = wrapRuns([{ text: 'domains[1].phase', cls: 'f' }, { text: ' not started', cls: 'old' }, { text: ' -> starting', cls: 'new' }], 24);
    expect(lines.map((l) => l.map((r) => r.text).join(''))).toEqual(['domains[1].phase not ', 'started -> starting']);
    expect(lines[1]).toEqual([{ text: 'started', cls: 'old' }, { text: ' -> starting', cls: 'new' }]);
  });
});

describe('renderSvgReport', () => {
  const svg = renderSvgReport(reportOf(bundledModel('stop-the-world'), 'signals-no-lock'));

  it('is a standalone SVG document that fetches nothing', () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+"/);
    expect(svg.replace('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:|href|@import|url\(/);
  });

  it('draws one lifeline per lane, one dot per step and the ending', () => {
    expect(count(svg, /stroke-dasharray="5 4"/)).toBe(3);
    expect(count(svg, /<circle /)).toBe(5);
    expect(count(svg, /<g class="step" id="step-\d"/)).toBe(5);
    expect(svg).toContain('>thread</text>');
    expect(svg).toContain('class="end bad">Deadlock</text>');
  });

  it('carries the full state of each step as a tooltip', () => {
    expect(svg).toMatch(/<title>Step 5: state after it\nthreads = \[.*\]\nackSem = 3/);
  });

  it('escapes every string the model wrote', () => {
    const hostile = renderSvgReport(reportOf(hostileModel));
    expect(hostile).not.toMatch(/<img|<\/td>|\u0001/);
    expect(hostile).toContain('pokes &lt;img src=x');
  });
});
