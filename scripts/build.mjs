#!/usr/bin/env node
// Bundles the extension and the CLI with esbuild and copies the CSL styles the engine ships.
// `--watch` rebuilds on change; `--dev` keeps the bundles unminified with inline source maps.
//
// citeproc-js (~370 KiB) is its own file, dist/citeproc.js, required on first use only: every
// numeric style and every single reference come from dist/csl/entries-<style>.json, formatted here with
// citeproc-js (precomputeEntries), so activation and most CLI runs never load it.
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * `import * as vscode from 'vscode'` in each of ~40 modules made esbuild copy the whole API object
 * into a namespace of its own for every module at load (`__toESM`, ~400 getters each): one module
 * re-exports it once and every import reads that (issue 11, activation).
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/**
 * Libraries that activation and most CLI runs never call stay in the bundle but are evaluated on
 * first use: each import gets a stand-in whose named exports load the real module when first read
 * (the library readers' js-yaml and saxes, fuse.js for the first search, child_process for pandoc).
 * `names` are the exports our code uses; the build fails if one of them does not exist.
 */
const LAZY = {
  'js-yaml': { names: ['load', 'loadAll', 'JSON_SCHEMA'] },
  saxes: { names: ['SaxesParser'] },
  'fuse.js': { callable: true, names: ['createIndex'] },
  'node:child_process': { names: ['spawn'], node: true },
};
function lazyModules({ node }) {
  const wanted = Object.entries(LAZY).filter(([, spec]) => node || !spec.node);
  const filter = new RegExp(`^(${wanted.map(([name]) => name.replace(/[.:]/g, '\\$&')).join('|')})$`);
  const require = createRequire(join(root, 'package.json'));
  return {
    name: 'lazy-modules',
    setup(build) {
      build.onResolve({ filter }, (args) => (args.namespace === 'lazy' ? undefined : { path: args.path, namespace: 'lazy' }));
      build.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => {
        const { names, callable } = LAZY[args.path];
        const real = require(args.path);
        for (const n of names) if ((callable ? real[n] : real[n]) === undefined) throw new Error(`lazy ${args.path}: no export ${n}`);
        const load = `let real; const load = () => (real ??= require(${JSON.stringify(args.path)}));`;
        const target = callable ? 'function Lazy(...a) { return new (load())(...a); }' : '{}';
        const getters = names.map((n) => `Object.defineProperty(out, ${JSON.stringify(n)}, { enumerable: true, get: () => load()[${JSON.stringify(n)}] });`).join('\n');
        return { contents: `${load}\nconst out = ${callable ? `(${target})` : target};\n${getters}\nmodule.exports = out;`, loader: 'js', resolveDir: root };
      });
    },
  };
}

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

/**
 * dist/pack.json: every file activation reads (data/*.json, dist/csl/*.json), as text, in one file.
 * In the web worker host each vscode.workspace.fs read is a round trip over the connection: ~25 of
 * them kept the services waiting ≈2.4 s (issue 14). One read now; each file is parsed when first
 * asked for. The VSIX ships the pack instead of the separate copies (the CLI reads those).
 */
function writePack(cslDir) {
  const files = {};
  const add = (dir, prefix) => {
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) files[`${prefix}/${name}`] = readFileSync(join(dir, name), 'utf8');
  };
  add(join(root, 'data'), 'data');
  add(cslDir, 'dist/csl');
  writeFileSync(join(root, 'dist', 'pack.json'), JSON.stringify({ about: 'Generated by scripts/build.mjs: the files activation reads, by path.', files }));
}

const started = Date.now();
const cslDir = join(root, 'dist', 'csl');
await extractStyles(cslDir);
await writeEntries(cslDir);
// Watch and dev builds read the files themselves (a pack would go stale as data/ is edited).
if (dev) rmSync(join(root, 'dist', 'pack.json'), { force: true });
else writePack(cslDir);
const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [citeprocApart, vscodeOnce, lazyModules({ node: true })] },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [citeprocApart, lazyModules({ node: true })] },
  { ...common, entryPoints: ['citeproc'], outfile: 'dist/citeproc.js' },
  // The web extension (vscode.dev's web worker host: no Node.js, no require() but 'vscode'): the same
  // entry with citeproc inside, and src/node/** replaced by a stub (see nodeOnly).
  { ...common, platform: 'browser', target: 'es2022', entryPoints: ['src/extension.ts'], outfile: 'dist/web/extension.js', external: ['vscode'], plugins: [vscodeOnce, lazyModules({ node: false }), nodeOnly] },
];
if (process.argv.includes('--watch')) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('watching src/ …');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`built dist/extension.js, dist/web/extension.js, dist/cli.js, dist/citeproc.js and dist/csl/ in ${Date.now() - started} ms`);
}
