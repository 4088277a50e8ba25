#!/usr/bin/env node
// README screenshots as small palette PNGs: pngquant without dithering (VS Code's UI has few
// colours, so text stays crisp at the same pixels), then advpng's zopfli deflate when installed.
// The E2E run captures each feature's region at 1:1 (not the whole window); the palette size is
// per file, chosen by looking at the results: 4 colours where the shot is dark text on a light
// page (greys only), 6 where blue links and highlights must stay distinct, 8 for the side bar's
// icons. Six shots: 216 KB as 1400×900 8-colour windows → 89 KB as regions (issue 11).
// Scaling down was tried and does not help: the smoothed text needs more colours and the files
// come out no smaller. Lossless WebP was ~12% smaller than these PNGs: not worth leaving PNG.
// Run by `npm run test:e2e -- --update-screenshots` after it copies fresh ones, or by hand:
// node scripts/compress-screenshots.mjs [FILE…]. Installs nothing: without pngquant (Debian:
// apt-get install pngquant; advpng is in advancecomp) it says so and leaves the files as they are.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Palette size per README screenshot (file name); others get DEFAULT_COLOURS. */
export const COLOURS = {
  'sidebar.png': 8,
  'section.png': 6,
  'hover.png': 6,
  'citation-pick.png': 6,
  'document.png': 4,
  'preview.png': 4,
};
const DEFAULT_COLOURS = 8;

const has = (tool) => spawnSync(tool, ['--version']).status === 0;

/** Compress PNG `files` in place; returns [file, before, after] per file, or undefined without pngquant. */
export function compressScreenshots(files, log = console.log) {
  if (!has('pngquant')) {
    log('[screenshots] pngquant not found (apt-get install pngquant): screenshots left uncompressed');
    return undefined;
  }
  const advpng = has('advpng');
  if (!advpng) log('[screenshots] advpng not found (apt-get install advancecomp): files ~5% larger');
  return files.map((file) => {
    const before = statSync(file).size;
    const colours = String(COLOURS[basename(file)] ?? DEFAULT_COLOURS);
    // Exit 98: the result would not be smaller; the file is left as it was.
    const q = spawnSync('pngquant', [colours, '--nofs', '--speed', '1', '--strip', '--skip-if-larger', '--force', '--ext', '.png', file]);
    if (q.status !== 0 && q.status !== 98) throw new Error(`pngquant ${file}: ${q.stderr}`);
    if (advpng) spawnSync('advpng', ['--recompress', '--shrink-insane', file]);
    const after = statSync(file).size;
    log(`[screenshots] ${file}: ${before} → ${after} bytes (${colours} colours)`);
    return [file, before, after];
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = join(root, 'media', 'screenshots');
  const files = process.argv.length > 2 ? process.argv.slice(2) : readdirSync(dir).filter((f) => f.endsWith('.png')).map((f) => join(dir, f));
  compressScreenshots(files);
}
