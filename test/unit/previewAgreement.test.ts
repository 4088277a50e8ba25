// The Markdown preview is what the journal gets: for every manuscript fixture (the writer's library
// included, a same-work pair included, pandoc and numeric Markdown), the preview plugin's citation
// numbers and reference list equal `iscls bib`'s list and the .docx's numbers and list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { CitationFormatter } from '../../src/core/format/citations';
import { isclsCitations } from '../../src/core/preview/markdownItCitations';
import { analyseManuscript, DEFAULT_SETTINGS } from '../../src/core/manuscript/model';
import { workOf } from '../../src/core/manuscript/scan';
import { reviewResolver, type ReferenceResolver } from '../../src/core/manuscript/resolver';
import { loadKnowledgeBase } from '../../src/node/dataFiles';
import { cliLibrary } from '../../src/node/library';
import { lazyJournalAbbreviation } from '../../src/node/journalAbbreviations';
import { expand, iscls, needsPandoc, paragraphs, tempDir } from './docxFile';

const root = join(__dirname, '..', '..', '..');
const fixtures = join(root, 'test', 'fixtures');
const load = (file: string) => JSON.parse(readFileSync(join(root, 'dist', 'csl', file), 'utf8'));
const kb = loadKnowledgeBase(join(root, 'data'));
const STYLE = 'american-medical-association';

/** The preview's HTML of a file, its model made as the CLI makes it (the file's own library read), and its works. */
function preview(file: string): { html: string; work: (key: string) => string } {
  const text = readFileSync(file, 'utf8');
  const formatter = new CitationFormatter([...kb.references], load);
  // As the editor's document library and the CLI: the NLM abbreviations for the writer's records.
  formatter.journalAbbreviation = lazyJournalAbbreviation(join(root, 'data'));
  const { merged } = cliLibrary(kb.references, formatter, [], { path: file, text });
  const resolver = merged.libraryWorks().length > 0 ? (merged as unknown as ReferenceResolver) : reviewResolver(kb.references);
  const model = analyseManuscript(text, 'markdown', { ...DEFAULT_SETTINGS, style: STYLE }, resolver);
  const html = isclsCitations(new MarkdownIt({ html: true }), { manuscript: () => ({ model, formatter }), styleTree: (style) => load(`${style}.json`) }).render(text);
  return { html, work: workOf(model.analysis) };
}

const decode = (s: string) =>
  s.replace(/<[^>]+>/g, '').replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const plain = (s: string) => s.replace(/\u00a0/g, ' ').trim();

interface Agreement {
  keys: string[];
  entries: string[];
  /** Each citation's numbers, in the order of the text. */
  numbers: number[][];
}

function previewSays(html: string): Agreement & { titles: string[] } {
  const items = [...html.matchAll(/<li data-key="([^"]+)">([\s\S]*?)<\/li>/g)];
  const body = html.slice(0, html.indexOf('<ol class="iscls-references">'));
  const sups = [...body.matchAll(/<span class="iscls-citation" title="([^"]*)">[^<]*<sup>([^<]*)<\/sup><\/span>|<sup>([^<]*)<\/sup>/g)];
  return {
    keys: items.map((m) => m[1]),
    entries: items.map((m) => plain(decode(m[2]))),
    numbers: sups.map((m) => expand(m[2] ?? m[3])),
    titles: sups.map((m) => m[1] ?? ''),
  };
}

function bibSays(file: string): Agreement {
  const out = iscls('bib', file);
  assert.equal(out.code, 0, out.stderr);
  const block = /<!-- iscls-references [^\n]*keys=([^\s]*) -->\n([\s\S]*?)<!-- \/iscls-references -->/.exec(out.stdout);
  assert.ok(block, out.stdout);
  return {
    keys: block[1].split(','),
    entries: [...block[2].matchAll(/^\d+\. (.*)$/gm)].map((m) => plain(m[1])),
    numbers: [...out.stdout.slice(0, block.index).matchAll(/\^([^^\s]+)\^/g)].map((m) => expand(m[1])),
  };
}

async function docxSays(file: string, dir: string): Promise<Omit<Agreement, 'keys'>> {
  const out = join(dir, `${basename(file, '.md')}.docx`);
  const run = iscls('docx', file, '--out', out);
  assert.equal(run.code, 0, run.stderr);
  const paras = await paragraphs(out);
  const heading = paras.findIndex((p) => p.text === 'References');
  // pandoc's list (citeproc) numbers its entries in the text; a typed Markdown list is a Word list.
  const list = paras.slice(heading + 1).filter((p) => p.text.trim());
  return {
    entries: list.map((p) => plain(p.text.replace(/^\d+\.\s*/, ''))),
    numbers: paras.slice(0, heading).flatMap((p) => p.superscripts).map(expand),
  };
}

/** A paragraph citing review keys, the library's keys and (where the library has one) a same-work key. */
function withCitations(text: string, libraryKeys: string[], bare: boolean): string {
  const [first, second, third] = libraryKeys;
  const lines = [
    `Later work [@${first}; @clarkson1960] and the first report [@${second}] agree [@gousseff2011; @kapoor2010; @druey2010].`,
    third ? `A third source [@${third}; @${first}].` : '',
    bare ? `@${first} reported it again [@xie2012].` : '',
  ];
  const list = `\n# References\n\n<!-- iscls-references style=${STYLE} keys= -->\n<!-- /iscls-references -->\n`;
  return `${text.trimEnd()}\n\n${lines.filter(Boolean).join('\n')}\n${list}`;
}

/** Every manuscript fixture as a writer would have cited in it, pandoc and converted to numeric. */
function cases(dir: string): string[] {
  const files: string[] = [];
  const add = (name: string, text: string, ...libraries: string[]) => {
    for (const library of libraries) copyFileSync(library, join(dir, basename(library)));
    writeFileSync(join(dir, name), text);
    files.push(join(dir, name));
  };
  const read = (...p: string[]) => readFileSync(join(fixtures, ...p), 'utf8');
  add('review.md', read('manuscripts', 'review.md'));
  add('manuscript.md', withCitations(read('manuscripts', 'manuscript.md'), ['lambert2008', 'xie2012'], true));
  add('own-library.md', withCitations(read('manuscripts', 'own-library.md'), ['druey2017', 'baloch2018'], true), join(fixtures, 'manuscripts', 'my-library.bib'));
  // library.bib holds Clarkson1960cyclical: the review's clarkson1960 under the writer's key.
  add('paper-library.md', withCitations(read('workspace', 'paper-library.md'), ['eo2017', 'Clarkson1960cyclical', 'who2019'], true), join(fixtures, 'workspace', 'library.bib'));
  // The same work in two library files (DOI in the .bib, doi.org link in the RIS; PMID in both).
  const samework = join(fixtures, 'library', 'samework');
  add(
    'samework.md',
    withCitations('---\nbibliography: [zotero.bib, coauthor.ris]\n---\n\nA co-authored draft.\n', ['hamidDesmopressin2022', 'Hamid2022', 'Keller2019albumin'], true).replace('.\n\n# References', '. Albumin [@keller2019].\n\n# References'),
    join(samework, 'zotero.bib'),
    join(samework, 'coauthor.ris'),
  );
  // A Better BibTeX library in Title Case: the preview, iscls bib and the .docx print the same sentence case.
  add(
    'titlecase.md',
    withCitations('---\nbibliography: titlecase.bib\n---\n\nTitle Case records.\n', ['gousseffTitleCase2011', 'protectedTitleCase2020', 'sentenceAlready2019'], true),
    join(fixtures, 'library', 'titlecase', 'titlecase.bib'),
  );
  add('notes.md', withCitations(read('workspace', 'notes.md'), ['marks1973', 'amoura1997'], true));
  for (const file of [...files]) {
    const text = readFileSync(file, 'utf8').replace(/^@\S+ reported it again.*\n/m, '');
    const pandoc = join(dir, `pandoc-${basename(file)}`);
    writeFileSync(pandoc, text);
    const numeric = iscls('convert', pandoc, '--to', 'numeric');
    assert.equal(numeric.code, 0, numeric.stderr);
    add(`numeric-${basename(file)}`, numeric.stdout);
  }
  return files;
}

test('the preview numbers and lists every fixture as iscls bib and the .docx do (library and same-work keys included)', needsPandoc, async () => {
  const dir = tempDir();
  for (const file of cases(dir)) {
    const name = basename(file);
    const { html, work } = preview(file);
    assert.ok(!/\[@|\^\d/.test(html), `${name}: nothing left raw\n${html}`);
    const shown = previewSays(html);
    const bib = bibSays(file);
    const docx = await docxSays(file, dir);
    assert.deepEqual(shown.keys, bib.keys, `${name}: the preview lists the keys iscls bib lists`);
    assert.deepEqual(shown.entries, bib.entries, `${name}: entries as iscls bib writes them`);
    assert.deepEqual(docx.entries, bib.entries, `${name}: entries as the .docx prints them`);
    assert.deepEqual(shown.numbers, docx.numbers, `${name}: citation numbers as the .docx prints them`);
    if (name.endsWith('titlecase.md')) assert.ok(bib.entries.some((e) => e.includes('The systemic capillary leak syndrome: A case series of 28 patients from a European registry.')), `${name}: sentence case\n${bib.entries.join('\n')}`);
    if (name.startsWith('numeric-')) assert.deepEqual(shown.numbers, bib.numbers, `${name}: the numbers iscls bib writes`);
    else {
      // Each citation's numbers are the places of its keys' works in the list iscls bib writes.
      shown.titles.forEach((title, i) => {
        const places = title.split('; ').map((k) => bib.keys.findIndex((listed) => work(listed) === work(k)) + 1);
        assert.ok(!places.includes(0), `${name}: ${title} is listed`);
        assert.deepEqual([...new Set(places)].sort((a, b) => a - b), shown.numbers[i], `${name}: citation ${title}`);
      });
    }
  }
});
