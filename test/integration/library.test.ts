// The writer's own library in the real VS Code: a workspace .bib declared by a Markdown
// document's YAML `bibliography:`, cited beside the review in one numeric document with one list;
// the .bib rewritten on disk reaches the pick without a reload; the unknown-key quick fix never
// proposes an unrelated work. Per document: a .bib one document declares never applies to another,
// and hover, completion and Cited in Document read the document's own library.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor as waitForShared } from './support';

const EXTENSION_ID = 'iscls-reference.iscls-reference';

interface CommandResult {
  ok: boolean;
  reason?: string;
  message?: string;
}

interface DocumentLibraryApi {
  merged: { has(key: string): boolean; get(key: string): { source: string } | undefined };
  formatter: { reference(key: string, style: string, format: 'text'): string };
  search: { search(query: string, options?: { kinds?: string[] }): { id: string; source?: string }[] };
  sources: readonly string[];
  sourceOf(key: string): string | undefined;
}

interface LibraryApi {
  kb: { references: readonly unknown[] };
  library: { forDocument(document: vscode.TextDocument): DocumentLibraryApi; files(): { name: string; documents: vscode.Uri[] }[] };
  manuscripts: { get(document: vscode.TextDocument): { scan: { order: string[] } } | undefined };
  trees: {
    cited: {
      keys(): string[];
      formatted(key: string): string | undefined;
      getChildren(): { key: string }[];
      getTreeItem(node: { key: string }): vscode.TreeItem;
    };
  };
}

/** Libraries load after activation and after each change: a longer wait than the shared default. */
const waitFor = <T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeout = 15000) => waitForShared(probe, what, timeout);

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
    await waitFor(() => api.library.forDocument(document).merged.has('eo2017'), 'the declared library.bib to load');
    assert.equal(api.library.forDocument(document).merged.get('eo2017')?.source, 'library.bib');
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
    // AMA in Markdown: superscripts, after the full stop (iscls.numericMarker auto).
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
    const library = () => api.library.forDocument(document);
    await waitFor(() => library().merged.has('eo2017'), 'the library');
    assert.deepEqual(library().search.search('Quokka', { kinds: ['reference'] }), []);
    const added = new TextDecoder().decode(original) + '\n@article{quokka2024, author = {Quokka, Q.}, title = {A marsupial view of capillary leak}, journal = {J Test}, year = 2024}\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(added));
    await waitFor(() => library().merged.has('quokka2024'), 'the rewritten library to be read again');
    const hits = library().search.search('Quokka', { kinds: ['reference'] });
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

suite('Your own library, per document', () => {
  const bibA = '% doc A\'s own library\n@article{mineA2020,\n  author = {Mineur, Alma},\n  title = {Alpha study of capillary leak in twins},\n  journal = {J Test Med},\n  year = {2020},\n  volume = {3},\n  pages = {11--19},\n}\n\n@article{shared2021,\n  author = {Alder, Ann},\n  title = {The alpha version of a shared key},\n  journal = {J Test Med},\n  year = {2021},\n  volume = {4},\n  pages = {1--5},\n}\n';
  const bibC = '@article{shared2021,\n  author = {Birch, Ben},\n  title = {The beta version of a shared key},\n  journal = {J Other},\n  year = {2021},\n  volume = {8},\n  pages = {20--29},\n}\n';
  const text = (bib?: string) => `${bib ? `---\nbibliography: ${bib}\n---\n\n` : ''}Known [@gousseff2011], mine [@mineA2020] and shared [@shared2021].\n`;
  const files: Record<string, string> = {
    'perdoc-a.bib': bibA,
    'perdoc-c.bib': bibC,
    'perdoc-A.md': text('perdoc-a.bib'),
    'perdoc-B.md': text(),
    'perdoc-C.md': text('perdoc-c.bib'),
  };
  const uri = (name: string) => vscode.Uri.joinPath(folder(), name);
  let A: vscode.TextDocument;
  let B: vscode.TextDocument;
  let C: vscode.TextDocument;

  suiteSetup(async () => {
    for (const [name, content] of Object.entries(files)) await vscode.workspace.fs.writeFile(uri(name), new TextEncoder().encode(content));
    [A, B, C] = await Promise.all(['perdoc-A.md', 'perdoc-B.md', 'perdoc-C.md'].map((name) => vscode.workspace.openTextDocument(uri(name))));
    for (const document of [A, B, C]) await vscode.window.showTextDocument(document, { preview: false });
    await waitFor(() => api.library.forDocument(A).merged.has('mineA2020') && api.library.forDocument(C).merged.has('shared2021'), 'both declared libraries to load');
  });

  suiteTeardown(async () => {
    for (const document of [A, B, C]) {
      if (document.isClosed) continue;
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    for (const name of Object.keys(files)) await vscode.workspace.fs.delete(uri(name)).then(undefined, () => undefined);
  });

  test("a key of doc A's .bib is unknown in doc B, and B's list leaves it out", async () => {
    assert.equal(api.library.forDocument(B).merged.has('mineA2020'), false);
    assert.deepEqual(api.library.forDocument(B).sources, []);
    assert.deepEqual(api.manuscripts.get(B)?.scan.order, ['gousseff2011']);
    assert.deepEqual(api.manuscripts.get(A)?.scan.order, ['gousseff2011', 'mineA2020', 'shared2021']);
    const unknown = await waitFor(() => {
      const list = vscode.languages.getDiagnostics(B.uri).filter((d) => d.code === 'unknown-key').map((d) => B.getText(d.range));
      return list.includes('mineA2020') ? list : undefined;
    }, "B's unknown-key warning for mineA2020");
    assert.ok(unknown.includes('shared2021'), unknown.join(' | '));
    assert.equal(vscode.languages.getDiagnostics(A.uri).filter((d) => d.code === 'unknown-key').length, 0, 'A knows its own keys');
    for (const document of [A, B]) {
      await vscode.window.showTextDocument(document);
      const result = await vscode.commands.executeCommand<CommandResult>('iscls.updateReferenceList', document.uri);
      assert.ok(result.ok, JSON.stringify(result));
    }
    assert.match(A.getText(), /^2\. Mineur A\. Alpha study of capillary leak in twins\. J Test Med\. 2020;3:11-19\.$/m);
    assert.match(B.getText(), /keys=gousseff2011 -->/);
    assert.doesNotMatch(B.getText(), /Mineur|Alpha|mineA2020 -->|keys=[^\n]*mineA2020/);
    assert.ok(api.library.files().find((f) => f.name === 'perdoc-a.bib')?.documents.some((d) => d.toString() === A.uri.toString()));
  });

  test('the same key in two documents\' own .bib files formats differently in each', async () => {
    await vscode.window.showTextDocument(C);
    const result = await vscode.commands.executeCommand<CommandResult>('iscls.updateReferenceList', C.uri);
    assert.ok(result.ok, JSON.stringify(result));
    assert.match(A.getText(), /^3\. Alder A\. The alpha version of a shared key\./m);
    assert.match(C.getText(), /^2\. Birch B\. The beta version of a shared key\. J Other\. 2021;8:20-29\.$/m);
    assert.doesNotMatch(C.getText(), /alpha version/);
    assert.equal(api.library.forDocument(A).sourceOf('shared2021'), 'perdoc-a.bib, line 11');
    assert.equal(api.library.forDocument(C).sourceOf('shared2021'), 'perdoc-c.bib, line 1');
  });

  test('the hover on a library marker names its file and line; on a review marker, the review', async () => {
    const editor = await vscode.window.showTextDocument(C);
    const hoverAt = async (key: string) => {
      const position = C.positionAt(C.getText().indexOf(`@${key}`) + 2);
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', C.uri, position)) ?? [];
      return hovers.map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n')).join('\n').replace(/\\(.)/g, '$1');
    };
    assert.ok(editor);
    const shared = await hoverAt('shared2021');
    assert.match(shared, /Birch B\. The beta version of a shared key/);
    assert.match(shared, /From perdoc-c\.bib, line 1/);
    assert.match(await hoverAt('gousseff2011'), /From ISCLS review/);
  });

  test('completion after [@ offers the document\'s library keys, with their source; not in another document', async () => {
    const complete = async (document: vscode.TextDocument) => {
      const editor = await vscode.window.showTextDocument(document);
      const end = document.lineAt(document.lineCount - 1).range.end;
      await editor.edit((b) => b.insert(end, 'More [@'));
      const position = document.lineAt(document.lineCount - 1).range.end;
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position, undefined, 500);
      await vscode.commands.executeCommand('undo');
      return list.items.filter((i) => i.kind === vscode.CompletionItemKind.Reference);
    };
    const keyOf = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);
    const inA = await complete(A);
    const mine = inA.find((i) => keyOf(i) === 'mineA2020');
    assert.ok(mine, 'mineA2020 offered in A');
    assert.match(String(mine.detail), /Mineur 2020 · perdoc-a\.bib/);
    const documentation = mine.documentation instanceof vscode.MarkdownString ? mine.documentation.value.replace(/\\(.)/g, '$1') : String(mine.documentation);
    assert.match(documentation, /Alpha study of capillary leak in twins/);
    assert.match(documentation, /From perdoc-a\.bib, line 2/);
    assert.equal(inA.length, api.kb.references.length + 2, 'the built-in works + 2 of perdoc-a.bib');
    const inB = await complete(B);
    assert.equal(inB.some((i) => keyOf(i) === 'mineA2020'), false);
    assert.equal(inB.length, api.kb.references.length);
  });

  test('Cited in Document lists a library reference, formatted by the document\'s library', async () => {
    await vscode.window.showTextDocument(A);
    const cited = api.trees.cited;
    await waitFor(() => cited.keys().includes('mineA2020') || undefined, 'Cited in Document to follow A');
    const node = cited.getChildren().find((n) => n.key === 'mineA2020')!;
    const item = cited.getTreeItem(node);
    assert.equal(item.label, '2. Mineur 2020');
    assert.match(String(item.description), /Alpha study of capillary leak in twins · perdoc-a\.bib/);
    assert.match(cited.formatted('mineA2020') ?? '', /^Mineur A\. Alpha study of capillary leak in twins\. J Test Med\. 2020;3:11-19\.$/);
    // In B the same key is only written, not known: listed as an unknown key.
    await vscode.window.showTextDocument(B);
    const inB = await waitFor(() => cited.getChildren().find((n) => n.key === 'mineA2020' && (n as { uri?: vscode.Uri }).uri?.toString() === B.uri.toString()), 'Cited in Document to follow B');
    assert.equal(cited.getTreeItem(inB).description, 'Unknown citation key');
  });
});
