// The code cache loader (src/node/codeCache.ts): a bundle loaded through it behaves as with
// `require`, the cache is used the second time, and a stale, broken or unwritable cache changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
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

test('codeCache: a new build gets a new cache and the old one is removed', () => {
  const dir = bundleDir();
  const cache = join(dir, 'cache');
  const old = requireWithCodeCache<Bundle>(join(dir, 'bundle.js'), cache).save();
  writeFileSync(join(dir, 'bundle.js'), 'exports.answer = 43;\n');
  const rebuilt = loadApart(join(dir, 'bundle.js'), cache, true);
  assert.equal(rebuilt.outcome, 'miss', 'the old cache is not taken for the new text');
  assert.equal(rebuilt.answer, 43);
  assert.ok(rebuilt.saved && rebuilt.saved !== old);
  assert.deepEqual(readdirSync(cache), [rebuilt.saved.slice(cache.length + 1)]);
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
