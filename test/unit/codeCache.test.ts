// The code cache loader (src/node/codeCache.ts): a bundle loaded through it behaves as with
// `require`, the cache is used the second time, and a stale, broken or unwritable cache changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { requireWithCodeCache } from '../../src/node/codeCache';

/**
 * Load in a fresh Node process (V8 keeps what it compiled in memory, so a second load in this process
 * would not read the cache at all): the outcome and the bundle's answer, and save() when asked.
 */
function loadApart(file: string, cacheDir: string, save = false, env: NodeJS.ProcessEnv = process.env): { outcome: string; answer: number; saved?: string } {
  const script = `const l = require(${JSON.stringify(join(__dirname, '..', '..', 'src', 'node', 'codeCache.js'))}).requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)});
console.log(JSON.stringify({ outcome: l.outcome, answer: l.exports.answer, saved: ${save} ? l.save() : undefined }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env }));
}

interface Bundle {
  answer: number;
  sibling: string;
  where: string;
  work(n: number): number;
}

function bundleDir(body = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'iscls-codecache-'));
  writeFileSync(join(dir, 'sibling.js'), "module.exports = 'from the sibling';\n");
  writeFileSync(
    join(dir, 'bundle.js'),
    `#!/usr/bin/env node
exports.answer = 42;
exports.sibling = require('./sibling.js');
exports.where = __dirname;
exports.work = function (n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; };
${body}
`,
  );
  return dir;
}

test('codeCache: exports, siblings and __dirname as require gives them; second load hits the cache', () => {
  const dir = bundleDir();
  const cache = join(dir, 'cache');
  const first = requireWithCodeCache<Bundle>(join(dir, 'bundle.js'), cache);
  assert.equal(first.outcome, 'miss');
  assert.equal(first.unsaved, true);
  assert.deepEqual([first.exports.answer, first.exports.sibling, first.exports.where], [42, 'from the sibling', dir]);
  assert.equal(first.exports.work(10), 45);
  const written = first.save();
  assert.ok(written && readdirSync(cache).length === 1, 'one cache file written');
  const second = loadApart(join(dir, 'bundle.js'), cache, true);
  assert.deepEqual(second, { outcome: 'hit', answer: 42 }, 'a hit, and it writes nothing');
});

test('codeCache: a broken cache file is rejected by V8, the bundle still loads, and save replaces it', () => {
  const dir = bundleDir();
  const cache = join(dir, 'cache');
  const file = requireWithCodeCache<Bundle>(join(dir, 'bundle.js'), cache).save()!;
  writeFileSync(file, Buffer.from('not bytecode at all, just text'.repeat(20)));
  assert.deepEqual(loadApart(join(dir, 'bundle.js'), cache, true), { outcome: 'rejected', answer: 42, saved: file });
  assert.equal(loadApart(join(dir, 'bundle.js'), cache).outcome, 'hit');
});

test('codeCache: a new build gets a new cache; two builds in use keep theirs, the oldest beyond three goes', () => {
  const dir = bundleDir();
  const cache = join(dir, 'cache');
  const bundle = join(dir, 'bundle.js');
  const original = readFileSync(bundle);
  const old = requireWithCodeCache<Bundle>(bundle, cache).save();
  writeFileSync(bundle, 'exports.answer = 43;\n');
  const rebuilt = loadApart(bundle, cache, true);
  assert.equal(rebuilt.outcome, 'miss', 'the old cache is not taken for the new text');
  assert.equal(rebuilt.answer, 43);
  assert.ok(rebuilt.saved && rebuilt.saved !== old);
  writeFileSync(bundle, original);
  assert.equal(loadApart(bundle, cache).outcome, 'hit', 'the first build kept its cache');
  for (const n of [44, 45]) {
    writeFileSync(bundle, `exports.answer = ${n};\n`);
    loadApart(bundle, cache, true);
  }
  assert.equal(readdirSync(cache).filter((n) => n.endsWith('.v8')).length, 3);
});

test('codeCache: a cache of another bundle of the same length, or with flipped bits, is dropped, never run', () => {
  const dir = bundleDir();
  const cache = join(dir, 'cache');
  const bundle = join(dir, 'bundle.js');
  const mine = requireWithCodeCache<Bundle>(bundle, cache).save()!;
  // Another build of the same length: V8 alone would take its bytecode for ours.
  const other = bundleDir();
  writeFileSync(join(other, 'bundle.js'), readFileSync(bundle, 'utf8').replace('answer = 42', 'answer = 24'));
  const theirs = loadApart(join(other, 'bundle.js'), join(other, 'cache'), true).saved!;
  copyFileSync(theirs, mine);
  assert.deepEqual(loadApart(bundle, cache, true), { outcome: 'rejected', answer: 42, saved: mine });
  const bytes = readFileSync(mine);
  bytes[bytes.length - 100] ^= 0xff;
  writeFileSync(mine, bytes);
  assert.deepEqual(loadApart(bundle, cache), { outcome: 'rejected', answer: 42 });
  assert.deepEqual(readdirSync(cache), [], 'the damaged cache is removed');
});

test('codeCache: a run that crashed while using the cache leaves a marker; the next run drops the cache', () => {
  const dir = bundleDir();
  const cache = join(dir, 'cache');
  const bundle = join(dir, 'bundle.js');
  const file = requireWithCodeCache<Bundle>(bundle, cache).save()!;
  const crashed = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(__dirname, '..', '..', 'src', 'node', 'codeCache.js'))}).requireWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(cache)}); process.kill(process.pid, 'SIGKILL')`]);
  assert.equal(crashed.signal, 'SIGKILL');
  assert.ok(readdirSync(cache).some((n) => n.includes('.loading-')), 'the killed run left its marker');
  assert.equal(loadApart(bundle, cache).outcome, 'rejected');
  assert.deepEqual(readdirSync(cache), [], 'cache and marker removed');
  assert.equal(loadApart(bundle, cache, true).saved, file);
  assert.equal(loadApart(bundle, cache).outcome, 'hit');
});

test('codeCache: a cache path that is a folder: nothing written, no .partial left behind', () => {
  const dir = bundleDir();
  const cache = join(dir, 'cache');
  const bundle = join(dir, 'bundle.js');
  const file = requireWithCodeCache<Bundle>(bundle, cache).save()!;
  rmSync(file);
  mkdirSync(file);
  assert.equal(loadApart(bundle, cache, true).saved, undefined);
  assert.deepEqual(readdirSync(cache), [file.slice(cache.length + 1)]);
});

test('codeCache: no cache directory, ISCLS_CODE_CACHE=off, or a directory that cannot be written: the bundle loads all the same', () => {
  const dir = bundleDir();
  const off = requireWithCodeCache<Bundle>(join(dir, 'bundle.js'), undefined);
  assert.equal(off.outcome, 'off');
  assert.equal(off.unsaved, false);
  assert.equal(off.save(), undefined);
  const cache = join(dir, 'cache');
  requireWithCodeCache<Bundle>(join(dir, 'bundle.js'), cache).save();
  assert.deepEqual(loadApart(join(dir, 'bundle.js'), cache, true, { ...process.env, ISCLS_CODE_CACHE: 'off' }), { outcome: 'off', answer: 42 }, 'ISCLS_CODE_CACHE=off: the cache is neither read nor written');
  const blocked = join(dir, 'blocked');
  writeFileSync(blocked, 'a file where the directory should be');
  chmodSync(blocked, 0o444);
  const loaded = requireWithCodeCache<Bundle>(join(dir, 'bundle.js'), join(blocked, 'cache'));
  assert.equal(loaded.exports.answer, 42);
  assert.equal(loaded.save(), undefined, 'nothing written, nothing thrown');
});

test('codeCache: an error thrown by the bundle itself reaches the caller', () => {
  const dir = bundleDir("throw new Error('the bundle failed');");
  assert.throws(() => requireWithCodeCache(join(dir, 'bundle.js'), join(dir, 'cache')), /the bundle failed/);
});
