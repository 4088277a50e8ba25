// Applying a plan to a document. Safety rules every edit of the cite feature follows:
// - edits are computed against the document text at the moment they are applied (never against a
//   snapshot taken before a QuickPick), and the whole plan (markers, renumbering, managed list) is
//   applied in ONE `editor.edit` with undo stops, so ONE undo restores the document exactly;
// - the editor path checks the document version (VS Code rejects a stale edit), and we recompute
//   and retry instead of applying anything to text we did not plan against;
// - text is only ever inserted at the END of a selection: user text is never replaced;
// - an error while planning (unknown key, malformed list …) surfaces as a message and changes nothing.
import * as vscode from 'vscode';
import type { TextEdit } from '../../core/types';
import type { CommandResult } from './commands';
import { liveEditor } from './documents';
import { errorMessage } from './log';

export interface PlanOutcome {
  edits: TextEdit[];
  /** Where the cursors go once the edit is applied: offsets in the NEW text (the plan knows them). */
  cursors?: number[];
  /** Planning refused with this result (nothing is applied). */
  refused?: CommandResult;
}

async function applyEdits(document: vscode.TextDocument, editor: vscode.TextEditor | undefined, edits: TextEdit[], version: number): Promise<boolean | 'retry'> {
  const ranges = edits.map((e) => ({ range: new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), newText: e.newText }));
  if (editor) {
    try {
      return await editor.edit(
        (builder) => {
          for (const { range, newText } of ranges) builder.replace(range, newText);
        },
        { undoStopBefore: true, undoStopAfter: true },
      );
    } catch {
      // The editor was closed in the meantime: nothing was applied; try again (or report closed).
      return 'retry';
    }
  }
  // The document is open but not visible (the user switched tabs while the pick was open).
  if (document.version !== version) return 'retry';
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const { range, newText } of ranges) workspaceEdit.replace(document.uri, range, newText);
  return vscode.workspace.applyEdit(workspaceEdit);
}

function placeCursors(document: vscode.TextDocument, editor: vscode.TextEditor, cursors: readonly number[] | undefined): void {
  if (!cursors?.length || document.isClosed) return;
  const positions = cursors.map((offset) => document.positionAt(offset));
  editor.selections = positions.map((p) => new vscode.Selection(p, p));
  editor.revealRange(new vscode.Range(positions[0], positions[0]), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/**
 * Computes a plan against the document's CURRENT text and applies it in one undoable step.
 * `plan` runs synchronously right before the edit; if the document changed in between (VS Code
 * rejects the versioned edit), it is recomputed, at most three times. Throws nothing: planning
 * errors come back as `{ ok: false, reason: 'error' }`.
 */
export async function applyPlan(
  document: vscode.TextDocument,
  preferred: vscode.TextEditor | undefined,
  plan: (editor: vscode.TextEditor | undefined) => PlanOutcome,
): Promise<CommandResult & { edits?: TextEdit[] }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (document.isClosed) return { ok: false, reason: 'closed' };
    const editor = liveEditor(document, preferred);
    const version = document.version;
    let outcome: PlanOutcome;
    try {
      outcome = plan(editor);
    } catch (error) {
      return { ok: false, reason: 'error', message: errorMessage(error) };
    }
    if (outcome.refused) return outcome.refused;
    if (outcome.edits.length === 0) return { ok: true, reason: 'unchanged', edits: [] };
    const applied = await applyEdits(document, editor, outcome.edits, version);
    if (applied === 'retry') continue;
    if (applied) {
      if (editor) placeCursors(document, editor, outcome.cursors);
      return { ok: true, edits: outcome.edits };
    }
    if (document.version === version) {
      return { ok: false, reason: 'readonly', message: 'VS Code refused the edit (is the document read-only?). Nothing was changed.' };
    }
    // The text changed between planning and applying: plan again against the new text.
  }
  return { ok: false, reason: 'conflict', message: 'The document kept changing while the citation was being inserted. Nothing was changed; please try again.' };
}
