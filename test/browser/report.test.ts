import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantiate } from '../../checker/instance.js';
import { renderHtmlReport } from '../../checker/report/html.js';
import type { CheckReport } from '../../checker/report/json.js';
import { renderSvgReport } from '../../checker/report/svg.js';
import { isEnabled, walk } from '../../cli/explorer/path.js';
import { pathReport } from '../../cli/explorer/report.js';
import { stateVerdict } from '../../cli/explorer/status.js';
import hostileModel, { hostile } from '../report/hostile-model.js';
import { bundledModel, reportOf } from '../report/support.js';
import { artifacts, launchChromium, openPage } from './chromium.js';

/** Writes a report's HTML page into the artifacts folder and returns its file URL. */
function writeReport(name: string, report: CheckReport, model = bundledModel(report.model)): string {
  const file = join(artifacts, `${name}.html`);
  writeFileSync(file, renderHtmlReport(report, { model, shortest: report.verdict !== 'incomplete' }));
  return pathToFileURL(file).href;
}

/** A 30-step path of six dining philosophers, each step by the next philosopher in turn where it can: six lanes, thirty rows. */
function thirtySteps(): CheckReport {
  const instance = instantiate(bundledModel('philosophers'), 'ordered', { n: 6 });
  const actions: number[] = [];
  for (let i = 0; i < 30; i++) {
    const { states } = walk(instance, { init: 0, actions });
    const state = states.at(-1);
    const enabled = instance.actions.filter((a) => isEnabled(a, state));
    const mine = enabled.find((a) => JSON.stringify(a.arg) === String(i % 6)) ?? enabled[0];
    actions.push(mine.index);
  }
  const walked = walk(instance, { init: 0, actions });
  return pathReport(instance, walked, stateVerdict(instance, walked.states.at(-1), 1));
}

describe('the HTML report in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the counterexample of a seed model: lanes, steps, changes, the violated property', async () => {
    const page = await openPage(browser);
    await page.goto(writeReport('report-ocaml-callback-fragments', reportOf(bundledModel('ocaml-callback-fragments'), 'per-thread-leak')));
    expect(await page.locator('.seq th.family').allTextContents()).toEqual(['domain']);
    const lanes = await page.locator('.seq th.ln').evaluateAll((ths) => ths.map((th) => [Number(th.getAttribute('data-lane')), th.getAttribute('title'), th.textContent]));
    expect(lanes.sort()).toEqual([[0, 'domain 0', '0'], [1, 'domain 1', '1'], [2, 'major GC', 'major GC']]);
    const steps = page.locator('.seq tr.step');
    expect(await steps.count()).toBe(8);
    // Each step's dot is in its actor's lane.
    const dots = await steps.evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td.ln')].findIndex((td) => td.classList.contains('act'))));
    expect(dots).toEqual([0, 1, 1, 1, 0, 0, 2, 2]);
    await expect.poll(() => page.locator('#step-8 .actor').textContent()).toBe('major GC');
    expect(await page.locator('#step-8 .changes li').allTextContents()).toEqual(['values[0].state promoted → freed', 'gc marking → idle']);
    const green = await page.locator('#step-8 ins').first().evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(green).toBe('rgb(218, 251, 225)');
    const ending = page.locator('.seq tr.ending.violated');
    expect(await ending.locator('.title').textContent()).toBe('Violated: no value is freed while a stack references it');
    expect(await ending.locator('.explanation').textContent()).toMatch(/^value v0 in block 0 was freed by the sweep/);
    expect(await ending.locator('.card').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(255, 235, 233)');
    await page.screenshot({ path: join(artifacts, 'report-ocaml-callback-fragments.png'), fullPage: true });

    // A click on a step shows its full state; a click on a lane's name picks out its steps.
    await page.locator('#step-6 .sentence').click();
    const full = page.locator('#step-6 details.full');
    expect(await full.getAttribute('open')).toBe('');
    expect(await full.locator('.grid td.changed').allTextContents()).toEqual(['young → promoted', 'null → 0']);
    await page.locator('.seq th.ln[title="major GC"]').click();
    expect(await page.locator('.seq tr.step.dim').count()).toBe(6);
    expect(page.errors).toEqual([]);
  });

  it('works without JavaScript: every state opens by its summary', async () => {
    const page = await openPage(browser, { javaScript: false });
    await page.goto(writeReport('report-stop-the-world', reportOf(bundledModel('stop-the-world'), 'signals-no-lock')));
    expect(await page.locator('.toolbar').isHidden()).toBe(true);
    await page.locator('#step-3 details.full summary').click();
    expect(await page.locator('#step-3 .grid').isVisible()).toBe(true);
    expect(await page.locator('.seq tr.ending.deadlock .title').textContent()).toBe('Deadlock');
    await page.screenshot({ path: join(artifacts, 'report-stop-the-world.png'), fullPage: true });
  });

  it('reads with 30 steps and 6 lanes, on screen and printed on A4, without running off the page', async () => {
    const page = await openPage(browser, { width: 1280 });
    const report = thirtySteps();
    await page.goto(writeReport('report-philosophers-30-steps', report, bundledModel('philosophers')));
    expect(await page.locator('.seq th.ln').count()).toBe(6);
    expect(await page.locator('.seq tr.step').count()).toBe(30);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(artifacts, 'report-philosophers-30-steps.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 718, height: 1000 }); // A4 less 12 mm margins, at 96 dpi
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await page.locator('.toolbar').isHidden()).toBe(true);
    await page.screenshot({ path: join(artifacts, 'report-philosophers-30-steps-print.png'), fullPage: true });
  });

  it('shows hostile model strings as text, never as markup', async () => {
    const page = await openPage(browser);
    await page.goto(writeReport('report-hostile', reportOf(hostileModel), hostileModel));
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    const shown = hostile.replace('\u0001', '\ufffd');
    expect(await page.locator('#step-1 .sentence').textContent()).toBe(`pokes ${shown}`);
    expect(await page.locator('.seq th.ln').getAttribute('title')).toBe(`actor ${shown}`);
    expect(await page.locator('h1').textContent()).toBe('Violated: never <two> invariant');
    expect(page.errors).toEqual([]);
  });

  it('draws the SVG diagram as a valid standalone image', async () => {
    const svg = renderSvgReport(reportOf(bundledModel('osv-fpu-syscall'), 'no-fpu-save'));
    writeFileSync(join(artifacts, 'diagram-osv-fpu-syscall.svg'), svg);
    const page = await openPage(browser, { width: 1000 });
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return { root: doc.documentElement.nodeName, errors: doc.getElementsByTagName('parsererror').length, dots: doc.getElementsByTagName('circle').length };
    }, svg);
    expect(parsed).toEqual({ root: 'svg', errors: 0, dots: 8 });
    await page.setContent(`<img id="d" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`);
    const size = await page.locator('#d').evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
    expect(size[0]).toBeGreaterThan(600);
    await page.locator('#d').screenshot({ path: join(artifacts, 'diagram-osv-fpu-syscall.png') });
  });
});
