// The manuscript model: one analysis of a document for every feature and for the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseManuscript, DEFAULT_SETTINGS } from '../../src/core/manuscript/model';
import { reviewResolver, REVIEW_SOURCE } from '../../src/core/manuscript/resolver';
import { languageOfFile, CITABLE_LANGUAGES } from '../../src/core/manuscript/languages';
import { displayTitle } from '../../src/core/presentation/labels';
import { loadKnowledgeBase } from '../../src/node/dataFiles';

const root = join(__dirname, '..', '..', '..');
const kb = loadKnowledgeBase(join(root, 'data'));
const review = reviewResolver(kb.references);

test('a plain-text document holding [@key] is a pandoc manuscript citing that key', () => {
  const m = analyseManuscript('Shock recurs [@clarkson1960].\n', 'plaintext', DEFAULT_SETTINGS, review);
  assert.equal(m.convention, 'pandoc');
  assert.deepEqual(m.scan.order, ['clarkson1960']);
  assert.deepEqual(m.cited.map((r) => [r.key, r.source]), [['clarkson1960', REVIEW_SOURCE]]);
  assert.equal(m.cited[0].review?.number, 1);
});

test('the convention setting wins over the language; keys come in order of first appearance', () => {
  const text = 'A [@druey2010]. B [@clarkson1960; @druey2010]. C [@nokey2099].\n';
  const m = analyseManuscript(text, 'markdown', { ...DEFAULT_SETTINGS, convention: 'pandoc' }, review);
  assert.deepEqual(m.scan.order, ['druey2010', 'clarkson1960']);
  assert.deepEqual(m.scan.markers.at(-1)?.unknown, ['nokey2099']);
  assert.equal(analyseManuscript(text, 'markdown', { ...DEFAULT_SETTINGS, convention: 'latex' }, review).scan.markers.length, 0);
});

test('one list of language ids: the manifest lists exactly CITABLE_LANGUAGES everywhere it names languages', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes.configuration.properties['iscls.hover.languages'].default, [...CITABLE_LANGUAGES]);
  assert.deepEqual(manifest.activationEvents.filter((e: string) => e.startsWith('onLanguage:')), CITABLE_LANGUAGES.map((l) => `onLanguage:${l}`));
  const when = `editorLangId =~ /^(${CITABLE_LANGUAGES.join('|')})$/`;
  assert.ok(manifest.contributes.menus['editor/context'][0].when.includes(when));
  assert.ok(manifest.contributes.keybindings[0].when.includes(when));
});

test('a file opens in the language VS Code would give it', () => {
  assert.equal(languageOfFile('paper.md'), 'markdown');
  assert.equal(languageOfFile('/a.b/paper.TEX'), 'latex');
  assert.equal(languageOfFile('notes.txt'), 'plaintext');
  assert.equal(languageOfFile('report.qmd'), 'quarto');
  assert.equal(languageOfFile('dir.md/README'), 'plaintext');
});

test('pick labels: translated titles keep exactly one pair of square brackets, also when shortened', () => {
  assert.equal(displayTitle(kb.reference('gousseff2009')!), '[Idiopathic capillary leak syndrome]');
  assert.match(displayTitle(kb.reference('balcarek2005')!, 40), /^\[Systemic capillary leak syndrome[^[\]]*…\]$/);
  assert.equal(displayTitle(kb.reference('clarkson1960')!), 'Cyclical edema and shock due to increased capillary permeability');
});

import { manuscriptFindings } from '../../src/core/manuscript/findings';
import { citationContextOf } from '../../src/core/manuscript/model';
import { CitationFormatter } from '../../src/core/format/citations';

const formatter = new CitationFormatter([...kb.references], (file: string) => JSON.parse(readFileSync(join(root, 'dist', 'csl', file), 'utf8')));
const findings = (text: string, languageId: string) => {
  const m = analyseManuscript(text, languageId, DEFAULT_SETTINGS, review);
  return manuscriptFindings(m, citationContextOf(m, formatter), (key) => key).map((f) => ({ ...f, text: text.slice(f.start, f.end) }));
};

test('findings: an unknown key is reported on the key itself, only in a document that cites ours', () => {
  const found = findings('A [@clarkson1960; @nokey2099]. B @someone.\n', 'markdown');
  assert.deepEqual(found.map((f) => [f.code, f.text]), [['unknown-key', 'nokey2099']]);
  assert.deepEqual(findings('Only [@theirs2020].\n', 'markdown'), [], 'a manuscript citing none of ours gets no warning');
});

test('findings: a numeric list entry nothing cites is faded on its own line; a number past the list is a warning; CRLF kept out', () => {
  const text = 'A [1]. B [3].\r\n\r\n[iscls-references style=american-medical-association keys=clarkson1960,druey2010]\r\n1. x\r\n2. y\r\n[/iscls-references]\r\n1. Not an entry.\r\n';
  const found = findings(text, 'plaintext');
  const uncited = found.find((f) => f.code === 'uncited-entry')!;
  assert.equal(uncited.text, '2. y');
  assert.equal(uncited.unnecessary, true);
  assert.deepEqual(found.filter((f) => f.code === 'missing-entry').map((f) => f.text), ['[3]']);
  assert.ok(found.some((f) => f.code === 'stale-list' && f.text.startsWith('[iscls-references')), 'the stale list is reported on its header line');
});

import { escapeHtml, sanitizeEntryHtml, sectionBody, type SectionSource } from '../../src/core/presentation/sectionHtml';

test('section HTML: citeproc entries keep only inline formatting; data text is escaped', () => {
  assert.equal(sanitizeEntryHtml('<i>Am J Med</i>. <script>x()</script>1960;<b onclick="y">29</b> & <a href="javascript:z">co</a>'), '<i>Am J Med</i>. x()1960;<b>29</b> &amp; co');
  assert.equal(sanitizeEntryHtml('a < b &amp; c'), 'a &lt; b &amp; c');
  assert.equal(escapeHtml(`<"'&>`), '&lt;&quot;&#39;&amp;&gt;');
  const source: SectionSource = {
    kb,
    entryHtml: (key, style) => formatter.reference(key, style, 'html'),
    entryText: (key, style) => formatter.reference(key, style, 'text'),
    styleLabel: () => 'AMA',
  };
  const html = sectionBody(source, kb.section('overview')!, 'american-medical-association');
  const first = kb.ownCitations(kb.section('overview')!)[0];
  assert.match(html, new RegExp(`<sup class="cite"><a href="#" data-key="${first}"[^>]*>1</a>`));
  // Runs of three or more as a range of two links, as numeric styles print them.
  assert.match(html, /<a href="#" data-key="clarkson1960"[^>]*>3<\/a>–<a href="#" data-key="gousseff2011"[^>]*>5<\/a><\/sup>/);
  assert.match(html, /<h2>References <span class="muted">AMA<\/span><\/h2><ol>/);
  assert.doesNotMatch(html, /\[@/, 'no raw pandoc citation left');
});
