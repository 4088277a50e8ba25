// `iscls bib --write` on files a careful editor worries about: CR-only line breaks, a file with
// several hard links whose write is cut short, temporary files left by a killed run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { linkSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const iscls = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const folder = () => mkdtempSync(join(tmpdir(), 'iscls-files-'));

test('a CR-only manuscript keeps CR line breaks through bib --write', () => {
  const file = join(folder(), 'doc.md');
  writeFileSync(file, 'Shock [@clarkson1960].\r\rMore text.\r');
  const run = iscls('bib', file, '--write');
  assert.equal(run.status, 0, run.stderr);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /iscls-references/);
  assert.ok(!text.includes('\n'), JSON.stringify(text));
});

test('a hard-linked manuscript whose write hits the file-size limit keeps its old text, whole', { skip: spawnSync('bash', ['-c', 'true']).status !== 0 }, () => {
  const dir = folder();
  const file = join(dir, 'doc.md');
  const body = 'Shock [@clarkson1960].\n\n';
  const newLength = Buffer.byteLength(iscls('bib', writeAndReturn(file, body)).stdout);
  // Old text just under 4 KB, new text over it: the limit stops the write halfway.
  const old = body + 'x'.repeat(4096 - 40 - Buffer.byteLength(body)) + '\n';
  assert.ok(Buffer.byteLength(old) + newLength - Buffer.byteLength(body) > 4096);
  writeFileSync(file, old);
  linkSync(file, join(dir, 'other-name.md'));
  const run = spawnSync('bash', ['-c', `ulimit -f 4; exec "${process.execPath}" "${cli}" bib "${file}" --write`], { encoding: 'utf8' });
  assert.notEqual(run.status, 0, 'the write cannot have succeeded');
  assert.match(run.stderr, /EFBIG.*nothing was changed/);
  assert.equal(readFileSync(file, 'utf8'), old);
  assert.equal(readFileSync(join(dir, 'other-name.md'), 'utf8'), old);
});

test('a temporary file left by a killed run is removed by the next write; none is left', () => {
  const dir = folder();
  const file = join(dir, 'doc.md');
  writeFileSync(file, 'Shock [@clarkson1960].\n');
  writeFileSync(join(dir, '.doc.md.iscls-4194302.tmp'), 'half');
  const run = iscls('bib', file, '--write');
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(readdirSync(dir), ['doc.md']);
});

function writeAndReturn(file: string, text: string): string {
  writeFileSync(file, text);
  return file;
}
