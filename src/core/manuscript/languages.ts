// The one list of language ids the extension works in, what each means for citations (which completion
// it gets), and the language a file opens as on the command line. `test/unit/model.test.ts` checks that
// the manifest lists exactly CITABLE_LANGUAGES.

/**
 * Language ids in which the extension offers citations, hover cards, completion and diagnostics
 * (the manifest's activation events, editor menus and `iscls.hover.languages` default list these).
 */
export const CITABLE_LANGUAGES: readonly string[] = [
  'markdown',
  'latex',
  'tex',
  'plaintext',
  'restructuredtext',
  'asciidoc',
  'quarto',
  'rmd',
  'org',
];

/** Markdown dialects: pandoc citations, Markdown structure (code, comments, front matter). */
export const MARKDOWN_LANGUAGES: ReadonlySet<string> = new Set(['markdown', 'md', 'rmd', 'rmarkdown', 'quarto', 'qmd', 'pandoc', 'mdx']);
/** LaTeX dialects: `\cite` citations, `%` comments, verbatim environments. */
export const LATEX_LANGUAGES: ReadonlySet<string> = new Set(['latex', 'tex', 'plaintex', 'context', 'latex-expl3', 'doctex', 'rsweave', 'bibtex']);

/** Whether a VS Code language id is a LaTeX dialect (its citations are `\cite`). */
export function isLatexLanguage(languageId: string): boolean {
  return LATEX_LANGUAGES.has(languageId.toLowerCase());
}

/** Whether a VS Code language id is a Markdown dialect. */
export function isMarkdownLanguage(languageId: string): boolean {
  return MARKDOWN_LANGUAGES.has(languageId.toLowerCase());
}

/** Markup for numeric documents: Markdown-like languages → 'markdown', else 'plain'. */
export function detectMarkup(languageId: string): 'markdown' | 'plain' {
  return isMarkdownLanguage(languageId) ? 'markdown' : 'plain';
}

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
