// TeX read as a reader of the typeset paper sees it, and no entry lost: the constructs medical titles
// carry (doses, χ², PaCO₂, HbA1c, Na⁺, Greek, arrows), quotation marks, hyphenation points, unknown
// commands reported on their line, keys with an apostrophe, Mendeley's and biblatex's entry types,
// and RIS records holding a U+2028. pandoc and Citation.js are oracles where they read it right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLibraryText } from '../../src/core/library';
import { texToUnicode } from '../../src/core/library/tex';

const CASES: [tex: string, reader: string][] = [
  ['Dosing 5\\,mg daily', 'Dosing 5\u2009mg daily'],
  ['{$\\omega$}-3 fatty acids', 'ω-3 fatty acids'],
  ['The {$\\chi^2$} test', 'The χ² test'],
  ['PaCO$_2$ and PaO$_{2}$', 'PaCO₂ and PaO₂'],
  ['HbA$_{1c}$ targets', 'HbA<sub>1c</sub> targets'],
  ['Na$^+$ and Ca$^{2+}$', 'Na⁺ and Ca²⁺'],
  ['{$\\Delta$}CT and $\\Sigma$ scores, $\\kappa$ and $\\beta$', 'ΔCT and Σ scores, κ and β'],
  ['Dose\\slash response', 'Dose/response'],
  ['$a \\cdot b$ $\\rightarrow$ $\\langle x \\rangle$', 'a · b → ⟨ x ⟩'],
  ['Lan\\-guage', 'Language'],
  ['\\mkbibquote{Leaky} and \\enquote{capillaries}', '“Leaky” and “capillaries”'],
  ['A \\(p < 0.05\\) result', 'A p < 0.05 result'],
  ["``Quoted'' words", '“Quoted” words'],
  ["O'Keeffe's syndrome", "O'Keeffe's syndrome"],
  ['$10^{-3}$ mol', '10⁻³ mol'],
  ['IL-1$\\beta$', 'IL-1β'],
];

test('TeX in titles prints as a reader of the typeset paper sees it', () => {
  for (const [tex, reader] of CASES) {
    const warnings = new Set<string>();
    assert.equal(texToUnicode(tex, { warnings }), reader, tex);
    assert.deepEqual([...warnings], [], tex);
  }
});

test('an unknown command is a warning on its entry\'s line; its argument is kept, never dropped silently', () => {
  const text = '@article{ok, title = {Fine}}\n@article{odd,\n  title = {The \\foo{bar} and \\baz\\ trial},\n  year = 2001}\n';
  const lib = parseLibraryText(text, 'x.bib', 'bibtex');
  assert.equal(lib.entries[1].item.title, 'The bar and trial');
  assert.deepEqual(lib.problems.map((p) => [p.line, p.severity, p.message]), [
    [2, 'warning', 'odd: TeX command \\foo is not known; its argument is kept'],
    [2, 'warning', 'odd: TeX command \\baz is not known; left out'],
  ]);
});

test('a key with an apostrophe loads (valid BibTeX), and so do the entries after it', () => {
  const lib = parseLibraryText("@Article{O'Keeffe_1961,\n  title = {Apostrophes},\n  year = 1961\n}\n@article{next, title = {Next}}\n", 'x.bib', 'bibtex');
  assert.deepEqual(lib.problems, []);
  assert.deepEqual(lib.entries.map((e) => [e.key, e.line]), [["O'Keeffe_1961", 1], ['next', 5]]);
});

test('Mendeley\'s types (@book_section, @web_page, @magazine_article) load as their CSL types', () => {
  const text = '@book_section{c, title = {Chapter}, booktitle = {Book}}\n@web_page{w, title = {Page}, url = {https://example.org}}\n@magazine_article{m, title = {Story}, journal = {Mag}}\n';
  const lib = parseLibraryText(text, 'x.bib', 'bibtex');
  assert.deepEqual(lib.problems, []);
  assert.deepEqual(lib.entries.map((e) => [e.key, e.item.type, e.item['container-title']]), [['c', 'chapter', 'Book'], ['w', 'webpage', undefined], ['m', 'article-magazine', 'Mag']]);
});

test('biblatex\'s @video, @audio, @legislation, @jurisdiction, @music, @artwork get their CSL types (as pandoc maps them)', () => {
  const types = ['video', 'audio', 'legislation', 'jurisdiction', 'music', 'artwork'];
  const text = types.map((t) => `@${t}{${t}, title = {T}, date = 2001}\n`).join('');
  const lib = parseLibraryText(text, 'x.bib', 'bibtex');
  assert.deepEqual(lib.problems, []);
  const ours = lib.entries.map((e) => [e.key, e.item.type]);
  assert.deepEqual(ours, [['video', 'motion_picture'], ['audio', 'song'], ['legislation', 'legislation'], ['jurisdiction', 'legal_case'], ['music', 'song'], ['artwork', 'graphic']]);
  if (spawnSync('pandoc', ['--version']).status !== 0) return;
  const file = join(mkdtempSync(join(tmpdir(), 'iscls-types-')), 'types.bib');
  writeFileSync(file, text);
  const theirs = JSON.parse(spawnSync('pandoc', ['-f', 'biblatex', '-t', 'csljson', file], { encoding: 'utf8' }).stdout) as { id: string; type: string }[];
  assert.deepEqual(theirs.map((i) => [i.id, i.type]), ours);
});

test('an entry type nobody defines loads as a document, with a warning on its line', () => {
  const lib = parseLibraryText('@article{a, title = {A}}\n@weirdtype{w, title = {W}}\n', 'x.bib', 'bibtex');
  assert.deepEqual(lib.entries.map((e) => [e.key, e.item.type]), [['a', 'article-journal'], ['w', 'document']]);
  assert.deepEqual(lib.problems.map((p) => [p.line, p.message]), [[2, 'w: entry type @weirdtype is not known; read as a document']]);
});

test('RIS: a U+2028 inside a record is a space; the record keeps its type and title', () => {
  const text = 'TY  - JOUR\nTI  - Capillary\u2028leak\nAU  - Doe, Jane\nPY  - 2001\nER  - \nTY  - BOOK\nTI  - Second\u2029record\nAU  - Roe, R\nER  - \n';
  const lib = parseLibraryText(text, 'x.ris', 'ris');
  assert.deepEqual(lib.problems, []);
  assert.deepEqual(lib.entries.map((e) => [e.item.type, e.item.title, e.line]), [['article-journal', 'Capillary leak', 1], ['book', 'Second record', 6]]);
});

test('Citation.js reads the math in titles as we do (χ², PaCO₂, HbA<sub>1c</sub>, Na⁺, ω)', async () => {
  const { Cite } = require('@citation-js/core') as { Cite: new (input: string) => { data: { id: string; title: string }[] } };
  require('@citation-js/plugin-bibtex');
  const text = '@article{m, title = {The {$\\chi^2$} test, PaCO$_2$, HbA$_{1c}$, Na$^+$ and {$\\omega$}-3}}\n';
  const theirs = new Cite(text).data[0].title;
  const ours = parseLibraryText(text, 'x.bib', 'bibtex').entries[0].item.title;
  assert.equal(ours, 'The χ² test, PaCO₂, HbA<sub>1c</sub>, Na⁺ and ω-3');
  assert.equal(theirs, ours);
});
