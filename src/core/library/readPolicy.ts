// Which library files may be read, decided once for the CLI and the editor: only regular files of a
// sane size (`bibliography: /dev/zero` would read until memory runs out, a FIFO would wait forever),
// and, in an untrusted workspace (Restricted Mode), only files inside the workspace folders. Pure:
// the callers stat the file and normalise nothing themselves.

/** Larger than any real export (150,000 entries with abstracts is about 150 MB); a bigger file is refused. */
export const MAX_LIBRARY_BYTES = 256 * 1024 * 1024;

export type FileKind = 'file' | 'folder' | 'other';

/** Why a library file is not read (its kind or size), or undefined when it may be read. */
export function libraryFileRefusal(kind: FileKind, size: number): string | undefined {
  if (kind === 'folder') return 'is a folder, not a file';
  if (kind === 'other') return 'is not a regular file (a device, a pipe or a socket); not read';
  if (size > MAX_LIBRARY_BYTES) {
    return `is ${Math.round(size / 1024 / 1024)} MB, more than the ${MAX_LIBRARY_BYTES / 1024 / 1024} MB a library file may have; not read`;
  }
  return undefined;
}

/** A path with `.` and `..` segments and repeated slashes resolved ("/w/a/../../x" → "/x"). */
export function normalisePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** A file or folder as a URI gives it: scheme, authority and path. */
export interface Place {
  scheme: string;
  authority: string;
  path: string;
}

/**
 * Whether `file` lies inside one of `folders` (same scheme and authority, path under the folder's
 * after `..` is resolved). Case-insensitive paths (Windows, macOS by default) compare lower-cased.
 */
export function insideFolders(file: Place, folders: readonly Place[], ignoreCase = false): boolean {
  const fold = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  const path = fold(normalisePath(file.path));
  return folders.some((folder) => {
    if (folder.scheme !== file.scheme || fold(folder.authority) !== fold(file.authority)) return false;
    const root = fold(normalisePath(folder.path));
    return path === root || path.startsWith(root === '/' ? '/' : `${root}/`);
  });
}

/** The reason shown for a library file Restricted Mode does not read. */
export const OUTSIDE_WORKSPACE = 'not read in Restricted Mode: the file is outside the workspace folders (trust the workspace to read it)';
