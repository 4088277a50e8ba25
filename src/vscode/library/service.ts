// The writer's library in the editor: the files of the `iscls.library` setting (paths or globs
// relative to each workspace folder) and the ones open documents declare (`bibliography:`,
// `\addbibresource`), read through `vscode.workspace.fs` (so it works in the web host too), parsed
// in slices, watched (Zotero's Better BibTeX rewrites its export on every change), merged with the
// review's 72. Problems become diagnostics on the library files. Never writes to a library file.
import * as vscode from 'vscode';
import { parseLibraryInSlices, libraryFormat, type LibraryFile } from '../../core/library';
import { declaredLibraries } from '../../core/library/documentSources';
import { MergedLibrary, baseName } from '../../core/library/merge';
import type { Reference } from '../../core/types';

/** The extension's own .bib for LaTeX documents (review references only): not a library. */
const OWN_BIB = 'iscls-references.bib';

interface Source {
  uri: vscode.Uri;
  parsed?: LibraryFile;
  /** Why the file could not be read, if it could not. */
  failure?: string;
  mtime?: number;
}

export interface LibraryLog {
  info(message: string): void;
  warn(message: string, error?: unknown): void;
}

export class LibraryService implements vscode.Disposable {
  private readonly sources = new Map<string, Source>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('iscls-library');
  private readonly changed = new vscode.EventEmitter<MergedLibrary<Reference>>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private merged: MergedLibrary<Reference>;
  private refreshing: Promise<void> | undefined;
  private again = false;
  /** Fired after every reload with the new merged library (keys, works, problems). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly review: readonly Reference[], private readonly log: LibraryLog) {
    this.merged = new MergedLibrary(review, []);
    this.subscriptions.push(
      this.diagnostics,
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('iscls.library')) void this.refresh();
      }),
      vscode.workspace.onDidOpenTextDocument(() => void this.refresh()),
      // A closed document's declared bibliography stops applying.
      vscode.workspace.onDidCloseTextDocument(() => void this.refresh()),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (this.sources.has(document.uri.toString())) void this.reload(document.uri);
        else void this.refresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
    );
  }

  /** The review merged with every library file in use. */
  get library(): MergedLibrary<Reference> {
    return this.merged;
  }

  /** Each library file with its entry count and problems (for the sidebar). */
  files(): { uri: vscode.Uri; name: string; entries: number; problems: number; failure?: string }[] {
    return [...this.sources.values()].map((s) => ({
      uri: s.uri,
      name: baseName(s.uri.path),
      entries: s.parsed?.entries.length ?? 0,
      problems: (s.parsed?.problems.length ?? 0) + (s.failure ? 1 : 0),
      failure: s.failure,
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

  private async collect(): Promise<void> {
    const wanted = await this.wantedFiles();
    let changed = false;
    for (const key of [...this.sources.keys()]) {
      if (!wanted.some((u) => u.toString() === key)) {
        this.sources.delete(key);
        this.watchers.get(key)?.dispose();
        this.watchers.delete(key);
        this.diagnostics.delete(vscode.Uri.parse(key));
        changed = true;
      }
    }
    for (const uri of wanted) {
      const key = uri.toString();
      if (!this.sources.has(key)) {
        this.sources.set(key, { uri });
        this.watch(uri);
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
      const stat = await vscode.workspace.fs.stat(source.uri);
      if (!force && source.parsed && source.mtime === stat.mtime) return false;
      const started = Date.now();
      const bytes = await vscode.workspace.fs.readFile(source.uri);
      source.parsed = await parseLibraryInSlices(bytes, source.uri.toString(), () => new Promise((r) => setTimeout(r, 0)));
      source.mtime = stat.mtime;
      source.failure = undefined;
      this.log.info(`Library ${name}: ${source.parsed.entries.length} entries, ${source.parsed.problems.length} problems, read in ${Date.now() - started} ms`);
    } catch (error) {
      const failure = error instanceof vscode.FileSystemError && error.code === 'FileNotFound' ? 'file not found' : String((error as Error)?.message ?? error);
      const was = source.failure;
      source.parsed = undefined;
      source.mtime = undefined;
      source.failure = failure;
      if (was !== failure) this.log.warn(`Library ${source.uri.toString(true)}: ${failure}`);
      return was !== failure;
    }
    return true;
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

  /** The setting's files of every workspace folder, then what open documents declare. */
  private async wantedFiles(): Promise<vscode.Uri[]> {
    const found: vscode.Uri[] = [];
    const add = (uri: vscode.Uri) => {
      if (!found.some((u) => u.toString() === uri.toString()) && !uri.path.endsWith(`/${OWN_BIB}`)) found.push(uri);
    };
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const entries = vscode.workspace.getConfiguration('iscls', folder.uri).get<string[]>('library', []);
      for (const entry of Array.isArray(entries) ? entries : []) {
        if (typeof entry !== 'string' || !entry.trim()) continue;
        if (/[*?{[]/.test(entry)) {
          for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, entry), undefined, 50)) if (libraryFormat(uri.path)) add(uri);
        } else {
          add(/^([a-z]:)?[\\/]/i.test(entry) ? vscode.Uri.file(entry) : vscode.Uri.joinPath(folder.uri, entry));
        }
      }
    }
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme === 'output' || document.isClosed) continue;
      if (!['markdown', 'latex', 'tex', 'quarto', 'rmd', 'plaintext'].includes(document.languageId)) continue;
      for (const file of declaredLibraries(document.getText())) {
        add(/^([a-z]:)?[\\/]/i.test(file) ? vscode.Uri.file(file) : vscode.Uri.joinPath(document.uri, '..', file));
      }
    }
    return found;
  }

  private publish(): void {
    const files = [...this.sources.values()].map((s) => s.parsed).filter((f): f is LibraryFile => !!f);
    this.merged = new MergedLibrary(this.review, files, (file) => baseName(vscode.Uri.parse(file).path));
    this.diagnostics.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of this.merged.problems) {
      const line = Math.max(0, p.line - 1);
      const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, 200), p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      d.source = 'ISCLS library';
      byFile.set(p.file, [...(byFile.get(p.file) ?? []), d]);
    }
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.parse(file), list);
    this.changed.fire(this.merged);
  }

  dispose(): void {
    for (const w of this.watchers.values()) w.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
