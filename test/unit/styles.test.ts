// One list of shipped styles: scripts/extract-styles.mjs (SHIPPED_STYLES) generates dist/csl/styles.json,
// which the pick and the CLI read; the manifest's setting must offer exactly the same, with the same labels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

test('the manifest, the style pick and the CLI offer the same styles with the same labels', () => {
  const generated = JSON.parse(readFileSync(join(root, 'dist', 'csl', 'styles.json'), 'utf8')) as { id: string; label: string; numeric: boolean }[];
  const setting = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).contributes.configuration.properties['iscls.citationStyle'];
  // The setting also takes a journal's style id or a .csl file: the shipped ones are its first choice.
  const shipped = setting.anyOf[0];
  assert.deepEqual(shipped.enum, generated.map((s) => s.id), 'manifest enum = generated ids, in order');
  assert.deepEqual(shipped.enumItemLabels, generated.map((s) => s.label), 'manifest labels = generated labels');
  assert.equal(setting.default, generated[0].id, 'the default is the first shipped style');
  const cli = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'styles'], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  assert.deepEqual(
    cli.stdout.trimEnd().split('\n').map((line) => line.split('\t').slice(0, 2)),
    generated.map((s) => [s.id, s.label]),
  );
});
