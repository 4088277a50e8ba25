// One work in two library files (a Zotero .bib and a co-author's RIS, each with its own keys) is one
// work: one row in the search, one number and one entry in the list, whichever file and key a
// citation names. The works are matched by the rule that matches the writer's records to the 72
// (DOI, PMID, or title + year + first author).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLibrary } from '../../src/core/library';
import { MergedLibrary } from '../../src/core/library/merge';
import { loadKnowledgeBase } from '../../src/node/dataFiles';
import { needsPandoc, paragraphs } from './docxFile';

const root = join(__dirname, '..', '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'library', 'samework');
const cli = join(root, 'dist', 'cli.js');
const kb = loadKnowledgeBase(join(root, 'data'));
const bib = () => parseLibrary(readFileSync(join(fixtures, 'zotero.bib')), join(fixtures, 'zotero.bib'));
const ris = () => parseLibrary(readFileSync(join(fixtures, 'coauthor.ris')), join(fixtures, 'coauthor.ris'));

/** The three works of the fixtures, each as [its .bib key, its RIS key]: by DOI, by PMID, by title + year + author. */
const PAIRS = [
  ['hamidDesmopressin2022', 'Hamid2022'],
  ['keller2019', 'Keller2019albumin'],
  ['ortiz2018', 'Ortiz2018'],
];

test('merge: the same work in a .bib and a RIS file is one work with both keys and both sources', () => {
  const merged = new MergedLibrary([...kb.references], [bib(), ris()]);
  const library = merged.works.filter((w) => w.entry);
  assert.deepEqual(library.map((w) => w.keys), PAIRS, 'one work per pair, named by the first file’s key');
  for (const work of library) assert.deepEqual(work.sources, ['zotero.bib', 'coauthor.ris']);
  for (const [first, second] of PAIRS) {
    assert.equal(merged.canonical(second), first);
    assert.equal(merged.canonical(first), first);
    assert.equal(merged.get(second)?.source, 'coauthor.ris', 'each key still resolves to its own record');
  }
  assert.deepEqual(merged.problems, [], 'the same work twice is not a problem to report');
});

test('merge: a later file’s copy that is one of the 72 joins the earlier file’s work and the review’s', () => {
  const clarkson = kb.references.find((r) => r['citation-key'] === 'clarkson1960')!;
  const doi = 'TY  - JOUR\nID  - c1\nTI  - Cyclical edema and shock due to increased capillary permeability\nAU  - Clarkson, B.\nPY  - 1960\nER  - \n';
  const first = parseLibrary(Buffer.from('@article{cl60, title = {Cyclical edema and shock due to increased capillary permeability}, author = {Clarkson, Bayard}, year = 1960}\n'), 'a.bib');
  const second = parseLibrary(Buffer.from(doi), 'b.ris');
  const merged = new MergedLibrary([...kb.references], [first, second]);
  const work = merged.works.find((w) => w.keys.includes('c1'));
  assert.deepEqual(work?.keys, ['cl60', 'c1', 'clarkson1960']);
  assert.equal(work?.review, clarkson);
  assert.equal(merged.canonical('clarkson1960'), 'cl60');
  assert.equal(merged.works.length, kb.references.length, 'no work listed twice');
});

function iscls(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('iscls bib: two files, two keys of each work → one number and one entry per work', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iscls-same-work-'));
  for (const file of ['zotero.bib', 'coauthor.ris']) copyFileSync(join(fixtures, file), join(dir, file));
  const paper = join(dir, 'paper.md');
  writeFileSync(paper, '---\nbibliography: [zotero.bib, coauthor.ris]\n---\nA [@hamidDesmopressin2022]. B [@Hamid2022]. C [@keller2019; @Keller2019albumin]. D [@Ortiz2018], [@clarkson1960].\n');
  const bibbed = iscls('bib', paper);
  assert.equal(bibbed.code, 0, bibbed.stderr);
  assert.match(bibbed.stdout, /keys=hamidDesmopressin2022,keller2019,Ortiz2018,clarkson1960 -->/);
  assert.equal(bibbed.stdout.match(/Capillary leak episodes after vaccination/g)?.length, 1, bibbed.stdout);
  const numeric = iscls('convert', paper, '--to', 'numeric');
  assert.equal(numeric.code, 0, numeric.stderr);
  // One number per work (where the marker stands is the converter's rule, not this test's).
  assert.deepEqual([...numeric.stdout.split('\n')[3].matchAll(/\^(\d+)\^/g)].map((m) => m[1]), ['1', '1', '2', '3', '4'], numeric.stdout);
  const search = iscls('search', 'capillary leak vaccination', '--library', join(dir, 'zotero.bib'), '--library', join(dir, 'coauthor.ris'));
  // The library's work once, from one file (built-in works on the topic may match too).
  const rows = search.stdout.split('\n').filter((line) => line.startsWith('reference\t') && /\t[^\t]+\.(bib|ris)$/.test(line));
  assert.equal(rows.length, 1, search.stdout);
  assert.match(rows[0], /^reference\thamidDesmopressin2022\t.*\tzotero\.bib$/);
});

test('iscls docx: the same work by its two keys is one number and one entry in the Word file', needsPandoc, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iscls-same-work-'));
  for (const file of ['zotero.bib', 'coauthor.ris']) copyFileSync(join(fixtures, file), join(dir, file));
  const paper = join(dir, 'paper.md');
  writeFileSync(paper, '---\nbibliography: [zotero.bib, coauthor.ris]\n---\nA [@hamidDesmopressin2022]. B [@Hamid2022]. C [@keller2019; @Keller2019albumin]. D [@Ortiz2018].\n');
  const out = join(dir, 'paper.docx');
  const run = iscls('docx', paper, '--out', out);
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /not found|\?/, run.stderr);
  const paras = await paragraphs(out);
  assert.deepEqual(paras.flatMap((p) => p.superscripts), ['1', '1', '2', '3']);
  assert.equal(paras.filter((p) => /^\d+\.\s/.test(p.text)).length, 3);
});
