// Titles and journal names as a style prints them from the writer's records: a Title Case record prints
// in sentence case in AMA and Vancouver (what the record protects kept), never changed in the file; the
// review's 72 and the added literature print exactly as stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CitationFormatter } from '../../src/core/format/citations';
import { sentenceCase, titleFormOf, looksTitleCase, itemInForm } from '../../src/core/format/titleForm';
import { parseLibrary } from '../../src/core/library';
import { protectedGroups } from '../../src/core/library/bibtex';
import { loadKnowledgeBase } from '../../src/node/dataFiles';

const root = join(__dirname, '..', '..', '..');
const load = (file: string) => JSON.parse(readFileSync(join(root, 'dist', 'csl', file), 'utf8'));
const kb = loadKnowledgeBase(join(root, 'data'));
const bibFile = join(root, 'test', 'fixtures', 'library', 'titlecase', 'titlecase.bib');
const library = parseLibrary(readFileSync(bibFile), bibFile).entries.map((e) => e.item);
const AMA = 'american-medical-association';

test('the Better BibTeX Title Case title prints in sentence case in AMA, the first word after the colon and "European" kept', () => {
  const f = new CitationFormatter([...kb.references, ...library], load);
  const entry = f.reference('gousseffTitleCase2011', AMA);
  assert.match(entry, /The systemic capillary leak syndrome: A case series of 28 patients from a European registry\./, entry);
  assert.equal(library.find((i) => i.id === 'gousseffTitleCase2011')?.title, 'The Systemic Capillary Leak Syndrome: A Case Series of 28 Patients from a European Registry', 'the record itself is untouched');
});

test('braced words, acronyms, inner capitals and eponyms keep their case; a sentence-case or French title is left alone', () => {
  const f = new CitationFormatter([...kb.references, ...library], load);
  assert.match(f.reference('protectedTitleCase2020', AMA), /IgG and mRNA markers in ISCLS: Anti-VEGF therapy in Clarkson disease and Crohn.s colitis\./);
  assert.match(f.reference('sentenceAlready2019', AMA), /Idiopathic systemic capillary leak syndrome \(Clarkson disease\)\./);
  assert.match(f.reference('frenchTitle2018', AMA), /Le Syndrome De Fuite Capillaire\./);
  assert.deepEqual(protectedGroups('{IgG} and \\emph{X} {\\em Y} \\{ {ISCLS}'), ['IgG', '\\em Y', 'ISCLS']);
});

test('styles that print titles as stored convert; a style that title-cases titles is left to do so', () => {
  for (const style of [AMA, 'vancouver', 'apa']) assert.equal(titleFormOf(load(`${style}.json`)).sentenceCase, true, style);
  const chicagoLike = { name: 'style', children: [{ name: 'macro', children: [{ name: 'text', attrs: { variable: 'title', 'text-case': 'title' } }] }] };
  assert.equal(titleFormOf(chicagoLike).sentenceCase, false);
  assert.equal(titleFormOf(load(`${AMA}.json`)).abbreviateJournals, true);
  assert.equal(titleFormOf(load('vancouver.json')).abbreviateJournals, true);
  assert.equal(titleFormOf(load('apa.json')).abbreviateJournals, false);
});

test('the review\'s 72 and the added literature print exactly as stored in every shipped style', () => {
  const plain = new CitationFormatter([...kb.references], load, { precomputed: false });
  const withLibrary = new CitationFormatter([...kb.references, ...library], load, { precomputed: false });
  for (const { id: style } of plain.styles()) {
    for (const r of kb.references) assert.equal(withLibrary.reference(r.id, style), plain.reference(r.id, style), `${r.id} in ${style}`);
  }
  const titleCase = kb.references.filter((r) => typeof r.title === 'string' && looksTitleCase(r.title));
  for (const r of titleCase) assert.ok(r['review-listing'] || r.provenance, r.id);
});

test('sentence case rules one by one', () => {
  assert.equal(sentenceCase('Treatment of Hepatitis B With IgG: The Role of COVID-19 Vaccines in Type 2 Diabetes'), 'Treatment of hepatitis B with IgG: The role of COVID-19 vaccines in type 2 diabetes');
  assert.equal(sentenceCase('Clarkson\'s Disease in Japanese Children'), 'Clarkson\'s disease in Japanese children');
  assert.equal(sentenceCase('Long-Term Outcome of Non-Hodgkin Lymphoma'), 'Long-term outcome of non-Hodgkin lymphoma');
  assert.equal(sentenceCase('Capillary Leak After Bevacizumab', ['Bevacizumab']), 'Capillary leak after Bevacizumab');
  assert.equal(sentenceCase('SYSTEMIC CAPILLARY LEAK SYNDROME'), 'SYSTEMIC CAPILLARY LEAK SYNDROME');
});

test('only an article title is converted: a book or chapter title, often a name, prints as the record writes it', () => {
  const form = { sentenceCase: true, abbreviateJournals: false };
  const title = 'The Limitations of Human Knowledge According to Al-Farabi, ibn Bajja, and Maimonides';
  assert.equal(itemInForm({ type: 'chapter', title }, form).title, title);
  assert.equal(itemInForm({ type: 'book', title: 'Shock and Edema in Children' }, form).title, 'Shock and Edema in Children');
  assert.equal(itemInForm({ type: 'article-journal', title: 'Shock and Edema in Children' }, form).title, 'Shock and edema in children');
});
