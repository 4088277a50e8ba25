// What a manuscript becomes on its way into pandoc (pure planning, no pandoc).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanDocument } from '../../src/core/manuscript';
import { planPandocInput, REFS_PLACEHOLDER } from '../../src/core/export/pandocInput';
import { authorNamesInText } from '../../src/core/preview/authorInText';
import type { Convention } from '../../src/core/types';

const known = new Set(['a', 'b']);
const plan = (text: string, convention: Convention) => planPandocInput(text, convention, scanDocument(text, convention, { knownKeys: known, markup: 'markdown' }));
const BLOCK = '<!-- iscls-references style=american-medical-association keys=a,b -->\n1. A\n2. B\n<!-- /iscls-references -->';

test('pandoc: the managed list becomes the #refs div, in place; unknown keys are reported', () => {
  const p = plan(`Text [@a; @b] and [@zz].\n\n# References\n\n${BLOCK}\n\nAppendix.\n`, 'pandoc');
  assert.equal(p.text, 'Text [@a; @b] and [@zz].\n\n# References\n\n::: {#refs}\n:::\n\nAppendix.\n');
  assert.deepEqual([p.reader, p.citeproc, p.keys, p.unknown], ['markdown', true, ['a', 'b'], ['zz']]);
});

test('pandoc: a document with its own #refs div keeps it and loses the managed block; CRLF stays CRLF', () => {
  const own = plan(`Text [@a].\n\n::: {#refs .small}\n:::\n\n${BLOCK}\n`, 'pandoc');
  assert.equal(own.text, 'Text [@a].\n\n::: {#refs .small}\n:::\n\n\n');
  const crlf = plan(`Text [@a].\r\n\r\n${BLOCK.replace(/\n/g, '\r\n')}\r\n`, 'pandoc');
  assert.equal(crlf.text, 'Text [@a].\r\n\r\n::: {#refs}\r\n:::\r\n');
});

test('numeric: converted as written, no citeproc; nothing cited is a note', () => {
  const text = `Text.^1,2^\n\n${BLOCK}\n`;
  const p = plan(text, 'numeric');
  assert.deepEqual([p.text, p.citeproc, p.note], [text, false, undefined]);
  assert.match(plan('No citations.\n', 'pandoc').note ?? '', /cites no reference/);
  assert.equal(plan('No citations.\n', 'pandoc').citeproc, false);
});

test('latex: citeproc on the LaTeX reader; the list goes where the managed thebibliography block stood', () => {
  const block = '% iscls-references style=american-medical-association keys=a\n\\begin{thebibliography}{99}\n\\bibitem{a} A\n\\end{thebibliography}\n% /iscls-references';
  const p = plan(`Text \\cite{a}.\n\n${block}\n\\section{Appendix}\n\\end{document}\n`, 'latex');
  assert.deepEqual([p.reader, p.citeproc, p.refsPlaceholder], ['latex', true, true]);
  assert.equal(p.text, `Text \\cite{a}.\n\n\n\n${REFS_PLACEHOLDER}\n\n\n\\section{Appendix}\n\\end{document}\n`);
});

test('latex: the list goes where \\printbibliography or \\bibliography{} stands (the first; others and comments aside)', () => {
  const biblatex = plan('See \\autocite{a}.\n% \\printbibliography in a comment\n\\printbibliography[heading=bibintoc]\n\\appendix\nMore.\n', 'latex');
  assert.equal(biblatex.text, `See \\autocite{a}.\n% \\printbibliography in a comment\n\n\n${REFS_PLACEHOLDER}\n\n\n\\appendix\nMore.\n`);
  const natbib = plan('See \\citep{a}.\n\\bibliographystyle{plainnat}\n\\bibliography{refs,iscls-references}\n\\section{After}\n\\bibliography{again}\n', 'latex');
  assert.equal(natbib.text, `See \\citep{a}.\n\\bibliographystyle{plainnat}\n\n\n${REFS_PLACEHOLDER}\n\n\n\\section{After}\n\n`);
  const none = plan('See \\cite{a}.\n', 'latex');
  assert.deepEqual([none.text, none.refsPlaceholder], ['See \\cite{a}.\n', false]);
});

test('numeric style: a bare @key gets the names before its number (pandoc prints the number alone)', () => {
  const names = (k: string) => ({ a: 'Gousseff et al.', b: undefined })[k as 'a' | 'b'];
  const text = '@a reported it [@b]. Then @a [p. 3] again, @b too, and @zz. Mail x@a.org.\n';
  const p = planPandocInput(text, 'pandoc', scanDocument(text, 'pandoc', { knownKeys: known, markup: 'markdown' }), { authorInText: names });
  assert.equal(p.text, 'Gousseff et al. [@a] reported it [@b]. Then Gousseff et al. [@a, p. 3] again, @b too, and @zz. Mail x@a.org.\n');
  assert.equal(plan(text, 'pandoc').text, text, 'author-date styles: citeproc prints the names itself');
});

test('authorNamesInText: one, two, three or more, truncated, corporate, particles, none', () => {
  const n = (family: string) => ({ family, given: 'A' });
  assert.equal(authorNamesInText({ author: [n('Clarkson')] }), 'Clarkson');
  assert.equal(authorNamesInText({ author: [n('Druey'), n('Greipp')] }), 'Druey and Greipp');
  assert.equal(authorNamesInText({ author: [n('Gousseff'), n('Arnaud'), n('Lambert')] }), 'Gousseff et al.');
  assert.equal(authorNamesInText({ author: [n('Dahan')], 'authors-truncated': true }), 'Dahan et al.');
  assert.equal(authorNamesInText({ author: [n('Eo'), { literal: 'et al.' }] }), 'Eo et al.');
  assert.equal(authorNamesInText({ author: [{ literal: 'World Health Organization' }] }), 'World Health Organization');
  assert.equal(authorNamesInText({ author: [{ family: 'Berg', 'non-dropping-particle': 'van der' }] }), 'van der Berg');
  assert.equal(authorNamesInText({ editor: [n('Ed')] }), 'Ed');
  assert.equal(authorNamesInText({ title: 'Anonymous' }), undefined);
});

test('pandoc: a work cited by two of its keys goes to citeproc under the key it is listed by, once per bracket', () => {
  const keys = new Set(['a', 'a2', 'ab', 'b']);
  const canonical = (key: string) => (key === 'a2' ? 'a' : key);
  const text = 'One [@a2]. Two [@a; @a2, p. 3]. Three [@ab; @a2; @a2]. Four @a2 and @{a2}.\n';
  const scan = scanDocument(text, 'pandoc', { knownKeys: keys, markup: 'markdown', canonical });
  assert.deepEqual(scan.order, ['a2', 'ab']);
  const p = planPandocInput(text, 'pandoc', scan, { canonical });
  assert.equal(p.text, text.replace('[@a; @a2', '[@a2; @a2'), 'the key cited first names the work');
  const later = `First [@a]. ${text}`;
  const q = planPandocInput(later, 'pandoc', scanDocument(later, 'pandoc', { knownKeys: keys, markup: 'markdown', canonical }), { canonical });
  assert.equal(q.text, 'First [@a]. One [@a]. Two [@a; @a, p. 3]. Three [@ab; @a]. Four @a and @{a}.\n');
  assert.deepEqual(q.keys, ['a', 'ab']);
});
