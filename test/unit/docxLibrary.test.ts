// `iscls docx` with the writer's own library (`--library F`, repeatable, or the document's own
// `bibliography:` / `\addbibresource`), the list where a LaTeX document prints it, and a numeric
// style's bare `@key`: the .docx (word/document.xml) is read and checked against `iscls bib`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { iscls, needsPandoc, paragraphs, tempDir, type Paragraph } from './docxFile';

const root = join(__dirname, '..', '..', '..');
const libraryBib = join(root, 'test', 'fixtures', 'library', 'refs.bib');

const BODY =
  'Capillary leak was first reported in 1960 [@clarkson1960]. A Korean cohort followed [@eo2017].\n\n' +
  '# References\n\n<!-- iscls-references style=american-medical-association keys= -->\n<!-- /iscls-references -->\n\n' +
  '# Appendix\n\nAfter the list.\n';

/** `iscls bib FILE …` entries (our rendering), without their numbers. */
function ourEntries(...args: string[]): string[] {
  const out = iscls('bib', ...args);
  assert.equal(out.code, 0, out.stderr);
  return [...out.stdout.matchAll(/^\d+\. (.*)$/gm)].map((m) => m[1]);
}

function listed(paras: Paragraph[]): string[] {
  return paras.filter((p) => /^\d+\.\s/.test(p.text)).map((p) => p.text.replace(/^\d+\.\s*/, '').trim());
}

test('docx --library F: a review citation and a library citation, both entries in order, where the list stood', needsPandoc, async () => {
  const dir = tempDir();
  const file = join(dir, 'paper.md');
  writeFileSync(file, BODY);
  const out = join(dir, 'paper.docx');
  const run = iscls('docx', file, '--library', libraryBib, '--out', out);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /2 references in american-medical-association/);
  const paras = await paragraphs(out);
  const entries = ourEntries(file, '--library', libraryBib);
  assert.equal(entries.length, 2);
  assert.match(entries[1], /^Eo TS, Müller J, van der Berg A, et al\. Capillary leak in adults/);
  assert.deepEqual(listed(paras), entries);
  assert.deepEqual(paras.flatMap((p) => p.superscripts), ['1', '2']);
  const texts = paras.map((p) => p.text);
  assert.ok(texts.indexOf('References') < texts.findIndex((t) => t.startsWith('1.')));
  assert.ok(texts.findIndex((t) => t.startsWith('2.')) < texts.indexOf('Appendix'), 'the list stands where the managed list stood');
  // Without the library, the key is unknown: a note, and pandoc's "eo2017?" (the writer sees it).
  const without = iscls('docx', file, '--out', join(dir, 'without.docx'));
  assert.equal(without.code, 0, without.stderr);
  assert.match(without.stderr, /Unknown citation keys.*eo2017/);
});

test('docx reads the document\'s own bibliography: like the other commands; --library is repeatable', needsPandoc, async () => {
  const dir = tempDir();
  copyFileSync(libraryBib, join(dir, 'mine.bib'));
  const file = join(dir, 'own.md');
  writeFileSync(file, `---\ntitle: Own\nbibliography: mine.bib\n---\n\n${BODY.replace('[@eo2017]', '[@eo2017; @who2019]')}`);
  assert.equal(iscls('docx', file).code, 0);
  assert.deepEqual(listed(await paragraphs(join(dir, 'own.docx'))), ourEntries(file));
  const other = join(dir, 'other.bib');
  writeFileSync(other, '@article{mine2021,\n  author = {Nguyen, An and Okafor, Chidi},\n  title = {A second library},\n  journal = {Fict J},\n  year = {2021},\n  volume = {3},\n  pages = {1--9},\n}\n');
  const two = join(dir, 'two.md');
  writeFileSync(two, BODY.replace('[@eo2017]', '[@eo2017; @mine2021]'));
  const run = iscls('docx', two, '--library', libraryBib, '--library', other);
  assert.equal(run.code, 0, run.stderr);
  const entries = listed(await paragraphs(join(dir, 'two.docx')));
  assert.deepEqual(entries, ourEntries(two, '--library', libraryBib, '--library', other));
  assert.match(entries[2], /^Nguyen A, Okafor C\. A second library/);
});

test('LaTeX: the list goes where \\printbibliography stands, not at the end', needsPandoc, async () => {
  const dir = tempDir();
  copyFileSync(libraryBib, join(dir, 'mine.bib'));
  const file = join(dir, 'paper.tex');
  writeFileSync(
    file,
    '\\documentclass{article}\n\\usepackage{biblatex}\n\\addbibresource{mine.bib}\n\\begin{document}\n' +
      'First reported in 1960 \\autocite{clarkson1960}, then in Korea \\autocite{eo2017}.\n\n' +
      '\\printbibliography\n\n\\section{Appendix}\nAfter the list.\n\\end{document}\n',
  );
  const run = iscls('docx', file);
  assert.equal(run.code, 0, run.stderr);
  const paras = await paragraphs(join(dir, 'paper.docx'));
  const texts = paras.map((p) => p.text);
  const entries = listed(paras);
  assert.equal(entries.length, 2);
  assert.match(entries[0], /^Clarkson B, Thompson D/);
  assert.match(entries[1], /^Eo TS/);
  assert.ok(texts.findIndex((t) => t.startsWith('2.')) < texts.indexOf('Appendix'), texts.join('\n'));
  assert.equal(texts[texts.length - 1], 'After the list.');
  assert.ok(!texts.some((t) => t.includes('ISCLSREFERENCELIST')));
});

test('a numeric style\'s bare @key: the names, then the number (AMA superscript), as the preview shows it', needsPandoc, async () => {
  const dir = tempDir();
  const file = join(dir, 'intext.md');
  writeFileSync(file, '@gousseff2011 described a registry; @druey2010 [p. 92] reviewed it [@clarkson1960].\n');
  assert.equal(iscls('docx', file).code, 0);
  const paras = await paragraphs(join(dir, 'intext.docx'));
  assert.match(paras[0].text, /^Gousseff et al\.1 described a registry; Druey and Greipp2\(p92\) reviewed it3\.$/);
  assert.deepEqual(paras[0].superscripts, ['1', '2(p92)', '3']);
  const apa = join(dir, 'apa.docx');
  assert.equal(iscls('docx', file, '--style', 'apa', '--out', apa).code, 0);
  assert.match((await paragraphs(apa))[0].text, /^Gousseff et al\. \(2011\) described a registry; Druey & Greipp \(2010, p\. 92\) reviewed it \(Clarkson et al\., 1960\)\.$/);
});
