// The writer's library in the editor, PER DOCUMENT: the files of the `iscls.library` setting (paths or
// globs relative to each workspace folder) and the ones open documents declare (`bibliography:`,
// `\addbibresource`) are read (`files.ts`: through `vscode.workspace.fs`, so it works in the web host
// too, and a local file in the Node.js host directly), parsed in slices, kept by URI (`model.ts`) and
// watched (Zotero's Better BibTeX rewrites its export on every change). A document's library is the setting's files of ITS workspace folder plus the files IT
// declares, merged with the review's 72; a file declared by one document never applies to another.
// Problems become diagnostics on the library files. Never writes to a library file.
//
// One reload path: every event (setting, documents opened, closed, edited or saved, the watcher) ends
// in `read` of the files concerned, which reads a file only when it changed on disk and never twice
// at once; one `onDidChange` follows however many events asked. Lookups start nothing.
import * as vscode from 'vscode';
import { libraryFormat, parseLibraryInSlices } from '../../core/library';
import { baseName } from '../../core/library/merge';
import type { DocumentLibrary, LibraryBase } from '../shared/documentLibrary';
import type { Library, LibraryFileInfo, LibraryLog } from '../shared/library';
import { OWN_BIB, resolveLibraryPath } from '../shared/libraryPaths';
import { LibraryModel, sameUri, type Source } from './model';
import { nextTurn } from '../../core/library/slices';
import { readBytes, statOf } from './files';

/** Between slices of a long read or merge, the host's other work runs. */
const pause = nextTurn;

/** Loading a file for longer than this shows a progress notification. */
const PROGRESS_AFTER_MS = 1000;
/** A document's declarations are looked at again this long after the writer stops typing. */
const DECLARATIONS_AFTER_MS = 400;

export function createLibrary(parts: LibraryBase, log: LibraryLog): Library {
  return new LibraryService(parts, log);
}

class LibraryService implements Library {
  private readonly model: LibraryModel;
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('iscls-library');
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The read running for each file (by URI): a second request joins it and asks for one more look. */
  private readonly reading = new Map<string, { done: Promise<void>; again: boolean }>();
  private refreshing: Promise<void> | undefined;
  private again = false;
  /** Something was read, added or dropped since the last `onDidChange`. */
  private dirty = false;
  private loading = 0;
  private declarationsTimer: ReturnType<typeof setTimeout> | undefined;
  readonly onDidChange = this.changed.event;

  constructor(private readonly parts: LibraryBase, private readonly log: LibraryLog) {
    this.model = new LibraryModel(parts);
    this.subscriptions.push(
      this.diagnostics,
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('iscls.library')) void this.refresh();
      }),
      vscode.workspace.onDidOpenTextDocument(() => void this.refresh()),
      // A closed document's declared bibliography stops being watched.
      vscode.workspace.onDidCloseTextDocument(() => void this.refresh()),
      vscode.workspace.onDidChangeTextDocument((e) => this.declarationsMayHaveChanged(e.document)),
      // A library file saved in the editor: read as the watcher would (the two meet in `read`).
      vscode.workspace.onDidSaveTextDocument((document) => {
        const source = this.model.sources.get(document.uri.toString());
        if (source) void this.reload(source);
        else void this.refresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
      // Files Restricted Mode skipped are read once the writer trusts the workspace.
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()),
    );
  }

  get base(): DocumentLibrary {
    return this.model.base;
  }

  forDocument(document: vscode.TextDocument | undefined): DocumentLibrary {
    return this.model.forDocument(document);
  }

  forActiveEditor(): DocumentLibrary {
    return this.model.forDocument(vscode.window.activeTextEditor?.document);
  }

  isLoadingFor(document: vscode.TextDocument): boolean {
    return this.model.isLoadingFor(document);
  }

  files(): LibraryFileInfo[] {
    return this.model.files();
  }

  filesFor(document: vscode.TextDocument): vscode.Uri[] {
    return this.model.filesFor(document);
  }

  get isLoading(): boolean {
    return this.loading > 0 || !!this.refreshing;
  }

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

  /** A document being edited may have gained a `bibliography:`: looked at once the typing pauses. */
  private declarationsMayHaveChanged(document: vscode.TextDocument): void {
    if (this.declarationsTimer) clearTimeout(this.declarationsTimer);
    this.declarationsTimer = setTimeout(() => {
      this.declarationsTimer = undefined;
      if (document.isClosed) return;
      if (this.model.declaredBy(document).some((uri) => !this.model.sources.has(uri.toString()))) void this.refresh();
    }, DECLARATIONS_AFTER_MS);
  }

  private async collect(): Promise<void> {
    this.model.settingFiles = await this.findSettingFiles();
    const wanted = this.model.wantedFiles();
    for (const key of [...this.model.sources.keys()]) {
      if (wanted.some((u) => u.toString() === key)) continue;
      this.model.sources.delete(key);
      this.watchers.get(key)?.dispose();
      this.watchers.delete(key);
      this.diagnostics.delete(vscode.Uri.parse(key));
      this.dirty = true;
    }
    const reads: Promise<void>[] = [];
    for (const uri of wanted) {
      const key = uri.toString();
      if (!this.model.sources.has(key)) {
        this.model.sources.set(key, { uri, generation: 0, reads: 0 });
        this.watch(uri);
        this.dirty = true;
      }
      reads.push(this.read(this.model.sources.get(key) as Source));
    }
    await Promise.all(reads);
    await this.prepareMerges();
    this.publishIfChanged();
  }

  /** Reads one file again (the watcher saw it change, or it was saved). */
  private async reload(source: Source): Promise<void> {
    await this.read(source);
    await this.prepareMerges();
    this.publishIfChanged();
  }

  /** After a read, the merges open documents use are built in slices before anyone is told. */
  private async prepareMerges(): Promise<void> {
    if (this.dirty) await this.model.prepare(pause);
  }

  /** Reads a file if it changed on disk; a read already running for it is joined, then looked at once more. */
  private read(source: Source): Promise<void> {
    const key = source.uri.toString();
    const running = this.reading.get(key);
    if (running) {
      running.again = true;
      return running.done;
    }
    const state = { done: Promise.resolve(), again: false };
    state.done = (async () => {
      do {
        state.again = false;
        await this.readOnce(source);
      } while (state.again);
    })().finally(() => this.reading.delete(key));
    this.reading.set(key, state);
    return state.done;
  }

  private async readOnce(source: Source): Promise<void> {
    const name = baseName(source.uri.path);
    try {
      const stat = await statOf(source.uri);
      if (source.parsed && source.mtime === stat.mtime && source.size === stat.size) return;
      const started = Date.now();
      let fileMs = 0;
      const parsed = await this.withProgress(name, (async () => {
        const bytes = await readBytes(source.uri);
        fileMs = Date.now() - started;
        // The writer's records may need the NLM journal abbreviations: read beside the first file.
        const [file] = await Promise.all([parseLibraryInSlices(bytes, source.uri.toString(), pause), this.parts.journalAbbreviations.load()]);
        return file;
      })());
      Object.assign(source, { parsed, mtime: stat.mtime, size: stat.size, failure: undefined });
      source.generation++;
      source.reads++;
      this.dirty = true;
      this.log.info(`Library ${name}: ${parsed.entries.length} entries, ${parsed.problems.length} problems, read in ${Date.now() - started} ms (the file ${fileMs} ms)`);
    } catch (error) {
      const failure = error instanceof vscode.FileSystemError && error.code === 'FileNotFound' ? 'file not found' : String((error as Error)?.message ?? error);
      const was = source.failure;
      const had = !!source.parsed;
      Object.assign(source, { parsed: undefined, mtime: undefined, size: undefined, failure });
      if (was !== failure) this.log.warn(`Library ${source.uri.toString(true)}: ${failure}`);
      if (was === failure && !had) return;
      source.generation++;
      this.dirty = true;
    }
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

  private watch(uri: vscode.Uri): void {
    const folder = vscode.Uri.joinPath(uri, '..');
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, baseName(uri.path)));
    const onChange = () => {
      const source = this.model.sources.get(uri.toString());
      if (source) void this.reload(source);
    };
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
      const add = (uri: vscode.Uri | undefined) => {
        if (uri && !found.some((u) => sameUri(u, uri)) && !uri.path.endsWith(`/${OWN_BIB}`)) found.push(uri);
      };
      const entries = vscode.workspace.getConfiguration('iscls', folder.uri).get<string[]>('library', []);
      for (const entry of Array.isArray(entries) ? entries : []) {
        if (typeof entry !== 'string' || !entry.trim()) continue;
        if (/[*?{[]/.test(entry)) {
          for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, entry), undefined, 50)) if (libraryFormat(uri.path)) add(uri);
        } else {
          add(resolveLibraryPath(entry, folder.uri));
        }
      }
      byFolder.set(folder.uri.toString(), found);
    }
    return byFolder;
  }

  /** One `onDidChange` for everything read, added or dropped since the last one. */
  private publishIfChanged(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.model.dropStale();
    this.publishDiagnostics();
    this.changed.fire();
  }

  /** Problems as diagnostics on the library files: each file's own, plus those of the merges in use. */
  private publishDiagnostics(): void {
    const byFile = new Map<string, Map<string, vscode.Diagnostic>>();
    for (const p of this.model.problems()) {
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
    if (this.declarationsTimer) clearTimeout(this.declarationsTimer);
    for (const w of this.watchers.values()) w.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
