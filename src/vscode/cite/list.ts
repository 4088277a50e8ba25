// The managed reference list: renumber and create/update it in one undoable edit.
import * as vscode from 'vscode';
import { checkConvention, conventionName } from '../../core/manuscript';
import { nothingToList, planListUpdateIn } from '../../core/model/manuscript';
import type { Services } from '../shared/services';
import type { CommandResult } from '../shared/commands';
import { documentFromArgument, documentName, isReadonlyDocument } from '../shared/documents';
import { applyPlan } from '../shared/applyPlan';
import { detectLatexBibliography } from '../../core/latexBibliography';
import { updateLatexBibExport } from './latexBib';

/** Renumbers the citations and creates or updates the managed list (one undoable edit). */
export async function updateReferenceList(s: Services, arg?: unknown, options: { create?: boolean; quiet?: boolean } = {}): Promise<CommandResult> {
  const target = documentFromArgument(arg);
  if (!target) {
    const message = 'Open the document whose reference list should be updated.';
    void vscode.window.showInformationMessage(message);
    return { ok: false, reason: 'no-editor', message };
  }
  const { document } = target;
  if (isReadonlyDocument(document)) {
    const message = `"${documentName(document)}" is read-only: its reference list was not updated.`;
    void vscode.window.showWarningMessage(message);
    return { ok: false, reason: 'readonly', message };
  }
  const model = s.manuscripts.get(document);
  if (model && nothingToList(model)) {
    const message = `"${documentName(document)}" cites no ISCLS reference yet: there is no reference list to write.`;
    if (!options.quiet) void vscode.window.showInformationMessage(message);
    return { ok: true, reason: 'unchanged', message };
  }
  // A convention that does not read the markers would write an empty list: refuse, offer the conversion.
  const mismatch = model && checkConvention(model.text, model.convention, { knownKeys: model.resolver.keys(), markup: model.markup });
  if (model && mismatch) {
    const convert = `Convert to ${conventionName(mismatch.expected)}`;
    if (!options.quiet) {
      void vscode.window.showWarningMessage(`${mismatch.message} The reference list was not updated.`, convert).then((choice) => {
        if (choice === convert) void vscode.commands.executeCommand('iscls.convertCitations', { to: mismatch.expected, uri: document.uri });
      });
    }
    return { ok: false, reason: 'conflict', message: mismatch.message };
  }
  const ownBib = model?.convention === 'latex' ? detectLatexBibliography(model.text) : undefined;
  if (model && ownBib) return updateLatexBibExport(s, document, target.editor, model, ownBib, options);
  const result = await applyPlan(document, target.editor, () => {
    const current = s.manuscripts.get(document);
    if (!current) throw new Error('The document could not be analysed (see the log).');
    return { edits: planListUpdateIn(current, s.manuscripts.context(document, current), { create: options.create ?? true }) };
  });
  if (result.ok && result.reason === 'unchanged') {
    const message = 'The reference list is already up to date.';
    if (!options.quiet) void vscode.window.showInformationMessage(message);
    return { ok: true, reason: 'unchanged', message };
  }
  if (result.ok) {
    vscode.window.setStatusBarMessage('$(check) Reference list updated', 3000);
    return { ok: true };
  }
  const message = result.reason === 'error' ? `Could not update the reference list: ${result.message} Nothing was changed.` : result.message ?? 'The reference list could not be updated.';
  void vscode.window.showErrorMessage(message);
  return { ...result, message };
}

/** Whether the document has a managed list the current settings would change. */
export function listIsStale(s: Services, document: vscode.TextDocument): boolean {
  const model = s.manuscripts.get(document);
  if (!model?.scan.list) return false;
  try {
    return planListUpdateIn(model, s.manuscripts.context(document, model), { create: false }).length > 0;
  } catch {
    return false;
  }
}
