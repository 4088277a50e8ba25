import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, checkConvention, planConversion, planListUpdate, scanDocument, type CitationContext } from '../../src/core/manuscript';
import type { Convention } from '../../src/core/types';

const KEYS = ['clarkson1960', 'druey2010', 'gousseff2011', 'xie2012', 'amoura1997', 'kapoor2010'];

function ctx(extra: Partial<CitationContext> = {}): CitationContext {
  return {
    knownKeys: new Set(KEYS),
    style: 'american-medical-association',
    formatEntries: (keys: string[]) => keys.map((k) => `Entry for ${k}.`),
    ...extra,
  };
}

function convert(text: string, from: Convention, to: Convention, c = ctx()): string {
  return applyEdits(text, planConversion(text, from, to, c).edits);
}

const PANDOC = [
  '# Clarkson disease',
  '',
  'First described in 1960 [@clarkson1960]. Later series [@druey2010; @xie2012] and a',
  'French cohort [see @gousseff2011, p. 464] confirmed it.',
  '',
  '<!-- iscls-references style=american-medical-association keys=clarkson1960,druey2010,xie2012,gousseff2011 -->',
  '1. Entry for clarkson1960.',
  '2. Entry for druey2010.',
  '3. Entry for xie2012.',
  '4. Entry for gousseff2011.',
  '<!-- /iscls-references -->',
  '',
].join('\n');

test('pandoc → numeric: numbers by first appearance, the list follows, locator and prefix survive (AMA)', () => {
  const out = convert(PANDOC, 'pandoc', 'numeric', ctx({ markup: 'markdown', numericMarker: 'superscript' }));
  assert.match(out, /in 1960\^1\^\. Later series\^2,3\^ and a\nFrench cohort see\^4\(p464\)\^ confirmed/);
  assert.match(out, /keys=clarkson1960,druey2010,xie2012,gousseff2011 -->\n1\. Entry for clarkson1960\./);
  const scan = scanDocument(out, 'numeric', { knownKeys: new Set(KEYS), markup: 'markdown' });
  assert.deepEqual(scan.order, ['clarkson1960', 'druey2010', 'xie2012', 'gousseff2011']);
});

test('pandoc → numeric in brackets with a non-AMA style writes the page after a space: [4 p464]', () => {
  const text = PANDOC.replace('style=american-medical-association', 'style=vancouver');
  const out = convert(text, 'pandoc', 'numeric', ctx({ markup: 'markdown', style: 'vancouver' }));
  assert.match(out, /French cohort see \[4 p464\] confirmed/);
  assert.match(out, /in 1960 \[1\]\. Later series \[2,3\]/);
});

test('pandoc → LaTeX: \\cite with prenote and postnote, the list becomes thebibliography', () => {
  const out = convert(PANDOC, 'pandoc', 'latex', ctx());
  assert.match(out, /in 1960 \\cite\{clarkson1960\}\. Later series \\cite\{druey2010,xie2012\}/);
  assert.match(out, /\\cite\[see\]\[p\. 464\]\{gousseff2011\}/);
  assert.match(out, /% iscls-references style=american-medical-association keys=clarkson1960,druey2010,xie2012,gousseff2011\n\\begin\{thebibliography\}/);
  const back = convert(out, 'latex', 'pandoc', ctx());
  assert.equal(back, PANDOC);
});

test('numeric → pandoc maps numbers through keys= and back again exactly', () => {
  const numeric = convert(PANDOC, 'pandoc', 'numeric', ctx({ markup: 'markdown' }));
  const pandoc = convert(numeric, 'numeric', 'pandoc', ctx({ markup: 'markdown' }));
  // The prefix stays in the sentence (a number cannot hold it); the locator goes back inside.
  assert.match(pandoc, /cohort see \[@gousseff2011, p\. 464\] confirmed/);
  assert.equal(convert(pandoc, 'pandoc', 'numeric', ctx({ markup: 'markdown' })), numeric);
});

test('a LaTeX tie becomes a space, a superscript loses the space before it, and back', () => {
  const tex = 'Capillary leak~\\cite{druey2010} is rare.\n';
  assert.equal(convert(tex, 'latex', 'pandoc'), 'Capillary leak [@druey2010] is rare.\n');
  const sup = convert('Capillary leak [@druey2010] is rare.\n', 'pandoc', 'numeric', ctx({ numericMarker: 'superscript', markup: 'plain' }));
  assert.match(sup, /^Capillary leak\^1\^ is rare\.\n/);
  assert.match(sup, /\[iscls-references style=american-medical-association keys=druey2010\]/);
  assert.equal(convert(sup, 'numeric', 'pandoc', ctx({ markup: 'plain' })).split('\n')[0], 'Capillary leak [@druey2010] is rare.');
});

test('refusals: no list to map numbers, a number beyond the list, an in-text author, an unknown key', () => {
  assert.throws(() => planConversion('Seen [1].\n', 'numeric', 'pandoc', ctx()), /no managed reference list.*Adopt/s);
  const beyond = 'A [1]. B [6].\n\n[iscls-references style=american-medical-association keys=druey2010]\n1. Entry for druey2010.\n[/iscls-references]\n';
  assert.throws(() => planConversion(beyond, 'numeric', 'pandoc', ctx()), /line 1: \[6\].*nothing was changed/);
  assert.throws(() => planConversion('As @druey2010 showed.\n', 'pandoc', 'numeric', ctx()), /@druey2010 — an in-text citation names the author/);
  assert.throws(() => planConversion('See [@smith2020].\n', 'pandoc', 'numeric', ctx()), /"smith2020" is not one of the references/);
  // To LaTeX an unknown key is just a key.
  assert.equal(convert('See [@smith2020].\n', 'pandoc', 'latex'), 'See \\cite{smith2020}.\n');
});

test('numeric locators survive renumbering by a list update', () => {
  const text = 'Shock^2(p464)^ and leak^1^.\n\n[iscls-references style=american-medical-association keys=druey2010,gousseff2011]\n1. Entry for druey2010.\n2. Entry for gousseff2011.\n[/iscls-references]\n';
  const out = applyEdits(text, planListUpdate(text, 'numeric', ctx({ markup: 'plain' })));
  assert.match(out, /^Shock\^1\(p464\)\^ and leak\^2\^\./);
  assert.match(out, /keys=gousseff2011,druey2010\]/);
});

test('checkConvention: a pandoc document read as numeric is a mismatch that names the conversion', () => {
  const m = checkConvention(PANDOC, 'numeric', { knownKeys: new Set(KEYS), markup: 'markdown' });
  assert.ok(m);
  assert.equal(m.found, 'pandoc');
  assert.equal(m.count, 3);
  assert.match(m.message, /Convert the citations to numeric/);
  assert.equal(checkConvention(PANDOC, 'pandoc', { knownKeys: new Set(KEYS) }), undefined);
  assert.equal(checkConvention('No citations at all.\n', 'numeric', { knownKeys: new Set(KEYS) }), undefined);
});

// ---- property: numeric → pandoc → numeric is the identity -------------------------------------

const word = fc.constantFrom('Capillary leak', 'IVIG', 'the cohort', 'shock', 'oedema', 'outcomes');
const glue = fc.constantFrom(' ', '. ', ', ', ';\n', '.\n\n');

/** A numeric document our engine could have written: brackets or superscripts, ranges, locators. */
const numericDoc = fc
  .record({
    form: fc.constantFrom<'brackets' | 'superscript'>('brackets', 'superscript'),
    cites: fc.array(
      fc.record({
        word,
        space: fc.constantFrom('', ' '),
        glue,
        keys: fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 4 }),
        page: fc.option(fc.integer({ min: 1, max: 999 }), { nil: undefined }),
        prefix: fc.constantFrom('', 'see ', 'cf. '),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  })
  .map(({ form, cites }) => {
    const text = cites.map((c) => `${c.word}${c.space}${c.page !== undefined ? `[${c.prefix}@${c.keys[0]}, p. ${c.page}]` : `[${c.keys.map((k) => `@${k}`).join('; ')}]`}${c.glue}`).join('');
    // Let the engine write it: pandoc → numeric yields a numeric document with its list.
    return { form, text: applyEdits(text, planConversion(text, 'pandoc', 'numeric', ctx({ markup: 'markdown', numericMarker: form })).edits) };
  });

test('property: numeric → pandoc → numeric gives back the document it started from', () => {
  fc.assert(
    fc.property(numericDoc, ({ form, text }) => {
      const c = ctx({ markup: 'markdown', numericMarker: form });
      const pandoc = convert(text, 'numeric', 'pandoc', c);
      assert.equal(convert(pandoc, 'pandoc', 'numeric', c), text);
      // And the list of the numeric document is up to date (no silent renumbering later).
      assert.deepEqual(planListUpdate(text, 'numeric', c), []);
    }),
    { numRuns: 300 },
  );
});
