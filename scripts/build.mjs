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

/**
 * In the web bundle, every module under src/node/ (pandoc, local files: Node.js only) becomes a stub
 * whose functions throw; the commands that need them are hidden there (context key iscls.nodeHost) and
 * explain themselves if run anyway (src/vscode/shared/host.ts).
 */
const nodeOnly = {
  name: 'node-only',
  setup(build) {
    // Node's built-ins too (e.g. node:path in the Word export): stubs that throw if ever called there.
    build.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-only' }));
    build.onResolve({ filter: /(^|\/)node\/[^/]+$/ }, (args) => {
      const resolved = join(args.resolveDir, args.path);
      return resolved.startsWith(join(root, 'src', 'node')) ? { path: resolved, namespace: 'node-only' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'node-only' }, (args) => ({
      contents: `const name = ${JSON.stringify(args.path.startsWith(root) ? args.path.slice(root.length + 1) : args.path)};
module.exports = new Proxy({}, { get: (_, key) => key === '__esModule' ? false : () => { throw new Error(name + ' needs Node.js: not available in the browser'); } });`,
      loader: 'js',
    }));
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
  // The web extension (vscode.dev's web worker host: no Node.js, no require() but 'vscode'): the same
  // entry with citeproc inside, and src/node/** replaced by a stub (see nodeOnly).
  { ...common, platform: 'browser', target: 'es2022', entryPoints: ['src/extension.ts'], outfile: 'dist/web/extension.js', external: ['vscode'], plugins: [nodeOnly] },
];
if (process.argv.includes('--watch')) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('watching src/ …');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`built dist/extension.js, dist/web/extension.js, dist/cli.js, dist/citeproc.js and dist/csl/ in ${Date.now() - started} ms`);
}
