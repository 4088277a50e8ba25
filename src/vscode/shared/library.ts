// The writer's library in the editor, PER DOCUMENT: the files of the `iscls.library` setting (paths or
// globs relative to each workspace folder) and the ones open documents declare (`bibliography:`,
// `\addbibresource`) are read through `vscode.workspace.fs` (so it works in the web host too), parsed
// in slices, kept by URI and watched (Zotero's Better BibTeX rewrites its export on every change).
// A document's library is the setting's files of ITS workspace folder plus the files IT declares,
// merged with the review's 72 (`forDocument`); a file declared by one document never applies to
// another. Problems become diagnostics on the library files. Never writes to a library file.
import * as vscode from 'vscode';
import { parseLibraryInSlices, libraryFormat, type LibraryFile, type LibraryProblem } from '../../core/library';
import { declaredLibraries } from '../../core/library/documentSources';
import { baseName } from '../../core/library/merge';
import { OUTSIDE_WORKSPACE, insideFolders, libraryFileRefusal } from '../../core/library/readPolicy';
import { baseLibrary, mergedLibrary, type DocumentLibrary, type LibraryBase } from './documentLibrary';

export type { DocumentLibrary } from './documentLibrary';

/** The extension's own .bib for LaTeX documents (review references only): not a library. */
const OWN_BIB = 'iscls-references.bib';
/** Languages whose documents may declare a bibliography. */
const DECLARING = ['markdown', 'latex', 'tex', 'quarto', 'rmd', 'plaintext'];
/** Loading a file for longer than this shows a progress notification. */
const PROGRESS_AFTER_MS = 1000;
/** Document libraries kept (each distinct list of files is one). */
const CACHE_SIZE = 16;

interface Source {
  uri: vscode.Uri;
  parsed?: LibraryFile;
  /** Why the file could not be read, if it could not. */
  failure?: string;
  mtime?: number;
  /** Bumped on every read that changed the file's entries or failure (document libraries key on it). */
  generation: number;
}

/** One library file as the sidebar shows it. */
export interface LibraryFileInfo {
  uri: vscode.Uri;
  name: string;
  entries: number;
  problems: number;
  failure?: string;
  /** The open documents it applies to (declared by them, or the setting of their folder). */
  documents: vscode.Uri[];
  /** The file as read: every entry (in file order) and the file's own problems; undefined if unread. */
  parsed?: LibraryFile;
}

export interface LibraryLog {
  info(message: string): void;
  warn(message: string, error?: unknown): void;
}

const isAbsolute = (file: string) => /^([a-z]:)?[\\/]/i.test(file);

/** In Restricted Mode a link is not followed: where it leads cannot be checked in every host. */
const LINK_REFUSED = 'not read in Restricted Mode: the file is a symbolic link (trust the workspace to read it)';

/** Why Restricted Mode does not read this file (outside every workspace folder), or undefined. */
function mayNotRead(uri: vscode.Uri): string | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri);
  const ignoreCase = uri.scheme === 'file' && /^(win32|darwin)$/.test((globalThis as { process?: { platform?: string } }).process?.platform ?? '');
  return insideFolders(uri, folders, ignoreCase) ? undefined : OUTSIDE_WORKSPACE;
}
const sameUri = (a: vscode.Uri, b: vscode.Uri) => a.toString() === b.toString();

export class LibraryService implements vscode.Disposable {
  private readonly sources = new Map<string, Source>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('iscls-library');
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The setting's files per workspace folder (by folder URI), found by the last refresh. */
  private settingFiles = new Map<string, vscode.Uri[]>();
  private readonly declared = new WeakMap<vscode.TextDocument, { version: number; uris: vscode.Uri[] }>();
  private readonly libraries = new Map<string, DocumentLibrary>();
  private refreshing: Promise<void> | undefined;
  private again = false;
  private loading = 0;
  /** The review's 72 alone, shared by every document without a library file. */
  readonly base: DocumentLibrary;
  /** Fired after a library file was read again, added or dropped (document libraries have changed). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly parts: LibraryBase, private readonly log: LibraryLog) {
    this.base = baseLibrary(parts);
    this.subscriptions.push(
      this.diagnostics,
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('iscls.library')) void this.refresh();
      }),
      vscode.workspace.onDidOpenTextDocument(() => void this.refresh()),
      // A closed document's declared bibliography stops being watched.
      vscode.workspace.onDidCloseTextDocument(() => void this.refresh()),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (this.sources.has(document.uri.toString())) void this.reload(document.uri);
        else void this.refresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
      // Files Restricted Mode skipped are read once the writer trusts the workspace.
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()),
    );
  }

  /**
   * The document's library: the review merged with the setting's files of its workspace folder
   * (untitled documents: the first folder's) and the files it declares. Cached by the list of files
   * and their generations; a declared file not read yet is read now and reported by `onDidChange`.
   */
  forDocument(document: vscode.TextDocument | undefined): DocumentLibrary {
    if (!document) return this.base;
    const uris = this.filesFor(document);
    if (uris.some((uri) => !this.sources.has(uri.toString()))) void this.refresh();
    const used = uris.map((uri) => this.sources.get(uri.toString())).filter((s): s is Source => !!s?.parsed);
    if (used.length === 0) return this.base;
    const key = used.map((s) => `${s.uri.toString()}#${s.generation}`).join('\n');
    let library = this.libraries.get(key);
    if (library) {
      this.libraries.delete(key); // most recently used last
    } else {
      library = mergedLibrary(this.parts, used.map((s) => s.parsed!), used.map((s) => s.uri), (file) => baseName(vscode.Uri.parse(file).path));
      this.publishDiagnostics(library.problems);
      while (this.libraries.size >= CACHE_SIZE) this.libraries.delete(this.libraries.keys().next().value as string);
    }
    this.libraries.set(key, library);
    return library;
  }

  /** The library of the active editor's document, or the 72 (views that belong to no document). */
  forActiveEditor(): DocumentLibrary {
    return this.forDocument(vscode.window.activeTextEditor?.document);
  }

  /** Each library file with its entry count, problems and the open documents using it (the sidebar). */
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
    }));
  }

  /** Finds the library files again (setting + open documents) and reads the new or changed ones. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        await this.collect();
      } while (this.again);
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** The library files of a document, in priority order: its folder's setting, then its own. */
  filesFor(document: vscode.TextDocument): vscode.Uri[] {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri) ?? (document.isUntitled ? vscode.workspace.workspaceFolders?.[0] : undefined);
    const files = [...(folder ? (this.settingFiles.get(folder.uri.toString()) ?? []) : [])];
    for (const uri of this.declaredBy(document)) if (!files.some((u) => sameUri(u, uri))) files.push(uri);
    return files;
  }

  /** The files a document declares (`bibliography:`, `\addbibresource`), resolved against its folder. */
  private declaredBy(document: vscode.TextDocument): vscode.Uri[] {
    if (!DECLARING.includes(document.languageId) || document.uri.scheme === 'output') return [];
    const cached = this.declared.get(document);
    if (cached?.version === document.version) return cached.uris;
    const uris: vscode.Uri[] = [];
    for (const file of declaredLibraries(document.getText())) {
      const uri = isAbsolute(file) ? vscode.Uri.file(file) : document.isUntitled ? undefined : vscode.Uri.joinPath(document.uri, '..', file);
      if (uri && !uri.path.endsWith(`/${OWN_BIB}`) && !uris.some((u) => sameUri(u, uri))) uris.push(uri);
    }
    this.declared.set(document, { version: document.version, uris });
    return uris;
  }

  private declaringDocuments(): vscode.TextDocument[] {
    return vscode.workspace.textDocuments.filter((d) => !d.isClosed && d.uri.scheme !== 'output' && DECLARING.includes(d.languageId));
  }

  private async collect(): Promise<void> {
    this.settingFiles = await this.findSettingFiles();
    const wanted: vscode.Uri[] = [];
    const add = (uri: vscode.Uri) => {
      if (!wanted.some((u) => sameUri(u, uri))) wanted.push(uri);
    };
    for (const list of this.settingFiles.values()) list.forEach(add);
    for (const document of this.declaringDocuments()) this.declaredBy(document).forEach(add);
    let changed = false;
    for (const key of [...this.sources.keys()]) {
      if (wanted.some((u) => u.toString() === key)) continue;
      this.sources.delete(key);
      this.watchers.get(key)?.dispose();
      this.watchers.delete(key);
      this.diagnostics.delete(vscode.Uri.parse(key));
      changed = true;
    }
    for (const uri of wanted) {
      const key = uri.toString();
      if (!this.sources.has(key)) {
        this.sources.set(key, { uri, generation: 0 });
        this.watch(uri);
        changed = true;
      }
      if (await this.read(this.sources.get(key) as Source)) changed = true;
    }
    if (changed) this.publish();
  }

  /** Re-reads one file (the watcher saw it change). */
  private async reload(uri: vscode.Uri): Promise<void> {
    const source = this.sources.get(uri.toString());
    if (source && (await this.read(source, true))) this.publish();
  }

  /** Reads a file if it changed since the last read; true when something changed. */
  private async read(source: Source, force = false): Promise<boolean> {
    const name = baseName(source.uri.path);
    try {
      const refused = mayNotRead(source.uri);
      if (refused) throw new Error(refused);
      const stat = await vscode.workspace.fs.stat(source.uri);
      const kind = stat.type & vscode.FileType.File ? 'file' : stat.type & vscode.FileType.Directory ? 'folder' : 'other';
      const refusal = libraryFileRefusal(kind, stat.size) ?? (stat.type & vscode.FileType.SymbolicLink && !vscode.workspace.isTrusted ? LINK_REFUSED : undefined);
      if (refusal) throw new Error(refusal);
      if (!force && source.parsed && source.mtime === stat.mtime) return false;
      const started = Date.now();
      const parsed = await this.withProgress(name, (async () => {
        const bytes = await vscode.workspace.fs.readFile(source.uri);
        return parseLibraryInSlices(bytes, source.uri.toString(), () => new Promise((r) => setTimeout(r, 0)));
      })());
      source.parsed = parsed;
      source.mtime = stat.mtime;
      source.failure = undefined;
      source.generation++;
      this.log.info(`Library ${name}: ${parsed.entries.length} entries, ${parsed.problems.length} problems, read in ${Date.now() - started} ms`);
    } catch (error) {
      const failure = error instanceof vscode.FileSystemError && error.code === 'FileNotFound' ? 'file not found' : String((error as Error)?.message ?? error);
      const was = source.failure;
      const had = !!source.parsed;
      source.parsed = undefined;
      source.mtime = undefined;
      source.failure = failure;
      if (was !== failure) this.log.warn(`Library ${source.uri.toString(true)}: ${failure}`);
      if (was === failure && !had) return false;
      source.generation++;
    }
    return true;
  }

  /** Runs a load; if it is still running after a second, shows a progress notification until it ends. */
  private withProgress<T>(name: string, work: Promise<T>): Promise<T> {
    this.loading++;
    const timer = setTimeout(() => {
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `ISCLS: loading your library ${name}…` },
        () => work.then(() => undefined, () => undefined),
      );
    }, PROGRESS_AFTER_MS);
    return work.finally(() => {
      clearTimeout(timer);
      this.loading--;
    });
  }

  /** True while a library file is being read (tests, the sidebar). */
  get isLoading(): boolean {
    return this.loading > 0 || !!this.refreshing;
  }

  private watch(uri: vscode.Uri): void {
    const folder = vscode.Uri.joinPath(uri, '..');
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, baseName(uri.path)));
    const onChange = () => void this.reload(uri);
    watcher.onDidChange(onChange);
    watcher.onDidCreate(onChange);
    watcher.onDidDelete(onChange);
    this.watchers.set(uri.toString(), watcher);
  }

  /** The setting's files of every workspace folder (globs expanded), by folder. */
  private async findSettingFiles(): Promise<Map<string, vscode.Uri[]>> {
    const byFolder = new Map<string, vscode.Uri[]>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const found: vscode.Uri[] = [];
      const add = (uri: vscode.Uri) => {
        if (!found.some((u) => sameUri(u, uri)) && !uri.path.endsWith(`/${OWN_BIB}`)) found.push(uri);
      };
      const entries = vscode.workspace.getConfiguration('iscls', folder.uri).get<string[]>('library', []);
      for (const entry of Array.isArray(entries) ? entries : []) {
        if (typeof entry !== 'string' || !entry.trim()) continue;
        if (/[*?{[]/.test(entry)) {
          for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, entry), undefined, 50)) if (libraryFormat(uri.path)) add(uri);
        } else {
          add(isAbsolute(entry) ? vscode.Uri.file(entry) : vscode.Uri.joinPath(folder.uri, entry));
        }
      }
      byFolder.set(folder.uri.toString(), found);
    }
    return byFolder;
  }

  private publish(): void {
    // Libraries over a file that changed are dropped; the others stay valid.
    for (const key of [...this.libraries.keys()]) {
      const valid = key.split('\n').every((part) => {
        const at = part.lastIndexOf('#');
        return this.sources.get(part.slice(0, at))?.generation === Number(part.slice(at + 1));
      });
      if (!valid) this.libraries.delete(key);
    }
    this.publishDiagnostics();
    this.changed.fire();
  }

  /** Problems as diagnostics on the library files: each file's own, plus those of `extra` (a merge's). */
  private publishDiagnostics(extra: readonly LibraryProblem[] = []): void {
    const problems = [...this.sources.values()].flatMap((s) => s.parsed?.problems ?? []);
    for (const library of this.libraries.values()) problems.push(...library.problems);
    problems.push(...extra);
    const byFile = new Map<string, Map<string, vscode.Diagnostic>>();
    for (const p of problems) {
      const line = Math.max(0, p.line - 1);
      const list = byFile.get(p.file) ?? new Map<string, vscode.Diagnostic>();
      const id = `${line}\n${p.message}`;
      if (list.has(id)) continue;
      const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, 200), p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      d.source = 'ISCLS library';
      list.set(id, d);
      byFile.set(p.file, list);
    }
    this.diagnostics.clear();
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.parse(file), [...list.values()]);
  }

  dispose(): void {
    for (const w of this.watchers.values()) w.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
