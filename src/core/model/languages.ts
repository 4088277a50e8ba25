// The one list of the language ids the extension works in (hover cards, completion, diagnostics,
// the editor menu and the keybinding), and the language a file opens as on the command line.
// `test/unit/model.test.ts` checks that the manifest lists exactly these.

/** VS Code language ids of manuscripts, in the manifest's order. */
export const PROSE_LANGUAGES = ['markdown', 'latex', 'tex', 'plaintext', 'restructuredtext', 'asciidoc', 'quarto', 'rmd', 'org'] as const;

/** Languages whose citations are pandoc's `[@key]` (completion after `[@`). */
export const PANDOC_LANGUAGES = ['markdown', 'quarto', 'rmd'] as const;

/** Languages whose citations are `\cite{key}` (completion inside the braces). */
export const LATEX_LANGUAGES = ['latex', 'tex'] as const;

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
