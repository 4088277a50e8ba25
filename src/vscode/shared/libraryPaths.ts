// Where a library path points: the one place the editor turns a path written by the writer (an
// `iscls.library` setting entry, a document's `bibliography:` or `\addbibresource`) into a file. The
// library service reads what this returns and the My Library view finds a file's setting entry by it.
import * as vscode from 'vscode';

/** The extension's own .bib for LaTeX documents (review references only): never a library. */
export const OWN_BIB = 'iscls-references.bib';

const isAbsolute = (path: string) => /^([a-z]:)?[\\/]/i.test(path);

/**
 * The library file `path` names: absolute as written, else relative to `folder` (a setting entry:
 * its workspace folder; a declaration: the declaring document's folder). Undefined when it cannot
 * be a library: a relative path with nothing to be relative to, or the extension's own .bib.
 */
export function resolveLibraryPath(path: string, folder: vscode.Uri | undefined): vscode.Uri | undefined {
  const uri = isAbsolute(path) ? vscode.Uri.file(path) : folder ? vscode.Uri.joinPath(folder, path) : undefined;
  if (!uri || uri.path.endsWith(`/${OWN_BIB}`)) return undefined;
  return uri;
}

/** The folder a document's relative declarations are read from (none for an untitled document). */
export function declaringFolder(document: vscode.TextDocument): vscode.Uri | undefined {
  return document.isUntitled ? undefined : vscode.Uri.joinPath(document.uri, '..');
}
