#!/usr/bin/env node
// Bundles the extension and the CLI with esbuild and copies the CSL styles the engine ships.
// `--watch` rebuilds on change; `--dev` keeps the bundles unminified with inline source maps.
//
// citeproc-js (~370 KiB) is its own file, dist/citeproc.js, required on first use only: every
// numeric style and every single reference come from dist/csl/entries-<style>.json, formatted here with
// citeproc-js (precomputeEntries), so activation and most CLI runs never load it.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractStyles } from './extract-styles.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev') || process.argv.includes('--watch');
mkdirSync(join(root, 'dist'), { recursive: true });
// esbuild writes a LEGAL.txt only when a bundle has legal comments: drop stale ones first.
for (const f of ['extension.js.LEGAL.txt', 'cli.js.LEGAL.txt', 'citeproc.js.LEGAL.txt']) rmSync(join(root, 'dist', f), { force: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

/** `require('citeproc')` in the bundles loads dist/citeproc.js, beside them, when first called. */
const citeprocApart = {
  name: 'citeproc-apart',
  setup(build) {
    build.onResolve({ filter: /^citeproc$/ }, () => ({ path: './citeproc.js', external: true }));
  },
};

/** Format every reference in every shipped style ahead of time (see src/core/citations.ts). */
async function writeEntries(cslDir) {
  const bundled = await esbuild.build({ ...common, minify: false, legalComments: 'none', entryPoints: ['src/core/citations.ts'], write: false });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', bundled.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  const references = JSON.parse(readFileSync(join(root, 'data', 'references.json'), 'utf8'));
  const load = (file) => JSON.parse(readFileSync(join(cslDir, file), 'utf8'));
  for (const [style, table] of Object.entries(module.exports.precomputeEntries(references, load))) {
    writeFileSync(join(cslDir, `entries-${style}.json`), JSON.stringify(table));
  }
  rmSync(join(cslDir, 'entries.json'), { force: true });
}

const started = Date.now();
const cslDir = join(root, 'dist', 'csl');
await extractStyles(cslDir);
await writeEntries(cslDir);
const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [citeprocApart] },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [citeprocApart] },
  { ...common, entryPoints: ['citeproc'], outfile: 'dist/citeproc.js' },
];
if (process.argv.includes('--watch')) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('watching src/ …');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`built dist/extension.js, dist/cli.js, dist/citeproc.js and dist/csl/ in ${Date.now() - started} ms`);
}
