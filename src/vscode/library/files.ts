// How the library service reads a file, and whether it may: Restricted Mode reads nothing outside the
// workspace folders and follows no symbolic link; every file passes the read policy (a regular file of
// a sane size). In the Node.js host a local file is stat'ed and read with Node.js (`nodePort`): VS Code's
// `workspace.fs` first asks the window, a round trip for every call (0.15-0.25 s while a document
// opens), and reads 512 KB per turn of the event loop. Elsewhere (the web worker host, virtual file
// systems) through `workspace.fs`.
import * as vscode from 'vscode';
import { OUTSIDE_WORKSPACE, insideFolders, libraryFileRefusal, type FileKind } from '../../core/library/readPolicy';
import { runsInNode } from '../shared/host';
import { readAllowedWithoutBlocking, statLibraryFile, type LibraryFileStat } from '../shared/nodePort';

/** In Restricted Mode a link is not followed: where it leads cannot be checked in every host. */
const LINK_REFUSED = 'not read in Restricted Mode: the file is a symbolic link (trust the workspace to read it)';

/** Why Restricted Mode does not read this file (outside every workspace folder), or undefined. */
function mayNotRead(uri: vscode.Uri): string | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri);
  const ignoreCase = uri.scheme === 'file' && /^(win32|darwin)$/.test((globalThis as { process?: { platform?: string } }).process?.platform ?? '');
  return insideFolders(uri, folders, ignoreCase) ? undefined : OUTSIDE_WORKSPACE;
}

/** The path of a file Node.js reads here, or undefined where VS Code reads it. */
function localPath(uri: vscode.Uri): string | undefined {
  return uri.scheme === 'file' && runsInNode() ? uri.fsPath : undefined;
}

/** Node's errors as the service reports VS Code's: a missing file is "file not found". */
function asVscodeError(error: unknown, uri: vscode.Uri): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return vscode.FileSystemError.FileNotFound(uri);
  if (code === 'ELOOP') return new Error(LINK_REFUSED);
  return error;
}

async function statAnywhere(uri: vscode.Uri): Promise<LibraryFileStat> {
  const path = localPath(uri);
  if (path !== undefined) return statLibraryFile(path).catch((error) => Promise.reject(asVscodeError(error, uri)));
  const stat = await vscode.workspace.fs.stat(uri);
  const kind: FileKind = stat.type & vscode.FileType.File ? 'file' : stat.type & vscode.FileType.Directory ? 'folder' : 'other';
  return { kind, size: stat.size, mtime: stat.mtime, link: !!(stat.type & vscode.FileType.SymbolicLink) };
}

/** The file's stat, once it is known that it may be read; otherwise an error saying why not. */
export async function statOf(uri: vscode.Uri): Promise<LibraryFileStat> {
  const refused = mayNotRead(uri);
  if (refused) throw new Error(refused);
  const stat = await statAnywhere(uri);
  const refusal = libraryFileRefusal(stat.kind, stat.size) ?? (stat.link && !vscode.workspace.isTrusted ? LINK_REFUSED : undefined);
  if (refusal) throw new Error(refusal);
  return stat;
}

/** A library file's bytes; in the Node.js host the open file is checked again, and in Restricted Mode a link swapped in meanwhile is refused. */
export async function readBytes(uri: vscode.Uri): Promise<Uint8Array> {
  const path = localPath(uri);
  if (path === undefined) return vscode.workspace.fs.readFile(uri);
  return readAllowedWithoutBlocking(path, { noFollow: !vscode.workspace.isTrusted }).catch((error) => Promise.reject(asVscodeError(error, uri)));
}
