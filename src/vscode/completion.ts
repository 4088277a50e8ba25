// Citation-key completion:
// - Markdown (pandoc): inside a bracketed citation only — after `[@`, `[-@`, `; @`, or right after
//   the `;` that separates two citations (then the item brings its own ` @`). A bare `@` in prose
//   (e-mail addresses, @mentions) never triggers it.
// - LaTeX: inside the key group of `\cite{…}`, `\citep{…}`, `\autocite[…]{…}`, `\parencite*{…}` …,
//   after `{` or `,`.
// Items: the key as label, "Gousseff 2011" as detail, the formatted reference (current style) as
// documentation (formatted once per style, then cached), filterText with author, year and title words so typing "gouss"
// or "registry" finds the entry, sorted by the review's number with keys the document already
// cites first. The replace range covers the whole partially typed key.
import * as vscode from 'vscode';
import type { Services } from './services';
import { isProse, settingsFor } from './services';
import type { Reference } from '../core/types';
import { authorLine, citedKeys, displayTitle, errorMessage } from './cite';
import { referenceShortLabel, referenceYear, sourceLine } from '../core/hoverContent';

/** Languages written with pandoc citations. */
const PANDOC_LANGUAGES = ['markdown', 'quarto', 'rmd'];
const LATEX_LANGUAGES = ['latex', 'tex'];

/** Characters of a pandoc citation key (pandoc's rules, loosely). */
const KEY_CHAR = /[A-Za-z0-9_:.#$%&\-+?<>~/]/;

interface CitationSite {
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
  // `[@gou`, `[see @gou`, `[-@gou`, `[@a; @gou`, `[@a, p. 3; -@gou`
  const typing = /(^|[\s;\[])-?@([A-Za-z0-9_:.#$%&\-+?<>~/]*)$/.exec(inside);
  if (typing) {
    // `[see @x` is fine, but `[mail me@x` is not: the @ must open the bracket or follow space/;.
    return { keyStart: column - typing[2].length, prefix: '' };
  }
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
function keyEnd(line: string, column: number): number {
  let end = column;
  while (end < line.length && KEY_CHAR.test(line[end])) end++;
  // A key never ends in punctuation that pandoc treats as trailing (e.g. "[@a.]").
  while (end > column && /[.:#$%&\-+?<>~/]/.test(line[end - 1])) end--;
  return end;
}

function filterTextOf(ref: Reference): string {
  const key = ref['citation-key'];
  const others = (ref.author ?? []).slice(1).map((a) => a.family ?? a.literal ?? '').join(' ');
  // VS Code scores at most the first 128 characters: key, first author, year and title first.
  return `${key} ${ref.author?.[0]?.family ?? ''} ${referenceYear(ref)} ${ref.title} ${ref['container-title']} ${others}`.replace(/\s+/g, ' ').slice(0, 127);
}

class CitationCompletionProvider implements vscode.CompletionItemProvider<CitationItem> {
  private readonly formatted = new Map<string, string>();

  constructor(
    private readonly s: Services,
    private readonly latex: boolean,
  ) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.CompletionList<CitationItem> | undefined {
    if (!isProse(document)) return undefined;
    const line = document.lineAt(position.line).text;
    const site = this.latex ? latexSite(line, position.character) : pandocSite(line, position.character);
    if (!site) return undefined;
    const end = site.prefix ? position.character : keyEnd(line, position.character);
    const inserting = new vscode.Range(position.line, site.keyStart, position.line, position.character);
    const replacing = new vscode.Range(position.line, site.keyStart, position.line, Math.max(end, position.character));
    let cited: string[] = [];
    try {
      cited = citedKeys(this.s, document);
    } catch (error) {
      this.s.log.warn(`Completion: could not scan the document: ${errorMessage(error)}`);
    }
    if (token.isCancellationRequested) return undefined;
    const citedRank = new Map(cited.map((k, i) => [k, i]));
    const style = settingsFor(document).style;
    const items = this.s.kb.references.map((ref) => {
      const key = ref['citation-key'];
      const rank = citedRank.get(key);
      const item = new CitationItem(key, ref, style);
      item.kind = vscode.CompletionItemKind.Reference;
      item.detail = `${referenceShortLabel(ref)}${rank !== undefined ? ' · cited' : ''}`;
      item.label = { label: key, description: referenceShortLabel(ref) };
      item.filterText = filterTextOf(ref);
      item.insertText = `${site.prefix}${key}`;
      item.range = { inserting, replacing };
      item.documentation = this.documentation(ref, style);
      item.sortText = rank !== undefined ? `0${String(rank).padStart(3, '0')}` : `1${String(ref.number).padStart(3, '0')}`;
      return item;
    });
    // Not incomplete: the list is the same whatever is typed; VS Code filters it.
    return new vscode.CompletionList(items, false);
  }

  /** The formatted reference as documentation; formatted once per style and key. */
  private documentation(ref: Reference, style: string): vscode.MarkdownString {
    const key = ref['citation-key'];
    const id = `${style}\u0000${key}`;
    let text = this.formatted.get(id);
    if (text === undefined) {
      try {
        text = this.s.formatter.reference(key, style, 'text');
      } catch (error) {
        text = `${authorLine(ref)}. ${displayTitle(ref)}. ${sourceLine(ref)}.`;
        this.s.log.warn(`Completion: could not format ${key}: ${errorMessage(error)}`);
      }
      this.formatted.set(id, text);
    }
    // Escaped by hand: appendText would turn every space into &nbsp; and stop the text wrapping.
    const escape = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');
    return new vscode.MarkdownString(`${escape(text)}\n\n*Reference ${ref.number} of the ISCLS review* · \`${key}\``);
  }
}

class CitationItem extends vscode.CompletionItem {
  constructor(
    readonly key: string,
    readonly reference: Reference,
    readonly style: string,
  ) {
    super(key, vscode.CompletionItemKind.Reference);
  }
}

export function registerCompletion(s: Services): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider(
      PANDOC_LANGUAGES.map((language) => ({ language })),
      new CitationCompletionProvider(s, false),
      '@',
      ';',
    ),
    vscode.languages.registerCompletionItemProvider(
      LATEX_LANGUAGES.map((language) => ({ language })),
      new CitationCompletionProvider(s, true),
      '{',
      ',',
    ),
  );
}
