// Merging again (a Zotero rewrite of one file, another document with other files): the
// same-work keys of a parsed file are worked out once and reused, and the merge is the same as a
// merge from scratch. The ASCII shortcut of asciiFold gives what the full fold gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseLibrary } from '../../src/core/library';
import { MergedLibrary } from '../../src/core/library/merge';
import { asciiFold } from '../../src/core/library/keys';
import { loadKnowledgeBase } from '../../src/node/dataFiles';

const root = join(__dirname, '..', '..', '..');
const review = [...loadKnowledgeBase(join(root, 'data')).references];
const fixture = (name: string) => readFileSync(join(root, 'test', 'fixtures', 'library', name));

/** What a merge decides, in a comparable shape. */
function decisions(merged: MergedLibrary) {
  return {
    works: merged.works.map((w) => [w.key, w.keys, w.source, w.review?.id]),
    keys: [...merged.keys()].map((k) => [k, merged.get(k)?.source, merged.get(k)?.entry?.line]),
    duplicates: merged.duplicates.map((d) => [d.entry.key, d.review.id]),
    problems: merged.problems,
  };
}

test('merging the same parsed files again, in another order or with a file changed, equals a merge from scratch', () => {
  const bib = parseLibrary(fixture('refs.bib'), 'refs.bib');
  const xml = parseLibrary(fixture('refs.xml'), 'endnote.xml');
  const works = parseLibrary(fixture('works.bib'), 'works.bib');
  const first = decisions(new MergedLibrary(review, [bib, xml, works]));
  assert.equal(first.duplicates.length, 1, 'clarkson1960 is one of the 72');
  assert.deepEqual(decisions(new MergedLibrary(review, [bib, xml, works])), first);
  const fresh = (files: string[][]) => files.map(([name, as]) => parseLibrary(fixture(name), as));
  assert.deepEqual(decisions(new MergedLibrary(review, [xml, works, bib])), decisions(new MergedLibrary(review, fresh([['refs.xml', 'endnote.xml'], ['works.bib', 'works.bib'], ['refs.bib', 'refs.bib']]))));
  // The .bib rewritten (a new parse) while the others stay: the same decisions as from scratch.
  const edited = () => parseLibrary(Buffer.from(fixture('refs.bib').toString('utf8').replace('Cyclical edema', 'Cyclical oedema')), 'refs.bib');
  const again = decisions(new MergedLibrary(review, [edited(), xml, works]));
  assert.deepEqual(again, decisions(new MergedLibrary(review, [edited(), ...fresh([['refs.xml', 'endnote.xml'], ['works.bib', 'works.bib']])])));
  // "oedema" is no longer the review's title: the EndNote copy is now the one that is clarkson1960.
  assert.deepEqual(again.duplicates.map(([key]) => key), ['clarkson1960']);
});

/** asciiFold as it was, without the ASCII shortcut. */
const fullFold = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/[øØ]/g, 'o').replace(/[łŁ]/g, 'l').toLowerCase().replace(/[^a-z0-9]/g, '');

test('asciiFold: the ASCII shortcut gives the full fold, and accents, ß, ø, ł still fold', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 40 }), (s) => asciiFold(s) === fullFold(s)), { numRuns: 2000 });
  fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (s) => asciiFold(s) === fullFold(s)), { numRuns: 2000 });
  assert.equal(asciiFold('Müller-Straße, Ørsted & Łukasz'), 'mullerstrasseorstedlukasz');
});
