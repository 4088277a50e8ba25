// BibTeX writer for the review's references (journal articles). Pure: no `vscode`, no I/O.
// Replaces Citation.js (issue 11: ~290 KiB of bundle, fetch polyfills included, ~50 ms to load) and
// writes what it wrote for our data, byte for byte (test/unit/export.test.ts compares the two).
import type { CslName, Reference } from './types';

/** LaTeX accent commands for the combining marks that follow a base letter after NFD. */
const ACCENTS: Record<string, string> = {
  '\u0300': '`', '\u0301': "'", '\u0302': '^', '\u0303': '~', '\u0304': '=', '\u0306': 'u', '\u0307': '.',
  '\u0308': '"', '\u030a': 'r', '\u030b': 'H', '\u030c': 'v', '\u0327': 'c', '\u0328': 'k',
};

/** Characters BibTeX or LaTeX would read as markup, written as text. */
const SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', '&': '\\&', '%': '\\%', $: '\\$', '#': '\\#', _: '\\_',
  '~': '\\textasciitilde{}', '^': '\\textasciicircum{}',
};

/**
 * Text as BibTeX field content: LaTeX's specials escaped, accented Latin letters as accent commands
 * (`ü` → `{\" u}`, readable by BibTeX, biber and pandoc alike); other characters kept as UTF-8.
 */
export function latexText(text: string): string {
  let out = '';
  const chars = [...text.normalize('NFD')];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const accent = ACCENTS[chars[i + 1]];
    if (accent && /[A-Za-z]/.test(c)) {
      out += `{\\${accent} ${c}}`;
      i++;
    } else {
      out += SPECIALS[c] ?? c;
    }
  }
  return out.normalize('NFC');
}

/**
 * A sentence-case title with its capitalised words (other than the title's first character) in
 * braces, so that BibTeX styles that lower-case titles keep "European", "IgG", "TNF" as written.
 */
function protectCapitals(title: string): string {
  return title.replace(/[\p{L}\p{N}]+/gu, (word, at: number) => (at > 0 && /\p{Lu}/u.test(word) ? `{${word}}` : word));
}

function name(n: CslName): string {
  if (n.literal !== undefined) return n.literal === 'others' ? 'others' : `{${latexText(n.literal)}}`;
  const family = latexText(n.family ?? '');
  return n.given ? `${family}, ${latexText(n.given)}` : family;
}

/**
 * One `@article` per reference, keyed by its citation key, fields in the order Citation.js wrote
 * them. A list the source truncated with "et al." ends in BibTeX's `and others` (BibTeX, biber and
 * pandoc print it as "et al."). BibTeX has no field for the journal abbreviation; `journal` holds
 * it (it is all the review gives). Page ranges get BibTeX's en dash (`--`).
 */
export function toBibtex(refs: readonly Reference[]): string {
  const entries = refs.map((ref) => {
    const fields: [string, string | undefined][] = [];
    const authors = [...(ref.author ?? []), ...(ref['authors-truncated'] ? [{ literal: 'others' }] : [])];
    if (authors.length) fields.push(['author', authors.map(name).join(' and ')]);
    fields.push(['journal', ref['container-title'] && latexText(ref['container-title'])]);
    fields.push(['year', ref.issued?.['date-parts']?.[0]?.[0]?.toString()]);
    fields.push(['pages', ref.page && latexText(ref.page).replace(/(\w)\s*[-\u2013]\s*(?=\w)/g, '$1--')]);
    fields.push(['title', ref.title && protectCapitals(latexText(ref.title))]);
    fields.push(['volume', ref.volume && latexText(ref.volume)]);
    const body = fields.filter(([, v]) => v).map(([k, v]) => `\t${k} = {${v}},\n`).join('');
    return `@article{${ref['citation-key'] || ref.id},\n${body}}\n`;
  });
  return entries.join('');
}
