// The manuscript model of each open document, analysed once per version and shared by every
// feature (cite, sidebar, hover, completion, diagnostics, export). Settings changes drop the cache.
import * as vscode from 'vscode';
import { analyseManuscript, citationContextOf, type Manuscript } from '../../core/model/manuscript';
import type { CitationContext } from '../../core/manuscript';
import type { ReferenceResolver } from '../../core/model/resolver';
import type { CitationFormatter } from '../../core/citations';
import { settingsFor } from './settings';
import { eolOf } from './documents';
import type { Log } from './log';

interface Entry {
  version: number;
  languageId: string;
  model: Manuscript;
}

export class Manuscripts implements vscode.Disposable {
  // Keyed by the document object, not its URI: an untitled document closed and another opened
  // under the same name are two documents, and VS Code reports the close late.
  private cache = new WeakMap<vscode.TextDocument, Entry>();
  private readonly analysed = new WeakMap<vscode.TextDocument, number[]>();
  private readonly subscriptions: vscode.Disposable[];
  /** How many analyses were made, in all (tests count them). */
  analyses = 0;

  constructor(
    private resolver: ReferenceResolver,
    private readonly formatter: CitationFormatter,
    private readonly log: Log,
    private readonly styleOf: (document: vscode.TextDocument) => string,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('iscls')) this.cache = new WeakMap();
      }),
    ];
  }

  /** Replaces the resolver (e.g. the writer's library changed) and forgets every analysis. */
  setResolver(resolver: ReferenceResolver): void {
    this.resolver = resolver;
    this.cache = new WeakMap();
  }

  get references(): ReferenceResolver {
    return this.resolver;
  }

  /** The document's model at its current version; undefined (and logged) if analysis throws. */
  get(document: vscode.TextDocument): Manuscript | undefined {
    const cached = this.cache.get(document);
    if (cached && cached.version === document.version && cached.languageId === document.languageId) {
      return cached.model;
    }
    try {
      const settings = { ...settingsFor(document), style: this.styleOf(document) };
      this.analyses++;
      this.analysed.set(document, [...(this.analysed.get(document) ?? []), document.version].slice(-20));
      const model = analyseManuscript(document.getText(), document.languageId, settings, this.resolver);
      this.cache.set(document, { version: document.version, languageId: document.languageId, model });
      return model;
    } catch (error) {
      this.log.warn(`Could not analyse ${document.uri.toString(true)}`, error);
      this.cache.delete(document);
      return undefined;
    }
  }

  /** The versions of a document analysed so far, most recent last (tests: one analysis per version). */
  versionsAnalysed(document: vscode.TextDocument): readonly number[] {
    return this.analysed.get(document) ?? [];
  }

  /** The engine's planning context for the document's model. */
  context(document: vscode.TextDocument, model: Manuscript): CitationContext {
    return citationContextOf(model, this.formatter, eolOf(document));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
