// Generated hostile library files: each is small or valid, and each once cost exponential, cubic or
// quadratic time, or a stack overflow that dropped the whole file. Shared by the unit tests (which
// assert the result) and the hostile-input measurement script (which times them).

/** A diamond of `levels` @xdata pairs: each pair inherits from both entries of the pair below. */
export function xdataDiamond(levels: number): string {
  const lines = ['@xdata{a0, publisher = {Diamond Press}}', '@xdata{b0, location = {Basel}}'];
  for (let i = 1; i <= levels; i++) {
    lines.push(`@xdata{a${i}, xdata = {a${i - 1},b${i - 1}}}`, `@xdata{b${i}, xdata = {a${i - 1},b${i - 1}}}`);
  }
  lines.push(`@book{top, title = {Top}, year = 2001, xdata = {a${levels},b${levels}}}`);
  return `${lines.join('\n')}\n`;
}

/** `n` books, each a crossref child of the one before (e1 ← e2 ← … ← en). */
export function crossrefChain(n: number): string {
  const lines = ['@book{e1, title = {Root}, publisher = {Chain Press}, year = 1999}'];
  for (let i = 2; i <= n; i++) lines.push(`@book{e${i}, title = {Book ${i}}, crossref = {e${i - 1}}}`);
  return `${lines.join('\n')}\n`;
}

/** `macros` @string definitions, one parent, and `children` crossref children of it. */
export function stringsAndChildren(macros: number, children: number): string {
  const lines: string[] = [];
  for (let i = 0; i < macros; i++) lines.push(`@string{m${i} = {Macro ${i}}}`);
  lines.push('@book{parent, title = {Parent}, publisher = m0, year = 2000}');
  for (let i = 0; i < children; i++) lines.push(`@incollection{c${i}, title = {Child ${i}}, crossref = {parent}}`);
  return `${lines.join('\n')}\n`;
}

/** A good entry, one whose title nests `depth` braces, and another good entry. */
export function nestedBraces(depth: number): string {
  return `@article{before, title = {Before}, year = 2001}\n@article{deep, title = {${'{'.repeat(depth)}x${'}'.repeat(depth)}}, year = 2002}\n@article{after, title = {After}, year = 2003}\n`;
}

/** `n` small, valid BibTeX entries. */
export function manyEntries(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`@article{k${i}, author = {Doe, Jane}, title = {Title ${i}}, journal = {J}, year = 2001, volume = 1, pages = {1--2}}\n`);
  return parts.join('');
}

/** A CSL-YAML library whose second item's title is a billion-laughs alias bomb (about 1 KB). */
export function yamlAliasBomb(levels = 9): string {
  const lines = ['references:', '- id: good1', '  title: Good one', '- id: bomb', '  type: article-journal', `  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
  for (let i = 1; i <= levels; i++) lines.push(`  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  lines.push(`  title: *a${levels}`, '- id: good2', '  title: Good two', '');
  return lines.join('\n');
}

/** A CSL-JSON library whose second item's title is `depth` nested arrays. */
export function deepJsonTitle(depth: number): string {
  return `[\n{"id": "good1", "title": "Good one"},\n{"id": "deep", "title": ${'['.repeat(depth)}"x"${']'.repeat(depth)}},\n{"id": "good2", "title": "Good two"}\n]\n`;
}
