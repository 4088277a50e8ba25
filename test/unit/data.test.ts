// Schema and link checks for data/: the JSON files are the product's content, so they are tested like code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { KnowledgeBase, citationKeysIn } from '../../src/core/knowledge';
import type { Reference, Section, Term } from '../../src/core/types';

const root = join(__dirname, '..', '..', '..');
const dataDir = join(root, 'data');
const read = (name: string): unknown => JSON.parse(readFileSync(join(dataDir, name), 'utf8'));
const references = read('references.json') as Reference[];
const sections = read('sections.json') as Section[];
const terms = read('terms.json') as Term[];
const kb = new KnowledgeBase({ references, sections, terms });

for (const name of ['references', 'sections', 'terms']) {
  test(`${name}.json matches its JSON schema`, () => {
    const validate = new Ajv({ allErrors: true }).compile(read(`schema/${name}.schema.json`) as object);
    const valid = validate(read(`${name}.json`));
    assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  });
}

test('references: the 72 entries of the review, numbered 1..72 in order, unique keys', () => {
  assert.equal(references.length, 72);
  references.forEach((r, i) => assert.equal(r.number, i + 1));
  const keys = references.map((r) => r['citation-key']);
  assert.equal(new Set(keys).size, 72);
  for (const r of references) assert.equal(r.id, r['citation-key']);
  assert.equal(kb.reference('clarkson1960')?.number, 1);
  assert.equal(kb.reference('gousseff2011')?.number, 4);
  assert.equal(kb.reference('gousseff2009')?.number, 64);
});

/** Writes a reference back the way the review printed it, to prove nothing was lost or invented. */
function asReviewListing(r: Reference): string {
  const names = (r.author ?? []).map((a) => `${a.family} ${(a.given ?? '').replace(/[.\s]/g, '')}`);
  if (r['authors-truncated']) names.push('et al');
  const authors = names.length ? `${names.join(', ')}. ` : '';
  const title = /[?]$/.test(r.title) ? `${r.title} ` : `${r.title}. `;
  const location = r.page !== undefined ? `${r.volume ?? ''}:${r.page}` : (r.volume ?? '');
  return `${r.number}. ${authors}${title}${r['container-title-short']} ${r.issued['date-parts'][0][0]}; ${location}.`;
}

test('references: every field re-creates the entry exactly as the review printed it', () => {
  for (const r of references) {
    const expected = r['review-listing'];
    const actual = asReviewListing(r);
    // Entry 1 prints its author names in capitals; the data stores them in ordinary case.
    if (r.number === 1) assert.equal(actual.toLowerCase(), expected.toLowerCase());
    else assert.equal(actual, expected, `entry ${r.number}`);
  }
});

test('references: the seed list itself matches review-listing line for line (when shared/ is beside the repo)', (t) => {
  const seed = join(root, '..', 'shared', 'seed', '000_2f3f23d5b54d58de.txt');
  if (!existsSync(seed)) {
    t.skip(`seed not found at ${seed}`);
    return;
  }
  const lines = readFileSync(seed, 'utf8').split('\n').map((l) => l.trim()).filter((l) => /^\d+\.\s/.test(l));
  assert.deepEqual(lines, references.map((r) => r['review-listing']));
});

test('references: the quirks of the list are kept, nothing invented', () => {
  const byNumber = (n: number) => kb.referenceByNumber(n)!;
  assert.equal(byNumber(18).author, undefined, 'entry 18 has no authors');
  assert.equal(byNumber(55).page, '770, 772');
  assert.equal(byNumber(61).volume, undefined);
  assert.equal(byNumber(61).page, '43');
  assert.equal(byNumber(62).volume, '2011');
  assert.equal(byNumber(62).page, undefined);
  assert.deepEqual(references.filter((r) => r['title-translated']).map((r) => r.number), [47, 55, 64]);
  assert.equal(byNumber(4)['authors-truncated'], true);
  assert.equal(byNumber(4).author?.length, 3);
  const text = JSON.stringify(references).toLowerCase();
  for (const invented of ['"doi"', '"pmid"', '"url"', '"pmcid"', '"issn"']) assert.ok(!text.includes(invented), invented);
});

test('sections: the required topic tree exists', () => {
  for (const id of ['overview', 'epidemiology', 'pathogenesis', 'capillary-leak-mechanisms', 'theories-of-cause', 'clinical-course',
    'complications', 'diagnosis', 'differential-diagnosis', 'treatment', 'acute-attack-management', 'prophylaxis', 'prognosis']) {
    assert.ok(kb.section(id), `section ${id}`);
  }
  const ids = kb.allSections().map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length, 'section ids are unique');
});

test('sections: every paragraph cites references, and every cited key exists', () => {
  for (const section of kb.allSections()) {
    for (const paragraph of section.paragraphs) {
      const keys = citationKeysIn(paragraph);
      assert.ok(keys.length > 0, `uncited paragraph in ${section.id}: ${paragraph.slice(0, 60)}…`);
      for (const key of keys) assert.ok(kb.reference(key), `${section.id} cites unknown key ${key}`);
    }
  }
});

test('terms: glossary size, links and the concepts the product promises', () => {
  assert.ok(terms.length >= 40, `${terms.length} terms`);
  const ids = terms.map((t) => t.id);
  assert.equal(new Set(ids).size, ids.length, 'term ids are unique');
  for (const term of terms) {
    for (const id of term.sections) assert.ok(kb.section(id), `${term.id}: unknown section ${id}`);
    for (const key of term.references) assert.ok(kb.reference(key), `${term.id}: unknown reference ${key}`);
    for (const id of term.related ?? []) assert.ok(kb.term(id), `${term.id}: unknown related term ${id}`);
  }
  const forms = new Set(terms.flatMap((t) => t.forms.map((f) => f.toLowerCase())));
  for (const form of ['clarkson', 'hemoconcentration', 'haemoconcentration', 'monoclonal gammopathy', 'edema', 'oedema']) {
    assert.ok(forms.has(form), `form ${form}`);
  }
  const abbreviations = new Set(terms.flatMap((t) => t.abbreviations ?? []));
  for (const abbreviation of ['ISCLS', 'SCLS', 'MGUS', 'IVIG']) assert.ok(abbreviations.has(abbreviation), abbreviation);
});

test('terms: no surface form belongs to two concepts', () => {
  const owner = new Map<string, string>();
  const claim = (form: string, id: string) => {
    const previous = owner.get(form);
    assert.ok(previous === undefined || previous === id, `"${form}" belongs to ${previous} and ${id}`);
    owner.set(form, id);
  };
  for (const term of terms) {
    for (const form of term.forms) claim(`form:${form.toLowerCase().replace(/[-\s]+/g, ' ')}`, term.id);
    for (const abbreviation of term.abbreviations ?? []) claim(`abbr:${abbreviation}`, term.id);
  }
});
