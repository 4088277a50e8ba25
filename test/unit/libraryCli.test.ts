// The writer's library on the command line: `--library FILE` on refs, cite, bib, export
// and search, and the document's own `bibliography:`. The built dist/cli.js, in a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const fixtures = join(root, 'test', 'fixtures', 'library');
/** The built-in works: the review's 72, then the literature update. */
const builtIn = (JSON.parse(readFileSync(join(root, 'data', 'references.json'), 'utf8')) as unknown[]).length;

function iscls(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iscls-cli-library-'));
  copyFileSync(join(fixtures, 'refs.bib'), join(dir, 'refs.bib'));
  copyFileSync(join(fixtures, 'refs.xml'), join(dir, 'endnote.xml'));
  return dir;
}

test('cite: a library key with --library; without it, an unknown key that says how to add one', () => {
  const ok = iscls('cite', 'eo2017', 'gousseff2011', '--library', join(fixtures, 'refs.bib'));
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout.split('\n')[0], '[1,2]');
  assert.match(ok.stdout, /^1\. Eo TS, Müller J, van der Berg A, et al\. Capillary leak in adults/m);
  const missing = iscls('cite', 'eo2017');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /unknown reference key 'eo2017' \(your own references: --library FILE\)/);
});

test('bib: a Markdown document with bibliography: refs.bib, numbered with the review in one list', () => {
  const dir = folder();
  const paper = join(dir, 'paper.md');
  writeFileSync(paper, '---\nbibliography: refs.bib\n---\nIn adults [@eo2017] and first [@clarkson1960]; WHO [@who2019].\n');
  const converted = iscls('convert', paper, '--to', 'numeric', '--write');
  assert.equal(converted.code, 0, converted.stderr);
  const text = readFileSync(paper, 'utf8');
  // AMA in Markdown: superscripts, as the extension writes them (after the full stop, before the semicolon).
  assert.match(text, /In adults\^1\^ and first\^2\^; WHO\.\^3\^\n/, "the superscript after the full stop, as insertion places it");
  assert.match(text, /keys=eo2017,clarkson1960,who2019/);
  assert.match(text, /^1\. Eo TS/m);
  assert.match(text, /^2\. Clarkson B, Thompson D, Horwith M, Luckey EH\. Cyclical edema/m);
  assert.match(text, /^3\. World Health Organization\. Fictional guidance/m);
  assert.equal(readFileSync(join(dir, 'refs.bib'), 'utf8'), readFileSync(join(fixtures, 'refs.bib'), 'utf8'), 'the library is never written');
});

test('export: the cited library entries in an exchange format; refs lists the library after the 72', () => {
  const dir = folder();
  const paper = join(dir, 'paper.md');
  writeFileSync(paper, 'See [@garcia2020] and [@druey2010].\n');
  const ris = iscls('export', paper, '--to', 'ris', '--library', join(dir, 'refs.bib'));
  assert.equal(ris.code, 0, ris.stderr);
  assert.match(ris.stdout, /^TI {2}- Shock and Edema in Children$/m);
  assert.match(ris.stdout, /^AU {2}- García, François$/m);
  const refs = iscls('refs', '--library', join(dir, 'endnote.xml'));
  const lines = refs.stdout.trimEnd().split('\n');
  assert.equal(lines.length, builtIn + 3, 'the EndNote copy of clarkson1960 is one of the 72');
  assert.equal(lines[builtIn], 'endnote.xml\teo2017\tEo 2017\tCapillary leak in adults: a Korean cohort – ten years on');
});

test('search: a DOI or "Eo 2017" finds the library entry, tagged with its file', () => {
  const doi = iscls('search', '10.5555/iscls.eo.2017', '--library', join(fixtures, 'refs.bib'));
  assert.equal(doi.stdout.split('\n')[0], 'reference\teo2017\tEo 2017 — Capillary leak in adults: a Korean cohort – ten years on\trefs.bib');
  assert.match(iscls('search', 'Eo', '2017', '--library', join(fixtures, 'refs.ris')).stdout, /^reference\teo2017\t.*\trefs\.ris$/m);
});

test('a malformed library entry is a warning on stderr with file and line; the rest loads', () => {
  const dir = folder();
  const bad = join(dir, 'bad.bib');
  writeFileSync(bad, '@article{ok2001, title = {Fine}, year = 2001}\n@article{broken, title = {Unclosed,\n@article{ok2002, title = {Also fine}, year = 2002}\n');
  const result = iscls('cite', 'ok2002', '--library', bad, '--format', 'pandoc');
  assert.equal(result.code, 0);
  assert.equal(result.stdout.split('\n')[0], '[@ok2002]');
  assert.match(result.stderr, /bad\.bib:2: error: malformed entry "broken" skipped/);
  assert.match(iscls('cite', 'ok2001', '--library', join(dir, 'nothere.bib')).stderr, /nothere\.bib: error: cannot read library: no such file/);
});

// Issue 8's done-when: a Zotero .bib and an EndNote XML export, cited with the review in one
// document, in every convention: one list, in order of first appearance, each entry formatted.
test('a .bib and an EndNote XML export cited with the 72 in every convention: one list in order', () => {
  const dir = folder();
  copyFileSync(join(fixtures, 'works.xml'), join(dir, 'works.xml'));
  const libraries = ['--library', join(dir, 'refs.bib'), '--library', join(dir, 'works.xml')];
  const entries = [
    /Eo TS, Müller J, van der Berg A, et al\. Capillary leak in adults: a Korean cohort – ten years on\. J Allergy Clin Immunol Pract\. 2017;5\(4\):1023-1031\./,
    /Pines S\. The Limitations of Human Knowledge According to Al-Farabi, ibn Bajja, and Maimonides\. In: Twersky I, ed\. Studies in Medieval Jewish History and Literature\. Harvard University Press; 1979:82-109\./,
    /Gousseff M, Arnaud L, Lambert M, et al\. The systemic capillary leak syndrome/,
  ];
  const inOrder = (text: string, file: string) => {
    const at = entries.map((entry) => text.search(entry));
    assert.ok(at.every((i) => i >= 0), `${file}: every entry listed\n${text}`);
    assert.deepEqual([...at].sort((a, b) => a - b), at, `${file}: listed by first appearance\n${text}`);
    assert.equal(text.match(/Capillary leak in adults: a Korean cohort/g)?.length, 1, `${file}: eo2017 listed once`);
  };
  const cases: [string, string, string[], RegExp][] = [
    ['pandoc.md', 'In adults [@eo2017], a chapter [@pines1979], earlier [@gousseff2011; @eo2017].\n', ['bib'], /\[@gousseff2011; @eo2017\]/],
    ['paper.tex', 'In adults \\cite{eo2017}, a chapter \\cite{pines1979}, earlier \\cite{gousseff2011,eo2017}.\n\n\\end{document}\n', ['bib'], /\\bibitem\{eo2017\}/],
    ['numeric.md', 'In adults [@eo2017], a chapter [@pines1979], earlier [@gousseff2011; @eo2017].\n', ['convert', '--to', 'numeric'], /earlier\.?\^1,3\^/],
    ['numeric.txt', 'In adults [@eo2017], a chapter [@pines1979], earlier [@gousseff2011; @eo2017].\n', ['convert', '--to', 'numeric'], /In adults \[1\], a chapter \[2\], earlier \[1,3\]\./],
  ];
  for (const [name, text, command, marker] of cases) {
    const file = join(dir, name);
    writeFileSync(file, text);
    const [verb, ...options] = command;
    const result = iscls(verb, file, ...options, '--write', ...libraries);
    assert.equal(result.code, 0, `${name}: ${result.stderr}`);
    const written = readFileSync(file, 'utf8');
    assert.match(written, marker, `${name}\n${written}`);
    inOrder(written, name);
  }
  assert.equal(readFileSync(join(dir, 'works.xml'), 'utf8'), readFileSync(join(fixtures, 'works.xml'), 'utf8'), 'the EndNote export is never written');
});
