// Diagnostics (collection "iscls") for prose documents, refreshed on open, debounced on change,
// cleared on close; off when `iscls.diagnostics.enabled` is false or the language is not listed in
// `iscls.hover.languages`. What is reported: `compute.ts` (less the keys of `iscls.ignoredKeys`);
// quick fixes: `quickFixes.ts`; the "Ignore" command: `ignore.ts`.
import * as vscode from 'vscode';
import type { FeatureContext } from '../shared/commands';
import { isProse, settingsFor } from '../shared/settings';
import { isReadonlyDocument } from '../shared/documents';
import { computeDiagnostics } from './compute';
import { QuickFixes } from './quickFixes';
import { ignoreKey } from './ignore';

const DEBOUNCE_MS = 400;

export function registerDiagnostics(ctx: FeatureContext): void {
  const { s } = ctx;
  const collection = vscode.languages.createDiagnosticCollection('iscls');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const applies = (document: vscode.TextDocument) =>
    !document.isClosed && !isReadonlyDocument(document) && settingsFor(document).diagnosticsEnabled && isProse(document);

  const refresh = (document: vscode.TextDocument) => {
    const id = document.uri.toString();
    const timer = timers.get(id);
    if (timer) clearTimeout(timer);
    timers.delete(id);
    if (!applies(document)) {
      collection.delete(document.uri);
      return;
    }
    try {
      collection.set(document.uri, computeDiagnostics(s, document));
    } catch (error) {
      s.log.warn(`Diagnostics failed for ${document.uri.toString(true)}`, error);
      collection.delete(document.uri);
    }
  };
  const schedule = (document: vscode.TextDocument) => {
    const id = document.uri.toString();
    const timer = timers.get(id);
    if (timer) clearTimeout(timer);
    timers.set(
      id,
      setTimeout(() => {
        timers.delete(id);
        refresh(document);
      }, DEBOUNCE_MS),
    );
  };
  const refreshAll = () => {
    for (const document of vscode.workspace.textDocuments) refresh(document);
  };

  const disposables: vscode.Disposable[] = [
    collection,
    vscode.languages.registerCodeActionsProvider({ scheme: '*' }, new QuickFixes(s), QuickFixes.metadata),
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) schedule(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      const id = document.uri.toString();
      const timer = timers.get(id);
      if (timer) clearTimeout(timer);
      timers.delete(id);
      collection.delete(document.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('iscls')) refreshAll();
    }),
    // A library file read again (a Zotero export rewritten): the keys it defines may have changed.
    s.library.onDidChange(refreshAll),
    // A journal's style or a .csl file finished loading: lists written in it are no longer stale.
    s.styleFiles.onDidLoad(refreshAll),
    // A language change (e.g. plaintext → markdown) reopens the document; nothing else to watch.
  ];
  ctx.afterActivation(refreshAll);

  ctx.commands({ 'iscls.ignoreKey': (key, uri) => ignoreKey(key, uri) });
  ctx.push(
    ...disposables,
    new vscode.Disposable(() => {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    }),
  );
}

