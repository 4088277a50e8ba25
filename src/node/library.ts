// The writer's library on the command line: read library files from disk (any encoding we can
// decode), the ones a document declares (`bibliography:`, `\addbibresource`) relative to it, and
// merge them with the review's 72. Never writes to a library file.
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';
import { libraryFileRefusal, type FileKind } from '../core/library/readPolicy';
import { dirname, resolve } from 'node:path';
import { parseLibrary, type LibraryFile } from '../core/library';
import { declaredLibraries } from '../core/library/documentSources';
import { MergedLibrary, formatterItems } from '../core/library/merge';
import type { CitationFormatter } from '../core/format/citations';
import type { Reference } from '../core/types';
import { EXPORT_BIB } from '../core/manuscript/latexBibliography';

/**
 * The bytes of a library file, if the read policy allows it. Opened without blocking (a FIFO would
 * otherwise wait for a writer forever) and checked on the open file, so what is checked is what is read.
 */
function readAllowed(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    refuseUnlessAllowed(fstatSync(fd));
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

function kindOf(stat: Stats): FileKind {
  return stat.isFile() ? 'file' : stat.isDirectory() ? 'folder' : 'other';
}

/** The read policy on an open file (what is checked is what is read): throws why it is not read. */
function refuseUnlessAllowed(stat: Stats): void {
  const refusal = libraryFileRefusal(kindOf(stat), stat.size);
  if (refusal) throw new Error(refusal);
}

/** What the editor's library service needs to know of a file before reading it. */
export interface LibraryFileStat {
  kind: FileKind;
  size: number;
  mtime: number;
  /** The path is a symbolic link (`kind`, `size` and `mtime` are its target's). */
  link: boolean;
}

/**
 * A local library file's stat in the editor's Node.js host, as VS Code's own file system would give it
 * (a link's target, a dangling link as neither file nor folder), without VS Code's round trip to the
 * window before every `workspace.fs` call: while a document opens, that wait was 0.15-0.25 s.
 */
export async function statLibraryFile(path: string): Promise<LibraryFileStat> {
  const own = await lstat(path);
  if (!own.isSymbolicLink()) return { kind: kindOf(own), size: own.size, mtime: own.mtimeMs, link: false };
  try {
    const target = await stat(path);
    return { kind: kindOf(target), size: target.size, mtime: target.mtimeMs, link: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { kind: 'other', size: own.size, mtime: own.mtimeMs, link: true };
  }
}

/**
 * The same read for the editor's Node.js host, without blocking it: the open file is checked, then read
 * into one buffer of its size, in one read where the system allows. Node's own `readFile` reads 512 KB
 * per turn of the event loop: 15 turns for a 20,000-entry library, each waiting behind whatever else
 * the host is doing. `noFollow`: a symbolic link is refused (ELOOP), not followed.
 */
export async function readAllowedWithoutBlocking(path: string, options: { noFollow?: boolean } = {}): Promise<Uint8Array> {
  const noFollow = options.noFollow ? constants.O_NOFOLLOW ?? 0 : 0;
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | noFollow);
  try {
    const stat = await handle.stat();
    refuseUnlessAllowed(stat);
    const bytes = Buffer.allocUnsafe(stat.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break; // the file was cut short meanwhile: what is there (the watcher reads it again)
      filled += bytesRead;
    }
    return bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** Reads and parses one library file; a missing or unreadable file is one problem, not a failure. */
export function readLibraryFile(path: string): LibraryFile {
  try {
    return parseLibrary(readAllowed(path), path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return { file: path, format: 'bibtex', entries: [], problems: [{ file: path, line: 0, severity: 'error', message: `cannot read library: ${reason}` }] };
  }
}

/**
 * The library files for a document, in priority order: the ones it declares (relative to its
 * folder), then `extra` (e.g. `--library FILE`, relative to the working directory). The `.bib` the
 * extension itself writes for LaTeX documents (`iscls-references.bib`) holds review references
 * only and is not a library.
 */
export function libraryPaths(extra: readonly string[], document?: { path: string; text: string }): string[] {
  const declared = document
    ? declaredLibraries(document.text).filter((f) => !f.endsWith(EXPORT_BIB)).map((f) => resolve(dirname(document.path), f))
    : [];
  return [...new Set([...declared, ...extra.map((f) => resolve(f))])];
}

/** Reads the libraries of a document (and `extra`) and merges them with the review's references. */
export function loadLibraries(review: readonly Reference[], extra: readonly string[], document?: { path: string; text: string }): MergedLibrary {
  return new MergedLibrary(review, libraryPaths(extra, document).map(readLibraryFile));
}

/** "refs.bib:12: error: duplicate key …" lines for stderr. */
export function problemLines(merged: MergedLibrary): string[] {
  return merged.problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.severity}: ${p.message}`);
}

/** What a CLI command needs of the library: the merged keys, the works to list or search, warnings. */
export interface CliLibrary {
  merged: MergedLibrary;
  /** Formats the review's and the writer's references (the formatter given, re-itemised). */
  formatter: CitationFormatter;
  /** stderr lines: "refs.bib:12: error: …" */
  warnings: string[];
}

/**
 * The library a CLI command works with: `--library FILE` (repeatable) and, when the command reads a
 * document, the files it declares. Without any, the review's 72 alone (the formatter untouched).
 */
export function cliLibrary(review: readonly Reference[], formatter: CitationFormatter, libraries: readonly string[], document?: { path: string; text: string }): CliLibrary {
  const merged = loadLibraries(review, libraries, document);
  if (merged.libraryWorks().length > 0 || libraries.length > 0) formatter.setReferences(formatterItems(merged));
  return { merged, formatter, warnings: problemLines(merged) };
}
