import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KnowledgeSearch, referenceLabel } from '../../src/core/search/search';
import type { Reference, Section, Term } from '../../src/core/types';

function ref(number: number, id: string, families: string[], title: string, journal: string, year: number): Reference {
  return {
    number,
    id,
    'citation-key': id,
    type: 'article-journal',
    author: families.map((family) => ({ family, given: 'A.' })),
    title,
    'container-title': journal,
    'container-title-short': journal,
    issued: { 'date-parts': [[year]] },
    volume: '1',
    page: '10',
    'review-listing': `${number}. ${families.join(', ')}. ${title}.`,
  };
}

const REFERENCES: Reference[] = [
  ref(1, 'clarkson1960', ['Clarkson', 'Thompson'], 'Cyclical edema and shock due to increased capillary permeability', 'Am J Med', 1960),
  ref(14, 'atkinson1977', ['Atkinson', 'Waldmann'], 'Systemic capillary leak syndrome and monoclonal IgG gammopathy; studies in a sixth patient', 'Medicine (Baltimore)', 1977),
  ref(41, 'svensjo1982', ['Svensjö'], 'Quantitative physiological and morphological aspects of microvascular permeability', 'Acta Physiol Scand', 1982),
  ref(22, 'johansson1979', ['Johansson', 'Löfdahl'], 'Ultrastructure of the microvessels in skeletal muscle', 'Acta Med Scand', 1979),
  ref(4, 'druey2010', ['Druey', 'Greipp'], 'Narrative review: the systemic capillary leak syndrome', 'Ann Intern Med', 2010),
];

const TERMS: Term[] = [
  {
    id: 'mgus',
    name: 'Monoclonal gammopathy of undetermined significance',
    definition: 'A paraprotein in the blood without myeloma, found in most adults with the syndrome.',
    forms: ['monoclonal gammopathy', 'paraproteinemia'],
    abbreviations: ['MGUS'],
    sections: ['diagnosis'],
    references: ['atkinson1977'],
  },
  {
    id: 'hemoconcentration',
    name: 'Hemoconcentration',
    definition: 'A rise in hematocrit as plasma leaves the circulation.',
    forms: ['hemoconcentration', 'haemoconcentration'],
    sections: ['leak-phase'],
    references: [],
  },
];

const SECTIONS: Section[] = [
  {
    id: 'overview',
    title: 'Overview',
    summary: 'A rare disorder of recurrent attacks of shock.',
    paragraphs: ['First described in 1960 [@clarkson1960].'],
    children: [
      {
        id: 'leak-phase',
        title: 'Leak phase',
        summary: 'Plasma escapes into the tissues.',
        paragraphs: ['The hematocrit rises while albumin falls; compartment syndrome may follow.'],
      },
    ],
  },
  {
    id: 'prophylaxis',
    title: 'Prophylaxis',
    summary: 'Monthly intravenous immunoglobulin prevents attacks.',
    paragraphs: ['Terbutaline and theophylline were used before IVIG.'],
  },
];

const search = new KnowledgeSearch({ references: REFERENCES, sections: SECTIONS, terms: TERMS });
const ids = (q: string, opts?: Parameters<KnowledgeSearch['search']>[1]) => search.search(q, opts).map((h) => `${h.kind}:${h.id}`);

test('empty or blank query gives no hits', () => {
  assert.deepEqual(search.search(''), []);
  assert.deepEqual(search.search('   '), []);
});

test('reference number finds that reference first', () => {
  for (const q of ['14', '#14', '# 14']) {
    const hits = search.search(q);
    assert.equal(hits[0].id, 'atkinson1977', q);
    assert.equal(hits[0].score, 0);
  }
});

test('references by author, title, journal, year and key', () => {
  assert.equal(ids('Atkinson')[0], 'reference:atkinson1977');
  assert.equal(ids('Waldmann')[0], 'reference:atkinson1977');
  assert.equal(ids('cyclical edema')[0], 'reference:clarkson1960');
  assert.equal(ids('Ann Intern Med')[0], 'reference:druey2010');
  assert.equal(ids('1977')[0], 'reference:atkinson1977');
  assert.equal(ids('druey2010')[0], 'reference:druey2010');
  assert.equal(ids('monoclonal atkinson')[0], 'reference:atkinson1977');
});

test('diacritics are ignored', () => {
  assert.equal(ids('svensjo')[0], 'reference:svensjo1982');
  assert.equal(ids('Svensjö')[0], 'reference:svensjo1982');
  assert.equal(ids('lofdahl')[0], 'reference:johansson1979');
});

test('terms by name, forms and abbreviations; sections by title, also nested', () => {
  assert.equal(ids('MGUS')[0], 'term:mgus');
  assert.equal(ids('paraproteinemia')[0], 'term:mgus');
  assert.equal(ids('haemoconcentration')[0], 'term:hemoconcentration');
  assert.equal(ids('leak phase')[0], 'section:leak-phase');
  assert.equal(ids('prophylaxis')[0], 'section:prophylaxis');
  assert.ok(ids('theophylline').includes('section:prophylaxis'));
});

test('labels and details', () => {
  const [hit] = search.search('#14');
  assert.deepEqual(hit, {
    kind: 'reference',
    id: 'atkinson1977',
    label: 'Atkinson 1977 — Systemic capillary leak syndrome and monoclonal IgG …',
    detail: '#14 · Medicine (Baltimore) 1977;1:10',
    score: 0,
    source: 'ISCLS review',
  });
  const term = search.search('MGUS')[0];
  assert.equal(term.label, 'Monoclonal gammopathy of undetermined significance');
  assert.equal(term.detail, TERMS[0].definition);
  const section = search.search('Leak phase')[0];
  assert.equal(section.label, 'Leak phase');
  assert.equal(section.detail, 'Plasma escapes into the tissues.');
  assert.equal(referenceLabel(REFERENCES[0]), 'Clarkson 1960 — Cyclical edema and shock due to increased capillary …');
});

test('kinds filter and limit', () => {
  assert.ok(ids('capillary', { kinds: ['reference'] }).every((x) => x.startsWith('reference:')));
  assert.deepEqual(ids('14', { kinds: ['term'] }).filter((x) => x === 'reference:atkinson1977'), []);
  assert.equal(search.search('capillary', { limit: 2 }).length, 2);
  assert.deepEqual(search.search('capillary', { limit: 0 }), []);
  for (const h of search.search('capillary')) assert.ok(h.score >= 0 && h.score <= 1);
});

test('smoke: real knowledge base', (t) => {
  const dir = path.join(__dirname, '../../../data');
  const files = ['references.json', 'sections.json', 'terms.json'].map((f) => path.join(dir, f));
  if (!files.every((f) => fs.existsSync(f))) {
    t.skip('data files not present');
    return;
  }
  const [references, sections, terms] = files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
  const s = new KnowledgeSearch({ references, sections, terms });
  const ref14 = (references as Reference[]).find((r) => r.number === 14)!;
  assert.equal(s.search('#14')[0].id, ref14.id);
  assert.equal(s.search('svensjo', { kinds: ['reference'] })[0].label.split(' ')[0], 'Svensjö');
  assert.ok(s.search('lofdahl', { kinds: ['reference'] }).length > 0);
  assert.ok(s.search('MGUS').some((h) => h.kind === 'term'));
  assert.ok(s.search('capillary leak').length > 5);
});

// The writer's library beside the review's references and related words.
function work(key: string, families: string[], title: string, year: number, extra: Record<string, unknown> = {}) {
  return {
    key,
    source: 'refs.bib',
    item: { id: key, type: 'article-journal', author: families.map((family) => ({ family, given: 'A.' })), title, 'container-title': 'J Test', issued: { 'date-parts': [[year]] }, ...extra },
  };
}

const withLibrary = new KnowledgeSearch({ references: REFERENCES, sections: SECTIONS, terms: TERMS.concat([
  { id: 'ivig', name: 'Intravenous immunoglobulin', definition: 'Pooled IgG.', forms: ['intravenous immunoglobulin', 'intravenous immune globulin'], abbreviations: ['IVIG', 'IVIg'], sections: [], references: [] },
]) });
withLibrary.setReferences([
  ...REFERENCES.map((r) => ({ key: r.id, item: r as unknown as import('../../src/core/library/types').CslItem, source: 'ISCLS review', review: r })),
  work('eo2017', ['Eo', 'Chun'], 'Capillary leak in adults: a Korean cohort', 2017, { DOI: '10.5555/iscls.eo.2017', PMID: '99000001' }),
  work('lee2019', ['Lee'], 'Monthly intravenous immunoglobulin as prophylaxis', 2019),
  work('kim2020', ['Kim'], 'IVIG for refractory shock', 2020),
  work('park2021', ['Park'], 'Capillary leak in paediatric patients', 2021),
  work('choi2022', ['Choi'], 'Oedema and haemoconcentration in children', 2022),
  work('zeta2023', ['Zeta'], 'Immunoglobulin levels in sepsis', 2023),
]);
const refIds = (q: string) => withLibrary.search(q, { kinds: ['reference'] }).map((h) => h.id);

test('library references are found by author and year, with their source', () => {
  const [hit] = withLibrary.search('Eo 2017', { kinds: ['reference'] });
  assert.equal(hit.id, 'eo2017');
  assert.equal(hit.source, 'refs.bib');
  assert.equal(hit.label, 'Eo 2017 — Capillary leak in adults: a Korean cohort');
  assert.equal(hit.detail, 'refs.bib · J Test 2017');
  assert.equal(refIds('atkinson')[0], 'atkinson1977', 'the review still answers');
});

test('a DOI (bare, doi: or URL) or a PMID finds its reference', () => {
  for (const q of ['10.5555/iscls.eo.2017', 'doi:10.5555/ISCLS.eo.2017', 'https://doi.org/10.5555/iscls.eo.2017', '99000001']) assert.deepEqual(refIds(q), ['eo2017'], q);
  assert.deepEqual(refIds('10.5555/nothing'), []);
});

test('IVIG finds the IVIG papers (abbreviation or spelled out) first, not mere immunoglobulin papers', () => {
  const ids = refIds('IVIG');
  assert.deepEqual(ids.slice(0, 2).sort(), ['kim2020', 'lee2019']);
  assert.ok(!ids.includes('zeta2023'));
});

test('paediatric/pediatric/children and British/American spellings are related', () => {
  for (const q of ['pediatric', 'paediatric', 'children', 'child']) assert.deepEqual(refIds(q).sort(), ['choi2022', 'park2021'], q);
  assert.deepEqual(refIds('edema hemoconcentration'), ['choi2022']);
});

test('a typo in a longer word still finds; a query matching nothing finds nothing', () => {
  assert.ok(refIds('capilary').includes('eo2017'));
  assert.deepEqual(refIds('zzzz unrelated'), []);
});
