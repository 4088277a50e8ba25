// The managed reference list: renumber and create/update it in one undoable edit.
import * as vscode from 'vscode';
import { conventionName, type ConventionMismatch } from '../../core/manuscript';
import { listIsStaleIn } from '../../core/manuscript/model';
import { decideListUpdate } from '../../core/manuscript/listUpdate';
import type { Services } from '../shared/services';
import type { CommandResult } from '../shared/commands';
import { documentFromArgument, documentName, isReadonlyDocument } from '../shared/documents';
import { applyPlan } from '../shared/applyPlan';
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
  if (!model) {
    const message = 'Could not update the reference list: the document could not be analysed (see the log). Nothing was changed.';
    void vscode.window.showErrorMessage(message);
    return { ok: false, reason: 'error', message };
  }
  const decision = decideListUpdate(model, s.manuscripts.context(document, model), { create: options.create ?? true });
  if (decision.kind === 'nothing') {
    const message = `"${documentName(document)}" cites no ISCLS reference yet: there is no reference list to write.`;
    if (!options.quiet) void vscode.window.showInformationMessage(message);
    return { ok: true, reason: 'unchanged', message };
  }
  if (decision.kind === 'mismatch') return refuseMismatch(document, decision.mismatch, options);
  if (decision.kind === 'refused') {
    void vscode.window.showErrorMessage(decision.message);
    return { ok: false, reason: 'error', message: decision.message };
  }
  if (decision.kind === 'own-bib') return updateLatexBibExport(s, document, target.editor, model, decision.bib, options);
  const result = await applyPlan(document, target.editor, () => {
    const current = s.manuscripts.get(document);
    if (!current) throw new Error('The document could not be analysed (see the log).');
    if (current === model) return { edits: decision.edits };
    // The document changed since the decision: decide again, against the text the edit applies to.
    const again = decideListUpdate(current, s.manuscripts.context(document, current), { create: options.create ?? true });
    if (again.kind === 'edits') return { edits: again.edits };
    return { edits: [], refused: { ok: false, reason: 'conflict', message: 'The document changed meanwhile; run Update Reference List again.' } };
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

/** A convention that does not read the markers would write an empty list: refuse, offer the conversion. */
function refuseMismatch(document: vscode.TextDocument, mismatch: ConventionMismatch, options: { quiet?: boolean }): CommandResult {
  const convert = `Convert to ${conventionName(mismatch.expected)}`;
  if (!options.quiet) {
    void vscode.window.showWarningMessage(`${mismatch.message} The reference list was not updated.`, convert).then((choice) => {
      if (choice === convert) void vscode.commands.executeCommand('iscls.convertCitations', { to: mismatch.expected, uri: document.uri });
    });
  }
  return { ok: false, reason: 'conflict', message: mismatch.message };
}

/** Whether the document has a managed list the current settings would change. */
export function listIsStale(s: Services, document: vscode.TextDocument): boolean {
  const model = s.manuscripts.get(document);
  if (!model?.scan.list) return false;
  try {
    return listIsStaleIn(model, s.manuscripts.context(document, model));
  } catch {
    return false;
  }
}
