// Entry point: build the services once, register each feature. Other extensions get one thing: the
// Markdown preview plugin VS Code asks for. The services and views go only to the extension's own
// tests (ExtensionMode.Test).
import * as vscode from 'vscode';
import { createServices, type Services } from './vscode/shared/services';
import { FeatureContext } from './vscode/shared/commands';
import { createLog, errorMessage } from './vscode/shared/log';
import { setHostContext } from './vscode/shared/host';
import { registerSidebar, type TreeProviders } from './vscode/sidebar';
import { registerReference } from './vscode/reference';
import { registerSection, type SectionViewState } from './vscode/section';
import { registerHovers } from './vscode/hover';
import { registerLookup } from './vscode/lookup';
import { registerCite, type CiteApi } from './vscode/cite';
import { registerCompletion } from './vscode/completion';
import { registerDiagnostics } from './vscode/diagnostics';
import { registerConvert } from './vscode/convert';
import { registerAdopt } from './vscode/adopt';
import { registerInlayHints } from './vscode/inlayHints';
import { registerWalkthrough } from './vscode/walkthrough';
import { registerJournal, type JournalApi } from './vscode/journal';
import { registerMyLibrary, type MyLibraryApi } from './vscode/myLibrary';
import { registerJournalStyle } from './vscode/journalStyle';
import { registerCheck } from './vscode/check';
import { createLibrary } from './vscode/library';
import type { MarkerOffers } from './vscode/convert';

/** What `activate()` returns outside the tests: the Markdown preview plugin (`extendMarkdownIt`). */
export type Api = JournalApi;

/** Manuscript analyses counted for the tests (one per document version). */
export interface AnalysisLog {
  count: number;
  versions(document: vscode.TextDocument): readonly number[];
}

/** What `activate()` returns when the extension runs its tests: the services and the live views. */
export interface TestApi extends Services, JournalApi {
  readonly analyses: AnalysisLog;
  readonly trees: TreeProviders;
  /** The "My Library" view (the writer's library files, their entries and problems). */
  readonly myLibrary: MyLibraryApi;
  sectionView(): SectionViewState | undefined;
  /** The search box last opened by `iscls.search`. */
  lookup: ReturnType<typeof registerLookup>;
  /** The citation pick while it is open (tests type in it and accept). */
  citationPick: CiteApi['citationPick'];
  /** Re-render offers made after a style switch (tests answer them through `respond`). */
  markerOffers: MarkerOffers;
}

export async function activate(context: vscode.ExtensionContext): Promise<Api | TestApi | undefined> {
  const channel = vscode.window.createOutputChannel('ISCLS Reference', { log: true });
  const log = createLog(channel);
  context.subscriptions.push(channel, vscode.commands.registerCommand('iscls.showLog', () => channel.show()));
  try {
    void setHostContext();
    const ctx = new FeatureContext(await createServices(context, log, createLibrary));
    context.subscriptions.push({ dispose: () => ctx.subscriptions.forEach((d) => d.dispose()) });
    const trees = registerSidebar(ctx);
    const myLibrary = registerMyLibrary(ctx);
    registerReference(ctx);
    const section = registerSection(ctx);
    registerHovers(ctx);
    const lookup = registerLookup(ctx);
    const cite = registerCite(ctx);
    registerCompletion(ctx);
    registerDiagnostics(ctx);
    const convert = registerConvert(ctx);
    registerAdopt(ctx);
    registerInlayHints(ctx);
    registerWalkthrough(ctx);
    const journal = registerJournal(ctx);
    registerJournalStyle(ctx);
    registerCheck(ctx);
    warmWhenIdle(ctx);
    const api: Api = { extendMarkdownIt: journal.extendMarkdownIt };
    if (context.extensionMode !== vscode.ExtensionMode.Test) return api;
    const analyses = countAnalyses(ctx.s);
    return { ...ctx.s, ...api, analyses, trees, myLibrary, sectionView: section.state, lookup, citationPick: cite.citationPick, markerOffers: convert.markerOffers } satisfies TestApi;
  } catch (error) {
    // Surface the failure instead of leaving empty views: the welcome content explains and links the log.
    log.error('Activation failed', error);
    void vscode.commands.executeCommand('setContext', 'iscls.loadFailed', true);
    void vscode.window.showErrorMessage(`ISCLS Reference could not start: ${errorMessage(error)}`, 'Show Log').then((choice) => {
      if (choice) log.show();
    });
    return undefined;
  }
}

/**
 * The glossary matcher and the search index are built after activation, when the host is idle,
 * rather than during it (the first paint waits for neither) or on the first hover or keystroke.
 */
function warmWhenIdle(ctx: FeatureContext): void {
  const timer = setTimeout(() => {
    try {
      ctx.s.matcher.warm();
      ctx.s.search.warm();
    } catch (error) {
      ctx.s.log.error('Building the search index failed', error);
    }
  }, 1500);
  ctx.subscriptions.push({ dispose: () => clearTimeout(timer) });
}

export function deactivate(): void {}

/** Counts analyses for the tests only: the shipped path keeps no log of them. */
function countAnalyses(s: Services): AnalysisLog {
  const seen = new WeakMap<vscode.TextDocument, number[]>();
  const log: AnalysisLog = { count: 0, versions: (document) => seen.get(document) ?? [] };
  s.manuscripts.onAnalysis = (document) => {
    log.count++;
    seen.set(document, [...log.versions(document), document.version]);
  };
  return log;
}
