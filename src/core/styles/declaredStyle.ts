// pandoc's `csl:` in a Markdown document's YAML metadata block: the style that document asks for,
// as written (a path relative to the document's folder, or a style id). Pure.

/** The `csl:` value of the document's front matter, if it has one. */
export function declaredStyle(text: string): string | undefined {
  const block = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text)?.[1];
  if (!block) return undefined;
  const line = /^csl[ \t]*:[ \t]*(.*?)[ \t]*$/m.exec(block);
  if (!line) return undefined;
  const value = line[1].replace(/[ \t]+#.*$/, '').replace(/^(['"])(.*)\1$/, '$2').trim();
  return value || undefined;
}
