// The one list-update decision the editor (*Update Reference List*) and the CLI (`iscls bib`) share:
// mismatch, nothing to list, the document's own .bib, or the edits; plan refusals come typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CitationContext } from '../../src/core/manuscript';
import { analyseManuscript, DEFAULT_SETTINGS, type Manuscript } from '../../src/core/manuscript/model';
import { decideListUpdate } from '../../src/core/manuscript/listUpdate';
import type { ReferenceResolver } from '../../src/core/manuscript/resolver';

function resolverOf(keys: string[]): ReferenceResolver {
  const set: ReadonlySet<string> = new Set(keys);
  return { has: (k) => set.has(k), get: (k) => (set.has(k) ? { key: k, item: { id: k }, source: 'test' } : undefined), keys: () => set };
}

const resolver = resolverOf(['clarkson1960', 'druey2010']);

function decide(text: string, languageId: string) {
  const m: Manuscript = analyseManuscript(text, languageId, DEFAULT_SETTINGS, resolver);
  const context: CitationContext = {
    knownKeys: m.resolver.keys(),
    markup: m.markup,
    formatEntries: (keys) => keys.map((k) => `Entry of ${k}.`),
    style: m.settings.style,
    numericMarker: 'brackets',
    eol: m.eol,
  };
  return decideListUpdate(m, context, { create: true });
}

const BIBLATEX_PANDOC =
  '\\documentclass{article}\n\\usepackage{biblatex}\n\\addbibresource{mine.bib}\n\\begin{document}\nShock [@clarkson1960].\n\\printbibliography\n\\end{document}\n';
const LATEX_PANDOC = '\\documentclass{article}\n\\begin{document}\nShock [@clarkson1960].\n\\end{document}\n';

test('a LaTeX document citing [@key] is a mismatch, with or without biblatex (not "cites nothing", not an empty export)', () => {
  for (const text of [BIBLATEX_PANDOC, LATEX_PANDOC]) {
    const d = decide(text, 'latex');
    assert.equal(d.kind, 'mismatch');
    if (d.kind === 'mismatch') assert.deepEqual([d.mismatch.expected, d.mismatch.found, d.mismatch.count], ['latex', 'pandoc', 1]);
  }
});

test('the other answers: nothing, own .bib, edits, and a typed refusal', () => {
  assert.equal(decide('No citation here.\n', 'plaintext').kind, 'nothing');
  assert.equal(decide(BIBLATEX_PANDOC.replace('[@clarkson1960]', '\\cite{clarkson1960}'), 'latex').kind, 'own-bib');
  const edits = decide('Shock [@clarkson1960].\n', 'markdown');
  assert.equal(edits.kind, 'edits');
  if (edits.kind === 'edits') assert.ok(edits.edits.length > 0);
  // Numbers typed before any list of ours cite none of ours: nothing to list (not a refusal).
  assert.equal(decide('Shock [1] and [2].\n', 'plaintext').kind, 'nothing');
  const damaged = decide('Shock [@clarkson1960].\n\n<!-- iscls-references style=american-medical-association keys=clarkson1960 -->\n1. x\n', 'markdown');
  assert.deepEqual(damaged.kind === 'refused' && damaged.reason, 'damaged-list');
  const list = '[iscls-references style=american-medical-association keys=clarkson1960,gone2020]\n1. x\n2. y\n[/iscls-references]\n';
  const captured = decide(`Shock [1] and [2].\n\n${list}`, 'plaintext');
  assert.deepEqual(captured.kind === 'refused' && captured.reason, 'captured-number');
});

const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

test('iscls bib refuses both documents, names the conversion and writes no export', () => {
  for (const [name, text] of [['biblatex.tex', BIBLATEX_PANDOC], ['plain.tex', LATEX_PANDOC]]) {
    const dir = mkdtempSync(join(tmpdir(), 'iscls-decision-'));
    const file = join(dir, name);
    writeFileSync(file, text);
    const run = spawnSync(process.execPath, [cli, 'bib', file, '--write'], { encoding: 'utf8' });
    assert.equal(run.status, 2, `${name}: ${run.stderr}`);
    assert.match(run.stderr, /Convert first: iscls convert .* --to latex --write/);
    assert.equal(readFileSync(file, 'utf8'), text, `${name} was changed`);
    assert.equal(existsSync(join(dir, 'iscls-references.bib')), false, `${name}: an export was written`);
  }
});
