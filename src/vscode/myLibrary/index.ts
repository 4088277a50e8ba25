// The "My Library" view: each library file in use — the `iscls.library` setting's and
// those open documents declare — with its entry and problem counts, a warning for a file that cannot
// be read, its problems (click: the file at that line) and its entries (click: insert or copy).
// Welcome content explains and offers "Add Library File…", which writes the workspace setting —
// never a library file. What is shown: `model.ts`; the file's origin: `origin.ts`.
import * as vscode from 'vscode';
import { LIBRARY_EXTENSIONS } from '../../core/library';
import type { CommandResult, FeatureContext } from '../shared/commands';
import type { Services } from '../shared/services';
import { showReferenceActions, type ReferenceAction } from '../shared/references';
import { asList, fileChildren, fileNode, settingPathFor, viewDescription, withEntry, withoutEntry, type LibraryNode, type LibrarySource } from './model';
import { librarySources, settingHolding } from './origin';

const VIEW = 'iscls.myLibrary';

export class MyLibraryProvider implements vscode.TreeDataProvider<LibraryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LibraryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private cache: LibrarySource[] | undefined;

  constructor(private readonly s: Services) {}

  /** The files in use, as the view shows them (tests read this). */
  sources(): LibrarySource[] {
    this.cache ??= librarySources(this.s);
    return this.cache;
  }

  refresh(): void {
    this.cache = undefined;
    this.changed.fire(undefined);
  }

  getChildren(node?: LibraryNode): LibraryNode[] {
    if (!node) return this.sources().map(fileNode);
    if (node.kind !== 'file') return [];
    const source = this.sources().find((s) => s.uri === node.uri);
    return source ? fileChildren(source) : [];
  }

  getTreeItem(node: LibraryNode): vscode.TreeItem {
    const collapsed = node.kind === 'file' && node.hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, collapsed);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    if (node.kind === 'file') {
      item.resourceUri = vscode.Uri.parse(node.uri);
      item.iconPath = node.icon === 'warning' ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('library');
    } else if (node.kind === 'problem') {
      item.iconPath = new vscode.ThemeIcon(node.icon, new vscode.ThemeColor(node.icon === 'error' ? 'list.errorForeground' : 'list.warningForeground'));
      item.command = { command: 'iscls.openLibraryFile', title: 'Open Library File', arguments: [node] };
    } else if (node.kind === 'more') {
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: 'iscls.insertCitation', title: 'Insert Citation' };
    } else {
      item.iconPath = new vscode.ThemeIcon('book');
      item.command = { command: 'iscls.libraryEntryActions', title: 'Reference Actions', arguments: [node] };
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The file a command was given: a tree node, a URI or a URI string. */
function fileArg(arg: unknown): { uri: vscode.Uri; line: number } | undefined {
  if (arg instanceof vscode.Uri) return { uri: arg, line: 0 };
  if (typeof arg === 'string') return { uri: vscode.Uri.parse(arg), line: 0 };
  const node = arg as Partial<LibraryNode> | undefined;
  if (node && typeof node.uri === 'string') return { uri: vscode.Uri.parse(node.uri), line: 'line' in node && typeof node.line === 'number' ? node.line : 0 };
  return undefined;
}

async function openFile(arg: unknown): Promise<CommandResult> {
  const file = fileArg(arg);
  if (!file) return { ok: false, reason: 'error', message: 'No library file given.' };
  try {
    const document = await vscode.workspace.openTextDocument(file.uri);
    const line = Math.min(Math.max(0, file.line - 1), Math.max(0, document.lineCount - 1));
    const at = new vscode.Range(line, 0, line, 0);
    await vscode.window.showTextDocument(document, { selection: at, preview: true });
    return { ok: true, uri: file.uri };
  } catch (error) {
    const message = `Cannot open ${file.uri.toString(true)}: ${error instanceof Error ? error.message : String(error)}`;
    void vscode.window.showWarningMessage(message);
    return { ok: false, reason: 'error', message };
  }
}

/** The workspace folder a new library file belongs to: its own, else the active editor's, else the first. */
function folderFor(uri?: vscode.Uri): vscode.WorkspaceFolder | undefined {
  const own = uri && vscode.workspace.getWorkspaceFolder(uri);
  if (own) return own;
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)) || vscode.workspace.workspaceFolders?.[0];
}

/**
 * Appends files to `iscls.library` (relative to the workspace folder when inside it): the workspace
 * setting in a single-folder workspace, the folder's in a multi-root one, the user's without a folder.
 * `arg` (a URI or a list) skips the dialog.
 */
async function addLibraryFile(arg: unknown): Promise<CommandResult> {
  let picked = (Array.isArray(arg) ? arg : [arg]).filter((u): u is vscode.Uri => u instanceof vscode.Uri);
  if (!picked.length) {
    picked =
      (await vscode.window.showOpenDialog({
        title: 'Add Library File',
        openLabel: 'Add to Library',
        canSelectMany: true,
        defaultUri: folderFor()?.uri,
        filters: { 'Library files (BibTeX, CSL-JSON, CSL-YAML, RIS, EndNote XML)': [...LIBRARY_EXTENSIONS] },
      })) ?? [];
  }
  if (!picked.length) return { ok: false, reason: 'cancelled' };
  const folder = folderFor(picked[0]);
  const target = !folder
    ? vscode.ConfigurationTarget.Global
    : (vscode.workspace.workspaceFolders?.length ?? 0) > 1
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : vscode.ConfigurationTarget.Workspace;
  const config = vscode.workspace.getConfiguration('iscls', folder?.uri);
  const inspected = config.inspect<string[]>('library');
  let list = asList(
    target === vscode.ConfigurationTarget.Global ? inspected?.globalValue : target === vscode.ConfigurationTarget.WorkspaceFolder ? inspected?.workspaceFolderValue : inspected?.workspaceValue,
  );
  const added: string[] = [];
  for (const uri of picked) {
    const inside = folder && uri.scheme === folder.uri.scheme && uri.authority === folder.uri.authority ? folder.uri.path : undefined;
    const entry = settingPathFor(inside, uri.path, uri.scheme === 'file' ? uri.fsPath : uri.path);
    if (!list.includes(entry)) added.push(entry);
    list = withEntry(list, entry);
  }
  if (!added.length) {
    void vscode.window.showInformationMessage(`Already in your library: ${picked.map((u) => u.path.split('/').pop()).join(', ')}.`);
    return { ok: false, reason: 'unchanged' };
  }
  await config.update('library', list, target);
  void vscode.window.showInformationMessage(`Added to the setting iscls.library: ${added.join(', ')}.`);
  return { ok: true, text: added.join('\n'), count: added.length };
}

/** Removes the setting's entry that names this file (the file itself is left alone). */
async function removeLibraryFile(s: Services, arg: unknown): Promise<CommandResult> {
  const file = fileArg(arg);
  const held = file && settingHolding(file.uri);
  if (!held) {
    const message = 'This file is not named by the setting iscls.library (a document declares it, or a pattern finds it).';
    void vscode.window.showInformationMessage(message);
    return { ok: false, reason: 'unchanged', message };
  }
  const config = vscode.workspace.getConfiguration('iscls', held.folder?.uri);
  await config.update('library', withoutEntry(held.list, held.entry), held.target);
  s.log.info(`Removed "${held.entry}" from the setting iscls.library`);
  return { ok: true, text: held.entry };
}

/** The reference's actions (the one menu every view offers), plus opening the entry in its file. */
async function entryActions(s: Services, arg: unknown): Promise<void> {
  const node = arg as Partial<LibraryNode> | undefined;
  const key = typeof arg === 'string' ? arg : node && 'key' in node ? node.key : undefined;
  if (!key) return;
  const more: ReferenceAction[] = [];
  if (node && typeof node.uri === 'string') more.push({ label: '$(go-to-file) Open in Library File', description: `line ${'line' in node ? node.line : 1}`, run: () => openFile(node) });
  return showReferenceActions(s, key, { more });
}

/** What the integration tests inspect. */
export interface MyLibraryApi {
  provider: MyLibraryProvider;
  view: vscode.TreeView<LibraryNode>;
}

export function registerMyLibrary(ctx: FeatureContext): MyLibraryApi {
  const { s } = ctx;
  const provider = new MyLibraryProvider(s);
  const view = vscode.window.createTreeView(VIEW, { treeDataProvider: provider, showCollapseAll: true });
  const update = () => {
    provider.refresh();
    view.description = viewDescription(provider.sources());
  };
  ctx.push(
    provider,
    view,
    s.library.onDidChange(update),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Which files the setting names (Remove is offered only for those) can change without a reload.
      if (e.affectsConfiguration('iscls.library')) update();
    }),
  );
  ctx.commands({
    'iscls.addLibraryFile': (arg) => addLibraryFile(arg),
    'iscls.reloadLibrary': async () => {
      await s.library.refresh();
      update();
      return { ok: true, count: provider.sources().length } satisfies CommandResult;
    },
    'iscls.openLibraryFile': (arg) => openFile(arg),
    'iscls.revealLibraryFile': async (arg) => {
      const file = fileArg(arg);
      if (!file) return undefined;
      if (!vscode.workspace.getWorkspaceFolder(file.uri)) return openFile(arg);
      return vscode.commands.executeCommand('revealInExplorer', file.uri);
    },
    'iscls.removeLibraryFile': (arg) => removeLibraryFile(s, arg),
    'iscls.libraryEntryActions': (arg) => entryActions(s, arg),
  });
  update();
  return { provider, view };
}
