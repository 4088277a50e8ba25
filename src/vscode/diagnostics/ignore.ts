// "Ignore 'key'": adds an unknown citation key to the setting `iscls.ignoredKeys` (the workspace's
// settings when a folder is open, the folder's in a multi-root workspace, else the user's), after
// which the diagnostics stop reporting it. Writes settings only.
import * as vscode from 'vscode';
import type { CommandResult } from '../shared/commands';

/** `iscls.ignoreKey(key, uri?)`: `uri` is the document the key was found in (picks the folder). */
export async function ignoreKey(key: unknown, uri?: unknown): Promise<CommandResult> {
  const written = typeof key === 'string' ? key.trim().replace(/^@/, '') : '';
  if (!written || /[\s,;{}[\]]/.test(written)) {
    const message = `Not a citation key: ${JSON.stringify(key)}.`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, reason: 'error', message };
  }
  const document = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = (document && vscode.workspace.getWorkspaceFolder(document)) || folders[0];
  const target = !folder ? vscode.ConfigurationTarget.Global : folders.length > 1 ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Workspace;
  const config = vscode.workspace.getConfiguration('iscls', folder?.uri);
  const inspected = config.inspect<unknown>('ignoredKeys');
  const value =
    target === vscode.ConfigurationTarget.Global ? inspected?.globalValue : target === vscode.ConfigurationTarget.WorkspaceFolder ? inspected?.workspaceFolderValue : inspected?.workspaceValue;
  const list = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  if (list.includes(written)) return { ok: false, reason: 'unchanged', text: written };
  await config.update('ignoredKeys', [...list, written], target);
  return { ok: true, text: written };
}
