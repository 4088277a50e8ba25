// What activation no longer builds up front gives the same answers when built on first
// use: the formatter's CSL items, the search's term and section records, the review's merge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CslItems } from '../../src/core/format/citationFixes';
import { KnowledgeSearch } from '../../src/core/search/search';
import { MergedLibrary } from '../../src/core/library/merge';
import { parseLibraryText } from '../../src/core/library';
import type { Reference } from '../../src/core/types';
import { loadKnowledgeBase } from '../../src/node/dataFiles';

const kb = loadKnowledgeBase(join(__dirname, '..', '..', '..', 'data'));
const references = kb.references as Reference[];

test('CSL items are made on first use, exactly as the records given, in order, across set and clear', () => {
  const items = new CslItems();
  items.set(references.slice(0, 10));
  assert.equal(items.item(references[0].id)?.title, references[0].title);
  // A new set replaces the records, and the items made from the old ones.
  items.set(references.slice(1));
  assert.equal(items.has(references[0].id), false);
  items.set(references);
  assert.deepEqual([...items.items.keys()], references.map((r) => r.id));
  const first = items.items.get(references[0].id)!;
  for (const field of ['number', 'citation-key', 'review-listing']) assert.equal(field in first, false, field);
  assert.equal(first.title, references[0].title);
  items.clear();
  assert.equal(items.items.size, 0);
  assert.equal(items.has(references[3].id), false);
  items.set([references[3]]);
  assert.deepEqual([...items.items.keys()], [references[3].id]);
});

test('CSL items: the output corrections apply before the items were ever read', () => {
  const truncated = references.find((r) => r['authors-truncated'] && !r.completed?.author)!;
  const items = new CslItems();
  items.set(references);
  assert.equal(items.fixUp('Lambert M, & et al. Title.', [truncated.id]), 'Lambert M, et al. Title.');
  const etAl = items.items.get(truncated.id)!.author as { literal?: string }[];
  assert.equal(etAl[etAl.length - 1].literal, 'et al.');
});

test('the search finds the same terms and sections on its first query as after warming up', () => {
  const data = () => ({ references: [...references], sections: [...kb.sections], terms: [...kb.terms] });
  const cold = new KnowledgeSearch(data());
  const warm = new KnowledgeSearch(data());
  warm.warm();
  for (const query of ['capillary leak', 'IVIG', 'theophylline', 'edema', 'Clarkson 1960']) {
    assert.deepEqual(cold.search(query), warm.search(query), query);
  }
});

test('the review alone merges as before: every key, work and no problem; a library still finds its duplicates', () => {
  const alone = new MergedLibrary(references, []);
  assert.deepEqual([...alone.keys()], references.map((r) => r['citation-key']));
  assert.equal(alone.works.length, references.length);
  assert.deepEqual([alone.problems, alone.duplicates], [[], []]);
  const clarkson = references.find((r) => r['citation-key'] === 'clarkson1960')!;
  const bib = `@article{mine, title = {${clarkson.title}}, author = {Clarkson, Bayard}, year = {1960}}`;
  const merged = new MergedLibrary(references, [parseLibraryText(bib, 'refs.bib', 'bibtex')]);
  assert.deepEqual(merged.duplicates.map((d) => d.review['citation-key']), ['clarkson1960']);
});
