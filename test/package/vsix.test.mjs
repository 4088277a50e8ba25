// The VSIX holds only what runs, and its manifest is what reviewers expect. Runs after `npm run package`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('the VSIX lists only runtime files', () => {
  const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
    .trim().split('\n').map((f) => f.trim());
  // data/*.json and dist/csl/*.json travel inside dist/pack.json (the next test checks its contents).
  for (const required of ['dist/extension.js', 'dist/extension-node.js', 'dist/citeproc.js', 'dist/pack.json', 'dist/csl/NOTICE-CSL.txt', 'dist/csl/american-medical-association.csl', 'data/journal-abbreviations.json',
    'media/iscls.svg', 'README.md', 'CHANGELOG.md',
    'LICENSE', 'THIRD_PARTY_NOTICES.md', 'package.json']) {
    assert.ok(files.includes(required), `missing ${required}`);
  }
  const stray = files.filter((f) => /^(src|test|out|node_modules|scripts|dist\/web|\.ci|\.cache|test-results)\//.test(f) || /\.(ts|map|vsix)$/.test(f) || f === 'dist/cli.js' || f === 'dist/cli-main.js');
  assert.deepEqual(stray, []);
  console.log(`VSIX: ${files.length} files, ${(statSync(join(root, 'iscls-reference.vsix')).size / 1024).toFixed(1)} KiB`);
});

test('dist/pack.json in the VSIX holds every data and CSL file the extension reads, as the CLI reads them', async () => {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(readFileSync(join(root, 'iscls-reference.vsix')));
  const { files, entries } = JSON.parse(await zip.file('extension/dist/pack.json').async('string'));
  const expected = [
    // The journal abbreviations travel apart, read on first need (scripts/build.mjs READ_ON_FIRST_USE).
    ...readdirSync(join(root, 'data')).filter((f) => f.endsWith('.json') && f !== 'journal-abbreviations.json').map((f) => `data/${f}`),
    ...readdirSync(join(root, 'dist', 'csl')).filter((f) => f.endsWith('.json')).map((f) => `dist/csl/${f}`),
  ].sort();
  for (const required of ['data/references.json', 'data/sections.json', 'data/terms.json', 'data/about.json', 'dist/csl/styles.json', 'dist/csl/american-medical-association.json', 'dist/csl/entries-american-medical-association.json']) {
    assert.ok(expected.includes(required), `${required} was not built`);
  }
  // Byte for byte, except the entries-<style>.json files: all styles in one, `entries`, which the
  // extension unpacks with src/core/format/packedEntries.ts (bundled here as the extension bundles it).
  const isEntries = (name) => /^dist\/csl\/entries-.+\.json$/.test(name);
  assert.deepEqual(Object.keys(files).sort(), expected.filter((name) => !isEntries(name)));
  for (const name of Object.keys(files)) assert.equal(files[name], readFileSync(join(root, name), 'utf8'), `${name} differs from its copy in the pack`);
  const esbuild = await import('esbuild');
  const bundled = await esbuild.build({ entryPoints: [join(root, 'src', 'core', 'format', 'packedEntries.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'error' });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', bundled.outputFiles[0].text)(module, module.exports, () => undefined);
  const entryFiles = expected.filter(isEntries);
  assert.deepEqual(entries.styles.map((style) => `dist/csl/entries-${style}.json`).sort(), entryFiles);
  for (const name of entryFiles) {
    const style = /entries-(.+)\.json$/.exec(name)[1];
    assert.deepStrictEqual(module.exports.unpackEntries(entries, style), JSON.parse(readFileSync(join(root, name), 'utf8')), `${name}: the pack's entries differ`);
  }
});

/**
 * Evaluates `source` (CommonJS) as VS Code's web worker host does (`new Function('module', 'exports',
 * 'require', …)`), in a context with no Node.js: no `process`, no `Buffer`, and a `require` that knows
 * only 'vscode' (here every API name of @types/vscode, each a callable, constructible stand-in).
 */
function loadLikeWebWorker(source) {
  const api = readFileSync(join(root, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
  const standIn = () => new Proxy(function () {}, { get: (_, key) => (key === 'then' ? undefined : standIn()), apply: () => standIn(), construct: () => standIn() });
  const vscode = {};
  for (const m of api.matchAll(/^\s*export (?:namespace|class|enum|function|const|let) (\w+)/gm)) vscode[m[1]] ??= standIn();
  const asked = [];
  const context = vm.createContext({ console, TextDecoder, TextEncoder, URL, setTimeout, clearTimeout, queueMicrotask });
  assert.equal(vm.runInContext('typeof process + typeof Buffer + typeof require', context), 'undefinedundefinedundefined');
  const module = { exports: {} };
  vm.runInContext(`(function (module, exports, require) {${source}\n})`, context)(module, module.exports, (id) => {
    asked.push(id);
    if (id === 'vscode') return vscode;
    throw new Error(`Cannot load module '${id}'`);
  });
  return { exports: module.exports, asked };
}

test('a web extension: one bundle for both hosts, tagged by vsce, that loads without Node.js', async () => {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(readFileSync(join(root, 'iscls-reference.vsix')));
  assert.equal(manifest.browser, './dist/extension.js');
  // The Node.js host's "main" is a small launcher that compiles that same bundle with V8's code cache.
  assert.equal(manifest.main, './dist/extension-node.js');
  const launcher = await zip.file('extension/dist/extension-node.js')?.async('string');
  assert.ok(launcher && launcher.length < 8 * 1024, 'the launcher is missing or more than a launcher');
  assert.match(launcher, /["']extension\.js["']/, 'the launcher does not load dist/extension.js');
  assert.match(await zip.file('extension.vsixmanifest').async('string'), /__web_extension/, 'vsce did not tag the VSIX as a web extension');
  const bundle = await zip.file('extension/dist/extension.js')?.async('string');
  assert.ok(bundle, 'dist/extension.js is not in the VSIX');
  // Node's built-ins and citeproc-js are required only where Node.js runs; node-fetch would mean a polyfill inside.
  const required = [...new Set([...bundle.matchAll(/\brequire\((["'])([^"']+)\1\)/g)].map((m) => m[2]))];
  assert.deepEqual(required.filter((id) => id !== 'vscode' && id !== './citeproc.js' && !id.startsWith('node:')), []);
  assert.doesNotMatch(bundle, /node-fetch/);
  // The web worker host: loading the bundle runs every module's top-level code.
  const web = loadLikeWebWorker(bundle);
  assert.deepEqual(web.asked, ['vscode']);
  assert.equal(typeof web.exports.activate, 'function');
  console.log(`bundle: ${(bundle.length / 1024).toFixed(0)} KiB`);
});

test('dist/citeproc.js evaluates in the web worker host as the extension does there, needing nothing', async () => {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(readFileSync(join(root, 'iscls-reference.vsix')));
  const citeproc = loadLikeWebWorker(await zip.file('extension/dist/citeproc.js').async('string'));
  assert.deepEqual(citeproc.asked, []);
  assert.equal(typeof citeproc.exports.Engine, 'function');
});

test('manifest: categorized commands, menus keyed on contextValue, typed settings, capabilities', () => {
  const { contributes } = manifest;
  for (const command of contributes.commands) assert.equal(command.category, 'ISCLS', command.command);
  const declared = new Set(contributes.commands.map((c) => c.command));
  for (const [menu, items] of Object.entries(contributes.menus)) {
    for (const item of items) assert.ok(declared.has(item.command), `${menu}: ${item.command} is not declared`);
  }
  assert.ok(contributes.menus['view/item/context'].every((item) => /viewItem/.test(item.when)));
  for (const [key, setting] of Object.entries(contributes.configuration.properties)) {
    assert.ok(setting.type, `${key} has a type`);
    assert.ok(setting.markdownDescription, `${key} has a markdownDescription`);
  }
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['iscls.library', 'iscls.pandocPath']);
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.equal(manifest.capabilities.virtualWorkspaces, true);
  for (const language of ['markdown', 'latex', 'plaintext']) assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`));
  assert.ok(contributes.viewsWelcome.some((w) => w.view === 'iscls.cited'));
});

test('walkthrough: every step has a picture in the VSIX and links only declared commands', () => {
  const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' }).trim().split('\n').map((f) => f.trim());
  const declared = new Set(manifest.contributes.commands.map((c) => c.command));
  const [walkthrough] = manifest.contributes.walkthroughs;
  assert.equal(walkthrough.steps.length, 6);
  for (const step of walkthrough.steps) {
    assert.ok(files.includes(step.media.image), `${step.id}: ${step.media.image} is packaged`);
    for (const [, command] of step.description.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(declared.has(command), `${step.id}: ${command}`);
    for (const event of step.completionEvents) if (event.startsWith('onCommand:')) assert.ok(declared.has(event.slice(10)), `${step.id}: ${event}`);
  }
});
