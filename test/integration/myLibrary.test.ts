// The "My Library" view and the "Ignore" quick fix in the real VS Code (both extension hosts): each
// library file of the setting with its entry count, a missing file as one warning, entries labelled
// like the pick, problems and entries opening the file at their line, "Add Library File" and
// "Remove from Library Setting" editing only the workspace setting, and "Ignore 'key'" silencing an
// unknown-key warning through `iscls.ignoredKeys`.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeActive, open, waitFor, type CommandResult } from './support';

interface Node {
  kind: string;
  uri: string;
  label: string;
  description: string;
  key?: string;
  line?: number;
  contextValue: string;
}

interface MyLibraryApi {
  myLibrary: {
    provider: { getChildren(node?: Node): Node[]; getTreeItem(node: Node): vscode.TreeItem; onDidChangeTreeData: vscode.Event<unknown> };
    view: vscode.TreeView<Node>;
  };
}

let api: MyLibraryApi;

function folder(): vscode.Uri {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(root, 'the integration run opens a workspace folder');
  return root;
}

/** The library loads after its setting changes: a longer wait than the shared default. */
const until = <T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeout = 15000) => waitFor(probe, what, timeout);

const config = () => vscode.workspace.getConfiguration('iscls');
const files = () => api.myLibrary.provider.getChildren();
// By URI: documents other suites left open may declare a file of the same name elsewhere.
const file = (name: string) => files().find((n) => n.uri === vscode.Uri.joinPath(folder(), name).toString());

suiteSetup(async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  api = (await extension.activate()) as MyLibraryApi;
});

teardown(async () => {
  await config().update('library', undefined, vscode.ConfigurationTarget.Workspace);
  await config().update('ignoredKeys', undefined, vscode.ConfigurationTarget.Workspace);
});

suite('My Library view', () => {
  test('each file of the setting with its entry count; a missing file is one warning, not a failure', async () => {
    await config().update('library', ['my-library.bib', 'missing.bib'], vscode.ConfigurationTarget.Workspace);
    const bib = await until(() => file('my-library.bib')?.description === '2 entries' && file('my-library.bib'), 'my-library.bib with 2 entries');
    const missing = await until(() => file('missing.bib'), 'missing.bib in the view');
    assert.equal(missing.description, 'file not found');
    assert.equal(missing.contextValue, 'libraryFile.setting.missing');
    const warning = api.myLibrary.provider.getTreeItem(missing);
    assert.equal((warning.iconPath as vscode.ThemeIcon).id, 'warning');
    assert.match(String(warning.tooltip), /missing\.bib\nCould not be read: file not found\./);
    assert.equal(api.myLibrary.provider.getTreeItem(bib).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.equal(bib.contextValue, 'libraryFile.setting');
    // (Other suites' documents may still declare library.bib: only this file's row is checked.)
    assert.match(api.myLibrary.view.description ?? '', /^\d+ files? · \d+ not readable$/);
    const entries = api.myLibrary.provider.getChildren(bib);
    assert.deepEqual(
      entries.map((e) => [e.kind, e.key, e.label]),
      [
        ['entry', 'druey2017', 'Druey 2017 — Idiopathic systemic capillary leak syndrome (Clarkson …'],
        ['entry', 'baloch2018', 'Baloch 2018 — Recognition and management of idiopathic systemic capillary …'],
      ],
    );
    // Clicking an entry offers the reference actions; opening it goes to its line in the file.
    assert.equal(api.myLibrary.provider.getTreeItem(entries[0]).command?.command, 'iscls.libraryEntryActions');
    const opened = await vscode.commands.executeCommand<CommandResult>('iscls.openLibraryFile', entries[1]);
    assert.ok(opened.ok, JSON.stringify(opened));
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.path.split('/').pop(), 'my-library.bib');
    assert.equal(editor.selection.active.line, entries[1].line! - 1);
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^@article\{baloch2018,/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a problem of the file is counted and listed first; clicking it opens the file at its line', async () => {
    const uri = vscode.Uri.joinPath(folder(), 'broken.bib');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('@article{ok2020, author = {Ok, A.}, title = {Fine}, year = 2020}\n\n@article{bad2021, title = {Unclosed\n'));
    try {
      await config().update('library', ['broken.bib'], vscode.ConfigurationTarget.Workspace);
      const node = await until(() => file('broken.bib')?.description.includes('problem') && file('broken.bib'), 'broken.bib with a problem');
      assert.match(node.description, /^1 entry · 1 problem$/);
      const [problem, entry] = api.myLibrary.provider.getChildren(node);
      assert.equal(problem.kind, 'problem');
      assert.equal(problem.description, 'line 3');
      assert.equal(entry.key, 'ok2020');
      const item = api.myLibrary.provider.getTreeItem(problem);
      assert.equal(item.command?.command, 'iscls.openLibraryFile');
      await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
      assert.equal(vscode.window.activeTextEditor?.selection.active.line, 2);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });

  test('Copy Formatted Reference without a key offers the writer\'s library after the 72', async () => {
    await config().update('library', ['my-library.bib'], vscode.ConfigurationTarget.Workspace);
    await until(() => file('my-library.bib')?.description === '2 entries', 'my-library.bib with 2 entries');
    await open('A draft.\n', 'markdown');
    await vscode.env.clipboard.writeText('');
    let settled = false;
    const pending = Promise.resolve(vscode.commands.executeCommand<string | undefined>('iscls.copyReference')).finally(() => (settled = true));
    // The last row of the pick (the writer's last work, listed after the 72), chosen once the pick
    // is open: on a busy machine it may take a while to appear.
    for (let tries = 0; !settled && tries < 30; tries++) {
      await new Promise((r) => setTimeout(r, 500));
      await vscode.commands.executeCommand('quickInput.last');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const copied = await pending;
    assert.match(copied ?? '', /^Baloch N.*Recognition and management of idiopathic systemic capillary leak syndrome/);
    assert.equal(await vscode.env.clipboard.readText(), copied);
    await closeActive();
  });

  test('Add Library File writes the relative path to the workspace setting; Remove takes it out again', async () => {
    const uri = vscode.Uri.joinPath(folder(), 'my-library.bib');
    const before = await vscode.workspace.fs.readFile(uri);
    await until(() => !file('my-library.bib'), 'no my-library.bib before it is added');
    const added = await vscode.commands.executeCommand<CommandResult>('iscls.addLibraryFile', uri);
    assert.ok(added.ok, JSON.stringify(added));
    assert.deepEqual(config().inspect('library')?.workspaceValue, ['my-library.bib']);
    const again = await vscode.commands.executeCommand<CommandResult>('iscls.addLibraryFile', uri);
    assert.equal(again.reason, 'unchanged');
    const node = await until(() => file('my-library.bib'), 'the added file in the view');
    assert.equal(node.contextValue, 'libraryFile.setting');
    const removed = await vscode.commands.executeCommand<CommandResult>('iscls.removeLibraryFile', node);
    assert.ok(removed.ok, JSON.stringify(removed));
    assert.deepEqual(config().inspect('library')?.workspaceValue, []);
    await until(() => !file('my-library.bib'), 'the removed file to leave the view');
    // The library file itself was never written.
    assert.deepEqual(await vscode.workspace.fs.readFile(uri), before);
  });
});

suite('Ignore an unknown key', () => {
  test("the quick fix \"Ignore 'key'\" adds it to iscls.ignoredKeys and the warning goes", async () => {
    const editor = await open('Known [@druey2010]. Elsewhere [@smith2099]. Typo [@gousef2011].\n', 'markdown');
    const document = editor.document;
    const unknown = () => vscode.languages.getDiagnostics(document.uri).filter((d) => d.code === 'unknown-key').map((d) => document.getText(d.range));
    await until(() => unknown().length === 2, 'two unknown-key warnings');
    const diagnostic = vscode.languages.getDiagnostics(document.uri).find((d) => document.getText(d.range) === 'smith2099')!;
    // Quick fixes are asked for as the light bulb asks (kind QuickFix); under load a first request
    // can be cancelled before every provider answers, so ask until ours has answered.
    const quickFixes = () => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const actions = await until(async () => {
      const list = (await quickFixes()) ?? [];
      return list.filter((a) => a.title.includes('smith2099')).length >= 2 ? list : undefined;
    }, "the unknown key's quick fixes");
    const titles = actions.map((a) => a.title);
    assert.ok(titles.some((t) => t.startsWith('Add a library file')), titles.join(' | '));
    assert.ok(!titles.some((t) => t.startsWith('Replace')), titles.join(' | '));
    const ignore = actions.find((a) => a.title === "Ignore 'smith2099' (setting iscls.ignoredKeys)");
    assert.ok(ignore?.command, titles.join(' | '));
    const result = await vscode.commands.executeCommand<CommandResult>(ignore.command.command, ...(ignore.command.arguments ?? []));
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(config().inspect('ignoredKeys')?.workspaceValue, ['smith2099']);
    await until(() => unknown().length === 1, 'the ignored key to stop being reported');
    assert.deepEqual(unknown(), ['gousef2011']);
    await closeActive();
  });
});
