// The VSIX holds only what runs, and its manifest is what reviewers expect. Runs after `npm run package`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('the VSIX lists only runtime files', () => {
  const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
    .trim().split('\n').map((f) => f.trim());
  for (const required of ['dist/extension.js', 'dist/citeproc.js', 'dist/csl/entries-american-medical-association.json', 'dist/csl/american-medical-association.json', 'dist/csl/NOTICE-CSL.txt',
    'data/references.json', 'data/sections.json', 'data/terms.json', 'media/iscls.svg', 'README.md', 'CHANGELOG.md',
    'LICENSE', 'THIRD_PARTY_NOTICES.md', 'package.json']) {
    assert.ok(files.includes(required), `missing ${required}`);
  }
  const stray = files.filter((f) => /^(src|test|out|node_modules|scripts|\.ci|\.cache|test-results)\//.test(f) || /\.(ts|map|vsix)$/.test(f) || f === 'dist/cli.js');
  assert.deepEqual(stray, []);
  console.log(`VSIX: ${files.length} files, ${(statSync(join(root, 'iscls-reference.vsix')).size / 1024).toFixed(1)} KiB`);
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
