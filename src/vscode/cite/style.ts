// Choosing the citation style: saved where the setting lives; offers to update a stale list.
import * as vscode from 'vscode';
import type { Services } from '../shared/services';
import type { CommandResult } from '../shared/commands';
import { settingsFor } from '../shared/settings';
import { StyleFiles } from '../shared/styleFiles';
import { documentName, isReadonlyDocument } from '../shared/documents';
import { errorMessage } from '../shared/log';
import { listIsStale, updateReferenceList } from './list';

export async function selectStyle(s: Services, args?: unknown): Promise<CommandResult> {
  const document = vscode.window.activeTextEditor?.document;
  const styles = s.formatter.shippedStyles();
  const current = settingsFor(document).style;
  let style: string | undefined;
  let updateList: boolean | undefined;
  if (args && typeof args === 'object' && typeof (args as { style?: unknown }).style === 'string') {
    style = (args as { style: string }).style;
    const u = (args as { updateList?: unknown }).updateList;
    updateList = typeof u === 'boolean' ? u : false;
  } else {
    const items = styles.map((st) => ({
      id: st.id,
      label: st.id === current ? `$(check) ${st.label}` : st.label,
      description: st.id === current ? 'current' : undefined,
      detail: st.numeric ? 'Numbered references, in order of first citation' : 'Author–date, list sorted alphabetically',
    }));
    items.push({ id: '', label: '$(search) Find Journal Style…', description: undefined, detail: "A journal's own style by its name, abbreviation or ISSN, or a .csl file" });
    const pick = await vscode.window.showQuickPick(items, {
      title: 'ISCLS Citation Style',
      placeHolder: 'Style of the managed reference list, hover cards and copied references',
      matchOnDetail: true,
    });
    if (!pick) return { ok: false, reason: 'cancelled' };
    if (!pick.id) return (await vscode.commands.executeCommand<CommandResult>('iscls.findJournalStyle')) ?? { ok: false, reason: 'cancelled' };
    style = pick.id;
  }
  // A journal's style or a .csl file is saved as named once loaded (Find Journal Style loads it first).
  const id = s.formatter.shippedStyles().some((st) => st.id === style) ? style : s.styleFiles.loadedId(style, StyleFiles.baseFor(document, false));
  if (!id) {
    const message = `Unknown citation style '${style}'. Available: ${styles.map((st) => st.id).join(', ')}, a journal's style (Find Journal Style) or a .csl file.`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, reason: 'error', message };
  }
  const config = vscode.workspace.getConfiguration('iscls', document?.uri);
  const inspect = config.inspect<string>('citationStyle');
  const target =
    inspect?.workspaceFolderValue !== undefined && document && vscode.workspace.getWorkspaceFolder(document.uri)
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : vscode.workspace.workspaceFolders?.length
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  if (style !== current) {
    try {
      await config.update('citationStyle', style, target);
    } catch (error) {
      const message = `Could not save the citation style: ${errorMessage(error)}`;
      void vscode.window.showErrorMessage(message);
      return { ok: false, reason: 'error', message };
    }
  }
  const label = s.formatter.styles().find((st) => st.id === id)?.label ?? style;
  if (document && !document.isClosed && !isReadonlyDocument(document) && listIsStale(s, document)) {
    if (updateList === undefined) {
      // Modal: a question that vanished in seconds left the list in the old style without a word.
      const choice = await vscode.window.showInformationMessage(`Citation style set to ${label}. Update the reference list of "${documentName(document)}"?`, { modal: true, detail: 'Not now: Update Reference List does it later.' }, 'Update List');
      updateList = choice === 'Update List';
    }
    if (updateList) return updateReferenceList(s, document.uri, { create: false });
  } else {
    vscode.window.setStatusBarMessage(`$(symbol-ruler) Citation style: ${label}`, 3000);
  }
  return { ok: true };
}
