// Numbering by work, not by key: a document citing a review key and the writer's library key of the
// same work (core/library/merge.ts) gives that work ONE number and ONE list entry. In LaTeX every
// cited key keeps its own \bibitem, since a \cite must name one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLibrary } from '../../src/core/library';
import { MergedLibrary } from '../../src/core/library/merge';
import { applyEdits, planConversion, scanDocument } from '../../src/core/manuscript';
import { analyseManuscript, citationContextOf, DEFAULT_SETTINGS, planInsertionIn, planListUpdateIn, type EntryFormatter } from '../../src/core/manuscript/model';
import { reviewResolver, type ReferenceResolver } from '../../src/core/manuscript/resolver';
import type { Convention } from '../../src/core/types';
import { loadKnowledgeBase } from '../../src/node/dataFiles';

const root = join(__dirname, '..', '..', '..');
const kb = loadKnowledgeBase(join(root, 'data'));
const bib = parseLibrary(readFileSync(join(root, 'test', 'fixtures', 'library', 'refs.bib')), '/home/writer/paper/refs.bib');
const merged = new MergedLibrary([...kb.references], [bib]);
const library = merged as unknown as ReferenceResolver;
// `clarkson1960` (the review's) and `Clarkson1960cyclical` (refs.bib) are one work.
const REVIEW_KEY = 'clarkson1960';
const LIBRARY_KEY = 'Clarkson1960cyclical';

const entries: EntryFormatter = {
  entriesInOrder: (keys) => keys.map((k) => `Entry of ${k}.`),
  listOrder: (keys) => [...keys],
};

function model(text: string, languageId: string, convention: Convention, resolver: ReferenceResolver = library) {
  return analyseManuscript(text, languageId, { ...DEFAULT_SETTINGS, convention }, resolver);
}

test('merge: the review key and the library key of one work have the same canonical key; others are their own', () => {
  assert.equal(merged.canonical(REVIEW_KEY), merged.canonical(LIBRARY_KEY));
  assert.equal(merged.canonical(LIBRARY_KEY), LIBRARY_KEY, 'the work is named by its library key');
  assert.equal(merged.canonical('druey2010'), 'druey2010');
  assert.equal(merged.canonical('nokey2099'), 'nokey2099');
  assert.equal(reviewResolver(kb.references).canonical, undefined, 'the review alone: every key its own work');
});

test('numeric: citing the library key of a work already cited by its review key reuses its number; the list keeps one entry', () => {
  const text = `Shock recurs [1]. Again .\n\n[iscls-references style=american-medical-association keys=${REVIEW_KEY}]\n1. Entry of ${REVIEW_KEY}.\n[/iscls-references]\n`;
  const m = model(text, 'plaintext', 'numeric');
  const { edits, cursors } = planInsertionIn(m, [text.indexOf(' .') + 1], [LIBRARY_KEY], citationContextOf(m, entries));
  const after = applyEdits(text, edits);
  assert.equal(after, text.replace('Again .', 'Again [1].'));
  assert.equal(cursors[0], after.indexOf('Again [1]') + 'Again [1]'.length);
  const again = model(after, 'plaintext', 'numeric');
  assert.deepEqual(again.scan.list?.keys, [REVIEW_KEY]);
  assert.deepEqual(planListUpdateIn(again, citationContextOf(again, entries)), [], 'up to date');
});

test('numeric: two numbers written for one work (before the library was added) become one number and one entry', () => {
  const text = `A [1]. B [2]. C [3].\n\n[iscls-references style=american-medical-association keys=${REVIEW_KEY},${LIBRARY_KEY},druey2010]\n1. x\n2. y\n3. z\n[/iscls-references]\n`;
  const m = model(text, 'plaintext', 'numeric');
  assert.deepEqual(m.scan.order, [REVIEW_KEY, 'druey2010'], 'one key per work, in order of first appearance');
  assert.deepEqual(m.cited.map((r) => r.key), [REVIEW_KEY, 'druey2010']);
  const after = applyEdits(text, planListUpdateIn(m, citationContextOf(m, entries)));
  assert.ok(after.startsWith('A [1]. B [1]. C [2].\n'), after);
  assert.match(after, new RegExp(`keys=${REVIEW_KEY},druey2010\\]\\n1\\. Entry of ${REVIEW_KEY}\\.\\n2\\. Entry of druey2010\\.\\n`));
  // Without the library (its key known, but no work behind it) the same document keeps three works.
  const review = reviewResolver(kb.references);
  const withoutLibrary: ReferenceResolver = { has: (k) => k === LIBRARY_KEY || review.has(k), get: (k) => review.get(k), keys: () => new Set([...review.keys(), LIBRARY_KEY]) };
  const alone = model(text, 'plaintext', 'numeric', withoutLibrary);
  assert.equal(alone.scan.order.length, 3);
});

test('pandoc: [@review] and [@library] of one work are listed once, under the key cited first', () => {
  const text = `A [@${REVIEW_KEY}]. B [@${LIBRARY_KEY}; @druey2010].\n`;
  const m = model(text, 'markdown', 'pandoc');
  assert.deepEqual(m.scan.order, [REVIEW_KEY, 'druey2010']);
  const after = applyEdits(text, planListUpdateIn(m, citationContextOf(m, entries), { create: true }));
  assert.ok(after.startsWith(text), 'the citations stay as written');
  assert.match(after, new RegExp(`keys=${REVIEW_KEY},druey2010 -->\\n1\\. Entry of ${REVIEW_KEY}\\.\\n2\\. Entry of druey2010\\.\\n<!-- /iscls-references -->`));
});

test('LaTeX: every cited key keeps its own \\bibitem (a \\cite must name one), so both keys are listed', () => {
  const text = `\\documentclass{article}\n\\begin{document}\nA \\cite{${REVIEW_KEY}}. B \\cite{${LIBRARY_KEY}}.\n\\end{document}\n`;
  const m = model(text, 'latex', 'latex');
  assert.deepEqual(m.scan.order, [REVIEW_KEY, LIBRARY_KEY]);
  const after = applyEdits(text, planListUpdateIn(m, citationContextOf(m, entries), { create: true }));
  assert.match(after, new RegExp(`\\\\bibitem\\{${REVIEW_KEY}\\}[^\\n]*\\n\\\\bibitem\\{${LIBRARY_KEY}\\}`));
});

test('conversion pandoc → numeric: both keys of the work become its one number', () => {
  const text = `Shock [@${REVIEW_KEY}]. Leak [@druey2010]. Edema [@${LIBRARY_KEY}].\n`;
  const m = model(text, 'markdown', 'pandoc');
  const { edits } = planConversion(text, 'pandoc', 'numeric', { ...citationContextOf(m, entries), markup: 'markdown' });
  const after = applyEdits(text, edits);
  assert.ok(after.startsWith('Shock.^1^ Leak.^2^ Edema.^1^\n'), after); // AMA in Markdown: superscripts, after the full stop
  const scan = scanDocument(after, 'numeric', { knownKeys: library.keys(), markup: 'markdown', canonical: library.canonical });
  assert.deepEqual(scan.list?.keys, [REVIEW_KEY, 'druey2010']);
});
