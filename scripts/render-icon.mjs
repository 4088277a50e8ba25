#!/usr/bin/env node
// Renders media/icon.svg to the 128×128 media/icon.png the marketplace shows (Debian chromium + playwright-core).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const media = join(dirname(fileURLToPath(import.meta.url)), '..', 'media');
const browser = await chromium.launch({ executablePath: process.env.ISCLS_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(`<body style="margin:0;background:transparent">${readFileSync(join(media, 'icon.svg'), 'utf8')}</body>`);
await page.locator('svg').screenshot({ path: join(media, 'icon.png'), omitBackground: true });
await browser.close();
console.log('wrote media/icon.png');
