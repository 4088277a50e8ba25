// The preview plugin on a real markdown-it (the parser VS Code's preview uses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { CitationFormatter } from '../../src/core/format/citations';
import { isclsCitations, type PreviewEngine } from '../../src/core/preview/markdownItCitations';
import { collapseNumbers } from '../../src/core/preview/citationLayout';
import { loadKnowledgeBase } from '../../src/node/dataFiles';
import { analyseManuscript, DEFAULT_SETTINGS } from '../../src/core/manuscript/model';
import { reviewResolver } from '../../src/core/manuscript/resolver';

const root = join(__dirname, '..', '..', '..');
const cslDir = join(root, 'dist', 'csl');
const load = (file: string) => JSON.parse(readFileSync(join(cslDir, file), 'utf8'));
const kb = loadKnowledgeBase(join(root, 'data'));
const formatter = new CitationFormatter([...kb.references], load);
const resolver = reviewResolver(kb.references);

function render(text: string, style: string): string {
  const engine: PreviewEngine = {
    manuscript: (src) => ({ model: analyseManuscript(src, 'markdown', { ...DEFAULT_SETTINGS, style }, resolver), formatter }),
    styleTree: (s) => load(`${s}.json`),
  };
  return isclsCitations(new MarkdownIt({ html: true }), engine).render(text);
}

const fixture = readFileSync(join(root, 'test', 'fixtures', 'manuscripts', 'review.md'), 'utf8');

test('AMA: superscript numbers by first appearance, taking the space before them; the list formatted', () => {
  const html = render(fixture, 'american-medical-association');
  const sups = [...html.matchAll(/<span class="iscls-citation"[^>]*><sup>([^<]*)<\/sup><\/span>/g)].map((m) => m[1]);
  assert.deepEqual(sups, ['1', '2', '3,4', '1,2', '5,6', '7,8']);
  assert.match(html, /in 1960<span class="iscls-citation" title="clarkson1960"><sup>1<\/sup><\/span>\./);
  assert.ok(!html.includes('[@'));
  assert.ok(!html.includes('iscls-references style='));
  const items = [...html.matchAll(/<li data-key="([^"]+)">([\s\S]*?)<\/li>/g)];
  assert.deepEqual(items.map((m) => m[1]), ['clarkson1960', 'gousseff2011', 'kapoor2010', 'druey2010', 'whitesides1975', 'sanghavi2006', 'lambert2008', 'xie2012']);
  assert.equal(items[0][2], formatter.reference('clarkson1960', 'american-medical-association', 'html'));
  assert.match(items[0][2], /<i>Am J Med<\/i>/);
  assert.match(html, /<ol class="iscls-references">/);
  assert.equal((html.match(/<li/g) ?? []).length, 8, 'one list only');
});

test('Vancouver: numbers in parentheses, spaces kept; BMJ: brackets', () => {
  const vancouver = render(fixture, 'vancouver');
  assert.match(vancouver, /in 1960 <span class="iscls-citation" title="clarkson1960">\(1\)<\/span>\./);
  assert.match(vancouver, />\(3,4\)</);
  assert.match(render('See [@clarkson1960; @marks1973; @druey2010; @xie2012].\n', 'bmj'), />\[1–4\]</);
});

test('APA: author-date clusters and an alphabetical list', () => {
  const html = render(fixture, 'apa');
  assert.match(html, /<span class="iscls-citation" title="gousseff2011">\(Gousseff et al\., 2011\)<\/span>/);
  assert.match(html, /\(Clarkson et al\., 1960; Gousseff et al\., 2011\)/);
  const keys = [...html.matchAll(/<li data-key="([^"]+)">/g)].map((m) => m[1]);
  assert.deepEqual(keys, formatter.listOrder(['clarkson1960', 'gousseff2011', 'kapoor2010', 'druey2010', 'whitesides1975', 'sanghavi2006', 'lambert2008', 'xie2012'], 'apa'));
  assert.equal(keys[0], 'clarkson1960');
  assert.match(html, /<ul class="iscls-references"/);
});

test('not citations: code, links, e-mail addresses, unknown keys (marked), a document without a list gets one at the end', () => {
  const html = render(
    'Code `[@clarkson1960]`, a [@druey2010](https://example.org) link, mail a@b.org, unknown [@nobody2020], cited [@marks1973].\n\n```\n[@xie2012]\n```\n',
    'american-medical-association',
  );
  assert.match(html, /<code>\[@clarkson1960\]<\/code>/);
  assert.match(html, /<a href="https:\/\/example.org">@druey2010<\/a>/);
  assert.match(html, /<span class="iscls-citation iscls-citation-unknown" title="Unknown citation key: nobody2020">\[@nobody2020\]<\/span>/);
  // The link's text is a bare in-text citation to the engine (and to pandoc): it is number 1.
  assert.match(html, /cited<span class="iscls-citation" title="marks1973"><sup>2<\/sup><\/span>\./);
  assert.match(html, /\[@xie2012\]\n<\/code><\/pre>/);
  assert.match(html, /<ol class="iscls-references">\n<li data-key="druey2010">Druey[^\n]*\n<li data-key="marks1973">Marks[^\n]*\n<\/ol>/);
});

test('a numeric document keeps its typed numbers (pandoc\'s ^1^ a superscript, as in Word); its list comes from its header', () => {
  const text =
    'First described in 1960.^1^ A registry followed [2].\n\n' +
    '<!-- iscls-references style=vancouver keys=clarkson1960,gousseff2011 -->\n1. old text\n2. old text\n<!-- /iscls-references -->\n';
  const html = render(text, 'vancouver');
  assert.match(html, /1960\.<sup>1<\/sup> A registry followed \[2\]\./);
  assert.deepEqual([...html.matchAll(/<li data-key="([^"]+)">/g)].map((m) => m[1]), ['clarkson1960', 'gousseff2011']);
  assert.ok(!html.includes('old text'));
});

test('a numeric document\'s list keeps every place: a key that does not resolve says so, the numbers after it stay right', () => {
  const text = 'Cited.^1-3^\n\n<!-- iscls-references style=american-medical-association keys=clarkson1960,nobody2020,xie2012 -->\n1. a\n2. b\n3. c\n<!-- /iscls-references -->\n';
  const html = render(text, 'american-medical-association');
  assert.match(html, /Cited\.<sup>1-3<\/sup>/);
  const items = [...html.matchAll(/<li data-key="([^"]+)"[^>]*>([^<]*)/g)].map((m) => [m[1], m[2].slice(0, 12)]);
  assert.deepEqual(items, [['clarkson1960', 'Clarkson B, '], ['nobody2020', 'Unknown cita'], ['xie2012', 'Xie Z, Ghosh']]);
});

test('collapseNumbers: ranges of three or more, as citeproc prints them', () => {
  assert.equal(collapseNumbers([1, 2, 3, 5], ',', true), '1–3,5');
  assert.equal(collapseNumbers([1, 2, 5], ',', true), '1,2,5');
  assert.equal(collapseNumbers([1, 2, 3], ',', false), '1,2,3');
});

test('bare @key (author-in-text): AMA names then the superscript number, the space before kept', () => {
  const html = render('First, @gousseff2011 reported it [@clarkson1960]; @druey2010 [p. 92] reviewed it.\n', 'american-medical-association');
  assert.match(html, /First, <span class="iscls-citation" title="gousseff2011">Gousseff et al\.<sup>1<\/sup><\/span> reported it<span class="iscls-citation" title="clarkson1960"><sup>2<\/sup><\/span>;/);
  assert.match(html, /; <span class="iscls-citation" title="druey2010">Druey and Greipp<sup>3<\/sup><\/span> reviewed it\./);
  assert.ok(!html.includes('@'), html);
  assert.deepEqual([...html.matchAll(/<li data-key="([^"]+)">/g)].map((m) => m[1]), ['gousseff2011', 'clarkson1960', 'druey2010']);
});

test('bare @key: Vancouver "Names (1)"; APA as pandoc prints it, "Gousseff et al. (2011)", with a page', () => {
  assert.match(render('@gousseff2011 reported it.\n', 'vancouver'), /<span class="iscls-citation" title="gousseff2011">Gousseff et al\. \(1\)<\/span> reported/);
  const apa = render('@gousseff2011 reported it; @druey2010 [p. 92] and @kapoor2010 agreed [@clarkson1960].\n', 'apa');
  assert.match(apa, />Gousseff et al\. \(2011\)<\/span> reported it; <span[^>]*>Druey &amp; Greipp \(2010, p\. 92\)<\/span> and <span[^>]*>Kapoor et al\. \(2010\)<\/span> agreed <span[^>]*>\(Clarkson et al\., 1960\)<\/span>\./);
});

test('bare @key: e-mail addresses, unknown handles, code and link text stay as written', () => {
  const html = render('Write to gousseff2011@example.org or @nobody_here; `@druey2010` and [see @xie2012](https://example.org). Cited: @clarkson1960.\n', 'american-medical-association');
  assert.match(html, /gousseff2011@example\.org or @nobody_here; <code>@druey2010<\/code>/);
  assert.match(html, /<a href="https:\/\/example.org">see @xie2012<\/a>/);
  assert.match(html, /Cited: <span class="iscls-citation" title="clarkson1960">Clarkson et al\.<sup>\d<\/sup><\/span>\./);
});
