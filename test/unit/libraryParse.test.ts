// The writer's library: each format read to the same CSL-JSON for the same works, and bad input
// reported with file and line while every other entry loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLibrary, parseLibraryInSlices, parseLibraryText, libraryFormat } from '../../src/core/library';
import { texToUnicode } from '../../src/core/library/tex';
import { parseNames } from '../../src/core/library/names';
import type { LibraryFile } from '../../src/core/library/types';

const fixtures = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'library');
const read = (name: string): LibraryFile => parseLibrary(readFileSync(join(fixtures, name)), name);

/** The fields every format carries, in a comparable shape. */
function essentials(file: LibraryFile) {
  return file.entries.map(({ item }) => ({
    type: item.type,
    title: item.title,
    authors: (item.author as { family?: string; given?: string; literal?: string }[] | undefined)?.map((a) => a.literal ?? `${a.family}, ${a.given}`),
    truncated: item['authors-truncated'] === true,
    container: item['container-title'],
    year: (item.issued as { 'date-parts': number[][] } | undefined)?.['date-parts'][0][0],
    volume: item.volume,
    page: item.page,
    DOI: item.DOI,
    PMID: item.PMID,
    publisher: item.publisher,
    place: item['publisher-place'],
    editors: (item.editor as { family?: string; given?: string }[] | undefined)?.map((a) => `${a.family}, ${a.given}`),
    ISBN: item.ISBN,
  }));
}

test('BibTeX, CSL-JSON, CSL-YAML, RIS and EndNote XML exports of the same works read alike', () => {
  const bib = read('refs.bib');
  assert.deepEqual(bib.problems, []);
  assert.deepEqual(bib.entries.map((e) => e.key), ['eo2017', 'who2019', 'garcia2020', 'Clarkson1960cyclical']);
  const expected = essentials(bib);
  for (const name of ['refs.json', 'refs.yaml', 'refs.ris', 'refs.xml']) {
    const other = read(name);
    assert.deepEqual(other.problems, [], name);
    assert.deepEqual(essentials(other), expected, name);
  }
});

test('a book, a chapter and a conference paper read alike from all five formats: publisher, place, editors, book title, pages, ISBN', () => {
  const bib = read('works.bib');
  assert.deepEqual(bib.problems, []);
  assert.deepEqual(bib.entries.map((e) => e.key), ['gonzalez', 'pines', 'salam']);
  const expected = essentials(bib);
  assert.deepEqual(expected.map((e) => [e.type, e.container, e.publisher, e.place, e.editors, e.page, e.ISBN, e.year]), [
    ['book', undefined, 'The University of Arizona Press', 'Tucson', undefined, undefined, '0-816-52066-6', 2001],
    ['chapter', 'Studies in Medieval Jewish History and Literature', 'Harvard University Press', 'Cambridge, Mass.', ['Twersky, Isadore'], '82-109', undefined, 1979],
    ['paper-conference', 'Elementary particle theory', 'Almquist & Wiksell', 'Stockholm', ['Svartholm, Nils'], '367-377', undefined, 1968],
  ]);
  for (const name of ['works.json', 'works.yaml', 'works.ris', 'works.xml']) {
    const other = read(name);
    assert.deepEqual(other.problems, [], name);
    assert.deepEqual(essentials(other), expected, name);
  }
});

test('BibTeX: @string macros, TeX accents, corporate authors, "and others", ranges, months, PMIDs', () => {
  const [eo, who, garcia] = read('refs.bib').entries;
  assert.equal(eo.item['container-title'], 'J Allergy Clin Immunol Pract');
  assert.deepEqual(eo.item.author, [
    { family: 'Eo', given: 'Tae-Seong' },
    { family: 'Müller', given: 'Jörg' },
    { family: 'van der Berg', given: 'Anna' },
  ]);
  assert.equal(eo.item['authors-truncated'], true);
  assert.equal(eo.item.title, 'Capillary leak in adults: a Korean cohort – ten years on');
  assert.equal(eo.item.page, '1023-1031');
  assert.deepEqual(eo.item.issued, { 'date-parts': [[2017, 9]] });
  assert.equal(eo.item.DOI, '10.5555/iscls.eo.2017');
  assert.equal(eo.item.PMID, '99000001');
  assert.deepEqual(who.item.author, [{ literal: 'World Health Organization' }]);
  assert.equal(who.item.PMID, '99000002', 'eprint with eprinttype = pubmed');
  assert.deepEqual(who.item.issued, { 'date-parts': [[2019, 3, 15]] });
  assert.deepEqual(garcia.item.author, [{ family: 'García', given: 'François' }, { family: 'Lee', given: 'Ji-woo' }]);
  assert.deepEqual([eo.line, who.line, garcia.line], [6, 19, 30]);
});

test('TeX to Unicode: accents in every spelling, escapes, dashes, formatting', () => {
  assert.equal(texToUnicode('M{\\"u}ller, Sch\\"onbein, {\\\'E}mile, \\c{c}a, \\v{S}koda, {\\o}re, Stra{\\ss}e'), 'Müller, Schönbein, Émile, ça, Škoda, øre, Straße');
  assert.equal(texToUnicode('Na\\"{\\i}ve T\\&T 50\\% --- a~test'), 'Naïve T&T 50% — a\u00a0test');
  assert.equal(texToUnicode('The \\textit{BRAF} gene and {\\em in vitro} data'), 'The <i>BRAF</i> gene and <i>in vitro</i> data');
  assert.equal(texToUnicode('{{IgG}} levels'), 'IgG levels');
});

test('Names: von parts, suffixes, "First Last" order, institutions', () => {
  assert.deepEqual(parseNames('Ludwig van Beethoven and de la Fontaine, Jean and King, Jr, Martin Luther').names, [
    { family: 'van Beethoven', given: 'Ludwig' },
    { family: 'de la Fontaine', given: 'Jean' },
    { family: 'King', given: 'Martin Luther', suffix: 'Jr' },
  ]);
  assert.deepEqual(parseNames('{Barnes and Noble} and Smith').names, [{ literal: 'Barnes and Noble' }, { family: 'Smith' }]);
  assert.equal(parseNames('A, B and others').truncated, true);
});

test('a malformed entry is reported with its line and every other entry loads', () => {
  const text = [
    '@article{good1, title = {One}, year = 2001}',
    '@article{broken, title = {Unclosed brace, year = 2002,',
    '',
    '@article{good2, title = {Two}, year = 2003}',
    '@article{nocomma title = {Three}}',
    '@article{good3, title = "Four", journal = undefinedmacro, year = 2004}',
    'Contact: someone@example.org',
    '@article{good1, title = {Duplicate}}',
  ].join('\n');
  const parsed = parseLibraryText(text, 'lib.bib', 'bibtex');
  assert.deepEqual(parsed.entries.map((e) => [e.key, e.line]), [['good1', 1], ['good2', 4], ['good3', 6]]);
  const problems = parsed.problems.map((p) => `${p.line} ${p.severity} ${p.message}`);
  assert.equal(problems.length, 4, problems.join('\n'));
  assert.match(problems[0], /^2 error malformed entry "broken" skipped: unbalanced braces/);
  assert.match(problems[1], /^5 error malformed entry "nocomma" skipped/);
  assert.match(problems[2], /^6 warning undefined @string macro "undefinedmacro"/);
  assert.match(problems[3], /^8 error duplicate key "good1" \(first defined on line 1\)/);
});

test('an entry missing its closing brace does not swallow the next one', () => {
  const text = '@article{a, title = {A}, year = 2001\n@article{b, title = {B}, year = 2002}\n';
  const parsed = parseLibraryText(text, 'x.bib', 'bibtex');
  assert.deepEqual(parsed.entries.map((e) => e.key), ['b']);
  assert.equal(parsed.problems[0].line, 1);
});

test('non-UTF-8 files are decoded as Windows-1252 with a warning; UTF-16 with a BOM is read', () => {
  const latin1 = Buffer.from('@article{m, author = {M\xfcller, J\xf6rg}, title = {Caf\xe9}}\n', 'latin1');
  const parsed = parseLibrary(latin1, 'old.bib');
  assert.deepEqual(parsed.entries[0].item.author, [{ family: 'Müller', given: 'Jörg' }]);
  assert.equal(parsed.problems.length, 1);
  assert.match(parsed.problems[0].message, /not UTF-8 .*Windows-1252/);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('TY  - JOUR\nAU  - Müller, J\nTI  - Ü\nPY  - 2001\nER  - \n', 'utf16le')]);
  const ris = parseLibrary(utf16, 'x.ris');
  assert.deepEqual(ris.problems, []);
  assert.deepEqual(ris.entries.map((e) => [e.key, e.item.title]), [['muller2001', 'Ü']]);
});

test('CSL-JSON: items without id and duplicate ids reported with their lines; bad JSON is one error', () => {
  const text = '[\n  {"id": "a", "title": "A"},\n  {"title": "no id"},\n  {"id": "a", "title": "again"}\n]';
  const parsed = parseLibraryText(text, 'x.json', 'csljson');
  assert.deepEqual(parsed.entries.map((e) => [e.key, e.line]), [['a', 2]]);
  assert.deepEqual(parsed.problems.map((p) => p.line), [2, 4]);
  assert.match(parsed.problems[1].message, /duplicate key "a"/);
  const broken = parseLibraryText('[\n{"id": "a",\n}', 'y.json', 'csljson');
  assert.equal(broken.entries.length, 0);
  assert.equal(broken.problems[0].severity, 'error');
});

test('RIS: a record without title or author is skipped with its line; keys from ID, LB or author-year', () => {
  const text = 'TY  - JOUR\nID  - mykey\nTI  - A\nER  - \n\nTY  - JOUR\nPY  - 2001\nER  - \n\nTY  - JOUR\nAU  - Smith JA\nTI  - B\nPY  - 2001\nER  - \nTY  - JOUR\nAU  - Smith, J.\nTI  - C\nPY  - 2001\nER  - \n';
  const parsed = parseLibraryText(text, 'x.ris', 'ris');
  assert.deepEqual(parsed.entries.map((e) => e.key), ['mykey', 'smith2001', 'smith2001a']);
  assert.deepEqual(parsed.entries[1].item.author, [{ family: 'Smith', given: 'JA' }]);
  assert.deepEqual(parsed.problems.map((p) => [p.line, p.severity]), [[6, 'error']]);
});

test('EndNote XML: an XML error is reported with its line', () => {
  const text = '<xml><records>\n<record><ref-type name="Journal Article">17</ref-type><titles><title>A</title></titles></record>\n<record><titles><title>B &badentity; </title></titles></record>\n</records></xml>';
  const parsed = parseLibraryText(text, 'x.xml', 'endnotexml');
  assert.ok(parsed.entries.some((e) => e.item.title === 'A'));
  assert.ok(parsed.problems.some((p) => p.line === 3 && p.severity === 'error'), JSON.stringify(parsed.problems));
});

test('formats by extension', () => {
  assert.deepEqual(['a.bib', 'b.JSON', 'c.yaml', 'd.yml', 'e.ris', 'f.xml', 'g.docx'].map(libraryFormat), ['bibtex', 'csljson', 'cslyaml', 'cslyaml', 'ris', 'endnotexml', undefined]);
  assert.match(parseLibrary(new Uint8Array(), 'g.docx').problems[0].message, /unknown library format/);
});

test('read in slices (the extension host stays responsive): the same entries, lines and problems', async () => {
  const { syntheticBibtex } = await import(join(__dirname, '..', '..', '..', 'scripts', 'bench', 'library-fixture.mjs'));
  const text = (syntheticBibtex(500) as string) + '\n@article{broken, title = {x}\n@article{last, title = {Last}}\n';
  const bytes = Buffer.from(text);
  const whole = parseLibrary(bytes, 'big.bib');
  const sliced = await parseLibraryInSlices(bytes, 'big.bib', async () => undefined);
  const { parseBibtexInSlices } = await import('../../src/core/library/bibtex');
  let small = 0;
  const tiny = await parseBibtexInSlices(text, 'big.bib', async () => { small++; }, { sliceMs: 0, checkpointChars: 5_000 });
  assert.ok(small > 20, `${small} pauses`);
  assert.deepEqual(tiny, whole);
  assert.deepEqual(sliced, whole);
  assert.equal(whole.entries.length, 501);
  assert.equal(whole.problems.length, 1);
});
