// The styles a setting or a document names beyond the shipped ones: a journal's style from the index
// (dist/journals.json, read on first use) or a `.csl` file (read through vscode.workspace.fs, never
// outside the workspace in Restricted Mode). Resolution is core/styles/resolveStyle.ts, as in the
// CLI; a resolved style is added to the formatters. Until a style has loaded, and when it cannot be
// used (one error message per file version), a document keeps the style it had.
import * as vscode from 'vscode';
import type { CitationFormatter } from '../../core/format/citations';
import { readCslFile } from '../../core/styles/cslFile';
import { JournalIndex, type JournalData } from '../../core/styles/journalIndex';
import { CslFileError, isCslPath, resolveStyle, type ResolvedStyle } from '../../core/styles/resolveStyle';
import { readShippedText } from './extensionFiles';
import type { Log } from './log';

type State = { status: 'loading' } | { status: 'ready'; id: string } | { status: 'failed'; message: string };

export class StyleFiles implements vscode.Disposable {
  private readonly states = new Map<string, State>();
  /** The style each document last formatted with (the fallback while another loads or fails). */
  private readonly lastGood = new Map<string, string>();
  private journals: Promise<JournalIndex | undefined> | undefined;
  private loadedIndex: JournalIndex | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** A style finished loading (documents naming it format with it from now on). */
  readonly onDidLoad = this.changed.event;

  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly formatter: CitationFormatter,
    private readonly log: Log,
  ) {
    this.subscriptions = [
      // A style file saved in the editor is read again on its next use (a fixed file is no longer refused).
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (isCslPath(document.uri.path)) this.forget(document.uri);
      }),
      // Choosing the style again retries a file that failed.
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('iscls.citationStyle')) return;
        for (const [key, state] of this.states) if (state.status === 'failed') this.states.delete(key);
      }),
    ];
  }

  /** The journal index, read from dist/journals.json on first use. */
  journalIndex(): Promise<JournalIndex | undefined> {
    this.journals ??= readShippedText(this.extensionUri, 'dist', 'journals.json').then(
      (text) => (this.loadedIndex = new JournalIndex(JSON.parse(text) as JournalData)),
      (error) => {
        this.log.warn('The journal index (dist/journals.json) could not be read', error);
        return undefined;
      },
    );
    return this.journals;
  }

  /**
   * The folder a relative `.csl` path is read from: a header's `csl:` from the document's folder (as
   * pandoc run beside it), the setting from the document's workspace folder; else the first folder.
   */
  static baseFor(document: vscode.TextDocument | undefined, fromHeader: boolean): vscode.Uri | undefined {
    if (document && document.uri.scheme !== 'untitled') {
      if (fromHeader) return vscode.Uri.joinPath(document.uri, '..');
      const folder = vscode.workspace.getWorkspaceFolder(document.uri);
      if (folder) return folder.uri;
    }
    return vscode.workspace.workspaceFolders?.[0]?.uri;
  }

  /** Where a `.csl` request points: an absolute path, or relative to `base`. */
  uriOf(request: string, base: vscode.Uri | undefined): vscode.Uri {
    const path = request.trim().replace(/^~(?=[/\\])/, typeof process === 'object' ? process.env?.HOME ?? '~' : '~');
    if (/^([a-z]:)?[/\\]/i.test(path)) return vscode.Uri.file(path);
    return base ? vscode.Uri.joinPath(base, path) : vscode.Uri.file(path);
  }

  private keyOf(request: string, base: vscode.Uri | undefined): string {
    return isCslPath(request) ? this.uriOf(request, base).toString() : request.trim();
  }

  /**
   * The style id to format with for `request` (a setting value or a `csl:`), or undefined while it
   * loads or when it failed; `owner` names whose fallback this is (a document URI).
   */
  styleFor(request: string, owner: string, base: vscode.Uri | undefined): string | undefined {
    const key = this.keyOf(request, base);
    const state = this.states.get(key);
    if (!state) void this.load(request, key, base);
    if (state?.status === 'ready') {
      this.lastGood.set(owner, state.id);
      return state.id;
    }
    return this.lastGood.get(owner);
  }

  /** The id of a style `request` names once it has loaded, else undefined. */
  loadedId(request: string, base: vscode.Uri | undefined): string | undefined {
    const state = this.states.get(this.keyOf(request, base));
    return state?.status === 'ready' ? state.id : undefined;
  }

  /** Resolves and adds a style now (commands do this before writing the setting); throws CslFileError. */
  async use(request: string, base: vscode.Uri | undefined): Promise<ResolvedStyle> {
    const key = this.keyOf(request, base);
    const style = await this.resolve(request, base);
    this.formatter.addStyle(style);
    this.states.set(key, { status: 'ready', id: style.info.id });
    return style;
  }

  /**
   * The style's `.csl` for pandoc or an export: the official file we ship (not the tree the formatter
   * loaded: citeproc-js adds CSL-M elements to it that pandoc rejects), or the file it came from.
   */
  async cslText(style: string): Promise<string> {
    const layout = this.formatter.styleLayout(style);
    return 'shipped' in layout ? readShippedText(this.extensionUri, 'dist', 'csl', `${layout.shipped}.csl`) : layout.xml;
  }

  /** Forget a file's state (it changed on disk): the next lookup reads it again. */
  forget(uri: vscode.Uri): void {
    this.states.delete(uri.toString());
  }

  private async load(request: string, key: string, base: vscode.Uri | undefined): Promise<void> {
    this.states.set(key, { status: 'loading' });
    try {
      await this.use(request, base);
      this.log.info(`Citation style "${request}" loaded`);
      this.changed.fire();
    } catch (error) {
      const message = error instanceof CslFileError ? error.message : `Could not read the citation style "${request}": ${String(error)}`;
      this.states.set(key, { status: 'failed', message });
      this.log.warn(message);
      void vscode.window.showErrorMessage(`${message} The document keeps its current style.`);
    }
  }

  private async resolve(request: string, base: vscode.Uri | undefined): Promise<ResolvedStyle> {
    const files = new Map<string, string>();
    let path = request.trim();
    if (isCslPath(path)) {
      const uri = this.uriOf(path, base);
      path = uri.toString(true);
      const text = await this.readFile(uri);
      files.set(path, text);
      // A dependent style's parent may lie beside it: read it now, resolution itself is synchronous.
      const file = readCslFile(text, path);
      if (file.kind === 'dependent') {
        const beside = vscode.Uri.joinPath(uri, '..', `${file.parent}.csl`);
        const parent = await this.readFile(beside).catch(() => undefined);
        if (parent !== undefined) files.set(path.slice(0, path.lastIndexOf('/') + 1) + `${file.parent}.csl`, parent);
      }
    }
    await this.journalIndex();
    return resolveStyle(path, { shipped: this.formatter.shippedStyles(), journals: () => this.loadedIndex, readFile: (p) => files.get(p) });
  }

  private async readFile(uri: vscode.Uri): Promise<string> {
    if (!vscode.workspace.isTrusted && !vscode.workspace.getWorkspaceFolder(uri)) {
      throw new CslFileError(`${uri.toString(true)} is outside the workspace, which Restricted Mode does not read.`);
    }
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      throw new CslFileError(`Cannot read the style file ${uri.toString(true)}.`);
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}
