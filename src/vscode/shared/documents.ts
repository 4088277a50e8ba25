// Small facts about documents and editors that several features need.
import * as vscode from 'vscode';

/** Schemes whose documents are views, never files the user edits. */
const READONLY_SCHEMES = new Set(['output', 'git', 'gitfs', 'vscode-scm', 'debug', 'vscode-settings', 'walkThroughSnippet']);

/** Whether edits to this document must be refused (read-only file system or a view scheme). */
export function isReadonlyDocument(document: vscode.TextDocument): boolean {
  const scheme = document.uri.scheme;
  if (READONLY_SCHEMES.has(scheme)) return true;
  try {
    return vscode.workspace.fs.isWritableFileSystem(scheme) === false;
  } catch {
    return false;
  }
}

export function eolOf(document: vscode.TextDocument): '\n' | '\r\n' {
  return document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
}

/** The file name shown in messages. */
export function documentName(document: vscode.TextDocument): string {
  const path = document.uri.path;
  return path.slice(path.lastIndexOf('/') + 1) || document.uri.toString(true);
}

/** The visible editor showing `document`, preferring `preferred` if it is still alive. */
export function liveEditor(document: vscode.TextDocument, preferred?: vscode.TextEditor): vscode.TextEditor | undefined {
  const visible = vscode.window.visibleTextEditors;
  if (preferred && visible.includes(preferred) && preferred.document === document) return preferred;
  const active = vscode.window.activeTextEditor;
  if (active && active.document === document) return active;
  return visible.find((e) => e.document === document);
}

/** The document a command names (a Uri or `{ uri }`), else the active editor's. */
export function documentFromArgument(arg: unknown): { document: vscode.TextDocument; editor?: vscode.TextEditor } | undefined {
  const uri = arg instanceof vscode.Uri ? arg : arg && typeof arg === 'object' && (arg as { uri?: unknown }).uri instanceof vscode.Uri ? (arg as { uri: vscode.Uri }).uri : undefined;
  if (uri) {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return document ? { document, editor: liveEditor(document) } : undefined;
  }
  const editor = vscode.window.activeTextEditor;
  return editor ? { document: editor.document, editor } : undefined;
}
