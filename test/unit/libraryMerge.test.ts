// The writer's library merged with the review's 72: keys, duplicates, conflicts, suggestions for
// unknown keys (never an unrelated work), and the files a document declares.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLibrary, parseLibraryText } from '../../src/core/library';
import { MergedLibrary, normaliseTitle } from '../../src/core/library/merge';
import { suggestKeys, editDistance, keyAuthorYear } from '../../src/core/library/suggest';
import { declaredLibraries } from '../../src/core/library/documentSources';
import type { Reference } from '../../src/core/types';
import { loadKnowledgeBase } from '../../src/node/dataFiles';

const root = join(__dirname, '..', '..', '..');
const kb = loadKnowledgeBase(join(root, 'data'));
const review = [...kb.references];
const bib = parseLibrary(readFileSync(join(root, 'test', 'fixtures', 'library', 'refs.bib')), '/home/writer/paper/refs.bib');

test('library keys resolve to the library entry with its source; review keys still resolve', () => {
  const merged = new MergedLibrary(review, [bib]);
  const eo = merged.get('eo2017');
  assert.equal(eo?.source, 'refs.bib');
  assert.equal(eo?.entry?.line, 6);
  assert.equal(eo?.review, undefined);
  assert.equal(merged.get('gousseff2011')?.source, 'ISCLS review');
  assert.equal(merged.keys().size, review.length + 4);
  assert.deepEqual(merged.problems, []);
});

test('a library entry that is one of the 72 is one work; the library record is formatted under both keys', () => {
  const merged = new MergedLibrary(review, [bib]);
  assert.equal(merged.works.length, review.length + 3);
  const work = merged.works.find((w) => w.keys.includes('clarkson1960'));
  assert.deepEqual(work?.keys, ['Clarkson1960cyclical', 'clarkson1960']);
  assert.equal(work?.review?.number, 1);
  const viaReview = merged.get('clarkson1960');
  assert.equal(viaReview?.source, 'refs.bib');
  assert.equal(viaReview?.item.id, 'clarkson1960', 'the item is keyed as cited');
  assert.equal(viaReview?.item['review-listing'], undefined, 'the library record, not the review one');
  assert.equal(merged.get('Clarkson1960cyclical')?.review?.number, 1);
  assert.equal(merged.duplicates.length, 1);
});

test('same work by DOI or PMID, or by title, year and first author despite case and accents', () => {
  const ref = (key: string, extra: Record<string, string>): Reference => ({ ...review[3], id: key, 'citation-key': key, ...extra }) as Reference;
  const reviewed = [ref('r1', { DOI: '10.5555/ABC', title: 'Something else entirely' }), ref('r2', { PMID: '99000042', title: 'Another title here' })];
  const lib = parseLibraryText(
    '@article{a, doi = {https://doi.org/10.5555/abc}, title = {X}}\n@article{b, pmid = {99000042}, title = {Y}}\n' +
      `@article{c, author = {Gousseff, M.}, year = 2011, title = {THE SYSTEMIC CAPILLARY LEAK SYNDROME: a case series of 28 patients from a European registry}}\n`,
    'l.bib', 'bibtex',
  );
  const merged = new MergedLibrary([...reviewed, review[3]], [lib]);
  assert.deepEqual(merged.duplicates.map((d) => [d.entry.key, d.review['citation-key']]), [['a', 'r1'], ['b', 'r2'], ['c', 'gousseff2011']]);
  assert.equal(normaliseTitle('Svensjö: <i>in vivo</i>, [translated]'), 'svensjoinvivotranslated');
});

test('key conflicts: the first file wins and the later definition is reported; a review key reused for another work too', () => {
  const one = parseLibraryText('@article{k, title = {First}}\n', 'one.bib', 'bibtex');
  const two = parseLibraryText('\n@article{k, title = {Second}}\n@article{druey2010, title = {Not the review one}, year = 2010}\n', 'two.bib', 'bibtex');
  const merged = new MergedLibrary(review, [one, two]);
  assert.equal(merged.get('k')?.item.title, 'First');
  assert.equal(merged.get('druey2010')?.source, 'two.bib');
  assert.deepEqual(merged.problems.map((p) => `${p.file}:${p.line} ${p.message}`), [
    'two.bib:2 key "k" is also defined in one.bib (line 1), which is used',
    'two.bib:3 key "druey2010" is also a reference of the ISCLS review (a different work); in documents it means this entry',
  ]);
});

test('unknown keys: replacements only when plausibly the same work', () => {
  const reviewOnly = new MergedLibrary(review, []);
  assert.deepEqual(suggestKeys('eo2017', reviewOnly.works), [], 'never druey2010 or any other review paper');
  assert.deepEqual(suggestKeys('gousef2011', reviewOnly.works).map((s) => s.key), ['gousseff2011']);
  assert.deepEqual(suggestKeys('Clarkson1960', reviewOnly.works).map((s) => s.key), ['clarkson1960']);
  const withLibrary = new MergedLibrary(review, [parseLibraryText('@article{Eo2017capillary, author = {Eo, T.}, year = 2017, title = {T}}', 'l.bib', 'bibtex')]);
  assert.deepEqual(suggestKeys('eo2017', withLibrary.works).map((s) => [s.key, s.reason]), [['Eo2017capillary', 'author-year']]);
  // A different year is a different paper, however close the key.
  for (const work of reviewOnly.works) {
    const key = work.key;
    const year = /\d{4}/.exec(key)?.[0];
    if (!year) continue;
    const other = key.replace(year, String(Number(year) + 1));
    for (const s of suggestKeys(other, reviewOnly.works)) assert.ok(s.key.includes(String(Number(year) + 1)), `${other} → ${s.key}`);
  }
});

test('edit distance and key parsing', () => {
  assert.equal(editDistance('gousseff', 'gousef'), 2);
  assert.equal(editDistance('abcd', 'abdc'), 1);
  assert.deepEqual(keyAuthorYear('vanderBerg_2019a'), { author: 'vanderberg', year: 2019 });
  assert.deepEqual(keyAuthorYear('Müller2001effect'), { author: 'muller', year: 2001 });
  assert.equal(keyAuthorYear('notakey'), undefined);
});

test('libraries a document declares: YAML bibliography (string or list), \\bibliography, \\addbibresource', () => {
  assert.deepEqual(declaredLibraries('---\ntitle: X\nbibliography: refs.bib\n---\nText [@a].'), ['refs.bib']);
  assert.deepEqual(declaredLibraries('---\nbibliography:\n  - refs.bib\n  - "endnote.xml"\n...\n'), ['refs.bib', 'endnote.xml']);
  assert.deepEqual(declaredLibraries('---\nbibliography: [a.json, b.yaml]\n---\n'), ['a.json', 'b.yaml']);
  assert.deepEqual(declaredLibraries('\\addbibresource[location=local]{zotero.bib}\n% \\bibliography{old}\n\\bibliography{a, b.bib}'), ['zotero.bib', 'a.bib', 'b.bib']);
  assert.deepEqual(declaredLibraries('No metadata. bibliography: refs.bib'), []);
});
