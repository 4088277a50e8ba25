// Issue 12, Files: one test per row of the bad-file table (safe reading and writing of manuscripts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, linkSync, lstatSync, mkdtempSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileRefusal, MAX_MANUSCRIPT_BYTES, readManuscript, writeManuscript } from '../../src/node/safeFile';

const dir = mkdtempSync(join(tmpdir(), 'iscls-safefile-'));
let n = 0;
function file(content: string | Buffer, mode = 0o644): string {
  const p = join(dir, `m${n++}.md`);
  writeFileSync(p, content);
  chmodSync(p, mode);
  return p;
}
const oneLine = (e: unknown) => e instanceof FileRefusal && !e.message.includes('\n');

test('safeFile: Latin-1 is refused in one line and its bytes stay', () => {
  const bytes = Buffer.from('Caf\xe9 [@a]\n', 'latin1');
  const p = file(bytes);
  assert.throws(() => readManuscript(p), (e: Error) => oneLine(e) && /not UTF-8/.test(e.message));
  assert.deepEqual(readFileSync(p), bytes);
});

test('safeFile: UTF-16 (with BOM) is refused', () => {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('A [@a]\n', 'utf16le')]);
  const p = file(bytes);
  assert.throws(() => readManuscript(p), (e: Error) => oneLine(e) && /UTF-16/.test(e.message));
  assert.deepEqual(readFileSync(p), bytes);
});

test('safeFile: binary is refused', () => {
  const p = file(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  assert.throws(() => readManuscript(p), (e: Error) => oneLine(e) && /binary|not UTF-8/.test(e.message));
});

test('safeFile: UTF-8 with a BOM reads with its BOM and writes it back', () => {
  const p = file('\uFEFFA [@a]\n');
  const text = readManuscript(p);
  assert.ok(text.startsWith('\uFEFF'));
  writeManuscript(p, text + 'B\n');
  assert.deepEqual(readFileSync(p), Buffer.from('\uFEFFA [@a]\nB\n', 'utf8'));
});

test('safeFile: a read-only (0444) file is refused, mode and bytes unchanged', () => {
  const p = file('A\n', 0o444);
  assert.throws(() => writeManuscript(p, 'B\n'), (e: Error) => oneLine(e) && /read-only/.test(e.message));
  assert.equal(statSync(p).mode & 0o777, 0o444);
  assert.equal(readFileSync(p, 'utf8'), 'A\n');
});

test('safeFile: a private (0600) file stays 0600', () => {
  const p = file('A\n', 0o600);
  writeManuscript(p, 'B\n');
  assert.equal(statSync(p).mode & 0o777, 0o600);
  assert.equal(readFileSync(p, 'utf8'), 'B\n');
});

test('safeFile: the owner is kept', (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to give the file another owner (CI runs as root)');
  const p = file('A\n');
  chownSync(p, 1234, 2345);
  writeManuscript(p, 'B\n');
  const st = statSync(p);
  assert.deepEqual([st.uid, st.gid, readFileSync(p, 'utf8')], [1234, 2345, 'B\n']);
});

test('safeFile: a symlink stays a symlink; its target gets the text', () => {
  const target = file('A\n');
  const link = join(dir, `link${n++}.md`);
  symlinkSync(target, link);
  writeManuscript(link, 'B\n');
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.equal(readFileSync(target, 'utf8'), 'B\n');
});

test('safeFile: hard links are not split', () => {
  const a = file('A\n');
  const b = join(dir, `hard${n++}.md`);
  linkSync(a, b);
  writeManuscript(a, 'Longer text B\n');
  writeManuscript(a, 'C\n');
  assert.equal(statSync(a).ino, statSync(b).ino);
  assert.equal(statSync(a).nlink, 2);
  assert.equal(readFileSync(b, 'utf8'), 'C\n');
});

test('safeFile: a FIFO is refused at once (no hang)', () => {
  const p = join(dir, `fifo${n++}`);
  execFileSync('mkfifo', [p]);
  assert.throws(() => readManuscript(p), (e: Error) => oneLine(e) && /pipe/.test(e.message));
  assert.throws(() => writeManuscript(p, 'x'), (e: Error) => oneLine(e) && /pipe/.test(e.message));
});

test('safeFile: /dev/zero and a folder are refused', () => {
  assert.throws(() => readManuscript('/dev/zero'), (e: Error) => oneLine(e) && /device/.test(e.message));
  assert.throws(() => readManuscript(dir), (e: Error) => oneLine(e) && /folder/.test(e.message));
});

test('safeFile: a file over the size limit is refused', () => {
  const p = file('');
  truncateSync(p, MAX_MANUSCRIPT_BYTES + 1); // sparse: no disk used
  assert.throws(() => readManuscript(p), (e: Error) => oneLine(e) && /over the 32 MB limit/.test(e.message));
});

test('CLI: bib --write refuses a Latin-1 manuscript in one line and leaves it byte for byte', () => {
  const bytes = Buffer.from('Caf\xe9 [@clarkson1960].\n', 'latin1');
  const p = file(bytes);
  const r = spawnSync(process.execPath, [join(__dirname, '../../../dist/cli.js'), 'bib', p, '--write'], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /^iscls: .*not UTF-8.*\n$/);
  assert.deepEqual(readFileSync(p), bytes);
});

test('CLI: bib --write keeps a 0600 manuscript 0600 and writes through a symlink', () => {
  const target = file('A [@clarkson1960].\n', 0o600);
  const link = join(dir, `cli${n++}.md`);
  symlinkSync(target, link);
  const r = spawnSync(process.execPath, [join(__dirname, '../../../dist/cli.js'), 'bib', link, '--write'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.equal(statSync(target).mode & 0o777, 0o600);
  assert.match(readFileSync(target, 'utf8'), /keys=clarkson1960/);
});

test('the .bib export (iscls-references.bib) is rewritten through safeFile too: a symlink stays, 0600 stays', async () => {
  const { writeBibExport } = await import('../../src/node/bibExport');
  const target = file('@article{old,}\n', 0o600);
  const link = join(dir, `iscls-references${n++}.bib`);
  symlinkSync(target, link);
  assert.deepEqual(writeBibExport(link, '@article{new,}\n'), { file: link, changed: true });
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.equal(statSync(target).mode & 0o777, 0o600);
  assert.equal(readFileSync(target, 'utf8'), '@article{new,}\n');
});
