// Where a citation key is being typed: the pandoc site (`[@gou`, `[see @gou`, `[@a; @gou`, right
// after the `;` separating citations) and the LaTeX site (the key group of `\cite{…}`,
// `\citep[…]{…}`, `\parencite*{…}` …). Pure: completion in `vscode/completion` asks these.

/** Characters of a pandoc citation key (pandoc's rules, loosely). */
const KEY_CHAR = /[A-Za-z0-9_:.#$%&\-+?<>~/]/;

export interface CitationSite {
  /** Where the typed key starts (its first character; equal to `cursor` when nothing is typed). */
  keyStart: number;
  /** Text inserted before the key: '' after `@` / `{` / `,`; ' @' or '@' right after a `;`. */
  prefix: string;
}

/** The pandoc citation site at `column` of `line`, if the cursor is typing a key in `[...]`. */
export function pandocSite(line: string, column: number): CitationSite | undefined {
  const before = line.slice(0, column);
  const open = before.lastIndexOf('[');
  if (open < 0 || before.lastIndexOf(']') > open) return undefined;
  const inside = before.slice(open + 1);
  // `[@gou`, `[see @gou`, `[-@gou`, `[@a; @gou`, `[@a, p. 3; -@gou` — but not `[mail me@x`: the @
  // must open the bracket or follow a space or `;`.
  const typing = /(^|[\s;\[])-?@([A-Za-z0-9_:.#$%&\-+?<>~/]*)$/.exec(inside);
  if (typing) return { keyStart: column - typing[2].length, prefix: '' };
  // Right after the `;` separating citations: the bracket must already hold a citation.
  const afterSemicolon = /;(\s*)$/.exec(inside);
  if (afterSemicolon && /(^|[\s;])-?@[A-Za-z0-9_]/.test(inside)) {
    return { keyStart: column, prefix: afterSemicolon[1].length ? '@' : ' @' };
  }
  return undefined;
}

/** The LaTeX citation site: the cursor is in the key group of a cite command. */
export function latexSite(line: string, column: number): CitationSite | undefined {
  const before = line.slice(0, column);
  const match = /\\[A-Za-z]*cite[A-Za-z]*\*?(?:\s*\[[^\]]*\]){0,2}\s*\{([^{}]*)$/.exec(before);
  if (!match) return undefined;
  const partial = /([^,\s]*)$/.exec(match[1])![1];
  if (partial && ![...partial].every((c) => KEY_CHAR.test(c))) return undefined;
  return { keyStart: column - partial.length, prefix: '' };
}

/** The end of the key that continues after the cursor (so accepting replaces it entirely). */
export function keyEnd(line: string, column: number): number {
  let end = column;
  while (end < line.length && KEY_CHAR.test(line[end])) end++;
  // A key never ends in punctuation that pandoc treats as trailing (e.g. "[@a.]").
  while (end > column && /[.:#$%&\-+?<>~/]/.test(line[end - 1])) end--;
  return end;
}
