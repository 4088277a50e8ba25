// Schema and link checks for data/: the JSON files are the product's content, so they are tested like code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { KnowledgeBase, citationKeysIn } from '../../src/core/knowledge/knowledge';
import type { Reference, Section, Term } from '../../src/core/types';
import { readSeed, repoRoot as root, seedReferenceLines } from './seed';
import { loadContentNotes } from '../../src/node/dataFiles';
import { coverageText, monthYear } from '../../src/core/knowledge/coverage';

const dataDir = join(root, 'data');
const read = (name: string): unknown => JSON.parse(readFileSync(join(dataDir, name), 'utf8'));
const references = read('references.json') as Reference[];
const sections = read('sections.json') as Section[];
const terms = read('terms.json') as Term[];
const kb = new KnowledgeBase({ references, sections, terms });

for (const name of ['references', 'sections', 'terms', 'about']) {
  test(`${name}.json matches its JSON schema`, () => {
    const validate = new Ajv({ allErrors: true }).compile(read(`schema/${name}.schema.json`) as object);
    const valid = validate(read(`${name}.json`));
    assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  });
}

const review = references.filter((r) => r.origin === undefined);

test('the references schema refuses an added journal article without PMID or provenance, and a regulator\'s page without its issuer, publisher or URL', () => {
  const validate = new Ajv({ allErrors: true }).compile(read('schema/references.schema.json') as object);
  const withLast = (change: (r: Record<string, unknown>) => void, type: string): unknown[] => {
    const copy = structuredClone(references) as unknown as Record<string, unknown>[];
    const last = copy.filter((r) => r.origin && r.type === type).at(-1)!;
    change(last);
    return copy;
  };
  assert.ok(validate(references), 'the data as stored is valid');
  for (const field of ['PMID', 'provenance', 'author', 'page', 'container-title']) {
    assert.equal(validate(withLast((r) => delete r[field], 'article-journal')), false, `an added article without ${field}`);
  }
  assert.equal(validate(withLast((r) => (r.author = [{ literal: 'Some Agency' }]), 'article-journal')), false, 'an article with an organization as author');
  for (const field of ['publisher', 'URL', 'provenance', 'author']) {
    assert.equal(validate(withLast((r) => delete r[field], 'webpage')), false, `a regulator's page without ${field}`);
  }
  assert.equal(validate(withLast((r) => (r.PMID = '12345'), 'webpage')), false, 'a regulator\'s page with a PMID');
  assert.equal(validate(withLast((r) => delete r.origin, 'webpage')), false, 'a regulator\'s page among the review\'s entries');
});
const added = references.filter((r) => r.origin !== undefined);

test('references: the 72 entries of the review numbered 1..72 in order, then the added works 73.. in order, unique keys', () => {
  assert.equal(review.length, 72);
  references.forEach((r, i) => assert.equal(r.number, i + 1));
  assert.deepEqual(references.slice(0, 72), review, 'the review entries come first');
  const keys = references.map((r) => r['citation-key']);
  assert.equal(new Set(keys).size, references.length);
  for (const r of references) assert.equal(r.id, r['citation-key']);
  assert.equal(kb.reference('clarkson1960')?.number, 1);
  assert.equal(kb.reference('gousseff2011')?.number, 4);
  assert.equal(kb.reference('gousseff2009')?.number, 64);
});

/** Why an added work cannot be traced to the record it was read from, or undefined when it can. */
function untraceable(r: Reference): string | undefined {
  if (r.origin !== 'literature-update') return 'origin is not "literature-update"';
  // A regulator's communication has no PMID: it names who issued it and where it is published instead.
  if (r.type === 'webpage') {
    if (!r.author?.[0]?.literal?.trim()) return 'no issuing body';
    // RIS writes authors as "Family, Given": a comma would split the body's name on import.
    if (r.author.some((a) => a.literal?.includes(','))) return 'an issuing body with a comma';
    if (!r.publisher?.trim()) return 'no publisher';
    if (!/^https?:\/\/\S+$/.test(r.URL ?? '')) return 'no URL';
    if (r.PMID !== undefined) return 'a webpage with a PMID';
  } else if (r.type !== 'article-journal') return `unexpected type ${String(r.type)}`;
  else if (!/^[1-9]\d*$/.test(r.PMID ?? '')) return 'no PMID';
  if (!r.provenance || !/^https?:\/\/\S+$/.test(r.provenance.url)) return 'no provenance address';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(r.provenance.checked) || Number.isNaN(Date.parse(r.provenance.checked))) return 'no date checked';
  if (r['review-listing'] !== undefined || r['authors-truncated']) return 'carries a review listing or a truncated author list';
  // A volume is stored only where the record read prints one (never guessed).
  if (r.type === 'article-journal' && (!r.author?.length || !r.page)) return 'authors or pages missing';
  return undefined;
}

test('added works: each has its PMID, the record it was read from and the day checked, full authors, after the review', () => {
  assert.equal(untraceable({ ...added[0], PMID: undefined }), 'no PMID', 'the check refuses a work without a PMID');
  assert.equal(untraceable({ ...added[0], provenance: undefined }), 'no provenance address');
  const regulatory = added.filter((r) => r.type === 'webpage');
  assert.ok(regulatory.length >= 1, 'the regulators\' communications are in the data');
  assert.equal(untraceable({ ...regulatory[0], publisher: undefined }), 'no publisher', 'a regulatory document names who issued it');
  assert.equal(untraceable({ ...regulatory[0], URL: undefined }), 'no URL');
  assert.equal(untraceable({ ...regulatory[0], provenance: undefined }), 'no provenance address');
  assert.equal(untraceable({ ...regulatory[0], author: undefined }), 'no issuing body');
  assert.equal(untraceable({ ...regulatory[0], author: [{ literal: 'Drug Office, Department of Health' }] }), 'an issuing body with a comma');
  assert.equal(untraceable({ ...regulatory[0], type: 'article-journal' }), 'no PMID', 'a journal article without a PMID still fails');
  assert.ok(added.length >= 1);
  const reviewTo = Math.max(...review.map((r) => r.issued['date-parts'][0][0]));
  for (const r of added) {
    assert.equal(untraceable(r), undefined, r.id);
    assert.ok(r.issued['date-parts'][0][0] > reviewTo, `${r.id} is later than the review`);
  }
  const pmids = added.filter((r) => r.type === 'article-journal').map((r) => r.PMID);
  assert.equal(new Set(pmids).size, pmids.length, 'one entry per PMID');
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
  for (const r of review) {
    const expected = r['review-listing'] ?? '';
    const actual = asReviewListing(r);
    // Entry 1 prints its author names in capitals; the data stores them in ordinary case.
    if (r.number === 1) assert.equal(actual.toLowerCase(), expected.toLowerCase());
    else assert.equal(actual, expected, `entry ${r.number}`);
  }
});

test('references: the seed list itself matches review-listing line for line (seed at ../shared/seed; required in CI)', (t) => {
  const seed = readSeed(t);
  if (seed === undefined) return;
  assert.deepEqual(seedReferenceLines(seed), review.map((r) => r['review-listing']));
});

test('references: the quirks of the list are kept, nothing invented', () => {
  const byNumber = (n: number) => kb.referenceByNumber(n)!;
  assert.equal(byNumber(18).author, undefined, 'entry 18 has no authors');
  assert.equal(byNumber(55).page, '770, 772');
  assert.equal(byNumber(61).volume, undefined);
  assert.equal(byNumber(61).page, '43');
  assert.equal(byNumber(62).volume, '2011');
  assert.equal(byNumber(62).page, undefined);
  assert.deepEqual(review.filter((r) => r['title-translated']).map((r) => r.number), [47, 55, 64]);
  assert.equal(byNumber(4)['authors-truncated'], true);
  assert.equal(byNumber(4).author?.length, 3);
  // Identifiers live only in `completed`, beside the printed fields, never in them.
  const text = JSON.stringify(review.map(({ completed: _completed, ...printed }) => printed)).toLowerCase();
  for (const invented of ['"doi"', '"pmid"', '"url"', '"pmcid"', '"issn"']) assert.ok(!text.includes(invented), invented);
});

/** Why a review entry's completion cannot be trusted as its record, or undefined when it can. */
function badCompletion(r: Reference): string | undefined {
  const c = r.completed;
  if (!c) return undefined;
  if (!/^https?:\/\/\S+$/.test(c.from?.url ?? '')) return 'no address of the record read';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(c.from.checked) || Number.isNaN(Date.parse(c.from.checked))) return 'no date checked';
  // A publisher's or PMC page identifies the work as well as PubMed does: one identifier is enough.
  if (!/^[1-9]\d*$/.test(c.PMID ?? '') && !/^10\.\d{4,}\/\S+$/.test(c.DOI ?? '') && !/^PMC\d+$/.test(c.PMCID ?? '')) return 'no PMID, DOI or PMCID';
  if (c.author) {
    // The record's list begins with the authors the review printed (same families, same order).
    const printed = (r.author ?? []).map((a) => a.family?.toLowerCase());
    const record = c.author.slice(0, printed.length).map((a) => a.family?.toLowerCase());
    if (printed.join('|') !== record.join('|')) return `authors ${record.join(', ')} do not begin with the printed ${printed.join(', ')}`;
    if (r['authors-truncated'] && c.author.length <= printed.length) return 'the printed "et al." needs more authors than printed';
  }
  if (c.page && r.page && !c.page.startsWith(r.page.split(/[-,]/)[0])) return `pages ${c.page} do not start at the printed ${r.page}` + (c.note ? '' : ' (and no note says why)');
  return undefined;
}

test('completed review entries: the record read (address, day, PMID, DOI or PMCID), authors that begin as printed, pages from the printed first page', () => {
  const kapoor = kb.reference('kapoor2010')!;
  assert.equal(badCompletion({ ...kapoor, completed: { ...kapoor.completed!, PMID: '', DOI: undefined, PMCID: undefined } }), 'no PMID, DOI or PMCID', 'the check refuses a completion that identifies no record');
  assert.equal(badCompletion({ ...kapoor, completed: { ...kapoor.completed!, PMID: undefined, PMCID: undefined, DOI: '10.4065/mcp.2010.0178' } }), undefined, 'a DOI alone identifies it');
  assert.match(badCompletion({ ...kapoor, completed: { ...kapoor.completed!, author: [{ family: 'Other', given: 'O.' }] } }) ?? '', /do not begin/);
  const completed = review.filter((r) => r.completed);
  assert.ok(completed.length >= 2);
  for (const r of completed) {
    const problem = badCompletion(r);
    if (problem?.startsWith('pages') && r.completed?.note) continue;
    assert.equal(problem, undefined, r.id);
  }
  for (const id of ['PMID', 'DOI', 'PMCID'] as const) {
    const ids = completed.map((r) => r.completed?.[id]).filter(Boolean);
    assert.equal(new Set(ids).size, ids.length, `one entry per ${id}`);
  }
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

test('references: every one of the 72 and every added work is cited by some section paragraph', () => {
  const cited = new Set(kb.allSections().flatMap((section) => kb.ownCitations(section)));
  assert.deepEqual(references.map((r) => r['citation-key']).filter((key) => !cited.has(key)), []);
});

/** Every piece of prose we wrote: section titles, summaries, paragraphs; glossary names and definitions. */
function prose(): { where: string; text: string }[] {
  return [
    ...kb.allSections().flatMap((s) => [
      { where: `${s.id} title`, text: s.title },
      { where: `${s.id} summary`, text: s.summary },
      ...s.paragraphs.map((text, i) => ({ where: `${s.id} p${i + 1}`, text })),
    ]),
    ...terms.flatMap((t) => [{ where: `term ${t.id} name`, text: t.name }, { where: `term ${t.id}`, text: t.definition }]),
  ];
}

/** British spellings that US prose writes differently; UK forms belong only in `forms` (surface forms). */
const UK_SPELLING =
  /\b(\w*(haem|(?<!angi)oedem|anaesth|paediatr|leucocyt|ischaem|diarrhoe|oesophag)\w*|\w*(tumour|colour|behaviour|favour|labour)s?|centres?\b|litres?\b|fibres?\b|\w*(recogni|stabili|characteri|randomi|organi|hospitali|minimi|normali|mobili|immuni)s(e|ed|es|ing|ation|ations)\b)/i;

test('prose: one spelling system (US) in titles, summaries, paragraphs and definitions', () => {
  assert.match('haemoconcentration in a paediatric centre', UK_SPELLING, 'the check finds UK spellings');
  assert.doesNotMatch('hemoconcentration in a pediatric center; angioedema, organism, otherwise', UK_SPELLING);
  const found = prose().flatMap(({ where, text }) => {
    const match = UK_SPELLING.exec(text);
    return match ? [`${where}: ${match[0]}`] : [];
  });
  assert.deepEqual(found, []);
});

test('about.json: the literature years are those of the review entries, and the limits text names them', () => {
  const notes = loadContentNotes(join(root, 'data'));
  const years = review.map((r) => r.issued['date-parts'][0][0]);
  assert.deepEqual(notes.literatureYears, { from: Math.min(...years), to: Math.max(...years) });
  assert.ok(notes.limits.includes(`${notes.literatureYears.from} to ${notes.literatureYears.to}`), notes.limits);
  assert.match(notes.limits, /own library/);
  assert.doesNotMatch(notes.limits, /stops|not included/, 'the limits no longer say the content ends with the review');
});

test('coverage: derived from the data (review years and count, added works and the date checked)', () => {
  const checked = added.map((r) => r.provenance!.checked).sort().at(-1)!;
  assert.deepEqual(kb.coverage, { reviewFrom: 1960, reviewTo: 2014, reviewCount: 72, updateCount: added.length, checkedThrough: checked });
  assert.equal(coverageText(kb.coverage), `Review literature 1960\u20132014 (72 works); update checked through ${monthYear(checked)} (${added.length} works).`);
  assert.equal(kb.origin(kb.reference('clarkson1960')!), 'ISCLS review (to 2014)');
  assert.equal(kb.origin(added[0]), `literature update (checked ${added[0].provenance!.checked})`);
});

test('the sidebar welcome text and the README state the coverage the data has (years, date checked, number of works)', () => {
  const { reviewFrom, reviewTo, updateCount, checkedThrough } = kb.coverage;
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { viewsWelcome: { contents: string }[] } };
  const span = new RegExp(`${reviewFrom}\\s*(–|-|to)\\s*${reviewTo}`);
  const update = `update checked through ${monthYear(checkedThrough!)} (${updateCount} works)`;
  const readme = readFileSync(join(root, 'README.md'), 'utf8').replace(/\s+/g, ' ');
  const welcomes = manifest.contributes.viewsWelcome.filter((w) => span.test(w.contents));
  assert.ok(welcomes.length > 0, 'viewsWelcome');
  for (const w of welcomes) assert.ok(w.contents.includes(update), `viewsWelcome: ${w.contents}`);
  assert.match(readme, span, 'README');
  assert.ok(readme.includes(update), `README says "${update}"`);
  assert.doesNotMatch(readme, /stop in 2014|end in 2014/, 'README');
});
