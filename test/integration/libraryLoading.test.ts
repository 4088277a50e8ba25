// The library while it loads, and when it reloads, in the real VS Code: a manuscript that declares
// `bibliography: [a .bib, a .json]` is hovered right after it shows, and no hover or diagnostic ever
// calls one of the library's keys unknown; one save of a library file reads it once and tells the
// features once.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './support';

interface LoadingApi {
  library: {
    forDocument(document: vscode.TextDocument): { merged: { has(key: string): boolean } };
    isLoadingFor(document: vscode.TextDocument): boolean;
    files(): { name: string; reads: number }[];
    onDidChange: vscode.Event<void>;
  };
}

let api: LoadingApi;
const written: vscode.Uri[] = [];

function folder(): vscode.Uri {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(root, 'the integration run opens a workspace folder');
  return root;
}

async function write(name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(folder(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  written.push(uri);
  return uri;
}

/** A .bib of `n` entries (enough to take a while to read) and a CSL-JSON file of one more. */
function bibOf(prefix: string, n: number): string {
  return Array.from({ length: n }, (_, i) => `@article{${prefix}${i}, author = {Author${i}, A. and Other, B.}, title = {Capillary leak study number ${i}}, journal = {J Test}, year = ${1950 + (i % 70)}, volume = {${i}}, pages = {1--9}}\n`).join('\n');
}

const hoverText = async (uri: vscode.Uri, position: vscode.Position) =>
  ((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [])
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
    .join('\n');

suiteSetup(async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  api = (await extension.activate()) as LoadingApi;
});

suiteTeardown(async () => {
  for (const uri of written) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
});

suite('Your own library while it loads', () => {
  test('hovered right after the document shows: "loading", never "unknown"; no unknown-key diagnostic meanwhile', async () => {
    await write('loading-lib.bib', bibOf('loadbib', 3000));
    await write('loading-lib.json', JSON.stringify([{ id: 'loadjson1', type: 'article-journal', title: 'A JSON entry', author: [{ family: 'Json', given: 'J' }], issued: { 'date-parts': [[2020]] } }]));
    const paper = await write('loading-paper.md', '---\nbibliography: [loading-lib.bib, loading-lib.json]\n---\nFirst [@loadbib2999]. Then [@loadjson1]. Review [@druey2010].\n');
    const document = await vscode.workspace.openTextDocument(paper);
    await vscode.window.showTextDocument(document);
    const at = (key: string) => document.positionAt(document.getText().indexOf(key) + 2);
    const libraryKeys = ['loadbib2999', 'loadjson1'];
    const seen: string[] = [];
    let loadingSeen = false;
    const unknownDiagnostics = () => vscode.languages.getDiagnostics(paper).filter((d) => d.code === 'unknown-key').map((d) => document.getText(d.range));
    // Hover and read the diagnostics from the moment it shows until both keys resolve.
    await waitFor(async () => {
      for (const key of libraryKeys) {
        const text = await hoverText(paper, at(key));
        seen.push(text);
        assert.doesNotMatch(text, /Unknown citation key/, `hover on ${key} while the library loads: ${text}`);
        if (/loading your library/.test(text)) loadingSeen = true;
      }
      assert.deepEqual(unknownDiagnostics(), [], 'no key is called unknown while the library loads');
      return libraryKeys.every((key) => api.library.forDocument(document).merged.has(key)) && !api.library.isLoadingFor(document);
    }, 'the declared library to load', 30000);
    const hovered = await hoverText(paper, at('loadjson1'));
    assert.match(hovered, /Json J\. A JSON entry/, hovered);
    // Once loaded, diagnostics are computed again, still without any unknown key.
    await new Promise((r) => setTimeout(r, 800));
    assert.deepEqual(unknownDiagnostics(), []);
    assert.ok(seen.length > 0 && (loadingSeen || seen.every((t) => !/Unknown/.test(t))));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a small library\'s key hovered as the document opens: the first card already resolves it (the hover waits for the read)', async () => {
    await write('first-hover.bib', bibOf('firsthover', 4));
    const paper = await write('first-hover.md', '---\nbibliography: first-hover.bib\n---\nFirst [@firsthover3].\n');
    const document = await vscode.workspace.openTextDocument(paper);
    const hovered = await hoverText(paper, document.positionAt(document.getText().indexOf('firsthover3') + 2));
    assert.match(hovered, /Capillary leak study number 3/, hovered);
    assert.doesNotMatch(hovered, /loading your library|Unknown/, hovered);
  });

  test('one save of a library file reads it once and fires one change', async () => {
    const bib = await write('save-once.bib', '@article{saveonce1, author = {Once, S.}, title = {Saved once}, journal = {J Test}, year = 2021}\n');
    const paper = await write('save-once.md', '---\nbibliography: save-once.bib\n---\nSee [@saveonce1].\n');
    const manuscript = await vscode.workspace.openTextDocument(paper);
    await vscode.window.showTextDocument(manuscript);
    await waitFor(() => api.library.forDocument(manuscript).merged.has('saveonce1'), 'the library to load', 15000);
    const reads = () => api.library.files().find((f) => f.name === 'save-once.bib')?.reads ?? 0;
    const before = reads();
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(bib));
    await editor.edit((edit) => edit.insert(new vscode.Position(editor.document.lineCount, 0), '@article{saveonce2, author = {Twice, T.}, title = {Not read twice}, journal = {J Test}, year = 2022}\n'));
    let changes = 0;
    const listener = api.library.onDidChange(() => changes++);
    try {
      await editor.document.save();
      await waitFor(() => api.library.forDocument(manuscript).merged.has('saveonce2'), 'the saved library to be read again', 15000);
      // The file watcher reports the same save a little later: it must not read it again.
      await new Promise((r) => setTimeout(r, 2000));
      assert.equal(reads() - before, 1, 'the save was read once');
      assert.equal(changes, 1, 'the features were told once');
    } finally {
      listener.dispose();
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
