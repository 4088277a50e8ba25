// The VSIX holds only what runs, and its manifest is what reviewers expect. Runs after `npm run package`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('the VSIX lists only runtime files', () => {
  const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
    .trim().split('\n').map((f) => f.trim());
  // data/*.json and dist/csl/*.json travel inside dist/pack.json (the next test checks its contents).
  for (const required of ['dist/extension.js', 'dist/web/extension.js', 'dist/citeproc.js', 'dist/pack.json', 'dist/csl/NOTICE-CSL.txt',
    'media/iscls.svg', 'README.md', 'CHANGELOG.md',
    'LICENSE', 'THIRD_PARTY_NOTICES.md', 'package.json']) {
    assert.ok(files.includes(required), `missing ${required}`);
  }
  const stray = files.filter((f) => /^(src|test|out|node_modules|scripts|\.ci|\.cache|test-results)\//.test(f) || /\.(ts|map|vsix)$/.test(f) || f === 'dist/cli.js');
  assert.deepEqual(stray, []);
  console.log(`VSIX: ${files.length} files, ${(statSync(join(root, 'iscls-reference.vsix')).size / 1024).toFixed(1)} KiB`);
});

test('dist/pack.json in the VSIX holds every data and CSL file the extension reads, byte for byte', async () => {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(readFileSync(join(root, 'iscls-reference.vsix')));
  const { files } = JSON.parse(await zip.file('extension/dist/pack.json').async('string'));
  const expected = [
    ...readdirSync(join(root, 'data')).filter((f) => f.endsWith('.json')).map((f) => `data/${f}`),
    ...readdirSync(join(root, 'dist', 'csl')).filter((f) => f.endsWith('.json')).map((f) => `dist/csl/${f}`),
  ].sort();
  for (const required of ['data/references.json', 'data/sections.json', 'data/terms.json', 'data/about.json', 'dist/csl/styles.json', 'dist/csl/american-medical-association.json', 'dist/csl/entries-american-medical-association.json']) {
    assert.ok(expected.includes(required), `${required} was not built`);
  }
  assert.deepEqual(Object.keys(files).sort(), expected);
  for (const name of expected) assert.equal(files[name], readFileSync(join(root, name), 'utf8'), `${name} differs from its copy in the pack`);
});

test('a web extension: the browser bundle is in the VSIX, vsce tags it, and it needs nothing but vscode', async () => {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(readFileSync(join(root, 'iscls-reference.vsix')));
  assert.equal(manifest.browser, './dist/web/extension.js');
  assert.match(await zip.file('extension.vsixmanifest').async('string'), /__web_extension/, 'vsce did not tag the VSIX as a web extension');
  const web = await zip.file('extension/dist/web/extension.js')?.async('string');
  assert.ok(web, 'dist/web/extension.js is not in the VSIX');
  // The web worker host lends `require` for 'vscode' only; node-fetch would mean a Node polyfill inside.
  const required = new Set([...web.matchAll(/\brequire\((["'])([^"']+)\1\)/g)].map((m) => m[2]));
  assert.deepEqual([...required], ['vscode']);
  assert.doesNotMatch(web, /node-fetch/);
  console.log(`web bundle: ${(web.length / 1024).toFixed(0)} KiB`);
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
  assert.deepEqual(manifest.capabilities, { untrustedWorkspaces: { supported: true }, virtualWorkspaces: true });
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
