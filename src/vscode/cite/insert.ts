// Inserting citations of given keys at every cursor, in the document's convention, through the
// document's manuscript model (analysed once per version, shared with the other features).
import * as vscode from 'vscode';
import { latexCommandOf, planInsertionIn, type Manuscript } from '../../core/manuscript/model';
import type { Services } from '../shared/services';
import { refuse, type CommandResult } from '../shared/commands';
import { documentName, isReadonlyDocument } from '../shared/documents';
import { errorMessage } from '../shared/log';
import { applyPlan, type PlanOutcome } from '../shared/applyPlan';
import { shortLabel } from '../shared/references';

export interface InsertTarget {
  document: vscode.TextDocument;
  editor?: vscode.TextEditor;
  /** Selections when the command started: used only if no editor shows the document any more. */
  selections: readonly vscode.Selection[];
  /** The document's version when the selections were taken. */
  version: number;
}

export function targetFromActiveEditor(): InsertTarget | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  return { document: editor.document, editor, selections: editor.selections, version: editor.document.version };
}

export function noEditor(): CommandResult {
  const message = 'Open a Markdown, LaTeX or text document and place the cursor where the citation should go.';
  void vscode.window.showInformationMessage(message);
  return { ok: false, reason: 'no-editor', message };
}

export function readonly(document: vscode.TextDocument): CommandResult {
  const message = `"${documentName(document)}" is read-only: no citation was inserted.`;
  void vscode.window.showWarningMessage(message);
  return { ok: false, reason: 'readonly', message };
}

/** A citation as text for the clipboard, when there is no document left to insert into. */
function clipboardCitation(s: Services, document: vscode.TextDocument, keys: readonly string[], model: Manuscript): string {
  switch (model.convention) {
    case 'pandoc':
      return `[${keys.map((k) => `@${k}`).join('; ')}]`;
    case 'latex':
      return `\\${latexCommandOf(model).replace(/^\\/, '')}{${keys.join(',')}}`;
    default:
      return s.library.forDocument(document).formatter.bibliography(keys, model.settings.style, 'text').join(model.eol);
  }
}

async function copyInstead(s: Services, target: InsertTarget, keys: readonly string[]): Promise<CommandResult> {
  const model = s.manuscripts.get(target.document);
  if (!model) return { ok: false, reason: 'error', message: 'The document could not be read.' };
  let text: string;
  try {
    text = clipboardCitation(s, target.document, keys, model);
  } catch (error) {
    return { ok: false, reason: 'error', message: errorMessage(error) };
  }
  await vscode.env.clipboard.writeText(text);
  const what = text.startsWith('[@') || text.startsWith('\\') ? `The citation ${text.length > 80 ? text.slice(0, 80) + '…' : text} was` : `The formatted reference${keys.length > 1 ? 's were' : ' was'}`;
  const message = `The document was closed before the citation could be inserted. ${what} copied to the clipboard.`;
  void vscode.window.showInformationMessage(message);
  return { ok: false, reason: 'closed', message, text };
}

/** The cursors to insert at: the live editor's, or the selections taken when the command started. */
function cursorOffsets(target: InsertTarget, editor: vscode.TextEditor | undefined): number[] | undefined {
  const { document } = target;
  // Selections taken before the pick opened mean nothing once the text has changed.
  if (!editor && document.version !== target.version) return undefined;
  const selections = editor?.selections ?? target.selections;
  return [...new Set(selections.map((sel) => document.offsetAt(document.validatePosition(sel.end))))].sort((a, b) => a - b);
}

function planFor(s: Services, target: InsertTarget, keys: readonly string[], editor: vscode.TextEditor | undefined): PlanOutcome {
  const { document } = target;
  const offsets = cursorOffsets(target, editor);
  if (!offsets) {
    const message = `"${documentName(document)}" changed and is no longer shown while the citation was being chosen: nothing was inserted. Show it and insert again.`;
    return { edits: [], refused: { ok: false, reason: 'conflict', message } };
  }
  const model = s.manuscripts.get(document);
  if (!model) throw new Error('The document could not be analysed (see the log).');
  // Planned from the model's analysis of this version; the plan says where each cursor lands (right
  // after the citation it inserted or merged into), so nothing is analysed again to place them.
  const { edits, cursors } = planInsertionIn(model, offsets, [...keys], s.manuscripts.context(document, model));
  return { edits, cursors };
}

/** Inserts `keys` at every cursor of the target (at the END of each selection). */
export async function insertKeys(s: Services, target: InsertTarget | undefined, keys: readonly string[]): Promise<CommandResult> {
  if (keys.length === 0) return { ok: false, reason: 'cancelled' };
  // Keys resolve in the target document's library (the review's 72 and the files that apply to it).
  const resolver = target ? s.library.forDocument(target.document).merged : s.library.base.merged;
  const unknown = keys.filter((k) => !resolver.has(k));
  if (unknown.length) {
    const message = `Unknown ISCLS reference key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}. Nothing was inserted.`;
    void refuse('error', message, [{ title: 'Add Library File', command: 'iscls.addLibraryFile' }]);
    return { ok: false, reason: 'error', message };
  }
  if (!target) return noEditor();
  if (target.document.isClosed) return copyInstead(s, target, keys);
  if (isReadonlyDocument(target.document)) return readonly(target.document);
  const result = await applyPlan(target.document, target.editor, (editor) => planFor(s, target, keys, editor));
  if (result.ok) {
    const names = keys.map((k) => shortLabel(s, k, s.library.forDocument(target.document))).join('; ');
    vscode.window.setStatusBarMessage(`$(quote) Cited ${names}`, 4000);
    return { ok: true };
  }
  if (result.reason === 'closed') return insertKeys(s, target, keys);
  const message = result.reason === 'error' ? `Could not insert the citation: ${result.message} Nothing was changed.` : result.message ?? 'The citation could not be inserted.';
  s.log.warn(message);
  void refuse('error', message, [{ title: 'Show Log', command: 'iscls.showLog' }]);
  return { ...result, message };
}
