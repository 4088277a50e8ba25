// Helpers shared by the integration suites: the extension's id, command results, the AMA form of
// three references, and editor steps (open a fresh untitled document, place cursors, undo, wait).
import * as vscode from 'vscode';

export const EXTENSION_ID = 'iscls-reference.iscls-reference';

export interface CommandResult {
  ok: boolean;
  reason?: string;
  message?: string;
  uri?: vscode.Uri;
  count?: number;
}

export const AMA = {
  clarkson1960: 'Clarkson B, Thompson D, Horwith M, Luckey EH. Cyclical edema and shock due to increased capillary permeability. Am J Med. 1960;29:193.',
  // Completed from their PubMed records (data/references.json `completed`): issue, page range, DOI.
  gousseff2011:
    'Gousseff M, Arnaud L, Lambert M, et al. The systemic capillary leak syndrome: a case series of 28 patients from a European registry. Ann Intern Med. 2011;154(7):464-471. doi:10.7326/0003-4819-154-7-201104050-00004',
  druey2010: 'Druey KM, Greipp PR. Narrative review: the systemic capillary leak syndrome. Ann Intern Med. 2010;153(2):90-98. doi:10.7326/0003-4819-153-2-201007200-00005',
};

export async function open(content: string, language: string): Promise<vscode.TextEditor> {
  // Under load the extension host can hand back a just-closed untitled document that had the same
  // name (its close not processed yet): take a fresh one instead.
  for (let attempt = 0; attempt < 10; attempt++) {
    const document = await vscode.workspace.openTextDocument({ content, language });
    if (!document.isClosed && document.getText() === content && document.languageId === language) {
      const editor = await vscode.window.showTextDocument(document, { preview: false });
      if (editor.document === document) return editor;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Could not open a fresh untitled document');
}

export async function closeActive(): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  if (!document || document.uri.scheme !== 'untitled') return;
  const started = Date.now();
  while (!document.isClosed && Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 25));
}

export function at(editor: vscode.TextEditor, ...offsets: number[]): void {
  editor.selections = offsets.map((o) => {
    const p = editor.document.positionAt(o);
    return new vscode.Selection(p, p);
  });
}

export async function undoOnce(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('undo');
}

export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeout = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeout) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
