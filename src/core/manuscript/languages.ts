// The one list of language ids the extension works in, and what each means for citations.

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
