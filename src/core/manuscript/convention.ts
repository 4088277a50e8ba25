// Which citation convention a document uses: its language, unless its markers say otherwise.
import type { Convention } from '../types';
import { detectMarkup, isLatexLanguage, isMarkdownLanguage } from './languages';
import { analyze } from './scan';

/**
 * markdown → pandoc, latex/tex → latex, anything else → numeric; but the markers already in the
 * text win: a Markdown document citing only with numeric markers stays numeric, a plain-text
 * document with `[@key]` markers is pandoc, one with `\cite{}` is latex.
 */
export function detectConvention(languageId: string, text: string): Convention {
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
