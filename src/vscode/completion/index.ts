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
import type { Reference } from '../../core/types';
import { authorLine, displayTitle, referenceShortLabel, referenceYear, sourceLine } from '../../core/presentation/labels';
import { keyEnd, latexSite, pandocSite } from '../../core/presentation/completionSite';
import { LATEX_COMPLETION_LANGUAGES, PANDOC_COMPLETION_LANGUAGES } from '../../core/model/languages';
import type { FeatureContext } from '../shared/commands';
import type { Services } from '../shared/services';
import { isProse, settingsFor } from '../shared/settings';

function filterTextOf(ref: Reference): string {
  const key = ref['citation-key'];
  const others = (ref.author ?? []).slice(1).map((a) => a.family ?? a.literal ?? '').join(' ');
  // VS Code scores at most the first 128 characters: key, first author, year and title first.
  return `${key} ${ref.author?.[0]?.family ?? ''} ${referenceYear(ref)} ${ref.title} ${ref['container-title']} ${others}`.replace(/\s+/g, ' ').slice(0, 127);
}

class CitationCompletionProvider implements vscode.CompletionItemProvider {
  private readonly formatted = new Map<string, string>();

  constructor(
    private readonly s: Services,
    private readonly latex: boolean,
  ) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.CompletionList | undefined {
    if (!isProse(document)) return undefined;
    const line = document.lineAt(position.line).text;
    const site = this.latex ? latexSite(line, position.character) : pandocSite(line, position.character);
    if (!site) return undefined;
    const end = site.prefix ? position.character : keyEnd(line, position.character);
    const inserting = new vscode.Range(position.line, site.keyStart, position.line, position.character);
    const replacing = new vscode.Range(position.line, site.keyStart, position.line, Math.max(end, position.character));
    const cited = this.s.manuscripts.get(document)?.scan.order ?? [];
    if (token.isCancellationRequested) return undefined;
    const citedRank = new Map(cited.map((k, i) => [k, i]));
    const style = settingsFor(document).style;
    const items = this.s.kb.references.map((ref) => {
      const key = ref['citation-key'];
      const rank = citedRank.get(key);
      const item = new vscode.CompletionItem(key, vscode.CompletionItemKind.Reference);
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
        this.s.log.warn(`Completion: could not format ${key}`, error);
      }
      this.formatted.set(id, text);
    }
    // Escaped by hand: appendText would turn every space into &nbsp; and stop the text wrapping.
    const escape = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');
    return new vscode.MarkdownString(`${escape(text)}\n\n*Reference ${ref.number} of the ISCLS review* · \`${key}\``);
  }
}

export function registerCompletion(ctx: FeatureContext): void {
  const { s } = ctx;
  ctx.push(
    vscode.languages.registerCompletionItemProvider(
      PANDOC_COMPLETION_LANGUAGES.map((language) => ({ language })),
      new CitationCompletionProvider(s, false),
      '@',
      ';',
    ),
    vscode.languages.registerCompletionItemProvider(
      LATEX_COMPLETION_LANGUAGES.map((language) => ({ language })),
      new CitationCompletionProvider(s, true),
      '{',
      ',',
    ),
  );
}
