// Languages from the manuscript's point of view: which ones get completion of which kind, and the
// language a file opens as on the command line. The one list of language ids is the engine's
// CITABLE_LANGUAGES; `test/unit/model.test.ts` checks that the manifest lists exactly these.
import { CITABLE_LANGUAGES, isLatexLanguage, isMarkdownLanguage } from '../manuscript/languages';

/** VS Code language ids of manuscripts, in the manifest's order (the engine's one list). */
export { CITABLE_LANGUAGES } from '../manuscript/languages';

/** Languages whose citations are pandoc's `[@key]` (completion after `[@`). */
export const PANDOC_COMPLETION_LANGUAGES = CITABLE_LANGUAGES.filter(isMarkdownLanguage);

/** Languages whose citations are `\cite{key}` (completion inside the braces). */
export const LATEX_COMPLETION_LANGUAGES = CITABLE_LANGUAGES.filter(isLatexLanguage);

const BY_EXTENSION: Record<string, string> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.qmd': 'quarto',
  '.rmd': 'rmd',
  '.tex': 'latex',
  '.ltx': 'latex',
  '.latex': 'latex',
  '.rst': 'restructuredtext',
  '.adoc': 'asciidoc',
  '.asciidoc': 'asciidoc',
  '.org': 'org',
};

/** The VS Code language a file would open as, from its name; anything else is plain text. */
export function languageOfFile(file: string): string {
  const dot = file.lastIndexOf('.');
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const extension = dot > slash ? file.slice(dot).toLowerCase() : '';
  return BY_EXTENSION[extension] ?? 'plaintext';
}
