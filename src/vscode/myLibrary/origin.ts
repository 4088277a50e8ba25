// Where each library file in use comes from (the setting names it, open documents declare it, or a
// pattern of the setting finds it), and the files with their entries and problems for the view.
import * as vscode from 'vscode';
import { declaredLibraries } from '../../core/library/documentSources';
import type { Services } from '../shared/services';
import { declaringFolder, resolveLibraryPath } from '../shared/libraryPaths';
import { asList, isPattern, type LibraryOrigin, type LibrarySource } from './model';


export interface SettingHolding {
  folder: vscode.WorkspaceFolder | undefined;
  target: vscode.ConfigurationTarget;
  /** The list at that target, as it is now. */
  list: string[];
  /** The entry naming the file, as written. */
  entry: string;
}

/** The setting level (folder, workspace, user) whose `iscls.library` names `uri` as is, if any. */
export function settingHolding(uri: vscode.Uri): SettingHolding | undefined {
  const key = uri.toString();
  const folders: (vscode.WorkspaceFolder | undefined)[] = vscode.workspace.workspaceFolders?.length ? [...vscode.workspace.workspaceFolders] : [undefined];
  for (const folder of folders) {
    const inspected = vscode.workspace.getConfiguration('iscls', folder?.uri).inspect<string[]>('library');
    const levels: [unknown, vscode.ConfigurationTarget][] = [
      [inspected?.workspaceFolderValue, vscode.ConfigurationTarget.WorkspaceFolder],
      [inspected?.workspaceValue, vscode.ConfigurationTarget.Workspace],
      [inspected?.globalValue, vscode.ConfigurationTarget.Global],
    ];
    for (const [value, target] of levels) {
      const list = asList(value);
      const entry = list.find((e) => e.trim() && !isPattern(e) && resolveLibraryPath(e.trim(), folder?.uri)?.toString() === key);
      if (entry !== undefined) return { folder, target, list, entry };
    }
  }
  return undefined;
}

/** The open documents that declare `uri` (`bibliography:`, `\addbibresource{}`, `\bibliography{}`). */
function declaringDocuments(uri: vscode.Uri): string[] {
  const key = uri.toString();
  const names: string[] = [];
  for (const document of vscode.workspace.textDocuments) {
    if (document.isClosed || document.uri.scheme === 'output') continue;
    const declared = declaredLibraries(document.getText()).map((file) => resolveLibraryPath(file, declaringFolder(document)));
    if (declared.some((u) => u?.toString() === key)) names.push(vscode.workspace.asRelativePath(document.uri, false));
  }
  return names;
}

function originOf(uri: vscode.Uri): LibraryOrigin {
  const held = settingHolding(uri);
  if (held) return { kind: 'setting', entry: held.entry };
  const documents = declaringDocuments(uri);
  return documents.length ? { kind: 'document', documents } : { kind: 'pattern' };
}

/** Each library file in use with its entries, problems and origin, in the service's order. */
export function librarySources(s: Services): LibrarySource[] {
  return s.library.files().map((file) => {
    const uri = file.uri.toString();
    return {
      uri,
      path: file.uri.scheme === 'file' ? file.uri.fsPath : file.uri.toString(true),
      name: file.name,
      failure: file.failure,
      // The file's own entries and problems (libraries are per document: which definition of a key
      // wins depends on the document; conflicts show as diagnostics on the library file).
      entries: file.parsed?.entries ?? [],
      problems: file.parsed?.problems ?? [],
      origin: originOf(file.uri),
    };
  });
}
