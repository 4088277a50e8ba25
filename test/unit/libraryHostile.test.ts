// Hostile library files cost time linear in their size, never the stack, and at most their own bad
// entry (with a warning on its line): @xdata diamonds, crossref chains, many @string macros with many
// children, deeply nested braces, doubling macros, huge libraries, YAML alias bombs, deep JSON.
// The inputs are generated (test/support/hostileLibraries.ts); each once took seconds to minutes or
// dropped the whole file. These tests assert what is read; timings live in the hostile-input bench.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLibraryText } from '../../src/core/library';
import { CslItems } from '../../src/core/format/citationFixes';
import { crossrefChain, deepJsonTitle, nestedBraces, stringsAndChildren, xdataDiamond, yamlAliasBomb } from '../support/hostileLibraries';

test('an @xdata diamond of 40 levels (2^40 paths) loads its entry with what it inherits', () => {
  const lib = parseLibraryText(xdataDiamond(40), 'x.bib', 'bibtex');
  assert.deepEqual(lib.problems, []);
  assert.deepEqual(lib.entries.map((e) => [e.key, e.item.publisher, e.item['publisher-place']]), [['top', 'Diamond Press', 'Basel']]);
});

test('a crossref chain of 5,000 books: each inherits the root\'s publisher and year', () => {
  const lib = parseLibraryText(crossrefChain(5000), 'x.bib', 'bibtex');
  assert.deepEqual(lib.problems, []);
  assert.equal(lib.entries.length, 5000);
  const last = lib.entries[4999].item;
  assert.deepEqual([last.title, last.publisher, last.issued], ['Book 5000', 'Chain Press', { 'date-parts': [[1999]] }]);
});

test('10,000 @string macros and 10,000 crossref children of one parent', () => {
  const lib = parseLibraryText(stringsAndChildren(10_000, 10_000), 'x.bib', 'bibtex');
  assert.deepEqual(lib.problems, []);
  assert.equal(lib.entries.length, 10_001);
  const child = lib.entries[10_000].item;
  assert.deepEqual([child.title, child['container-title'], child.publisher], ['Child 9999', 'Parent', 'Macro 0']);
});

test('a cycle across many entries is reported once per entry in it, and every entry loads', () => {
  const text = `${crossrefChain(3000)}@book{e1x, title = {Back}, crossref = {e3000}}\n`.replace('@book{e1, title = {Root},', '@book{e1, title = {Root}, crossref = {e1x},');
  const lib = parseLibraryText(text, 'x.bib', 'bibtex');
  assert.equal(lib.entries.length, 3001);
  assert.equal(lib.problems.length, 3001);
  assert.ok(lib.problems.every((p) => p.severity === 'warning' && /crossref chain .* is a cycle/.test(p.message)));
  assert.match(lib.problems[0].message, /^e1: crossref chain e1 → e1x → e3000 → e2999 → e2998 → e2997 → … is a cycle/);
});

test('10^5 and 10^6 nested braces cost their field only: the entries around it load, with a warning', () => {
  for (const depth of [100_000, 1_000_000]) {
    const lib = parseLibraryText(nestedBraces(depth), 'x.bib', 'bibtex');
    assert.deepEqual(lib.entries.map((e) => [e.key, e.line]), [['before', 1], ['deep', 2], ['after', 3]]);
    assert.equal(lib.entries[1].item.title, 'x');
    assert.deepEqual(lib.problems.map((p) => [p.line, p.severity, p.message]), [[2, 'warning', 'deep: braces nested more than 50 deep; read as plain text']]);
  }
});

test('{\\em chained 10^5 times without braces is read as plain text, not a stack overflow', () => {
  const lib = parseLibraryText(`@article{em, title = {${'\\em '.repeat(100_000)}x}, year = 2001}\n`, 'x.bib', 'bibtex');
  assert.equal(lib.entries.length, 1);
  assert.match(String(lib.entries[0].item.title), /^(<i>)+x(<\/i>)+$/);
});

test('@string macros doubled 40 times: the definitions past the budget are skipped with an error, every entry loads', () => {
  const lines = ['@string{m0 = "ab"}'];
  for (let i = 1; i <= 40; i++) lines.push(`@string{m${i} = m${i - 1} # m${i - 1}}`);
  lines.push('@article{good, title = {Good}, year = 2001}', '@article{bomb, title = m40, year = 2001}', '@article{small, title = m3, year = 2001}');
  const lib = parseLibraryText(`${lines.join('\n')}\n`, 'x.bib', 'bibtex');
  assert.deepEqual(lib.entries.map((e) => [e.key, e.item.title]), [['good', 'Good'], ['bomb', undefined], ['small', 'abababababababab']]);
  assert.ok(lib.problems.some((p) => p.severity === 'error' && /macros expand to more text than the file could hold/.test(p.message)));
});

test('entries sharing one line are read in linear time (each entry no longer searches to the end of the line)', () => {
  const text = Array.from({ length: 20_000 }, (_, i) => `@article{k${i}, title = {T${i}}, year = 2001}`).join(' ');
  const lib = parseLibraryText(text, 'x.bib', 'bibtex');
  assert.equal(lib.entries.length, 20_000);
  assert.equal(lib.entries[19_999].item.title, 'T19999');
});

test('a library of 150,000 entries becomes 150,000 CSL items (no spread of all records as arguments)', () => {
  const records = Array.from({ length: 150_000 }, (_, i) => ({ id: `k${i}`, type: 'article-journal', title: `Title ${i}` }));
  const items = new CslItems();
  items.set(records as never);
  assert.equal(items.items.size, 150_000);
  assert.equal(items.items.get('k149999')?.title, 'Title 149999');
});

test('a YAML alias bomb as a title costs that item its bomb fields only, with a warning on its line', () => {
  const lib = parseLibraryText(yamlAliasBomb(), 'x.yaml', 'cslyaml');
  assert.deepEqual(lib.entries.map((e) => e.key), ['good1', 'bomb', 'good2']);
  assert.equal(lib.entries[1].item.title, undefined);
  assert.equal(lib.entries[1].item.type, 'article-journal');
  assert.ok(lib.problems.length > 0);
  for (const p of lib.problems) assert.deepEqual([p.line, p.severity], [4, 'warning']);
  assert.ok(lib.problems.some((p) => /^bomb: field "title" is nested more than 32 deep or holds more than 100000 values; left out$/.test(p.message)));
  assert.doesNotThrow(() => JSON.stringify(lib.entries));
});

test('a CSL-JSON title of 200,000 nested arrays costs that title only, with a warning on its line', () => {
  const lib = parseLibraryText(deepJsonTitle(200_000), 'x.json', 'csljson');
  assert.deepEqual(lib.entries.map((e) => [e.key, e.item.title]), [['good1', 'Good one'], ['deep', undefined], ['good2', 'Good two']]);
  assert.deepEqual(lib.problems.map((p) => [p.line, p.severity, p.message]), [[3, 'warning', 'deep: field "title" is nested more than 32 deep or holds more than 100000 values; left out']]);
  assert.doesNotThrow(() => JSON.stringify(lib.entries));
});
