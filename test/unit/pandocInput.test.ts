// What a manuscript becomes on its way into pandoc (pure planning, no pandoc).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanDocument } from '../../src/core/manuscript';
import { planPandocInput } from '../../src/core/pandocInput';
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

test('latex: citeproc on the LaTeX reader; the managed thebibliography block is removed', () => {
  const block = '% iscls-references style=american-medical-association keys=a\n\\begin{thebibliography}{99}\n\\bibitem{a} A\n\\end{thebibliography}\n% /iscls-references';
  const p = plan(`Text \\cite{a}.\n\n${block}\n\\end{document}\n`, 'latex');
  assert.deepEqual([p.reader, p.citeproc, p.text], ['latex', true, 'Text \\cite{a}.\n\n\n\\end{document}\n']);
});
