// Quick fixes of the ISCLS diagnostics: "Update reference list" for a stale list or an uncited
// entry, and "Replace with 'key'" suggestions for an unknown key.
import * as vscode from 'vscode';
import { referenceShortLabel } from '../../core/presentation/labels';
import type { Services } from '../shared/services';
import { SOURCE } from './compute';

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
      let hits: { id: string }[] = [];
      try {
        hits = this.s.search.search(written, { kinds: ['reference'], limit: 3 });
      } catch {
        continue;
      }
      for (const hit of hits) {
        const ref = this.s.kb.reference(hit.id);
        if (!ref) continue;
        const action = new vscode.CodeAction(`Replace with '${hit.id}' (${referenceShortLabel(ref)})`, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, d.range, hit.id);
        actions.push(action);
      }
    }
    return actions;
  }
}
