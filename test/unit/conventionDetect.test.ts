// Convention detection skips the analyses that cannot count anything (a 1 MB manuscript
// was analysed once per convention). Its answer must stay the one the full analyses give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze } from '../../src/core/manuscript/scan';
import { detectConvention, mayCite } from '../../src/core/manuscript/convention';
import { detectMarkup, isLatexLanguage, isMarkdownLanguage } from '../../src/core/manuscript/languages';
import type { Convention } from '../../src/core/types';

/** The detection as it was: every convention analysed in full. */
function oracle(languageId: string, text: string): Convention {
  const lang = languageId.toLowerCase();
  if (isLatexLanguage(lang)) return 'latex';
  const markup = detectMarkup(lang);
  const pandocCount = analyze(text, 'pandoc').markers.filter((m) => m.form === 'pandoc-bracket').length;
  const numericCount = analyze(text, 'numeric', { markup }).markers.length;
  if (isMarkdownLanguage(lang)) return numericCount > 0 && pandocCount === 0 ? 'numeric' : 'pandoc';
  const latexCount = analyze(text, 'latex').markers.length;
  if (latexCount > 0 && latexCount >= pandocCount && latexCount >= numericCount) return 'latex';
  if (pandocCount > 0 && pandocCount >= numericCount) return 'pandoc';
  return 'numeric';
}

const PIECES = [
  'Text ', 'word. ', '\n', '\n\n', '[@gousseff2011]', '[see @druey2010, p. 4]', '@xie2012', '[1]', '[2, 3]', '[1-3]', '^1^', '^2,3^',
  '<sup>4</sup>', '\\cite{druey2010}', '\\citep[p. 3]{xie2012}', '`[@code]`', '```\n[1] \\cite{x}\n```\n', '<!-- [@hidden] -->',
  '% \\cite{comment}\n', '10^9^/L', '[link](http://x)', '[@', ']', '@', '\\', '[ 7 ]', 'e-mail a@b.org ',
  '<!-- iscls-references style=american-medical-association -->\n1. Entry.\n<!-- /iscls-references -->\n',
];
const LANGUAGES = ['markdown', 'plaintext', 'latex', 'restructuredtext', 'quarto', 'org'];

test('detectConvention answers as the full analyses of every convention do (generated documents)', () => {
  fc.assert(
    fc.property(fc.constantFrom(...LANGUAGES), fc.array(fc.constantFrom(...PIECES), { maxLength: 25 }), (lang, parts) => {
      const text = parts.join('');
      assert.equal(detectConvention(lang, text), oracle(lang, text), JSON.stringify({ lang, text }));
      const options = { knownKeys: new Set(['gousseff2011', 'druey2010']), markup: detectMarkup(lang) };
      assert.equal(detectConvention(lang, text, options), oracle(lang, text));
    }),
    { numRuns: 2000 },
  );
});

test('mayCite is false only when the scan of that convention finds no marker', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 25 }), (parts) => {
      const text = parts.join('');
      if (!mayCite(text, 'pandoc')) assert.equal(analyze(text, 'pandoc').markers.filter((m) => m.form === 'pandoc-bracket').length, 0);
      if (!mayCite(text, 'latex')) assert.equal(analyze(text, 'latex').markers.length, 0);
      for (const markup of ['markdown', 'plain'] as const) {
        if (!mayCite(text, 'numeric')) assert.equal(analyze(text, 'numeric', { markup }).markers.length, 0);
      }
    }),
    { numRuns: 2000 },
  );
});

test('a Markdown manuscript citing with pandoc brackets is analysed once, and that analysis is reused', () => {
  const text = 'Clarkson described it [@clarkson1960]. Later [1] appeared.\n'.repeat(50);
  const options = { knownKeys: new Set(['clarkson1960']), markup: 'markdown' as const };
  assert.equal(detectConvention('markdown', text, options), 'pandoc');
  // The model's scan asks for the same analysis: the very object, not a new one.
  assert.equal(analyze(text, 'pandoc', options), analyze(text, 'pandoc', { ...options }));
  // A plan's line break does not make a new analysis either.
  const crlf = analyze(text, 'pandoc', options, '\r\n');
  assert.equal(crlf.eol, '\r\n');
  assert.equal(crlf.markers, analyze(text, 'pandoc', options).markers);
});
