// Quick fixes of the ISCLS diagnostics: "Update reference list" for a stale list or an uncited
// entry; for an unknown key, "Replace with 'key'" when plausibly the same work, "Add a library
// file" (`iscls.addLibraryFile`, the My Library view's command) and "Ignore 'key'" (`iscls.ignoreKey`).
import * as vscode from 'vscode';
import type { Services } from '../shared/services';
import { SOURCE } from './compute';
import { suggestKeys } from '../../core/library/suggest';
import { itemShortLabel } from '../../core/search/search';

export class QuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly s: Services) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const ours = context.diagnostics.filter((d) => d.source === SOURCE);
    const listFixes = ours.filter((d) => d.code === 'stale-list' || d.code === 'uncited-entry');
    if (listFixes.length) {
      const action = new vscode.CodeAction('Update reference list', vscode.CodeActionKind.QuickFix);
      action.diagnostics = listFixes;
      action.isPreferred = listFixes.some((d) => d.code === 'stale-list');
      action.command = { command: 'iscls.updateReferenceList', title: 'Update reference list', arguments: [document.uri] };
      actions.push(action);
    }
    for (const d of ours.filter((x) => x.code === 'unknown-key')) {
      if (token.isCancellationRequested) break;
      const written = document.getText(d.range);
      if (!/^[^\s,;{}\[\]]+$/.test(written)) continue;
      // A replacement only when plausibly the same work (a typo of its key, or its first author and
      // year); never merely the nearest search hit, which can be an unrelated paper.
      const works = this.s.library.forDocument(document).merged.works;
      for (const suggestion of suggestKeys(written, works)) {
        const work = works.find((w) => w.keys.includes(suggestion.key));
        const label = work ? itemShortLabel(work.item) : suggestion.key;
        const action = new vscode.CodeAction(`Replace with '${suggestion.key}' (${label}${work?.entry ? `, ${work.source}` : ''})`, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, d.range, suggestion.key);
        actions.push(action);
      }
      const add = new vscode.CodeAction(`Add a library file with '${written}' (setting iscls.library)…`, vscode.CodeActionKind.QuickFix);
      add.diagnostics = [d];
      add.command = { command: 'iscls.addLibraryFile', title: 'Add a library file' };
      actions.push(add);
      const ignore = new vscode.CodeAction(`Ignore '${written}' (setting iscls.ignoredKeys)`, vscode.CodeActionKind.QuickFix);
      ignore.diagnostics = [d];
      ignore.command = { command: 'iscls.ignoreKey', title: `Ignore '${written}'`, arguments: [written, document.uri] };
      actions.push(ignore);
    }
    return actions;
  }
}
