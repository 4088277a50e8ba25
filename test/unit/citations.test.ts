// Unit tests of the citation formatter against the real shipped styles (dist/csl) and references.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CitationFormatter } from '../../src/core/format/citations';
import type { Reference } from '../../src/core/types';

const root = join(__dirname, '..', '..', '..');
const cslDir = join(root, 'dist', 'csl');
// The formatter's rules on the entries as the review printed them ("et al.", no volume, first pages):
// the completion of entries from their records is tested in submission.test.ts.
const references: Reference[] = (JSON.parse(readFileSync(join(root, 'data', 'references.json'), 'utf8')) as Reference[]).map(
  ({ completed: _completed, ...printed }) => printed,
);
const byKey = new Map(references.map((r) => [r.id, r]));

const AMA = 'american-medical-association';
const VANCOUVER = 'vancouver';
const APA = 'apa';
const SHIPPED = [AMA, VANCOUVER, APA, 'nature', 'the-lancet', 'elsevier-vancouver', 'bmj'];

let fmt: CitationFormatter;

before(() => {
  // `node scripts/build.mjs` writes dist/csl; extract just the styles if the bundles were not built.
  if (!existsSync(join(cslDir, 'styles.json'))) {
    execFileSync(process.execPath, [join(root, 'scripts', 'extract-styles.mjs'), cslDir]);
  }
  fmt = new CitationFormatter(references, (file) => JSON.parse(readFileSync(join(cslDir, file), 'utf8')));
});

test('the manifest lists the shipped styles, AMA first, APA the only author-date style', () => {
  const styles = fmt.styles();
  assert.deepEqual(styles.map((s) => s.id), SHIPPED);
  assert.deepEqual(styles.filter((s) => !s.numeric).map((s) => s.id), [APA]);
  assert.equal(styles[0].label, 'AMA (11th edition)');
  assert.ok(fmt.hasStyle(VANCOUVER));
  assert.ok(!fmt.hasStyle('chicago-author-date'));
  for (const id of SHIPPED) assert.ok(existsSync(join(cslDir, `${id}.json`)), id);
  const notice = readFileSync(join(cslDir, 'NOTICE-CSL.txt'), 'utf8');
  assert.match(notice, /Citation Style Language/);
  assert.match(notice, /CC BY-SA 3\.0|Attribution-ShareAlike 3\.0/);
  assert.match(notice, /commit [0-9a-f]{40}/);
});

// Exact expected text. Checked against the AMA Manual of Style 11th ed. (authors "Family Initials",
// up to 6 listed; abbreviated journal in italics; "Year;Vol:Page."), Citing Medicine/Vancouver and APA 7th.
const EXPECTED: Record<string, Record<string, string>> = {
  [AMA]: {
    clarkson1960:
      'Clarkson B, Thompson D, Horwith M, Luckey EH. Cyclical edema and shock due to increased capillary permeability. Am J Med. 1960;29:193.',
    gousseff2011:
      'Gousseff M, Arnaud L, Lambert M, et al. The systemic capillary leak syndrome: a case series of 28 patients from a European registry. Ann Intern Med. 2011;154:464.',
    lancet1988: 'Treatment of systemic capillary leak syndrome. Lancet. 1988;2:1496.',
    balcarek2005:
      'Balcarek P, Frosch KH, Quintel M, Stürmer KM. [Systemic capillary leak syndrome causes a compartment syndrome of both lower legs and a forearm. A case report with a review of the literature]. Unfallchirurg. 2005;108:770, 772.',
    whitesides1975:
      'Whitesides TE, Haney TC, Morimoto K, Harada H. Tissue pressure measurements as a determinant for the need of fasciotomy. Clin Orthop Relat Res. 1975:43.',
    zipponi2011:
      'Zipponi M, Eugster R, Birrenbach T. High-dose intravenous immunoglobulins: a promising therapeutic approach for idiopathic systemic capillary leak syndrome. BMJ Case Rep. 2011;2011.',
    gousseff2009: 'Gousseff M, Amoura Z. [Idiopathic capillary leak syndrome]. Rev Med Interne. 2009;30:754.',
  },
  [VANCOUVER]: {
    clarkson1960:
      'Clarkson B, Thompson D, Horwith M, Luckey EH. Cyclical edema and shock due to increased capillary permeability. Am J Med. 1960;29:193.',
    gousseff2011:
      'Gousseff M, Arnaud L, Lambert M, et al. The systemic capillary leak syndrome: a case series of 28 patients from a European registry. Ann Intern Med. 2011;154:464.',
    lancet1988: 'Treatment of systemic capillary leak syndrome. Lancet. 1988;2:1496.',
    dahan2007:
      'Dahan L, Ressiot E, Cournede A, et al. [Anasarca, a complication of chemotherapy with gemcitabine in two patients with pancreatic cancer]. Gastroenterol Clin Biol. 2007;31:1143.',
    whitesides1975:
      'Whitesides TE, Haney TC, Morimoto K, Harada H. Tissue pressure measurements as a determinant for the need of fasciotomy. Clin Orthop Relat Res. 1975:43.',
    zipponi2011:
      'Zipponi M, Eugster R, Birrenbach T. High-dose intravenous immunoglobulins: a promising therapeutic approach for idiopathic systemic capillary leak syndrome. BMJ Case Rep. 2011;2011.',
  },
  [APA]: {
    clarkson1960:
      'Clarkson, B., Thompson, D., Horwith, M., & Luckey, E. H. (1960). Cyclical edema and shock due to increased capillary permeability. Am J Med, 29, 193.',
    gousseff2011:
      'Gousseff, M., Arnaud, L., Lambert, M., et al. (2011). The systemic capillary leak syndrome: a case series of 28 patients from a European registry. Ann Intern Med, 154, 464.',
    lancet1988: 'Treatment of systemic capillary leak syndrome. (1988). Lancet, 2, 1496.',
    gousseff2009: 'Gousseff, M., & Amoura, Z. (2009). [Idiopathic capillary leak syndrome]. Rev Med Interne, 30, 754.',
    whitesides1975:
      'Whitesides, T. E., Haney, T. C., Morimoto, K., & Harada, H. (1975). Tissue pressure measurements as a determinant for the need of fasciotomy. Clin Orthop Relat Res, 43.',
    zipponi2011:
      'Zipponi, M., Eugster, R., & Birrenbach, T. (2011). High-dose intravenous immunoglobulins: a promising therapeutic approach for idiopathic systemic capillary leak syndrome. BMJ Case Rep, 2011.',
  },
};

for (const [style, cases] of Object.entries(EXPECTED)) {
  test(`${style}: exact text of ${Object.keys(cases).length} references`, () => {
    for (const [key, expected] of Object.entries(cases)) assert.equal(fmt.reference(key, style, 'text'), expected, key);
  });
}

test('HTML output: inner markup only, italics where the style asks, & escaped', () => {
  assert.equal(
    fmt.reference('clarkson1960', AMA, 'html'),
    'Clarkson B, Thompson D, Horwith M, Luckey EH. Cyclical edema and shock due to increased capillary permeability. <i>Am J Med</i>. 1960;29:193.',
  );
  assert.equal(
    fmt.reference('clarkson1960', APA, 'html'),
    'Clarkson, B., Thompson, D., Horwith, M., &#38; Luckey, E. H. (1960). Cyclical edema and shock due to increased capillary permeability. <i>Am J Med</i>, <i>29</i>, 193.',
  );
  assert.equal(
    fmt.reference('dahan2007', 'bmj', 'html'),
    'Dahan L, Ressiot E, Cournede A, <i>et al.</i> [Anasarca, a complication of chemotherapy with gemcitabine in two patients with pancreatic cancer]. <i>Gastroenterol Clin Biol</i>. 2007;31:1143.',
  );
  for (const style of SHIPPED) {
    const html = fmt.reference('clarkson1960', style, 'html');
    assert.doesNotMatch(html, /csl-|<div|^\[?1\]?\.? /, style);
  }
});

test('every entry in every style: plain text, trimmed, no list number, no entities', () => {
  const keys = references.map((r) => r.id);
  for (const style of SHIPPED) {
    const entries = fmt.bibliographyEntries(keys, style, 'text');
    assert.equal(entries.length, references.length, style);
    for (const { key, entry } of entries) {
      const ref = byKey.get(key)!;
      assert.equal(entry, entry.trim(), `${style} ${key}`);
      assert.doesNotMatch(entry, /&#?\w+;|<\/?[a-z]/, `${style} ${key}: ${entry}`);
      const first = ref.author?.[0]?.family ?? ref.author?.[0]?.literal ?? ref.title;
      assert.ok(entry.startsWith(first), `${style} ${key} starts with "${first}": ${entry}`);
      assert.ok(entry.includes(String(ref.issued['date-parts'][0][0])), `${style} ${key} has its year`);
      assert.doesNotMatch(entry, /\.\.|& et al|and et al|Published online/, `${style} ${key}: ${entry}`);
    }
  }
});

test('truncated author lists ("et al." in the source) print "et al." after the known authors in every style', () => {
  const truncated = references.filter((r) => r['authors-truncated']);
  assert.equal(truncated.length, 33);
  const expectedAuthors: Record<string, string> = {
    [AMA]: 'Gousseff M, Arnaud L, Lambert M, et al. The systemic',
    [VANCOUVER]: 'Gousseff M, Arnaud L, Lambert M, et al. The systemic',
    [APA]: 'Gousseff, M., Arnaud, L., Lambert, M., et al. (2011). The systemic',
    nature: 'Gousseff, M., Arnaud, L., Lambert, M., et al. The systemic',
    'the-lancet': 'Gousseff M, Arnaud L, Lambert M, et al. The systemic',
    'elsevier-vancouver': 'Gousseff M, Arnaud L, Lambert M, et al. The systemic',
    bmj: 'Gousseff M, Arnaud L, Lambert M, et al. The systemic',
  };
  for (const style of SHIPPED) {
    assert.ok(fmt.reference('gousseff2011', style).startsWith(expectedAuthors[style]), style);
    for (const format of ['text', 'html'] as const) {
      for (const ref of truncated) {
        const out = fmt.reference(ref.id, style, format);
        const etAl = out.indexOf('et al.');
        const lastKnown = out.indexOf(ref.author![ref.author!.length - 1].family!);
        assert.ok(etAl > lastKnown && lastKnown > 0, `${style}/${format} ${ref.id}: ${out}`);
        assert.ok(etAl < out.indexOf(ref.title.slice(0, 20)), `${style}/${format} ${ref.id}: et al. before the title`);
        assert.equal(out.split('et al.').length, 2, `${style}/${format} ${ref.id}: one et al.`);
        assert.doesNotMatch(out, /(&|&#38;|and) (<i>)?et al/, `${style}/${format} ${ref.id}: ${out}`);
      }
    }
  }
  // Complete lists stay complete: AMA lists up to 6 authors without et al.
  assert.doesNotMatch(fmt.reference('clarkson1960', AMA), /et al/);
  assert.doesNotMatch(fmt.reference('clarkson1960', APA), /et al/);
});

test('entry 18 (no authors) starts with its title in every style', () => {
  for (const style of SHIPPED) {
    for (const format of ['text', 'html'] as const) {
      const out = fmt.reference('lancet1988', style, format);
      assert.ok(out.startsWith('Treatment of systemic capillary leak syndrome.'), `${style}/${format}: ${out}`);
      assert.match(out, /1988/);
      assert.match(out, /1496/);
    }
  }
  assert.equal(fmt.inText(['lancet1988'], APA), '(“Treatment of Systemic Capillary Leak Syndrome,” 1988)');
});

test('missing volume (61) and page (62), page "770, 772" (55)', () => {
  // No volume: no invented "Published online" (AMA) and no "1975;43" that reads as volume 43.
  for (const style of [AMA, VANCOUVER, 'bmj', 'elsevier-vancouver']) {
    assert.match(fmt.reference('whitesides1975', style), /Clin Orthop Relat Res\.? 1975:43\.$/, style);
  }
  assert.match(fmt.reference('whitesides1975', 'the-lancet'), /Clin Orthop Relat Res 1975; : 43\.$/);
  // No page: year;volume only.
  assert.match(fmt.reference('zipponi2011', AMA), /BMJ Case Rep\. 2011;2011\.$/);
  assert.match(fmt.reference('zipponi2011', APA), /BMJ Case Rep, 2011\.$/);
  for (const style of SHIPPED) assert.match(fmt.reference('balcarek2005', style), /770, 772/, style);
  // The volume fix-up touches only entries without a volume.
  assert.match(fmt.reference('clarkson1960', VANCOUVER), /1960;29:193\.$/);
});

test('translated titles keep their square brackets exactly', () => {
  const translated = references.filter((r) => r['title-translated']);
  assert.deepEqual(translated.filter((r) => !r.origin).map((r) => r.number), [47, 55, 64]);
  assert.ok(translated.some((r) => r.id === 'duron2015'), 'an added work with a translated title is checked too');
  for (const ref of translated) {
    assert.ok(ref.title.startsWith('[') && ref.title.endsWith(']'));
    for (const style of SHIPPED) {
      for (const format of ['text', 'html'] as const) {
        assert.ok(fmt.reference(ref.id, style, format).includes(ref.title), `${style}/${format} ${ref.id}`);
      }
    }
  }
});

test('numeric bibliographies follow the given order; APA sorts alphabetically', () => {
  const keys = ['zipponi2011', 'clarkson1960', 'lancet1988', 'amoura1997'];
  assert.deepEqual(fmt.bibliographyEntries(keys, AMA).map((e) => e.key), keys);
  assert.deepEqual(fmt.bibliographyEntries(keys, VANCOUVER, 'html').map((e) => e.key), keys);
  assert.deepEqual(
    fmt.bibliographyEntries(keys, APA).map((e) => e.key),
    ['amoura1997', 'clarkson1960', 'lancet1988', 'zipponi2011'],
  );
  // Reversed order, same engine: renumbered, and the number is still stripped.
  const reversed = [...keys].reverse();
  const entries = fmt.bibliography(reversed, AMA);
  assert.deepEqual(entries, reversed.map((k) => fmt.reference(k, AMA)));
  // Duplicates are listed once.
  assert.equal(fmt.bibliography(['clarkson1960', 'clarkson1960'], AMA).length, 1);
  assert.deepEqual(fmt.bibliography([], AMA), []);
});

test('APA in-text citations', () => {
  assert.equal(fmt.inText(['clarkson1960'], APA), '(Clarkson et al., 1960)');
  assert.equal(fmt.inText(['gousseff2009'], APA), '(Gousseff & Amoura, 2009)');
  assert.equal(fmt.inText(['gousseff2011'], APA), '(Gousseff et al., 2011)');
  assert.equal(fmt.inText(['gousseff2011', 'clarkson1960'], APA), '(Clarkson et al., 1960; Gousseff et al., 2011)');
  assert.equal(fmt.inText(['dahan2007'], APA), '(Dahan et al., 2007)');
  // Results do not depend on earlier calls.
  fmt.bibliography(references.map((r) => r.id), APA);
  assert.equal(fmt.inText(['clarkson1960'], APA), '(Clarkson et al., 1960)');
  assert.throws(() => fmt.inText(['clarkson1960'], AMA), /numeric/);
});

test('unknown keys and styles throw errors naming them', () => {
  assert.throws(() => fmt.reference('nosuch2020', AMA), /Unknown citation key: nosuch2020/);
  assert.throws(() => fmt.bibliography(['clarkson1960', 'a1', 'b2'], AMA), /Unknown citation keys: a1, b2/);
  assert.throws(() => fmt.reference('clarkson1960', 'chicago'), /Unknown citation style "chicago"/);
  assert.throws(() => fmt.inText(['nosuch2020'], APA), /nosuch2020/);
  assert.throws(() => fmt.isNumeric('harvard'), /"harvard"/);
});

test('custom fields never reach citeproc; the input references are not modified', () => {
  const before = JSON.stringify(references);
  const f = new CitationFormatter(references, (file) => JSON.parse(readFileSync(join(cslDir, file), 'utf8')));
  f.reference('dahan2007', AMA);
  assert.equal(JSON.stringify(references), before);
  // CSL `number` would print in some styles; the review-listing text must not appear either.
  assert.doesNotMatch(f.reference('clarkson1960', APA), /CLARKSON|\b1\. /);
});

test('entriesInOrder keeps the document order in every style and matches the style text', () => {
  const keys = ['xie2012', 'amoura1997', 'xie2012', 'clarkson1960'];
  for (const style of SHIPPED) {
    const entries = fmt.entriesInOrder(keys, style);
    assert.equal(entries.length, 3, style);
    assert.deepEqual(entries, ['xie2012', 'amoura1997', 'clarkson1960'].map((k) => fmt.reference(k, style)), style);
  }
  // APA's own bibliography sorts alphabetically; entriesInOrder does not.
  assert.match(fmt.bibliography(['xie2012', 'amoura1997'], APA)[0], /^Amoura/);
  assert.match(fmt.entriesInOrder(['xie2012', 'amoura1997'], APA)[0], /^Xie/);
  // Remembered entries are the same text as fresh ones, for text and HTML.
  assert.equal(fmt.entriesInOrder(['clarkson1960'], AMA, 'html')[0], fmt.reference('clarkson1960', AMA, 'html'));
});

test('entries formatted at build time (dist/csl/entries-<style>.json) are exactly what citeproc-js gives now', () => {
  const load = (file: string) => JSON.parse(readFileSync(join(cslDir, file), 'utf8'));
  for (const style of SHIPPED) assert.ok(existsSync(join(cslDir, `entries-${style}.json`)), `npm run build writes dist/csl/entries-${style}.json`);
  const live = new CitationFormatter(references, load, { precomputed: false });
  const ready = new CitationFormatter(references, load);
  const keys = references.map((r) => r.id);
  // Reversed, then every third key: lists in orders other than the review's.
  const orders = [keys, [...keys].reverse(), keys.filter((_, i) => i % 3 === 0)];
  for (const style of SHIPPED) {
    for (const format of ['text', 'html'] as const) {
      for (const key of keys) assert.equal(ready.reference(key, style, format), live.reference(key, style, format), `${style} ${format} ${key}`);
      for (const order of orders) assert.deepEqual(ready.bibliographyEntries(order, style, format), live.bibliographyEntries(order, style, format), `${style} ${format}`);
    }
  }
});

test('an entry whose reference changed since the build is formatted afresh', () => {
  const load = (file: string) => JSON.parse(readFileSync(join(cslDir, file), 'utf8'));
  const changed = references.map((r) => (r.id === 'clarkson1960' ? { ...r, title: 'A changed title' } : r));
  const f = new CitationFormatter(changed, load);
  assert.match(f.reference('clarkson1960', AMA), /A changed title/);
  assert.deepEqual(f.bibliography(['gousseff2011', 'clarkson1960'], AMA)[1], f.reference('clarkson1960', AMA));
  assert.equal(f.reference('gousseff2011', AMA), EXPECTED[AMA].gousseff2011);
});
