#!/usr/bin/env node
// Bundles the extension and the CLI with esbuild and copies the CSL styles the engine ships.
// `--watch` rebuilds on change; `--dev` keeps the bundles unminified with inline source maps.
//
// dist/extension.js is the one bundle of both extension hosts, Node.js and the web worker (see
// nodeBuiltins). citeproc-js (~370 KiB) is its own file, dist/citeproc.js, loaded on first use only:
// every numeric style and every single reference come from dist/csl/entries-<style>.json, formatted
// here with citeproc-js (precomputeEntries), so activation and most CLI runs never load it. The Node.js
// host and the CLI require it; the web worker host, which cannot require a file, reads it with the data
// at activation and evaluates it on first use (src/vscode/shared/extensionFiles.ts). Kept apart rather
// than inlined: as a string literal in the bundle it cost ~9 ms at every Node load, as code ~17 ms.
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
for (const f of ['extension.js.LEGAL.txt', 'cli.js.LEGAL.txt', 'cli-main.js.LEGAL.txt', 'extension-node.js.LEGAL.txt', 'citeproc.js.LEGAL.txt']) rmSync(join(root, 'dist', f), { force: true });
// Earlier builds wrote a second bundle for the web worker host, dist/web/: one bundle serves both now.
rmSync(join(root, 'dist', 'web'), { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: !dev,
  minifySyntax: !dev,
  // ISCLS_PROFILE_NAMES=1 keeps function names, so that a CPU profile of the host names our code.
  minifyIdentifiers: !dev && !process.env.ISCLS_PROFILE_NAMES,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

/** `require('citeproc')` in the bundles loads dist/citeproc.js, beside them, when first called (Node.js). */
const citeprocApart = {
  name: 'citeproc-apart',
  setup(build) {
    build.onResolve({ filter: /^citeproc$/ }, () => ({ path: './citeproc.js', external: true }));
  },
};

/**
 * One bundle serves both extension hosts (package.json "main" and "browser"). In the web worker host
 * (vscode.dev: no Node.js; VS Code lends `require` for 'vscode' only) Node's built-ins cannot be
 * required, so each `node:*` import becomes a stand-in: the real module where Node.js runs, else an
 * object whose functions throw "needs Node.js". The code that uses them (src/node/**: pandoc, local
 * files) is only called by commands hidden there (context key iscls.nodeHost, src/vscode/shared/host.ts),
 * and its top-level code touches no built-in, `process` or `Buffer` (test/package checks the bundle
 * loads in a context without them).
 */
const nodeBuiltins = {
  name: 'node-builtins',
  setup(build) {
    const require = createRequire(import.meta.url);
    build.onResolve({ filter: /^node:/ }, (args) => (args.namespace === 'node-builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'node-builtin' }));
    // The stand-in names every export of the real module (esbuild's ESM interop copies own properties).
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      contents: `const name = ${JSON.stringify(args.path)};
module.exports = typeof process === 'object' && typeof process.versions?.node === 'string' ? require(${JSON.stringify(args.path)})
  : Object.fromEntries(${JSON.stringify(Object.keys(require(args.path)).join(' '))}.split(' ').map((key) => [key, () => { throw new Error(name + ' needs Node.js: not available in the browser'); }]));`,
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
 * `names` are the exports our code uses; the build fails if one of them does not exist. A package is
 * loaded through a module that re-exports only those names, as ES module imports: esbuild then keeps
 * only what they need of an ES module package (js-yaml's dumper and AST tools: −16 KiB).
 */
const LAZY = {
  'js-yaml': { names: ['load', 'loadAll', 'JSON_SCHEMA'] },
  saxes: { names: ['SaxesParser'] },
  'fuse.js': { callable: true, names: ['createIndex'] },
  'node:child_process': { names: ['spawn'] },
};
function lazyModules() {
  const wanted = Object.entries(LAZY);
  const filter = new RegExp(`^(${wanted.map(([name]) => name.replace(/[.:]/g, '\\$&')).join('|')})$`);
  const require = createRequire(join(root, 'package.json'));
  return {
    name: 'lazy-modules',
    setup(build) {
      const skip = new Set(['lazy', 'lazy-pick', 'node-builtin']);
      build.onResolve({ filter }, (args) => (skip.has(args.namespace) ? undefined : { path: args.path, namespace: 'lazy' }));
      build.onResolve({ filter: /^lazy-pick:/ }, (args) => ({ path: args.path.slice('lazy-pick:'.length), namespace: 'lazy-pick' }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-pick' }, (args) => {
        const { names, callable } = LAZY[args.path];
        return { contents: `export { ${callable ? 'default' : names.join(', ')} } from ${JSON.stringify(args.path)};`, loader: 'js', resolveDir: root };
      });
      build.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => {
        const { names, callable } = LAZY[args.path];
        const real = require(args.path);
        for (const n of names) if (real[n] === undefined) throw new Error(`lazy ${args.path}: no export ${n}`);
        const module = args.path.startsWith('node:') ? args.path : `lazy-pick:${args.path}`;
        const load = `let real; const load = () => (real ??= require(${JSON.stringify(module)})${callable ? '.default' : ''});`;
        const target = callable ? 'function Lazy(...a) { return new (load())(...a); }' : '{}';
        const getters = names.map((n) => `Object.defineProperty(out, ${JSON.stringify(n)}, { enumerable: true, get: () => load()[${JSON.stringify(n)}] });`).join('\n');
        return { contents: `${load}\nconst out = ${callable ? `(${target})` : target};\n${getters}\nmodule.exports = out;`, loader: 'js', resolveDir: root };
      });
    },
  };
}

/**
 * Format every reference in every shipped style ahead of time (see src/core/format/citations.ts): writes
 * dist/csl/entries-<style>.json (the CLI reads them) and returns the tables packed for dist/pack.json
 * (src/core/format/packedEntries.ts).
 */
async function writeEntries(cslDir) {
  const source = "export { precomputeEntries } from './src/core/format/citations'; export { packEntries } from './src/core/format/packedEntries';";
  const bundled = await esbuild.build({ ...common, minifyWhitespace: false, minifySyntax: false, minifyIdentifiers: false, legalComments: 'none', stdin: { contents: source, resolveDir: root, loader: 'ts' }, write: false });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', bundled.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  const references = JSON.parse(readFileSync(join(root, 'data', 'references.json'), 'utf8'));
  const load = (file) => JSON.parse(readFileSync(join(cslDir, file), 'utf8'));
  const tables = module.exports.precomputeEntries(references, load);
  for (const [style, table] of Object.entries(tables)) {
    writeFileSync(join(cslDir, `entries-${style}.json`), JSON.stringify(table));
  }
  rmSync(join(cslDir, 'entries.json'), { force: true });
  return module.exports.packEntries(tables);
}

/**
 * Data files activation never reads, shipped as they are beside the pack: the NLM journal abbreviations
 * (1.4 MB), read with the writer's first library file (src/vscode/shared/journalAbbreviations.ts).
 */
const READ_ON_FIRST_USE = ['journal-abbreviations.json'];

/**
 * dist/pack.json: every file activation reads (data/*.json, dist/csl/*.json), as text, in one file.
 * In the web worker host each vscode.workspace.fs read is a round trip over the connection: ~25 of
 * them kept the services waiting ≈2.4 s (issue 14). One read now; each file is parsed when first
 * asked for. The VSIX ships the pack instead of the separate copies (the CLI reads those). The
 * entries-<style>.json files are in it as `entries`, all styles in one (packEntries: 7 KB less in
 * the VSIX); src/vscode/shared/extensionFiles.ts gives each back as its file holds it.
 */
function writePack(cslDir, entries) {
  const files = {};
  const add = (dir, prefix) => {
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('entries-') && !READ_ON_FIRST_USE.includes(f)).sort()) files[`${prefix}/${name}`] = readFileSync(join(dir, name), 'utf8');
  };
  add(join(root, 'data'), 'data');
  add(cslDir, 'dist/csl');
  const json = JSON.stringify({ about: 'Generated by scripts/build.mjs: the files activation reads, by path; the entries-<style>.json files as entries.', files, entries });
  // ASCII only (\uXXXX escapes, the same strings once parsed): Node decodes an ASCII file ~2× faster
  // at activation (5.4 → 2.9 ms for decode + parse, measured; issue 11).
  writeFileSync(join(root, 'dist', 'pack.json'), json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * dist/journals.json: the Find Journal Style index and the parent styles it needs (vendor/csl/journals,
 * from scripts/journal-index.mjs), read on first use only, never at activation (src/core/styles/journalIndex.ts).
 */
function writeJournals() {
  const dir = join(root, 'vendor', 'csl', 'journals');
  const parents = Object.fromEntries(readdirSync(join(dir, 'parents')).filter((f) => f.endsWith('.csl')).sort().map((f) => [f.slice(0, -4), readFileSync(join(dir, 'parents', f), 'utf8')]));
  writeFileSync(join(root, 'dist', 'journals.json'), JSON.stringify({ journals: readFileSync(join(dir, 'journals.tsv'), 'utf8'), parents }));
}

const started = Date.now();
const cslDir = join(root, 'dist', 'csl');
await extractStyles(cslDir);
writeJournals();
const packedEntries = await writeEntries(cslDir);
// Watch and dev builds read the files themselves (a pack would go stale as data/ is edited).
if (dev) rmSync(join(root, 'dist', 'pack.json'), { force: true });
else writePack(cslDir, packedEntries);
const builds = [
  // Both hosts, Node.js (desktop, VS Code server) and the web worker (vscode.dev): see nodeBuiltins.
  { ...common, target: ['node20', 'es2022'], entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [citeprocApart, vscodeOnce, lazyModules(), nodeBuiltins] },
  // The Node.js host's "main" and the `iscls` command are small launchers that compile the two bundles
  // with V8's code cache (src/node/codeCache.ts): a later activation or run skips compiling them.
  { ...common, entryPoints: ['src/extensionNode.ts'], outfile: 'dist/extension-node.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli-main.js', plugins: [citeprocApart, lazyModules()] },
  { ...common, entryPoints: ['src/cliLauncher.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['citeproc'], outfile: 'dist/citeproc.js' },
];
if (process.argv.includes('--watch')) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('watching src/ …');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`built dist/extension.js (+ extension-node.js), dist/cli.js (+ cli-main.js), dist/citeproc.js and dist/csl/ in ${Date.now() - started} ms`);
}
