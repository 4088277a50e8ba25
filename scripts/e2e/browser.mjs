// Headless Debian Chromium driven by playwright-core (no browser download).
import { chromium } from 'playwright-core';
import { paths } from './setup.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser({ headless = true } = {}) {
  return chromium.launch({ executablePath: paths.chromiumBin, headless, args: CHROMIUM_ARGS });
}

/** A new page that records its console into `consoleLines` (for failure reports). */
export async function newPage(browser, { viewport, consoleLines = [] } = {}) {
  const context = await browser.newContext({ viewport, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  page.on('console', (m) => consoleLines.push(`[${new Date().toISOString()}] ${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[${new Date().toISOString()}] pageerror: ${e.stack || e.message}`));
  return { context, page, consoleLines };
}
