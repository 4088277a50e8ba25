// Which library files are read: regular files of a sane size only (a device would be read until
// memory runs out, a FIFO would wait forever), and in Restricted Mode only files inside the workspace
// folders. One rule in core (readPolicy.ts), used by the CLI's loader and the editor's service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_LIBRARY_BYTES, insideFolders, libraryFileRefusal, normalisePath } from '../../src/core/library/readPolicy';
import { readAllowedWithoutBlocking, readLibraryFile, statLibraryFile } from '../../src/node/library';

test('the rule: regular files up to 256 MB are read; folders, devices, pipes and larger files are not', () => {
  assert.equal(libraryFileRefusal('file', 1000), undefined);
  assert.equal(libraryFileRefusal('file', MAX_LIBRARY_BYTES), undefined);
  assert.equal(libraryFileRefusal('folder', 0), 'is a folder, not a file');
  assert.match(libraryFileRefusal('other', 0) ?? '', /not a regular file \(a device, a pipe or a socket\); not read/);
  assert.equal(libraryFileRefusal('file', MAX_LIBRARY_BYTES + 1), 'is 256 MB, more than the 256 MB a library file may have; not read');
});

test('the CLI refuses /dev/zero (and a link to it) at once, as one problem, instead of reading until memory runs out', { skip: !existsSync('/dev/zero') && 'no /dev/zero' }, () => {
  const link = join(mkdtempSync(join(tmpdir(), 'iscls-special-')), 'zero.bib');
  symlinkSync('/dev/zero', link);
  for (const path of ['/dev/zero', link]) {
    const file = readLibraryFile(path);
    assert.deepEqual(file.entries, []);
    assert.deepEqual(file.problems.map((p) => [p.line, p.severity, p.message]), [[0, 'error', 'cannot read library: is not a regular file (a device, a pipe or a socket); not read']]);
  }
});

test('the CLI refuses a FIFO at once instead of waiting for a writer forever', { skip: process.platform === 'win32' && 'no FIFOs' }, () => {
  const fifo = join(mkdtempSync(join(tmpdir(), 'iscls-fifo-')), 'refs.bib');
  if (spawnSync('mkfifo', [fifo]).status !== 0) return;
  const file = readLibraryFile(fifo);
  assert.match(file.problems[0].message, /not a regular file/);
});

test('paths: ".." and "." resolved before deciding whether a file is inside a workspace folder', () => {
  assert.equal(normalisePath('/w/docs/../../outside/x.bib'), '/outside/x.bib');
  assert.equal(normalisePath('/w//./a/b/../x.bib'), '/w/a/x.bib');
  const folders = [{ scheme: 'file', authority: '', path: '/home/me/paper' }];
  const at = (path: string, scheme = 'file') => insideFolders({ scheme, authority: '', path }, folders);
  assert.equal(at('/home/me/paper/refs.bib'), true);
  assert.equal(at('/home/me/paper/sub/dir/refs.bib'), true);
  assert.equal(at('/home/me/paper/../outside/x.bib'), false);
  assert.equal(at('/home/me/paper/sub/../../../../etc/passwd.bib'), false);
  assert.equal(at('/home/me/paper-other/refs.bib'), false, 'a sibling folder that shares the prefix');
  assert.equal(at('/etc/refs.bib'), false);
  assert.equal(at('/home/me/paper/refs.bib', 'vscode-remote'), false, 'another scheme');
  assert.equal(insideFolders({ scheme: 'file', authority: '', path: '/C:/Paper/Refs.bib' }, [{ scheme: 'file', authority: '', path: '/c:/paper' }], true), true);
  assert.equal(insideFolders({ scheme: 'file', authority: '', path: '/x.bib' }, []), false);
});

test("the editor's read in the Node.js host: the whole file, byte for byte; the same refusals, without blocking", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iscls-read-'));
  const big = join(dir, 'big.bib');
  // Larger than Node's 512 KB read chunk, with characters split across any boundary.
  writeFileSync(big, '@misc{k, title = {Müller 你好 😀}}\n'.repeat(60_000));
  assert.deepEqual(Buffer.from(await readAllowedWithoutBlocking(big)), readFileSync(big));
  const empty = join(dir, 'empty.bib');
  writeFileSync(empty, '');
  assert.equal((await readAllowedWithoutBlocking(empty)).length, 0);
  await assert.rejects(readAllowedWithoutBlocking(dir), /is a folder, not a file/);
  const huge = join(dir, 'huge.bib');
  writeFileSync(huge, '');
  truncateSync(huge, MAX_LIBRARY_BYTES + 1); // sparse: refused from its size, never read
  await assert.rejects(readAllowedWithoutBlocking(huge), /more than the 256 MB a library file may have/);
  if (existsSync('/dev/zero')) await assert.rejects(readAllowedWithoutBlocking('/dev/zero'), /not a regular file/);
  const fifo = join(dir, 'pipe.bib');
  if (process.platform !== 'win32' && spawnSync('mkfifo', [fifo]).status === 0) await assert.rejects(readAllowedWithoutBlocking(fifo), /not a regular file/);
  const link = join(dir, 'link.bib');
  symlinkSync(big, link);
  assert.equal((await readAllowedWithoutBlocking(link)).length, readFileSync(big).length);
  if (process.platform !== 'win32') await assert.rejects(readAllowedWithoutBlocking(link, { noFollow: true }), { code: 'ELOOP' });
});

test("the editor's stat in the Node.js host: what VS Code's own gives (a link's target, a dangling link as neither file nor folder)", { skip: process.platform === 'win32' && 'symbolic links need rights' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iscls-stat-'));
  const file = join(dir, 'refs.bib');
  writeFileSync(file, '@misc{k, title = {T}}\n');
  const own = await statLibraryFile(file);
  assert.deepEqual({ ...own, mtime: typeof own.mtime }, { kind: 'file', size: 22, mtime: 'number', link: false });
  assert.equal((await statLibraryFile(dir)).kind, 'folder');
  symlinkSync(file, join(dir, 'link.bib'));
  assert.deepEqual(await statLibraryFile(join(dir, 'link.bib')), { ...own, link: true });
  symlinkSync(join(dir, 'gone.bib'), join(dir, 'dangling.bib'));
  assert.deepEqual({ ...(await statLibraryFile(join(dir, 'dangling.bib'))), size: 0, mtime: 0 }, { kind: 'other', size: 0, mtime: 0, link: true });
  await assert.rejects(statLibraryFile(join(dir, 'missing.bib')), { code: 'ENOENT' });
});
