// The caveat on incomplete entries and the content notes of data/about.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { needsVerification, referenceCaveat, withCaveat } from '../../src/core/knowledge/caveats';
import { completionSummary } from '../../src/core/knowledge/submission';
import { citationHoverMarkdown } from '../../src/vscode/hover/cards';
import { loadContentNotes, loadKnowledgeBase } from '../../src/node/dataFiles';

const dataDir = join(__dirname, '..', '..', '..', 'data');
const kb = loadKnowledgeBase(dataDir);
const notes = loadContentNotes(dataDir);
const CAVEAT = 'Authors truncated in the source; verify before submission.';
/** Gousseff 2011 as the review printed it ("et al.", first page only), before its completion from PubMed. */
const gousseffAsPrinted = { ...kb.reference('gousseff2011')!, completed: undefined };

test('the caveat text is the one the issue asks for', () => {
  assert.equal(notes.truncatedAuthors, CAVEAT);
});

test('an "et al." entry with no DOI, PMID or issue needs verification; a complete author list does not', () => {
  assert.equal(referenceCaveat(gousseffAsPrinted, notes), CAVEAT);
  assert.equal(referenceCaveat(kb.reference('gousseff2011')!, notes), undefined, 'completed from its PubMed record: no caveat');
  assert.equal(referenceCaveat(kb.reference('clarkson1960')!, notes), undefined);
  assert.equal(referenceCaveat(kb.reference('lancet1988')!, notes), undefined, 'no authors printed: nothing truncated');
});

test('the marked entries are exactly those the source printed with "et al." and nobody completed from a record', () => {
  const marked = kb.references.filter((r) => needsVerification(r)).map((r) => r.number);
  const etAl = kb.references.filter((r) => /, et al\. /.test(r['review-listing'] ?? ''));
  assert.deepEqual(marked, etAl.filter((r) => !r.completed).map((r) => r.number));
  assert.equal(etAl.length, 33);
  assert.ok(!marked.includes(8), 'Kapoor 2010, completed from its PMC record, is not marked');
});

test('a record that carries a DOI, PMID or issue (e.g. from the writer\'s library) needs no caveat', () => {
  const truncated = { 'authors-truncated': true as const };
  assert.equal(needsVerification(truncated), true);
  assert.equal(needsVerification({ ...truncated, DOI: '10.1000/x' }), false);
  assert.equal(needsVerification({ ...truncated, PMID: '123' }), false);
  assert.equal(needsVerification({ ...truncated, issue: 7 }), false);
  assert.equal(needsVerification({ ...truncated, DOI: '  ' }), true, 'a blank DOI is no DOI');
});

test('withCaveat appends to a pick detail, or stands alone, or leaves it unchanged', () => {
  const gousseff = gousseffAsPrinted;
  assert.equal(withCaveat('Ann Intern Med 2011', gousseff, notes), `Ann Intern Med 2011 · ${CAVEAT}`);
  assert.equal(withCaveat('', gousseff, notes), CAVEAT);
  assert.equal(withCaveat('Am J Med 1960', kb.reference('clarkson1960')!, notes), 'Am J Med 1960');
  assert.equal(
    withCaveat('Ann Intern Med 2011', kb.reference('gousseff2011')!, notes),
    'Ann Intern Med 2011 · Completed from PubMed 21464348 (checked 2026-12-05): authors, issue, pages, PMID, DOI.',
    'a completed entry says what came from which record (the note is left to the hover)',
  );
});

test('the hover card of a completed entry says what was completed from which record, with no caveat', () => {
  const gousseff = kb.reference('gousseff2011')!;
  const md = citationHoverMarkdown([{ key: 'gousseff2011', reference: gousseff, formatted: 'Gousseff M, et al. 2011.', caveat: referenceCaveat(gousseff, notes), completion: completionSummary(gousseff) }]);
  const text = md.replace(/\\(.)/g, '$1');
  assert.ok(text.includes('$(pass) *Completed from PubMed 21464348 (checked 2026-12-05): authors, issue, pages, PMID, DOI. The authors are as the journal'), md);
  assert.doesNotMatch(md, /truncated/);
});

test('the citation hover card shows the caveat under the formatted reference, escaped', () => {
  const gousseff = gousseffAsPrinted;
  const md = citationHoverMarkdown([{ key: 'gousseff2011', reference: gousseff, formatted: 'Gousseff M, et al. 2011.', caveat: referenceCaveat(gousseff, notes) }]);
  assert.match(md, /\$\(warning\) \*Authors truncated in the source; verify before submission\\?\.\*/);
  const clarkson = citationHoverMarkdown([{ key: 'clarkson1960', reference: kb.reference('clarkson1960')!, formatted: 'Clarkson B. 1960.' }]);
  assert.doesNotMatch(clarkson, /truncated/);
});
