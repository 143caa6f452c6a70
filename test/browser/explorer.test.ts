import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { instantiate } from '../../checker/instance.js';
import { CheckReportJson } from '../../checker/report/json.js';
import { replay } from '../../checker/replay.js';
import type { Trace } from '../../checker/trace/trace.js';
import { pathOfTrace } from '../../cli/explorer/path.js';
import { startExplorer, type ExplorerServer } from '../../cli/explorer/server.js';
import twoStarts from '../explorer/two-starts.js';
import { bundledSetup } from '../report/support.js';
import { artifacts, launchChromium, openPage } from './chromium.js';

const setup = bundledSetup('ocaml-callback-fragments');
const model = setup.model;
const variant = 'per-thread-leak';
const instance = instantiate(model, variant);
const outcome = check(model, { variant }).outcome;
const trace = (outcome as { trace: Trace }).trace;
/** The labels of the shortest counterexample's steps, as the explorer's buttons show them. */
const labels = pathOfTrace(instance, trace).actions.map((a) => instance.actions[a].label);

describe('the explorer in a browser', () => {
  let browser: Browser;
  let server: ExplorerServer;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startExplorer({ ...setup, variant })]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  it('walks a seed model to its violation by clicking actions, and shows what broke and why', async () => {
    const page = await openPage(browser, { width: 1440, height: 1000 });
    await page.goto(server.url);
    await expect.poll(() => page.locator('#verdict .title').textContent()).toBe('The initial state');
    for (const [i, label] of labels.entries()) {
      const choice = page.locator('#choices button.choice', { has: page.locator('code.label', { hasText: new RegExp(`^${label.replace(/[()]/g, '\\$&')}$`) }) });
      if (i === labels.length - 1) {
        expect(await choice.locator('.badge.violated').textContent()).toBe('violates no value is freed while a stack references it');
        await page.screenshot({ path: join(artifacts, 'explorer-ocaml-callback-fragments-one-step-before.png') });
      }
      await choice.click();
      await expect.poll(() => page.locator('#steps').textContent()).toBe(`(${i + 1} step${i === 0 ? '' : 's'})`);
    }
    expect(await page.locator('#verdict').getAttribute('class')).toBe('verdict violated');
    expect(await page.locator('#verdict .title').textContent()).toBe('Violated: no value is freed while a stack references it');
    expect(await page.locator('#verdict .explanation').textContent()).toMatch(/^value v0 in block 0 was freed by the sweep while domain 0's stack still refers to it/);
    expect(await page.locator('#properties li[data-status="violated"]').getAttribute('data-name')).toBe('no value is freed while a stack references it');
    // The state shown is the last one, with what the last step changed highlighted.
    expect(await page.locator('#state-title').textContent()).toBe('State after step 8');
    expect(await page.locator('#state .grid td.changed').allTextContents()).toEqual(['promoted → freed']);
    expect(await page.locator('#state tr.changed').allTextContents()).toEqual(['gcmarking → idle']);
    expect(await page.locator('#diagram tr.step').count()).toBe(8);
    expect(await page.locator('#diagram tr.ending.violated .title').textContent()).toBe('Violated: no value is freed while a stack references it');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifacts, 'explorer-ocaml-callback-fragments-violation.png') });

    // Back, by button and by key, and forward again from the diagram.
    await page.locator('#back').click();
    await expect.poll(() => page.locator('#verdict').getAttribute('class')).toBe('verdict running');
    await page.keyboard.press('Backspace');
    await expect.poll(() => page.locator('#steps').textContent()).toBe('(6 steps)');
    await page.locator('#diagram #step-3').hover();
    await page.locator('#diagram #step-3 .backto').click();
    await expect.poll(() => page.locator('#steps').textContent()).toBe('(3 steps)');
    expect(page.errors).toEqual([]);
  });

  it('jumps to the shortest counterexample, and downloads the path as a report that replay accepts', async () => {
    const page = await openPage(browser, { width: 1440, height: 1000 });
    await page.goto(server.url);
    await page.locator('#counterexample').click();
    // The search runs on a worker thread, which first loads the model.
    await expect.poll(() => page.locator('#verdict').getAttribute('class'), { timeout: 15_000 }).toBe('verdict violated');
    expect(await page.locator('#message').textContent()).toMatch(/^violated: "no value is freed while a stack references it" in ocaml-callback-fragments \(variant per-thread-leak\), after 8 steps/);
    expect(await page.locator('#diagram tr.step .who code.label').allTextContents()).toEqual(labels);

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
    expect(download.suggestedFilename()).toBe('ocaml-callback-fragments-per-thread-leak-path.json');
    const file = join(artifacts, download.suggestedFilename());
    await download.saveAs(file);
    const report = CheckReportJson.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(report).toMatchObject({ verdict: 'violates', property: 'no value is freed while a stack references it', asExpected: true });
    expect(replay(model, report).steps).toBe(8);

    // The path lives in the URL: a reload shows the same state.
    await page.reload();
    await expect.poll(() => page.locator('#steps').textContent()).toBe('(8 steps)');
    expect(page.errors).toEqual([]);
  });

  it('offers a choice of initial state when the model has several', async () => {
    const switcher = await startExplorer({ model: twoStarts, modelUrl: new URL('../explorer/two-starts.ts', import.meta.url).href });
    try {
      const page = await openPage(browser);
      await page.goto(switcher.url);
      expect(await page.locator('#init option').allTextContents()).toEqual(['initial state 1', 'initial state 2']);
      await expect.poll(() => page.locator('#choices .sentence').textContent()).toBe('the switch goes from off to on');
      await page.locator('#init').selectOption('1');
      await expect.poll(() => page.locator('#choices .sentence').textContent()).toBe('the switch goes from on to off');
      expect(await page.locator('#state').textContent()).toBe('ontrue');
      expect(page.errors).toEqual([]);
    } finally {
      await switcher.close();
    }
  });
});
