// Which citation convention a document uses: its language, unless its markers say otherwise.
import type { Convention } from '../types';
import { detectMarkup, isLatexLanguage, isMarkdownLanguage } from './languages';
import { analyze } from './scan';
import type { ScanOptions } from './types';

/**
 * What every marker of each convention starts with (a superset of what the scanners accept): a
 * pandoc bracket holds an `@` before its `]`, a numeric marker is `[` + digit, `^` + digit or `<sup>`,
 * a LaTeX one is a backslash command containing `cite`. Each test stops at its first hit.
 */
const MAY_CITE: Record<Convention, RegExp> = {
  pandoc: /\[[^[\]]*@/,
  numeric: /\[\s*\d|\^\d|<sup>/i,
  latex: /\\[A-Za-z]*cite/,
};

/**
 * Whether `text` may hold a marker of `convention`. False means the convention's scan finds none,
 * without the scan's full analysis (regions, managed list) of a long manuscript.
 */
export function mayCite(text: string, convention: Convention): boolean {
  return MAY_CITE[convention].test(text);
}

/** Like mayCite, counting pandoc's in-text `@key` as well as brackets. */
export function mayHaveMarkers(text: string, convention: Convention): boolean {
  return convention === 'pandoc' ? text.includes('@') : mayCite(text, convention);
}

/**
 * markdown → pandoc, latex/tex → latex, anything else → numeric; but the markers already in the
 * text win: a Markdown document citing only with numeric markers stays numeric, a plain-text
 * document with `[@key]` markers is pandoc, one with `\cite{}` is latex.
 *
 * A convention whose markers cannot occur in the text (mayCite) counts 0 without being analysed,
 * and a Markdown document that cites with pandoc brackets is pandoc without a numeric analysis.
 * `options` (the known keys and markup the document will be analysed with) make the analyses made
 * here the very ones the manuscript model and the convention check then reuse (scan.ts keeps them):
 * marker counts do not depend on them.
 */
export function detectConvention(languageId: string, text: string, options: ScanOptions = {}): Convention {
  const lang = languageId.toLowerCase();
  if (isLatexLanguage(lang)) return 'latex';
  const scan = { ...options, markup: options.markup ?? detectMarkup(lang) };
  const pandocCount = once(() => (mayCite(text, 'pandoc') ? analyze(text, 'pandoc', scan).markers.filter((m) => m.form === 'pandoc-bracket').length : 0));
  const numericCount = once(() => (mayCite(text, 'numeric') ? analyze(text, 'numeric', scan).markers.length : 0));
  if (isMarkdownLanguage(lang)) return pandocCount() === 0 && numericCount() > 0 ? 'numeric' : 'pandoc';
  const latexCount = mayCite(text, 'latex') ? analyze(text, 'latex', scan).markers.length : 0;
  if (latexCount > 0 && latexCount >= pandocCount() && latexCount >= numericCount()) return 'latex';
  if (pandocCount() > 0 && pandocCount() >= numericCount()) return 'pandoc';
  return 'numeric';
}

function once<T>(f: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = f();
      done = true;
    }
    return value;
  };
}
