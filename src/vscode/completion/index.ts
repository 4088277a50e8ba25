// Citation-key completion:
// - Markdown (pandoc): inside a bracketed citation only — after `[@`, `[-@`, `; @`, or right after
//   the `;` that separates two citations (then the item brings its own ` @`). A bare `@` in prose
//   (e-mail addresses, @mentions) never triggers it.
// - LaTeX: inside the key group of `\cite{…}`, `\citep{…}`, `\autocite[…]{…}`, `\parencite*{…}` …,
//   after `{` or `,`.
// Items: every work of the DOCUMENT's library (the review's 72, then the writer's files that apply to
// it, each tagged with its source), the key as label, "Gousseff 2011" as detail, the formatted
// reference (current style) as documentation (formatted when VS Code resolves the item, then cached
// per library), filterText with author, year and title words so typing "gouss" or "registry" finds
// the entry, sorted by the review's number, then the library in file order, with keys the document
// already cites first. The replace range covers the whole partially typed key.
import * as vscode from 'vscode';
import type { Reference } from '../../core/types';
import type { Work } from '../../core/library/merge';
import type { CslItem } from '../../core/library/types';
import { itemShortLabel } from '../../core/search/search';
import type { DocumentLibrary } from '../shared/documentLibrary';
import { authorLine, displayTitle, referenceShortLabel, sourceLine } from '../../core/presentation/labels';
import { keyEnd, latexSite, pandocSite } from '../../core/presentation/completionSite';
import { LATEX_COMPLETION_LANGUAGES, PANDOC_COMPLETION_LANGUAGES } from '../../core/manuscript/languages';
import type { FeatureContext } from '../shared/commands';
import type { Services } from '../shared/services';
import { isProse, settingsFor } from '../shared/settings';

function filterTextOf(key: string, item: CslItem): string {
  const names = ((item.author as { family?: string; literal?: string }[] | undefined) ?? []).map((a) => a.family ?? a.literal ?? '');
  const year = (item.issued as { 'date-parts'?: unknown[][] } | undefined)?.['date-parts']?.[0]?.[0] ?? '';
  const plain = (v: unknown) => String(v ?? '').replace(/<[^>]+>/g, '');
  // VS Code scores at most the first 128 characters: key, first author, year and title first.
  return `${key} ${names[0] ?? ''} ${year} ${plain(item.title)} ${plain(item['container-title'])} ${names.slice(1).join(' ')}`.replace(/\s+/g, ' ').slice(0, 127);
}

/** A completion item that knows its library, so its documentation is formatted when resolved. */
class KeyItem extends vscode.CompletionItem {
  constructor(
    readonly key: string,
    readonly library: DocumentLibrary,
    readonly style: string,
    readonly review: Reference | undefined,
  ) {
    super(key, vscode.CompletionItemKind.Reference);
  }
}

const escapeMarkdown = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');

class CitationCompletionProvider implements vscode.CompletionItemProvider<KeyItem> {
  /** Formatted references by library, then style and key. */
  private readonly formatted = new WeakMap<DocumentLibrary, Map<string, string>>();

  constructor(
    private readonly s: Services,
    private readonly latex: boolean,
  ) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.CompletionList<KeyItem> | undefined {
    if (!isProse(document)) return undefined;
    const line = document.lineAt(position.line).text;
    const site = this.latex ? latexSite(line, position.character) : pandocSite(line, position.character);
    if (!site) return undefined;
    const end = site.prefix ? position.character : keyEnd(line, position.character);
    const inserting = new vscode.Range(position.line, site.keyStart, position.line, position.character);
    const replacing = new vscode.Range(position.line, site.keyStart, position.line, Math.max(end, position.character));
    const library = this.s.library.forDocument(document);
    const cited = this.s.manuscripts.get(document)?.scan.order ?? [];
    if (token.isCancellationRequested) return undefined;
    const citedRank = new Map(cited.map((k, i) => [k, i]));
    const style = settingsFor(document).style;
    const items = library.merged.works.map((work, index) => {
      const item = this.itemOf(work, library, style, index);
      const rank = work.keys.map((k) => citedRank.get(k)).find((r) => r !== undefined);
      if (rank !== undefined) {
        item.detail = `${item.detail} · cited`;
        item.sortText = `0${String(rank).padStart(6, '0')}`;
      }
      item.insertText = `${site.prefix}${work.key}`;
      item.range = { inserting, replacing };
      return item;
    });
    // Not incomplete: the list is the same whatever is typed; VS Code filters it.
    return new vscode.CompletionList(items, false);
  }

  private itemOf(work: Work, library: DocumentLibrary, style: string, index: number): KeyItem {
    const review = work.entry ? undefined : work.review;
    const item = new KeyItem(work.key, library, style, review);
    if (review) {
      item.detail = referenceShortLabel(review);
      item.label = { label: work.key, description: referenceShortLabel(review) };
      item.filterText = filterTextOf(work.key, review);
      item.sortText = `1${String(review.number).padStart(6, '0')}`;
    } else {
      const short = itemShortLabel(work.item);
      item.detail = `${short} · ${work.source}`;
      item.label = { label: work.key, description: `${short} · ${work.source}` };
      item.filterText = filterTextOf(work.key, work.item);
      item.sortText = `2${String(index).padStart(6, '0')}`;
    }
    // The 72 are formatted at build time: their documentation comes at once (tests read it unresolved).
    if (library.isBase) item.documentation = this.documentation(item);
    return item;
  }

  resolveCompletionItem(item: KeyItem): KeyItem {
    item.documentation ??= this.documentation(item);
    return item;
  }

  /** The formatted reference and where it comes from; formatted once per library, style and key. */
  private documentation(item: KeyItem): vscode.MarkdownString {
    const { key, library, style, review } = item;
    let cache = this.formatted.get(library);
    if (!cache) this.formatted.set(library, (cache = new Map()));
    const id = `${style}\u0000${key}`;
    let text = cache.get(id);
    if (text === undefined) {
      try {
        text = library.formatter.reference(key, style, 'text');
      } catch (error) {
        text = review ? `${authorLine(review)}. ${displayTitle(review)}. ${sourceLine(review)}.` : String(library.merged.get(key)?.item.title ?? key);
        this.s.log.warn(`Completion: could not format ${key}`, error);
      }
      cache.set(id, text);
    }
    // Escaped by hand: appendText would turn every space into &nbsp; and stop the text wrapping.
    const where = review ? `Reference ${review.number}, from the ${this.s.kb.origin(review)}` : `From ${library.sourceOf(key) ?? 'your library'}`;
    return new vscode.MarkdownString(`${escapeMarkdown(text)}\n\n*${escapeMarkdown(where)}* · \`${key}\``);
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
