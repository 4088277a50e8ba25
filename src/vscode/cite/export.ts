// Export of the cited references (or all 72) as BibTeX, RIS or CSL-JSON beside the document.
import * as vscode from 'vscode';
import { EXPORT_FORMATS, exportReferences } from '../../core/export';
import type { ExportFormat } from '../../core/types';
import type { Services } from '../shared/services';
import type { CommandResult } from '../shared/commands';
import { documentName } from '../shared/documents';
import { errorMessage } from '../shared/log';

interface ExportArgs {
  format?: ExportFormat;
  uri?: vscode.Uri;
  all?: boolean;
  overwrite?: boolean;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function defaultExportUri(document: vscode.TextDocument | undefined, extension: string): vscode.Uri | undefined {
  if (document && !document.isUntitled) {
    const path = document.uri.path;
    const slash = path.lastIndexOf('/');
    const name = path.slice(slash + 1);
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    return document.uri.with({ path: `${path.slice(0, slash + 1)}${stem}.${extension}` });
  }
  const folder = (document && vscode.workspace.getWorkspaceFolder(document.uri)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, `iscls-references.${extension}`) : undefined;
}

export async function exportCommand(s: Services, rawArgs?: unknown): Promise<CommandResult> {
  const args: ExportArgs = rawArgs && typeof rawArgs === 'object' && !(rawArgs instanceof vscode.Uri) ? (rawArgs as ExportArgs) : {};
  const automated = args.format !== undefined;
  const document = vscode.window.activeTextEditor?.document;
  let format = args.format;
  if (!format) {
    const pick = await vscode.window.showQuickPick(
      EXPORT_FORMATS.map((f) => ({ label: f.label, description: `.${f.extension}`, format: f.format })),
      { title: 'Export Cited References', placeHolder: 'File format (Zotero, EndNote and Mendeley import all three)' },
    );
    if (!pick) return { ok: false, reason: 'cancelled' };
    format = pick.format;
  }
  const info = EXPORT_FORMATS.find((f) => f.format === format);
  if (!info) {
    const message = `Unknown export format '${String(format)}' (bibtex, ris or csljson).`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, reason: 'error', message };
  }
  let keys = document ? (s.manuscripts.get(document)?.scan.order ?? []) : [];
  if (keys.length === 0 || args.all) {
    if (!args.all) {
      const question = document ? `"${documentName(document)}" cites no ISCLS reference. Export all ${s.kb.references.length} references of the review?` : `No document is open. Export all ${s.kb.references.length} references of the review?`;
      const choice = automated ? undefined : await vscode.window.showInformationMessage(question, { modal: true }, 'Export All');
      if (choice !== 'Export All') return { ok: false, reason: 'cancelled', message: question };
    }
    keys = s.kb.references.map((r) => r['citation-key']);
  }
  const refs = keys.map((k) => s.kb.reference(k)!).filter(Boolean);
  let uri = args.uri;
  if (!uri) {
    uri = await vscode.window.showSaveDialog({
      defaultUri: defaultExportUri(document, info.extension),
      filters: { [info.label]: [info.extension], 'All files': ['*'] },
      saveLabel: 'Export',
      title: `Export ${refs.length} reference${refs.length === 1 ? '' : 's'} as ${info.label}`,
    });
    if (!uri) return { ok: false, reason: 'cancelled' };
  } else if (!args.overwrite && (await exists(uri))) {
    const choice = await vscode.window.showWarningMessage(`${uri.path.slice(uri.path.lastIndexOf('/') + 1)} already exists. Replace it?`, { modal: true }, 'Replace');
    if (choice !== 'Replace') return { ok: false, reason: 'cancelled' };
  }
  let text: string;
  try {
    text = exportReferences(refs, info.format);
  } catch (error) {
    const message = `Could not export the references: ${errorMessage(error)}`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, reason: 'error', message };
  }
  try {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  } catch (error) {
    const message = `Could not write ${uri.toString(true)}: ${errorMessage(error)}`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, reason: 'error', message };
  }
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const message = `Exported ${refs.length} reference${refs.length === 1 ? '' : 's'} to ${name} (${info.label}).`;
  if (!automated) {
    void vscode.window.showInformationMessage(message, 'Open').then((choice) => {
      if (choice) void vscode.window.showTextDocument(uri!);
    });
  }
  return { ok: true, uri, count: refs.length, message };
}
