// The library's data in the editor: each library file as last read (by URI), the setting's files per
// workspace folder, the files each open document declares, and the merged document libraries built
// from them. Everything here is a lookup or a plain update: reading files, watching them and telling
// the features is `index.ts`'s.
import * as vscode from 'vscode';
import type { LibraryFile, LibraryProblem } from '../../core/library';
import { declaredLibraries } from '../../core/library/documentSources';
import { baseName } from '../../core/library/merge';
import { baseLibrary, mergedLibrary, mergedLibraryInSlices, type DocumentLibrary, type LibraryBase } from '../shared/documentLibrary';
import { declaringFolder, resolveLibraryPath } from '../shared/libraryPaths';
import type { LibraryFileInfo } from '../shared/library';

/** Languages whose documents may declare a bibliography. */
const DECLARING = ['markdown', 'latex', 'tex', 'quarto', 'rmd', 'plaintext'];
/** Document libraries kept (each distinct list of files is one). */
const CACHE_SIZE = 16;

export interface Source {
  uri: vscode.Uri;
  parsed?: LibraryFile;
  /** Why the file could not be read, if it could not. */
  failure?: string;
  mtime?: number;
  size?: number;
  /** Bumped on every read that changed the file's entries or failure (document libraries key on it). */
  generation: number;
  /** Successful reads and parses of the file. */
  reads: number;
}

export const sameUri = (a: vscode.Uri, b: vscode.Uri) => a.toString() === b.toString();

/** A library file's name as sources and messages give it. */
const nameOf = (file: string) => baseName(vscode.Uri.parse(file).path);

/** A source is settled once its first read ended (read, or found missing or unreadable). */
const settled = (source: Source | undefined) => !!source && (!!source.parsed || source.failure !== undefined);

export class LibraryModel {
  readonly sources = new Map<string, Source>();
  /** The setting's files per workspace folder (by folder URI), found by the last refresh; undefined before it. */
  settingFiles: Map<string, vscode.Uri[]> | undefined;
  private readonly declared = new WeakMap<vscode.TextDocument, { version: number; uris: vscode.Uri[] }>();
  private readonly libraries = new Map<string, DocumentLibrary>();
  /** Merges being built in slices (by key): the documents they serve are still loading. */
  private readonly building = new Set<string>();
  readonly base: DocumentLibrary;

  constructor(private readonly parts: LibraryBase) {
    this.base = baseLibrary(parts);
  }

  /** The document's library from the files read so far (a merge is built once per list of files and kept). */
  forDocument(document: vscode.TextDocument | undefined): DocumentLibrary {
    const wanted = document && this.mergeFor(document);
    if (!wanted) return this.base;
    const library = this.libraries.get(wanted.key) ?? mergedLibrary(this.parts, wanted.files, wanted.uris, nameOf);
    this.keep(wanted.key, library);
    return library;
  }

  /** Builds, in slices, the merges the open documents will ask for, so that none is built in one block. */
  async prepare(pause: () => Promise<void>): Promise<void> {
    for (const document of this.declaringDocuments()) {
      const wanted = this.mergeFor(document);
      if (!wanted || this.libraries.has(wanted.key)) continue;
      this.building.add(wanted.key);
      let library: DocumentLibrary;
      try {
        library = await mergedLibraryInSlices(this.parts, wanted.files, wanted.uris, nameOf, pause);
      } finally {
        this.building.delete(wanted.key);
      }
      // A file read again meanwhile makes another merge; one built meanwhile by a lookup is kept.
      if (!this.libraries.has(wanted.key) && this.mergeFor(document)?.key === wanted.key) this.keep(wanted.key, library);
    }
  }

  /** The parsed files a document's library merges, and the key its merge is kept under; undefined: the base. */
  private mergeFor(document: vscode.TextDocument): { key: string; files: LibraryFile[]; uris: vscode.Uri[] } | undefined {
    const used = this.filesFor(document).map((uri) => this.sources.get(uri.toString())).filter((s): s is Source => !!s?.parsed);
    if (used.length === 0) return undefined;
    const key = used.map((s) => `${s.uri.toString()}#${s.generation}`).join('\n');
    return { key, files: used.map((s) => s.parsed!), uris: used.map((s) => s.uri) };
  }

  /** Keeps a merge as the most recently used, dropping the least recently used beyond CACHE_SIZE. */
  private keep(key: string, library: DocumentLibrary): void {
    this.libraries.delete(key);
    while (this.libraries.size >= CACHE_SIZE) this.libraries.delete(this.libraries.keys().next().value as string);
    this.libraries.set(key, library);
  }

  isLoadingFor(document: vscode.TextDocument): boolean {
    const wanted = this.building.size > 0 ? this.mergeFor(document) : undefined;
    if (wanted && this.building.has(wanted.key) && !this.libraries.has(wanted.key)) return true;
    if (this.declaredBy(document).some((uri) => !settled(this.sources.get(uri.toString())))) return true;
    const folder = this.folderOf(document);
    if (!folder) return false;
    const entries = vscode.workspace.getConfiguration('iscls', folder.uri).get<unknown>('library', []);
    if (!Array.isArray(entries) || !entries.some((e) => typeof e === 'string' && e.trim())) return false;
    const found = this.settingFiles?.get(folder.uri.toString());
    return !found || found.some((uri) => !settled(this.sources.get(uri.toString())));
  }

  private folderOf(document: vscode.TextDocument): vscode.WorkspaceFolder | undefined {
    return vscode.workspace.getWorkspaceFolder(document.uri) ?? (document.isUntitled ? vscode.workspace.workspaceFolders?.[0] : undefined);
  }

  /** The library files of a document, in priority order: its folder's setting, then its own. */
  filesFor(document: vscode.TextDocument): vscode.Uri[] {
    const folder = this.folderOf(document);
    const files = [...(folder ? (this.settingFiles?.get(folder.uri.toString()) ?? []) : [])];
    for (const uri of this.declaredBy(document)) if (!files.some((u) => sameUri(u, uri))) files.push(uri);
    return files;
  }

  /** The files a document declares (`bibliography:`, `\addbibresource`), resolved against its folder. */
  declaredBy(document: vscode.TextDocument): vscode.Uri[] {
    if (!DECLARING.includes(document.languageId) || document.uri.scheme === 'output') return [];
    const cached = this.declared.get(document);
    if (cached?.version === document.version) return cached.uris;
    const uris: vscode.Uri[] = [];
    for (const file of declaredLibraries(document.getText())) {
      const uri = resolveLibraryPath(file, declaringFolder(document));
      if (uri && !uris.some((u) => sameUri(u, uri))) uris.push(uri);
    }
    this.declared.set(document, { version: document.version, uris });
    return uris;
  }

  declaringDocuments(): vscode.TextDocument[] {
    return vscode.workspace.textDocuments.filter((d) => !d.isClosed && d.uri.scheme !== 'output' && DECLARING.includes(d.languageId));
  }

  /** Every file wanted now: the setting's of every folder, then those open documents declare. */
  wantedFiles(): vscode.Uri[] {
    const wanted: vscode.Uri[] = [];
    const add = (uri: vscode.Uri) => {
      if (!wanted.some((u) => sameUri(u, uri))) wanted.push(uri);
    };
    for (const list of this.settingFiles?.values() ?? []) list.forEach(add);
    for (const document of this.declaringDocuments()) this.declaredBy(document).forEach(add);
    return wanted;
  }

  files(): LibraryFileInfo[] {
    const using = new Map<string, vscode.Uri[]>();
    for (const document of this.declaringDocuments()) {
      for (const uri of this.filesFor(document)) using.set(uri.toString(), [...(using.get(uri.toString()) ?? []), document.uri]);
    }
    return [...this.sources.values()].map((s) => ({
      uri: s.uri,
      name: baseName(s.uri.path),
      entries: s.parsed?.entries.length ?? 0,
      problems: (s.parsed?.problems.length ?? 0) + (s.failure ? 1 : 0),
      failure: s.failure,
      documents: using.get(s.uri.toString()) ?? [],
      parsed: s.parsed,
      reads: s.reads,
    }));
  }

  /** Drops the document libraries built over a file read since (the others stay valid). */
  dropStale(): void {
    for (const key of [...this.libraries.keys()]) {
      const valid = key.split('\n').every((part) => {
        const at = part.lastIndexOf('#');
        return this.sources.get(part.slice(0, at))?.generation === Number(part.slice(at + 1));
      });
      if (!valid) this.libraries.delete(key);
    }
  }

  /**
   * Every library problem to show: each file's own and those of the merges the open documents use
   * (key conflicts between files). Builds those merges, so that they are ready when a document asks.
   */
  problems(): LibraryProblem[] {
    const problems = [...this.sources.values()].flatMap((s) => s.parsed?.problems ?? []);
    for (const document of this.declaringDocuments()) this.forDocument(document);
    for (const library of this.libraries.values()) problems.push(...library.problems);
    return problems;
  }
}
