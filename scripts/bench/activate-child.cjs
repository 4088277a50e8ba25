// Child process of the activation benchmark: loads the Node host's "main" (dist/extension-node.js, which
// compiles dist/extension.js with V8's code cache in context.globalStorageUri) against a stand-in `vscode`
// module (every API a no-op; settings return their defaults) and calls activate(), then prints
// JSON timings. `--empty` activates an empty extension instead (the same stand-in, nothing loaded).
const Module = require('node:module');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');

const root = join(__dirname, '..', '..');
function stub() {
  const cache = new Map();
  const target = function () {};
  return new Proxy(target, {
    get(_t, p) {
      if (p === 'then' || p === Symbol.asyncIterator) return undefined;
      if (p === Symbol.iterator) return function* () {};
      if (p === Symbol.toPrimitive) return () => '';
      // Settings and memento reads: the default the code passes.
      if (p === 'get') return (_key, fallback) => fallback;
      // Messages and pickers answer "dismissed"; the log writes to stderr with ISCLS_BENCH_DEBUG.
      if (typeof p === 'string' && /^show\w*(Message|Pick|InputBox)$/.test(p)) return async () => undefined;
      if (p === 'error' || p === 'warn') return (...a) => process.env.ISCLS_BENCH_DEBUG && console.error(...a);
      if (!cache.has(p)) cache.set(p, stub());
      return cache.get(p);
    },
    apply: () => stub(),
    construct: () => stub(),
  });
}
// esbuild's ESM interop copies the module's own properties: list the API's top-level names.
const { readFileSync } = require('node:fs');
const api = readFileSync(join(root, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
const vscode = {};
// Top-level names only (one tab in, inside `declare module 'vscode'`), as the real API has.
for (const m of api.matchAll(/^\texport (?:namespace|class|enum|function|const|let) (\w+)/gm)) vscode[m[1]] ??= stub();
// The extension reads its shipped files through vscode.workspace.fs (the same in the web worker host):
// here a real one over node:fs, with file URIs.
const { readFile } = require('node:fs/promises');
const fileUri = (fsPath) => ({ scheme: 'file', fsPath, path: fsPath, toString: () => `file://${fsPath}` });
vscode.Uri = { file: fileUri, joinPath: (base, ...parts) => fileUri(join(base.fsPath, ...parts)) };
const workspaceStub = vscode.workspace;
vscode.workspace = new Proxy({}, { get: (_t, p) => (p === 'fs' ? { readFile: async (uri) => new Uint8Array(await readFile(uri.fsPath)) } : workspaceStub[p]) });
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};

// The code cache's home, as VS Code's global storage would be: ISCLS_BENCH_STORAGE (a temporary folder).
const storage = process.env.ISCLS_BENCH_STORAGE ?? join(require('node:os').tmpdir(), `iscls-bench-storage-${process.pid}`);
const context = {
  globalStorageUri: vscode.Uri.file(storage),
  subscriptions: [],
  extensionPath: root,
  extensionUri: vscode.Uri.file(root),
  globalState: { get: (_k, d) => d, update: async () => undefined, keys: () => [] },
  workspaceState: { get: (_k, d) => d, update: async () => undefined, keys: () => [] },
};

const main = join(root, require(join(root, 'package.json')).main);
(async () => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const ext = process.argv.includes('--empty') ? { activate: () => ({}) } : require(main);
  const t1 = performance.now();
  const services = await ext.activate(context); // activation reads its files asynchronously
  const t2 = performance.now();
  process.stdout.write(
    JSON.stringify({ ok: !!services, cpu: (({ user, system }) => (user + system) / 1000)(process.cpuUsage(c0)), load: t1 - t0, activate: t2 - t1, sinceStart: t2, heap: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss }) + '\n',
  );
  // What activation scheduled for later (the idle warm-up) is not part of activation. `--warm` waits
  // for it instead, and for the code cache written after it (src/extensionNode.ts), as a first
  // activation in VS Code would.
  if (process.argv.includes('--warm')) await new Promise((resolve) => setTimeout(resolve, 6000));
  process.exit(0);
})();
