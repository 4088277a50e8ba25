// Reading the writer's library from disk (the CLI's loader) and formatting its entries beside the
// review's: missing files are one problem, declared files resolve against the document, the
// extension's own iscls-references.bib is not a library, nothing is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, statSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CitationFormatter } from '../../src/core/format/citations';
import { formatterItems } from '../../src/core/library/merge';
import { libraryPaths, loadLibraries, problemLines, readLibraryFile } from '../../src/node/library';
import { loadKnowledgeBase } from '../../src/node/dataFiles';

const root = join(__dirname, '..', '..', '..');
const kb = loadKnowledgeBase(join(root, 'data'));
const cslDir = join(root, 'dist', 'csl');

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iscls-library-'));
  copyFileSync(join(root, 'test', 'fixtures', 'library', 'refs.bib'), join(dir, 'refs.bib'));
  copyFileSync(join(root, 'test', 'fixtures', 'library', 'refs.xml'), join(dir, 'endnote.xml'));
  return dir;
}

test('a missing library file is one problem, not a failure', () => {
  const file = readLibraryFile('/nonexistent/refs.bib');
  assert.deepEqual(file.entries, []);
  assert.equal(file.problems[0].message, 'cannot read library: no such file');
});

test('declared libraries resolve against the document; --library files after them; ours is skipped', () => {
  const dir = workspace();
  const paper = join(dir, 'paper.md');
  const text = '---\nbibliography: [refs.bib, iscls-references.bib]\n---\nSee [@eo2017].\n';
  assert.deepEqual(libraryPaths(['endnote.xml'], { path: paper, text }), [join(dir, 'refs.bib'), join(process.cwd(), 'endnote.xml')]);
  assert.deepEqual(libraryPaths([join(dir, 'endnote.xml')], { path: paper, text }), [join(dir, 'refs.bib'), join(dir, 'endnote.xml')]);
});

test('a document with a Zotero .bib and an EndNote XML export: both merged with the 72, nothing written', () => {
  const dir = workspace();
  const before = ['refs.bib', 'endnote.xml'].map((f) => [readFileSync(join(dir, f), 'utf8'), statSync(join(dir, f)).mtimeMs]);
  const merged = loadLibraries([...kb.references], [join(dir, 'endnote.xml')], { path: join(dir, 'paper.md'), text: '---\nbibliography: refs.bib\n---\n' });
  // The EndNote export holds the same works with the same labels: each key is reported once, the .bib wins.
  assert.equal(merged.get('eo2017')?.source, 'refs.bib');
  assert.equal(merged.get('world2019')?.source, 'endnote.xml');
  assert.ok(problemLines(merged).some((l) => /endnote\.xml:1: warning: key "eo2017" is also defined in refs\.bib/.test(l)), problemLines(merged).join('\n'));
  assert.deepEqual(['refs.bib', 'endnote.xml'].map((f) => [readFileSync(join(dir, f), 'utf8'), statSync(join(dir, f)).mtimeMs]), before);
});

test('library entries format beside the review in AMA and Vancouver; a duplicate of the 72 formats from the library record', () => {
  const dir = workspace();
  const merged = loadLibraries([...kb.references], [join(dir, 'refs.bib')]);
  const formatter = new CitationFormatter(formatterItems(merged), (f: string) => JSON.parse(readFileSync(join(cslDir, f), 'utf8')));
  const [eo, gousseff] = formatter.entriesInOrder(['eo2017', 'gousseff2011'], 'american-medical-association');
  assert.equal(eo, 'Eo TS, Müller J, van der Berg A, et al. Capillary leak in adults: a Korean cohort – ten years on. <i>J Allergy Clin Immunol Pract</i>. 2017;5(4):1023-1031. doi:10.5555/iscls.eo.2017'.replace(/<\/?i>/g, ''));
  assert.match(gousseff, /^Gousseff M, Arnaud L, Lambert M, et al\./);
  assert.match(formatter.reference('garcia2020', 'vancouver'), /^García F, Lee JW\. Shock and Edema in Children\. Paris: Example Press; 2020/);
  assert.equal(formatter.reference('clarkson1960', 'american-medical-association'), formatter.reference('Clarkson1960cyclical', 'american-medical-association'));
});

test('a rewritten library file is formatted afresh (setReferences drops cached entries)', () => {
  const dir = workspace();
  const bib = join(dir, 'refs.bib');
  const formatter = new CitationFormatter(formatterItems(loadLibraries([...kb.references], [bib])), (f: string) => JSON.parse(readFileSync(join(cslDir, f), 'utf8')));
  assert.match(formatter.reference('eo2017', 'vancouver'), /Capillary leak in adults/);
  writeFileSync(bib, readFileSync(bib, 'utf8').replace('Capillary leak in adults', 'Capillary leak in older adults'));
  formatter.setReferences(formatterItems(loadLibraries([...kb.references], [bib])));
  assert.match(formatter.reference('eo2017', 'vancouver'), /Capillary leak in older adults/);
  assert.match(formatter.reference('gousseff2011', 'vancouver'), /^Gousseff M/);
});
