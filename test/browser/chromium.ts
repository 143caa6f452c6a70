import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { root } from '../support/cli.js';

/** Where browser tests write their screenshots and pages (git-ignored). */
export const artifacts = join(root, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });

/** The Chromium to drive: Debian's, which `.ci/run` installs, unless CHROMIUM_PATH names another. */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without the networking switches, Chromium on a closed network waits on requests that never answer.
const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches headless Chromium, or says how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(`the browser tests need Chromium at ${executablePath}: install Debian's chromium (apt-get install chromium, as .ci/run does) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath, args, timeout: 20_000 });
}

/** A page with short timeouts, that records the errors its scripts throw in `errors`. */
export async function openPage(browser: Browser, options: { width?: number; height?: number; javaScript?: boolean } = {}): Promise<Page & { errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    javaScriptEnabled: options.javaScript ?? true,
    acceptDownloads: true,
  });
  const page = Object.assign(await context.newPage(), { errors: [] as string[] });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => page.errors.push(error.message));
  return page;
}
