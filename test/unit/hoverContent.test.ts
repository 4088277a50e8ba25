// Unit tests of the hover cards' markdown and the browsing helpers (labels, PubMed search links),
// against the real knowledge base. No VS Code needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  citationHoverMarkdown,
  commandUri,
  escapeMarkdown,
  HOVER_COMMANDS,
  literalCode,
  termHoverMarkdown,
  unescapeMarkdown,
  type TermCardInput,
} from '../../src/vscode/hover/cards';
import { otherNames, pubmedQuery, pubmedSearchUrl, referenceNumberedLabel, referenceShortLabel } from '../../src/core/presentation/labels';
import type { Reference, Section, Term } from '../../src/core/types';
import { loadKnowledgeBase } from '../../src/node/dataFiles';

const root = join(__dirname, '..', '..', '..');
const kb = loadKnowledgeBase(join(root, 'data'));

function cardInput(term: Term): TermCardInput {
  return {
    term,
    sections: term.sections.map((id) => kb.section(id)).filter((s): s is Section => !!s).map((section) => ({ section, path: kb.sectionPath(section.id) })),
    references: term.references.map((key) => kb.reference(key)).filter((r): r is Reference => !!r),
  };
}

/** Command ids of every link that markdown would really render (not backslash-escaped). */
function linkedCommands(markdown: string): string[] {
  return [...markdown.matchAll(/(?<!\\)\]\((command:[^?)\s]+|[a-z]+:[^)\s]*)/g)].map((m) => m[1]);
}

test('escapeMarkdown neutralises markup, links, HTML, theme icons and list numbers', () => {
  const nasty = '1. **bold** [x](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> $(alert) `code` _u_ # h\nnext';
  const escaped = escapeMarkdown(nasty);
  assert.equal(linkedCommands(escaped).length, 0);
  assert.doesNotMatch(escaped, /(?<!\\)<img/);
  assert.doesNotMatch(escaped, /(?<!\\)\$\(/);
  assert.doesNotMatch(escaped, /(?<!\\)\*\*/);
  assert.match(escaped, /^1\\\./);
  assert.doesNotMatch(escaped, /\n/);
  assert.equal(unescapeMarkdown(escaped), nasty.replace('\n', ' '));
});

test('commandUri encodes the JSON argument array', () => {
  assert.equal(commandUri('iscls.openSection', 'leak-phase'), `command:iscls.openSection?${encodeURIComponent('["leak-phase"]')}`);
});

test('reference labels: first author and year; the author-less Lancet entry uses its journal', () => {
  assert.equal(referenceShortLabel(kb.reference('clarkson1960')!), 'Clarkson 1960');
  assert.equal(referenceNumberedLabel(kb.reference('clarkson1960')!), '1. Clarkson 1960');
  const eighteen = kb.referenceByNumber(18)!;
  assert.equal(eighteen.author, undefined);
  assert.equal(referenceNumberedLabel(eighteen), '18. Lancet 1988');
  for (const reference of kb.references) assert.match(referenceNumberedLabel(reference), /^\d+\. \S.* \d{4}$/);
});

test('PubMed links are searches built from author, title, journal and year — never a PMID', () => {
  const clarkson = kb.reference('clarkson1960')!;
  const url = pubmedSearchUrl(clarkson);
  assert.ok(url.startsWith('https://pubmed.ncbi.nlm.nih.gov/?term='), url);
  const query = decodeURIComponent(url.slice(url.indexOf('=') + 1));
  assert.equal(query, pubmedQuery(clarkson));
  assert.match(query, /^Clarkson\[au\] /);
  assert.match(query, /Cyclical edema and shock due to increased capillary permeability/);
  assert.match(query, /"Am J Med"\[ta\]/);
  assert.match(query, /1960\[dp\]$/);
  const lancet = pubmedQuery(kb.reference('lancet1988')!);
  assert.doesNotMatch(lancet, /\[au\]/);
  assert.match(lancet, /"Lancet"\[ta\] 1988\[dp\]/);
  for (const reference of kb.references) {
    const u = pubmedSearchUrl(reference);
    assert.doesNotMatch(u, /pubmed\.ncbi\.nlm\.nih\.gov\/\d/);
    assert.doesNotMatch(u, /[\s"[\]]/, 'the query is fully encoded');
  }
});

test('otherNames: UK spellings and abbreviations, without the preferred name again', () => {
  const hemo = otherNames(kb.term('hemoconcentration')!);
  assert.ok(hemo.includes('haemoconcentration'), hemo.join());
  assert.ok(!hemo.some((n) => n.toLowerCase() === 'hemoconcentration'));
  const iscls = otherNames(kb.term('iscls')!);
  assert.equal(iscls[0], 'ISCLS');
  assert.ok(iscls.includes('Clarkson disease'));
  // SCLS (capillary leak of any cause) is its own concept, so secondary cases are not labelled idiopathic.
  assert.ok(!iscls.includes('SCLS'), iscls.join());
  assert.equal(otherNames(kb.term('scls')!)[0], 'SCLS');
  // "Clarkson (eponym)" is not followed by "Also: Clarkson".
  assert.deepEqual(otherNames(kb.term('clarkson')!), []);
});

test('term card: bold name, other names, definition, section links, key references with insert link', () => {
  const term = kb.term('hemoconcentration')!;
  const md = termHoverMarkdown(cardInput(term));
  const text = unescapeMarkdown(md);
  assert.match(md, /^\*\*Hemoconcentration\*\*/);
  assert.match(text, /haemoconcentration/);
  assert.ok(text.includes(term.definition), 'definition');
  for (const id of term.sections) {
    assert.ok(md.includes(`](${commandUri('iscls.openSection', id)}`), `link to ${id}`);
    assert.ok(text.includes(kb.section(id)!.title));
  }
  assert.ok(md.includes(`](${commandUri('iscls.insertTermReferences', 'hemoconcentration')})`));
  assert.match(text, /Clarkson 1960; Marks 1973; Druey 2010/);
  for (const command of linkedCommands(md)) assert.ok((HOVER_COMMANDS as readonly string[]).includes(command.replace(/^command:/, '')), command);
});

test('term card: hostile data cannot inject links, HTML or icons', () => {
  const evil: Term = {
    id: 'evil"]',
    name: 'Evil [click](command:workbench.action.terminal.new) <b>x</b>',
    definition: 'Run [this](https://example.com) $(zap) **now**\n\n# heading',
    forms: ['evil', 'evil [form](command:x)'],
    abbreviations: ['E<V>L'],
    sections: ['overview'],
    references: ['clarkson1960'],
  };
  const md = termHoverMarkdown({
    term: evil,
    sections: [{ section: { ...kb.section('overview')!, title: 'T](command:evil) [' }, path: [kb.section('overview')!] }],
    references: [{ ...kb.reference('clarkson1960')!, author: [{ family: '[x](command:evil)' }] }],
  });
  const commands = linkedCommands(md);
  assert.deepEqual(commands.map((c) => c.replace(/^command:/, '')), ['iscls.openSection', 'iscls.insertTermReferences']);
  assert.doesNotMatch(md, /(?<!\\)<b>/);
  assert.doesNotMatch(md, /(?<!\\)\$\(zap/);
  assert.doesNotMatch(md, /\n# heading/);
  // The hostile id only ever appears JSON-encoded inside the URI.
  assert.ok(md.includes(encodeURIComponent(JSON.stringify(['evil"]']))));
});

test('citation card: full formatted text, copy and PubMed links, numbers, unknown keys', () => {
  const clarkson = kb.reference('clarkson1960')!;
  const formatted = 'Clarkson B, Thompson D, Horwith M, Luckey EH. Cyclical edema and shock due to increased capillary permeability. Am J Med. 1960;29:193.';
  const md = citationHoverMarkdown(
    [
      { key: 'clarkson1960', reference: clarkson, formatted, number: 1 },
      { key: 'nosuchkey2099', number: 2 },
    ],
    'AMA (11th edition)',
  );
  const text = unescapeMarkdown(md);
  assert.ok(text.includes(formatted));
  assert.ok(md.startsWith('**[1]** '));
  assert.ok(md.includes(`](${commandUri('iscls.copyReference', 'clarkson1960')}`));
  assert.ok(md.includes(`](${commandUri('iscls.openPubMed', 'clarkson1960')}`));
  assert.match(text, /\*\*\[2\]\*\* \$\(warning\) Unknown citation key `nosuchkey2099`/);
  assert.match(text, /AMA \(11th edition\)/);
  assert.equal(citationHoverMarkdown([]), '');
});

test('a key typed in the document is shown literally: a code span longer than any backtick run', () => {
  assert.equal(literalCode('nokey'), '`nokey`');
  assert.equal(literalCode('a`b'), '``a`b``');
  assert.equal(literalCode('``x'), '``` ``x ```');
  assert.equal(literalCode('line\nbreak'), '`line break`');
  assert.equal(literalCode('$(alert)'), '`$\u200b(alert)`');
  for (const forged of [
    'https://e.x/a<command:iscls.openSection?%5B%22overview%22%5D#>',
    'file:///etc/passwd',
    '<span>x</span>',
    '[x](command:iscls.copyReference)',
  ]) {
    const card = citationHoverMarkdown([{ key: forged }]);
    assert.ok(card.endsWith(literalCode(forged)), card);
    assert.ok(!card.replace(literalCode(forged), '').includes(forged.slice(0, 6)), 'the key appears only inside the code span');
  }
});

test('a citation card names where each key comes from; a library key with a source is known', () => {
  const md = citationHoverMarkdown(
    [
      { key: 'mine2020', source: 'refs.bib, line 12', formatted: 'Mine A. A study. J Test. 2020;1:1-2.' },
      { key: 'clarkson1960', source: 'ISCLS review', formatted: 'Clarkson B. Cyclical edema.' },
    ],
    'AMA (11th edition)',
  );
  const text = unescapeMarkdown(md);
  assert.ok(text.includes('Mine A. A study.'), text);
  assert.ok(!text.includes('Unknown citation key'), text);
  assert.match(text, /\$\(library\) \*From refs\.bib, line 12\*/);
  assert.match(text, /\$\(book\) \*From ISCLS review\*/);
  assert.ok(md.includes(`](${commandUri('iscls.copyReference', 'mine2020')}`));
});

test('citation card: a key not resolved while the library loads says so, never "unknown"', () => {
  const md = citationHoverMarkdown([{ key: 'eo2017', loading: true }, { key: 'nokey', loading: false }]);
  assert.match(md, /\$\(sync~spin\) `eo2017`: loading your library…/);
  assert.doesNotMatch(md.split('\n\n')[0], /Unknown/);
  assert.match(md.split('\n\n').at(-1)!, /Unknown citation key `nokey`/);
});

test('a citation card names the origin of a built-in work: the review (to 2014) or the literature update', () => {
  const md = citationHoverMarkdown([
    { key: 'clarkson1960', source: 'ISCLS review', origin: 'ISCLS review (to 2014)', formatted: 'Clarkson B. Cyclical edema.' },
    { key: 'xie2015', source: 'ISCLS review', origin: 'literature update (checked 2026-12-04)', formatted: 'Xie Z. High-dose IVIG.' },
  ]);
  const text = unescapeMarkdown(md);
  assert.match(text, /\$\(book\) \*From ISCLS review \(to 2014\)\*/);
  assert.match(text, /\$\(book\) \*From literature update \(checked 2026-12-04\)\*/);
});
