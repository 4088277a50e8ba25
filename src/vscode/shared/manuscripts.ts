// The manuscript model of each open document, analysed once per version and shared by every
// feature (cite, sidebar, hover, completion, diagnostics, export). Settings changes drop the cache.
// Each document is analysed with ITS library's resolver (the library feature's `forDocument`) and
// planned with its formatter; a changed library (a new object) makes the next `get` analyse again.
import * as vscode from 'vscode';
import { analyseManuscript, citationContextOf, retireManuscript, type Manuscript } from '../../core/manuscript/model';
import type { CitationContext } from '../../core/manuscript';
import type { DocumentLibrary } from './documentLibrary';
import { settingsFor } from './settings';
import { eolOf } from './documents';
import type { Log } from './log';

interface Entry {
  version: number;
  languageId: string;
  model: Manuscript;
  library: DocumentLibrary;
  /** The style it was analysed with (a journal's style that finished loading makes it stale). */
  style: string;
}

export class Manuscripts implements vscode.Disposable {
  // Keyed by the document object, not its URI: an untitled document closed and another opened
  // under the same name are two documents, and VS Code reports the close late.
  private cache = new WeakMap<vscode.TextDocument, Entry>();
  private readonly subscriptions: vscode.Disposable[];
  /** Told of every analysis; set only when the extension runs its tests (they count analyses). */
  onAnalysis?: (document: vscode.TextDocument) => void;

  constructor(
    /** The document's library (the review merged with the files that apply to it). */
    readonly libraryOf: (document: vscode.TextDocument) => DocumentLibrary,
    private readonly log: Log,
    private readonly styleOf: (document: vscode.TextDocument) => string,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('iscls')) this.cache = new WeakMap();
      }),
    ];
  }

  /** The document's model at its current version; undefined (and logged) if analysis throws. */
  get(document: vscode.TextDocument): Manuscript | undefined {
    const cached = this.cache.get(document);
    const library = this.libraryOf(document);
    const style = this.styleOf(document);
    if (cached && this.fits(cached, document, library, style)) return cached.model;
    // A version typed over: its analysis (megabytes for a long manuscript) need not stay for reuse.
    if (cached && cached.version !== document.version) retireManuscript(cached.model);
    try {
      const settings = { ...settingsFor(document), style };
      this.onAnalysis?.(document);
      const model = analyseManuscript(document.getText(), document.languageId, settings, library.merged);
      this.cache.set(document, { version: document.version, languageId: document.languageId, model, library, style });
      return model;
    } catch (error) {
      this.log.warn(`Could not analyse ${document.uri.toString(true)}`, error);
      this.cache.delete(document);
      return undefined;
    }
  }

  /** Whether the document's model at its current version is made already (asking for it costs nothing). */
  isCurrent(document: vscode.TextDocument): boolean {
    const cached = this.cache.get(document);
    return !!cached && this.fits(cached, document, this.libraryOf(document), this.styleOf(document));
  }

  private fits(cached: Entry, document: vscode.TextDocument, library: DocumentLibrary, style: string): boolean {
    return cached.version === document.version && cached.languageId === document.languageId && cached.library === library && cached.style === style;
  }

  /** The engine's planning context for the document's model, formatted by the library it was analysed with. */
  context(document: vscode.TextDocument, model: Manuscript): CitationContext {
    const cached = this.cache.get(document);
    const library = cached?.model === model ? cached.library : this.libraryOf(document);
    return citationContextOf(model, library.formatter, eolOf(document));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
