// Patterns with Unicode property classes are built on first use (src/core/lazyRegExp.ts):
// the same patterns as the literals they replaced, built once, and no such literal left in src/; and the
// bundle stays ASCII (see the note in lazyRegExp.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { lazyRegExp } from '../../src/core/lazyRegExp';
import { fold, tokenize, wordCharRe, wordRe } from '../../src/core/search/termWords';
import { KEY_SRC, pandocKeyFull } from '../../src/core/manuscript/markers';
import { pandocKey, touchesWord } from '../../src/core/manuscript/render';

test('a lazy RegExp is built on the first call, then the same object', () => {
  const broken = lazyRegExp('(', 'u');
  assert.throws(() => broken(), SyntaxError, 'an invalid pattern only fails when first used');
  const re = lazyRegExp(String.raw`\p{L}+`, 'gu');
  assert.equal(re(), re());
  assert.deepEqual('Ωmega 12'.match(re()), ['Ωmega']);
});

test('the term words are the patterns of the literals they replaced', () => {
  const sample = "Clarkson’s d’Arsonval l'œdème 2nd-line Ωmega ’tis naïve";
  assert.deepEqual(sample.match(wordRe()), sample.match(/[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu));
  assert.equal(wordRe().flags, 'gu');
  assert.equal(wordCharRe().source, /[\p{L}\p{M}\p{N}]/u.source);
  assert.deepEqual(tokenize("Clarkson’s café, naïve 2nd-line").map((t) => t.exact[0]), ['Clarkson', 'café', 'naïve', '2nd', 'line']);
  assert.equal(fold('Œdème'), fold('Œdème'.normalize('NFD')));
  assert.equal(fold('Éosinophilie'), 'eosinophilie');
});

test('the pandoc key pattern is the one the markers used', () => {
  const former = new RegExp(`^${KEY_SRC}$`, 'u');
  assert.equal(pandocKeyFull().source, former.source);
  for (const key of ['eo2017', 'müller:2020', 'a.b-c', 'x/', '-y', 'dup.']) assert.equal(pandocKeyFull().test(key), former.test(key), key);
  assert.equal(pandocKey('smith-2020'), '@smith-2020');
  assert.equal(pandocKey('smith 2020'), '@{smith 2020}');
  assert.equal(touchesWord('worldwide', 9), true);
  assert.equal(touchesWord('worldwide ', 10), false);
});

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('no /…\\p{…}…/ literal in src/: V8 parses those when it compiles the bundle (write lazyRegExp(String.raw`…`))', () => {
  // A slash after an operator or an opening bracket starts a literal; comments and strings are skipped.
  const literals = /(?:^|[=(,:!&|?;{}]|return)\s*\/(?![/*])(?:[^/\\\n[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+\//g;
  const found: string[] = [];
  for (const file of sources(join(__dirname, '..', '..', '..', 'src'))) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      const code = line.trim();
      if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) return;
      if ((code.match(literals) ?? []).some((re) => re.includes('\\p{'))) found.push(`${file}:${i + 1}`);
    });
  }
  assert.deepEqual(found, []);
});

test('dist/extension.js is ASCII: regexes in src/ write \\u2019, not ’ (one such character makes the bundle a two-byte string, slower to read and compile)', () => {
  const bundle = readFileSync(join(__dirname, '..', '..', '..', 'dist', 'extension.js'), 'utf8');
  const found = [...bundle.matchAll(/[^\x00-\x7f]/g)].map((m) => bundle.slice(Math.max(0, m.index - 30), m.index + 10));
  assert.deepEqual(found, []);
});
