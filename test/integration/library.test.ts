// The writer's own library in the real VS Code (issue 8): a workspace .bib declared by a Markdown
// document's YAML `bibliography:`, cited beside the review in one numeric document with one list;
// the .bib rewritten on disk reaches the pick without a reload; the unknown-key quick fix never
// proposes an unrelated work.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'iscls-reference.iscls-reference';

interface CommandResult {
  ok: boolean;
  reason?: string;
  message?: string;
}

interface LibraryApi {
  library: { library: { has(key: string): boolean; get(key: string): { source: string } | undefined } };
  search: { search(query: string, options?: { kinds?: string[] }): { id: string; source?: string }[] };
}

async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeout = 15000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeout) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function folder(): vscode.Uri {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(root, 'the integration run opens a workspace folder');
  return root;
}

let api: LibraryApi;
let original: Uint8Array;

suiteSetup(async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  api = (await extension.activate()) as LibraryApi;
  original = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), 'library.bib'));
});

suiteTeardown(async () => {
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), 'library.bib'), original);
  await vscode.workspace.getConfiguration('iscls').update('citationConvention', undefined, vscode.ConfigurationTarget.Workspace);
});

suite('Your own library', () => {
  test('a library reference and a review reference in one numeric document, one list in order', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'paper-library.md'));
    const editor = await vscode.window.showTextDocument(document);
    await waitFor(() => api.library.library.has('eo2017'), 'the declared library.bib to load');
    assert.equal(api.library.library.get('eo2017')?.source, 'library.bib');
    await vscode.workspace.getConfiguration('iscls').update('citationConvention', 'numeric', vscode.ConfigurationTarget.Workspace);
    const end = document.positionAt(document.getText().indexOf('described') + 'described'.length);
    editor.selections = [new vscode.Selection(end, end)];
    const first = await vscode.commands.executeCommand<CommandResult>('iscls.insertCitation', { keys: ['eo2017'] });
    assert.ok(first.ok, JSON.stringify(first));
    const last = document.positionAt(document.getText().indexOf('adults') + 'adults'.length);
    editor.selections = [new vscode.Selection(last, last)];
    const second = await vscode.commands.executeCommand<CommandResult>('iscls.insertCitation', { keys: ['gousseff2011'] });
    assert.ok(second.ok, JSON.stringify(second));
    const text = document.getText();
    // AMA in Markdown: superscripts, after the full stop (iscls.numericMarker auto, issue 9).
    assert.match(text, /Capillary leak in adults\^1\^ is now better described\.\^2\^/);
    assert.match(text, /^1\. Gousseff M, Arnaud L, Lambert M, et al\. The systemic capillary leak syndrome/m);
    assert.match(text, /^2\. Eo TS, Müller J, van der Berg A, et al\. Capillary leak in adults: a Korean cohort/m);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.workspace.getConfiguration('iscls').update('citationConvention', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('the .bib rewritten on disk (as Zotero does) reaches the search without a reload', async () => {
    const uri = vscode.Uri.joinPath(folder(), 'library.bib');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'paper-library.md'));
    await vscode.window.showTextDocument(document);
    await waitFor(() => api.library.library.has('eo2017'), 'the library');
    assert.deepEqual(api.search.search('Quokka', { kinds: ['reference'] }), []);
    const added = new TextDecoder().decode(original) + '\n@article{quokka2024, author = {Quokka, Q.}, title = {A marsupial view of capillary leak}, journal = {J Test}, year = 2024}\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(added));
    await waitFor(() => api.library.library.has('quokka2024'), 'the rewritten library to be read again');
    const hits = api.search.search('Quokka', { kinds: ['reference'] });
    assert.deepEqual(hits.map((h) => [h.id, h.source]), [['quokka2024', 'library.bib']]);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('unknown keys: a replacement only for the same work; otherwise "add a library file"', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'Known [@druey2010]. Typo [@gousef2011]. Not in any library [@eo2016].\n' });
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitFor(() => {
      const list = vscode.languages.getDiagnostics(document.uri).filter((d) => d.code === 'unknown-key');
      return list.length === 2 ? list : undefined;
    }, 'two unknown-key diagnostics');
    const titles = async (d: vscode.Diagnostic) =>
      ((await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, d.range)) ?? []).map((a) => a.title);
    const typo = await titles(diagnostics.find((d) => document.getText(d.range) === 'gousef2011')!);
    assert.ok(typo.includes("Replace with 'gousseff2011' (Gousseff 2011)"), typo.join(' | '));
    const other = await titles(diagnostics.find((d) => document.getText(d.range) === 'eo2016')!);
    assert.ok(!other.some((t) => t.startsWith('Replace')), `never an unrelated work: ${other.join(' | ')}`);
    assert.ok(other.some((t) => t.startsWith('Add a library file')), other.join(' | '));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
