// *Export Cited References*: the references the document cites — the review's and the writer's
// library's, as the manuscript model resolves them — (or all 72) as BibTeX, RIS, CSL-JSON or CSL-YAML
// beside the document; and, on request, the citation style as a real `.csl` file beside the data, so
// pandoc or Zotero format with exactly the style we format with. Every file is written to a temporary
// file and renamed over the target; an existing file is replaced only when the writer says so.
import * as vscode from 'vscode';
import { EXPORT_FORMATS, exportRecord, exportReferences } from '../../core/export/export';
import type { ExportFormat, Reference } from '../../core/types';
import type { Services } from '../shared/services';
import type { CommandResult } from '../shared/commands';
import { documentName } from '../shared/documents';
import { errorMessage } from '../shared/log';
import { currentStyle } from '../shared/style';

interface ExportArgs {
  format?: ExportFormat;
  uri?: vscode.Uri;
  all?: boolean;
  overwrite?: boolean;
  /** Also write the document's citation style as `<style>.csl` beside the data. */
  csl?: boolean;
}

const SAVE_STYLE = 'Also Save the Style (.csl)';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

const nameOf = (uri: vscode.Uri) => uri.path.slice(uri.path.lastIndexOf('/') + 1);

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

/** A temporary file beside the target, then a rename over it: nothing is ever half-written. */
async function writeReplacing(uri: vscode.Uri, text: string): Promise<void> {
  const temporary = uri.with({ path: `${uri.path.slice(0, uri.path.lastIndexOf('/') + 1)}.${nameOf(uri)}.iscls-tmp` });
  await vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(text));
  try {
    await vscode.workspace.fs.rename(temporary, uri, { overwrite: true });
  } catch (error) {
    await vscode.workspace.fs.delete(temporary).then(undefined, () => undefined);
    throw error;
  }
}

/** Whether `uri` may be written: it does not exist, `overwrite` says so, or the writer agrees. */
async function mayReplace(uri: vscode.Uri, overwrite: boolean | undefined): Promise<boolean> {
  if (overwrite || !(await exists(uri))) return true;
  const choice = await vscode.window.showWarningMessage(`${nameOf(uri)} already exists. Replace it?`, { modal: true }, 'Replace');
  return choice === 'Replace';
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const pick = await vscode.window.showQuickPick(
    EXPORT_FORMATS.map((f) => ({ label: f.label, description: `.${f.extension}`, format: f.format })),
    { title: 'Export Cited References', placeHolder: 'File format (Zotero, EndNote and Mendeley import all three; pandoc reads CSL-JSON)' },
  );
  return pick?.format;
}

/** The style as `<style>.csl` beside `dataUri` (asked before replacing). Undefined: not written. */
async function writeStyle(s: Services, style: string, dataUri: vscode.Uri, overwrite?: boolean): Promise<vscode.Uri | undefined> {
  const uri = vscode.Uri.joinPath(dataUri.with({ path: dataUri.path.slice(0, dataUri.path.lastIndexOf('/')) || '/' }), `${style}.csl`);
  if (!(await mayReplace(uri, overwrite))) return undefined;
  const xml = await s.styleFiles.cslText(style);
  await writeReplacing(uri, xml);
  s.log.info(`Exported the style ${style} to ${uri.toString(true)}`);
  return uri;
}

export async function exportCommand(s: Services, rawArgs?: unknown): Promise<CommandResult> {
  const args: ExportArgs = rawArgs && typeof rawArgs === 'object' && !(rawArgs instanceof vscode.Uri) ? (rawArgs as ExportArgs) : {};
  const automated = args.format !== undefined;
  const document = vscode.window.activeTextEditor?.document;
  const format = args.format ?? (await pickFormat());
  if (!format) return { ok: false, reason: 'cancelled' };
  const info = EXPORT_FORMATS.find((f) => f.format === format);
  if (!info) {
    const message = `Unknown export format '${String(format)}' (bibtex, ris, csljson or cslyaml).`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, reason: 'error', message };
  }
  const model = document ? s.manuscripts.get(document) : undefined;
  let refs = args.all ? [] : (model?.cited ?? []).map(exportRecord);
  if (refs.length === 0) {
    if (!args.all) {
      const question = document ? `"${documentName(document)}" cites no reference. Export all ${s.kb.references.length} references of the review?` : `No document is open. Export all ${s.kb.references.length} references of the review?`;
      const choice = automated ? undefined : await vscode.window.showInformationMessage(question, { modal: true }, 'Export All');
      if (choice !== 'Export All') return { ok: false, reason: 'cancelled', message: question };
    }
    refs = [...s.kb.references];
  }
  const uri =
    args.uri ??
    (await vscode.window.showSaveDialog({
      defaultUri: defaultExportUri(document, info.extension),
      filters: { [info.label]: [info.extension], 'All files': ['*'] },
      saveLabel: 'Export',
      title: `Export ${refs.length} reference${refs.length === 1 ? '' : 's'} as ${info.label}`,
    }));
  if (!uri) return { ok: false, reason: 'cancelled' };
  // The save dialog has asked already.
  if (args.uri && !(await mayReplace(uri, args.overwrite))) return { ok: false, reason: 'cancelled' };
  const style = model?.settings.style ?? currentStyle(s, document);
  try {
    await writeReplacing(uri, exportReferences(refs, info.format));
    const csl = args.csl ? await writeStyle(s, style, uri, args.overwrite) : undefined;
    const message = `Exported ${refs.length} reference${refs.length === 1 ? '' : 's'} to ${nameOf(uri)} (${info.label})${csl ? ` and the style to ${nameOf(csl)}` : ''}.`;
    if (!automated) {
      void vscode.window.showInformationMessage(message, 'Open', ...(args.csl ? [] : [SAVE_STYLE])).then(async (choice) => {
        if (choice === 'Open') void vscode.window.showTextDocument(uri);
        if (choice === SAVE_STYLE) await saveStyleFollowUp(s, style, uri);
      });
    }
    return { ok: true, uri, count: refs.length, message };
  } catch (error) {
    const message = `Could not export to ${uri.toString(true)}: ${errorMessage(error)}`;
    void vscode.window.showErrorMessage(message);
    return { ok: false, reason: 'error', message };
  }
}

/** The follow-up button: the style beside the data just written, with its own message. */
async function saveStyleFollowUp(s: Services, style: string, dataUri: vscode.Uri): Promise<void> {
  try {
    const csl = await writeStyle(s, style, dataUri);
    if (csl) void vscode.window.showInformationMessage(`Saved the style as ${nameOf(csl)}: pandoc --csl ${nameOf(csl)} --bibliography ${nameOf(dataUri)}.`);
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not save the style: ${errorMessage(error)}`);
  }
}
