// A browser bundle of the integration suite, for VS Code's web worker extension host (vscode.dev,
// code-server with `remote.extensionKind` set to ["web"]). The worker has no Node.js and no `require`
// but `vscode`, so everything is bundled: mocha's browser build, the npm `assert` package for
// `node:assert/strict`, and every `test/integration/**/*.test.ts` (loaded after `mocha.setup`, so the
// tdd globals exist). The worker loads the file as CommonJS and awaits `run()`, like the Node runner.
//
// `process` does not exist in the worker: the bundle gets its own (esbuild `inject`, not a global, so
// the host test still sees a worker without Node.js), with the variables the suite reads (ISCLS_* and
// util's NODE_DEBUG) compiled in from `env`; `assert`'s AssertionError reads `process.stderr`.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './setup.mjs';

const testsDir = join(repoRoot, 'test', 'integration');

/** Every `*.test.ts` below test/integration, sorted as the Node runner sorts its compiled files. */
export function integrationTestFiles(dir = testsDir) {
  const found = [];
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.test.ts')) found.push(full);
    }
  };
  if (existsSync(dir)) walk(dir);
  return found.sort();
}

/** The bundle's entry: mocha set up as test/integration/index.ts does, then the test files. */
function entrySource(files) {
  const requires = files.map((f) => `  require(${JSON.stringify('./' + relative(testsDir, f).split('\\').join('/'))});`).join('\n');
  return `
require('mocha/mocha.js');
const mocha = globalThis.mocha;
exports.run = function run() {
  mocha.setup({ ui: 'tdd', reporter: 'spec', timeout: 20000, color: false });
  const grep = process.env.ISCLS_TEST_GREP;
  if (grep) mocha.grep(grep);
${requires}
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(failures + ' integration test' + (failures === 1 ? '' : 's') + ' failed'));
        else resolve();
      });
    } catch (error) {
      reject(error);
    }
  });
};
`;
}

/** `node:assert/strict` and `node:assert` → the npm `assert` package (its `strict` export for the former). */
const assertPlugin = {
  name: 'browser-assert',
  setup(build) {
    build.onResolve({ filter: /^(node:)?assert(\/strict)?$/ }, (args) => ({ path: args.path, namespace: 'browser-assert' }));
    build.onLoad({ filter: /.*/, namespace: 'browser-assert' }, (args) => ({
      contents: /strict$/.test(args.path) ? "module.exports = require('assert/').strict;" : "module.exports = require('assert/');",
      resolveDir: repoRoot,
      loader: 'js',
    }));
  },
};

/** Other Node built-ins (tests that use them run only in the Node host): stubs that throw when called. */
const nodeBuiltins = {
  name: 'node-builtins',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-builtins' }));
    build.onLoad({ filter: /.*/, namespace: 'node-builtins' }, (args) => ({
      contents: `module.exports = new Proxy({}, { get: (_, key) => key === '__esModule' ? false : () => { throw new Error(${JSON.stringify(args.path)} + ' is not available in the web worker host'); } });`,
      loader: 'js',
    }));
  },
};

/** The module esbuild injects as `process` into every file of the bundle. */
const processPlugin = (env) => ({
  name: 'web-suite-process',
  setup(build) {
    build.onResolve({ filter: /^web-suite-process$/ }, () => ({ path: 'process', namespace: 'web-suite-process' }));
    build.onLoad({ filter: /.*/, namespace: 'web-suite-process' }, () => ({
      contents: `export const process = { env: ${JSON.stringify(env)}, argv: [], platform: 'browser', browser: true, nextTick: (fn, ...args) => queueMicrotask(() => fn(...args)) };`,
      loader: 'js',
    }));
  },
});

/**
 * Bundles the suite to `outfile` (CommonJS, browser platform). `env`: the variables the tests read
 * through `process.env`. Throws with esbuild's messages when something in the suite needs Node.js.
 */
export async function buildWebSuite({ outfile, env = {} }) {
  const files = integrationTestFiles();
  if (files.length === 0) throw new Error(`no integration tests (*.test.ts) under ${relative(repoRoot, testsDir)}`);
  const processEnv = { NODE_DEBUG: '', ...env };
  const started = Date.now();
  await esbuild.build({
    stdin: { contents: entrySource(files), resolveDir: testsDir, sourcefile: 'web-suite-entry.js', loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    outfile,
    absWorkingDir: repoRoot,
    external: ['vscode'],
    plugins: [assertPlugin, nodeBuiltins, processPlugin(processEnv)],
    inject: ['web-suite-process'],
    define: { global: 'globalThis' },
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  return { outfile, files: files.length, ms: Date.now() - started };
}
