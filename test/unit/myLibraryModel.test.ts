// The "My Library" view's data (src/vscode/myLibrary/model.ts): counts, the unreadable-file warning,
// problems before entries, labels like the pick's, context values the menus key on, and the pure
// edits of the `iscls.library` setting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseLibrary } from '../../src/core/library';
import { asList, fileChildren, fileNode, settingPathFor, viewDescription, withEntry, withoutEntry, type LibrarySource } from '../../src/vscode/myLibrary/model';

const URI = 'file:///work/paper/refs.bib';
const parsed = parseLibrary(readFileSync('test/fixtures/library/refs.bib'), URI);

function source(extra: Partial<LibrarySource> = {}): LibrarySource {
  return { uri: URI, path: '/work/paper/refs.bib', name: 'refs.bib', entries: parsed.entries, problems: [], origin: { kind: 'setting', entry: 'refs.bib' }, ...extra };
}

test('a readable file: its entry count, no problem count, a library icon, children', () => {
  const node = fileNode(source());
  assert.equal(parsed.entries.length, 4);
  assert.equal(node.label, 'refs.bib');
  assert.equal(node.description, '4 entries');
  assert.equal(node.icon, 'library');
  assert.equal(node.contextValue, 'libraryFile.setting');
  assert.ok(node.hasChildren);
  assert.match(node.tooltip, /^\/work\/paper\/refs\.bib\n4 entries\nFrom the setting iscls\.library \("refs\.bib"\)\.$/);
});

test('problems are counted, listed first in line order, each with its line', () => {
  const problems = [
    { file: URI, line: 30, severity: 'warning' as const, message: 'duplicate key "x"' },
    { file: URI, line: 12, severity: 'error' as const, message: 'unterminated entry' },
  ];
  const s = source({ problems, entries: parsed.entries.slice(0, 1) });
  assert.equal(fileNode(s).description, '1 entry · 2 problems');
  const children = fileChildren(s);
  assert.deepEqual(children.map((c) => [c.kind, c.description]), [['problem', 'line 12'], ['problem', 'line 30'], ['entry', 'eo2017']]);
  const first = children[0];
  assert.ok(first.kind === 'problem' && first.icon === 'error' && first.line === 12 && first.contextValue === 'libraryProblem');
});

test('an entry is labelled like the pick: first author, year, title; its key is what the commands read', () => {
  const [entry] = fileChildren(source()).filter((c) => c.kind === 'entry');
  assert.ok(entry.kind === 'entry');
  assert.equal(entry.key, 'eo2017');
  assert.equal(entry.label, 'Eo 2017 — Capillary leak in adults: a Korean cohort – ten years on');
  assert.equal(entry.contextValue, 'libraryEntry');
  assert.equal(entry.line, 6);
});

test('a missing file is one warning: its reason as description, no children, no Open in its context value', () => {
  const node = fileNode(source({ failure: 'file not found', entries: [], origin: { kind: 'document', documents: ['paper.md'] } }));
  assert.equal(node.icon, 'warning');
  assert.equal(node.description, 'file not found');
  assert.equal(node.contextValue, 'libraryFile.missing');
  assert.equal(node.hasChildren, false);
  assert.match(node.tooltip, /Could not be read: file not found\.\nDeclared by paper\.md\./);
  assert.deepEqual(fileChildren(source({ failure: 'file not found' })), []);
  assert.equal(viewDescription([source(), source({ failure: 'file not found' })]), '2 files · 1 not readable');
  assert.equal(viewDescription([]), undefined);
});

test('a big library lists the first entries and one "more" row', () => {
  const many = Array.from({ length: 5 }, (_, i) => ({ ...parsed.entries[0], key: `k${i}` }));
  const children = fileChildren(source({ entries: many }), 3);
  assert.deepEqual(children.map((c) => c.kind), ['entry', 'entry', 'entry', 'more']);
  assert.equal(children[3].label, '… 2 more');
});

test('setting edits: relative inside the folder, absolute outside; add once; remove only that entry', () => {
  assert.equal(settingPathFor('/work/paper', '/work/paper/refs/zotero.bib'), 'refs/zotero.bib');
  assert.equal(settingPathFor('/work/paper/', '/work/paper/refs.bib'), 'refs.bib');
  assert.equal(settingPathFor('/work/paper', '/work/paperback/refs.bib'), '/work/paperback/refs.bib');
  assert.equal(settingPathFor(undefined, '/c:/refs.bib', 'c:\\refs.bib'), 'c:\\refs.bib');
  assert.deepEqual(withEntry(['a.bib', 'exports/*.json'], 'b.bib'), ['a.bib', 'exports/*.json', 'b.bib']);
  assert.deepEqual(withEntry(['a.bib'], 'a.bib'), ['a.bib']);
  assert.deepEqual(withEntry(undefined, 'a.bib'), ['a.bib']);
  assert.deepEqual(withoutEntry(['a.bib', 'b.bib', 'exports/*.json'], 'b.bib'), ['a.bib', 'exports/*.json']);
  assert.deepEqual(asList(['a.bib', 3, null]), ['a.bib']);
});
