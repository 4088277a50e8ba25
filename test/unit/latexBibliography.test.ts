// biblatex / natbib / BibTeX documents: the cited entries go to iscls-references.bib, never thebibliography.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bibKeys, detectLatexBibliography, planBibExport, resolveLatexCommand } from '../../src/core/manuscript/latexBibliography';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');

const BIBLATEX = [
  '\\documentclass{article}',
  '\\usepackage[style=numeric]{biblatex}',
  '\\addbibresource{mine.bib}',
  '% \\addbibresource{old.bib}',
  '\\begin{document}',
  'Clarkson described it \\autocite{clarkson1960}; see also \\cite{druey2010,gousseff2011}.',
  '\\printbibliography',
  '\\end{document}',
  '',
].join('\n');

const NATBIB = [
  '\\documentclass{article}',
  '\\usepackage[numbers]{natbib}',
  '\\begin{document}',
  'As reported \\citep{gousseff2011}.',
  '\\bibliographystyle{plainnat}',
  '\\bibliography{refs}',
  '\\end{document}',
  '',
].join('\n');

test('detection: biblatex needs a resource and \\printbibliography; \\bibliography is BibTeX or natbib; comments do not count', () => {
  assert.deepEqual(detectLatexBibliography(BIBLATEX), { package: 'biblatex', bibFiles: ['mine.bib'], loadsExport: false });
  assert.deepEqual(detectLatexBibliography(NATBIB), { package: 'natbib', bibFiles: ['refs.bib'], loadsExport: false });
  assert.equal(detectLatexBibliography(NATBIB.replace('\\usepackage[numbers]{natbib}\n', ''))?.package, 'bibtex');
  assert.equal(detectLatexBibliography(BIBLATEX.replace('\\printbibliography', '% \\printbibliography')), undefined);
  assert.equal(detectLatexBibliography('\\begin{document}\\cite{a}\\end{document}'), undefined);
  assert.equal(detectLatexBibliography('% \\bibliography{refs}\n\\cite{a}'), undefined);
});

test('citation command: auto follows the package, the setting overrides', () => {
  assert.equal(resolveLatexCommand('auto', detectLatexBibliography(BIBLATEX)), 'autocite');
  assert.equal(resolveLatexCommand('auto', detectLatexBibliography(NATBIB)), 'citep');
  assert.equal(resolveLatexCommand('auto', undefined), 'cite');
  assert.equal(resolveLatexCommand(undefined, detectLatexBibliography(BIBLATEX)), 'autocite');
  assert.equal(resolveLatexCommand('parencite', detectLatexBibliography(NATBIB)), 'parencite');
});

test('plan: load the export once, drop a managed block, leave out keys the writer already has', () => {
  const bib = detectLatexBibliography(BIBLATEX)!;
  const plan = planBibExport(BIBLATEX, bib, ['clarkson1960', 'druey2010'], new Set(['druey2010']));
  assert.deepEqual(plan.keys, ['clarkson1960']);
  assert.deepEqual(plan.inWriterLibrary, ['druey2010']);
  assert.deepEqual(plan.edits, [{ start: BIBLATEX.indexOf('\n% \\addbibresource'), end: BIBLATEX.indexOf('\n% \\addbibresource'), newText: '\n\\addbibresource{iscls-references.bib}' }]);
  const natbib = planBibExport(NATBIB, detectLatexBibliography(NATBIB)!, [], new Set());
  assert.deepEqual(natbib.edits, [{ start: NATBIB.indexOf('refs}') + 4, end: NATBIB.indexOf('refs}') + 4, newText: ',iscls-references' }]);
  const loaded = BIBLATEX.replace('\\addbibresource{mine.bib}', '\\addbibresource{mine.bib}\n\\addbibresource{iscls-references.bib}');
  assert.deepEqual(planBibExport(loaded, detectLatexBibliography(loaded)!, [], new Set()).edits, []);
});

test('bibKeys reads the keys of a .bib (not @string/@comment)', () => {
  assert.deepEqual([...bibKeys('@string{x = "y"}\n@Article{ druey2010 ,\n title={A}}\n@comment{no,}\n@book(k2, t={})')], ['druey2010', 'k2']);
});

function iscls(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('iscls bib --write on a biblatex document: iscls-references.bib, the resource line, no thebibliography; the writer\'s .bib untouched', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iscls-biblatex-'));
  const doc = join(dir, 'paper.tex');
  const mine = '@article{druey2010,\n  author = {Druey, K. M.},\n  title = {My own entry},\n}\n';
  writeFileSync(join(dir, 'mine.bib'), mine);
  writeFileSync(doc, BIBLATEX);
  const first = iscls('bib', doc, '--write');
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /biblatex document updated \(1 edits\); wrote 2 entries for iscls-references\.bib \(already in your \.bib: druey2010\)/);
  const text = readFileSync(doc, 'utf8');
  assert.equal(text, BIBLATEX.replace('\\addbibresource{mine.bib}', '\\addbibresource{mine.bib}\n\\addbibresource{iscls-references.bib}'));
  assert.ok(!text.includes('thebibliography'));
  assert.equal(readFileSync(join(dir, 'mine.bib'), 'utf8'), mine);
  const exported = readFileSync(join(dir, 'iscls-references.bib'), 'utf8');
  assert.match(exported, /^% iscls-references\.bib: the ISCLS references paper\.tex cites, written by ISCLS Reference/);
  assert.deepEqual([...bibKeys(exported)], ['clarkson1960', 'gousseff2011']);
  // Gousseff 2011, printed "et al." in the review, is exported as completed from its PubMed record.
  assert.match(exported, /Hatron, P\. Y\. and Amoura, Z\.\},/, 'the whole author list');
  assert.match(exported, /pages = \{464--471\}/);
  assert.doesNotMatch(exported, /and others\}/);
  const again = iscls('bib', doc, '--write');
  assert.equal(again.code, 0);
  assert.match(again.stderr, /biblatex document; unchanged 2 entries/);
  assert.deepEqual(readdirSync(dir).sort(), ['iscls-references.bib', 'mine.bib', 'paper.tex']);
});

test('iscls bib --write on a natbib document adds the export to \\bibliography{…}; a managed block left from before goes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iscls-natbib-'));
  const doc = join(dir, 'paper.tex');
  const withBlock = NATBIB.replace(
    '\\end{document}',
    '% iscls-references style=american-medical-association keys=gousseff2011\n\\begin{thebibliography}{99}\n\\bibitem{gousseff2011} X\n\\end{thebibliography}\n% /iscls-references\n\\end{document}',
  );
  writeFileSync(doc, withBlock);
  assert.equal(iscls('bib', doc, '--write').code, 0);
  assert.equal(readFileSync(doc, 'utf8'), NATBIB.replace('\\bibliography{refs}', '\\bibliography{refs,iscls-references}'));
  assert.deepEqual([...bibKeys(readFileSync(join(dir, 'iscls-references.bib'), 'utf8'))], ['gousseff2011']);
});
