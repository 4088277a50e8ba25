// Integration tests that run INSIDE a real VS Code (extension host): citation insertion and undo,
// the managed list, completion, diagnostics and the read-only path.
//
// The interactive QuickPick is bypassed through the commands' automation hooks (see src/vscode/cite.ts):
//   iscls.insertCitation {keys}, iscls.insertReference <key | tree item>, iscls.updateReferenceList [uri],
//   iscls.selectStyle {style, updateList}, iscls.exportReferences {format, uri, overwrite}.
// Every command resolves to a CommandResult ({ ok, reason?, message? }) that the tests assert.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AMA, at, closeActive, CommandResult, EXTENSION_ID, open, undoOnce, waitFor } from './support';

/** File helpers through vscode.workspace.fs, which works in the Node and the web worker host alike. */
async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(() => true, () => false);
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/**
 * Closes the active editor without saving (untitled test documents), and waits until the extension
 * host has let go of its document: otherwise the next `openTextDocument` may get the same untitled
 * name and, under load, the old document object with the old text.
 */
function cite(keys: string[]): Thenable<CommandResult> {
  return vscode.commands.executeCommand<CommandResult>('iscls.insertCitation', { keys });
}

/** Enter on the pick's top row adds it to the citation; Enter again (the Insert row) inserts it. */
async function addAndInsert(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

function label(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function insertingRange(item: vscode.CompletionItem): vscode.Range | undefined {
  const r = item.range;
  if (!r) return undefined;
  return r instanceof vscode.Range ? r : r.inserting;
}

/** How many references the extension ships: the review's 72 and the literature update. */
let builtInCount = 0;

suiteSetup(async function () {
  // The first root hook pays for activation, which on a loaded machine's web worker exceeds 20 s.
  this.timeout(120_000);
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
  const api = (await extension.activate()) as { kb?: { references: readonly unknown[] } };
  assert.ok(api?.kb, 'activate() returns the services (the knowledge base loaded)');
  builtInCount = api.kb.references.length;
});

suite('Insert citation', () => {
  teardown(closeActive);

  test('pandoc: Markdown gets [@gousseff2011] at the cursor, which moves after it; one undo restores the text', async () => {
    const original = 'Capillary leak was first described in 1960. A registry followed .\n';
    const editor = await open(original, 'markdown');
    const offset = original.indexOf(' .') + 1;
    at(editor, offset);
    const result = await cite(['gousseff2011']);
    assert.equal(result.ok, true, result.message);
    const expected = 'Capillary leak was first described in 1960. A registry followed [@gousseff2011].\n';
    assert.equal(editor.document.getText(), expected);
    assert.equal(editor.document.offsetAt(editor.selection.active), offset + '[@gousseff2011]'.length);
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original);
  });

  test('latex: LaTeX gets \\cite{gousseff2011}; one undo restores the text', async () => {
    const original = '\\documentclass{article}\n\\begin{document}\nA European registry~.\n\\end{document}\n';
    const editor = await open(original, 'latex');
    at(editor, original.indexOf('~.') + 1);
    const result = await cite(['gousseff2011']);
    assert.equal(result.ok, true, result.message);
    assert.equal(editor.document.getText(), '\\documentclass{article}\n\\begin{document}\nA European registry~\\cite{gousseff2011}.\n\\end{document}\n');
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original);
  });

  test('pandoc: a cursor right after a citation adds the key to it', async () => {
    const original = 'Reviewed elsewhere [@druey2010].\n';
    const editor = await open(original, 'markdown');
    at(editor, original.indexOf('].') + 1);
    await cite(['gousseff2011']);
    assert.equal(editor.document.getText(), 'Reviewed elsewhere [@druey2010; @gousseff2011].\n');
  });

  test('numeric: inserting before an existing citation renumbers it and rewrites the AMA list; one undo restores everything', async () => {
    const original = [
      'A European registry described 28 patients .',
      'The syndrome was first described in 1960 [1].',
      '',
      '[iscls-references style=american-medical-association keys=clarkson1960]',
      `1. ${AMA.clarkson1960}`,
      '[/iscls-references]',
      '',
    ].join('\n');
    const editor = await open(original, 'plaintext');
    at(editor, original.indexOf(' .') + 1);
    const result = await cite(['gousseff2011']);
    assert.equal(result.ok, true, result.message);
    const expected = [
      'A European registry described 28 patients [1].',
      'The syndrome was first described in 1960 [2].',
      '',
      '[iscls-references style=american-medical-association keys=gousseff2011,clarkson1960]',
      `1. ${AMA.gousseff2011}`,
      `2. ${AMA.clarkson1960}`,
      '[/iscls-references]',
      '',
    ].join('\n');
    assert.equal(editor.document.getText(), expected);
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original);
  });

  test('numeric: the first citation in a plain-text document creates the managed list', async () => {
    const original = 'Clarkson disease is rare .\n';
    const editor = await open(original, 'plaintext');
    at(editor, original.indexOf(' .') + 1);
    await cite(['gousseff2011']);
    assert.equal(
      editor.document.getText(),
      `Clarkson disease is rare [1].\n\n[iscls-references style=american-medical-association keys=gousseff2011]\n1. ${AMA.gousseff2011}\n[/iscls-references]\n`,
    );
  });

  test('multi-cursor: one citation at every cursor, one undo removes them all', async () => {
    const original = 'First claim .\nSecond claim .\n';
    const editor = await open(original, 'markdown');
    const first = original.indexOf(' .') + 1;
    const second = original.lastIndexOf(' .') + 1;
    at(editor, first, second);
    const result = await cite(['gousseff2011', 'druey2010']);
    assert.equal(result.ok, true, result.message);
    assert.equal(editor.document.getText(), 'First claim [@gousseff2011; @druey2010].\nSecond claim [@gousseff2011; @druey2010].\n');
    assert.equal(editor.selections.length, 2);
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original);
  });

  test('a selection is never replaced: the citation goes after its end', async () => {
    const original = 'Hemoconcentration is typical.\n';
    const editor = await open(original, 'markdown');
    const start = editor.document.positionAt(0);
    const end = editor.document.positionAt('Hemoconcentration'.length);
    editor.selection = new vscode.Selection(end, start); // reversed selection: still its end
    await cite(['druey2010']);
    assert.equal(editor.document.getText(), 'Hemoconcentration [@druey2010] is typical.\n');
  });

  test('CRLF documents get CRLF line breaks in the list, exactly like the LF result', async () => {
    const lf = 'First claim .\nSecond claim .\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    const editor = await open(crlf, 'plaintext');
    if (editor.document.eol !== vscode.EndOfLine.CRLF) {
      await editor.edit((b) => b.setEndOfLine(vscode.EndOfLine.CRLF));
    }
    assert.equal(editor.document.getText(), crlf);
    at(editor, crlf.indexOf(' .') + 1, crlf.lastIndexOf(' .') + 1);
    await cite(['gousseff2011']);
    const expectedLf = `First claim [1].\nSecond claim [1].\n\n[iscls-references style=american-medical-association keys=gousseff2011]\n1. ${AMA.gousseff2011}\n[/iscls-references]\n`;
    const text = editor.document.getText();
    assert.equal(/(^|[^\r])\n/.test(text), false, 'no bare LF line break');
    assert.equal(text, expectedLf.replace(/\n/g, '\r\n'));
  });

  test('insertReference takes a key or a tree item carrying a reference', async () => {
    const editor = await open('A .\nB .\n', 'markdown');
    at(editor, 2);
    const byKey = await vscode.commands.executeCommand<CommandResult>('iscls.insertReference', 'druey2010');
    assert.equal(byKey.ok, true, byKey.message);
    at(editor, editor.document.getText().indexOf('B .') + 2);
    const byItem = await vscode.commands.executeCommand<CommandResult>('iscls.insertReference', { reference: { 'citation-key': 'clarkson1960', id: 'clarkson1960' } });
    assert.equal(byItem.ok, true, byItem.message);
    assert.equal(editor.document.getText(), 'A [@druey2010].\nB [@clarkson1960].\n');
  });

  test('insertTermReferences cites the key references of a term in one citation', async () => {
    const editor = await open('Clarkson disease .\n', 'markdown');
    at(editor, 'Clarkson disease '.length);
    const result = await vscode.commands.executeCommand<CommandResult>('iscls.insertTermReferences', 'capillary-leak-syndrome');
    assert.equal(result.ok, true, result.message);
    assert.equal(editor.document.getText(), 'Clarkson disease [@marks1973; @druey2010].\n');
  });

  test('the pick: edits made while it is open are respected, Enter twice cites the top row', async () => {
    const editor = await open('Claim .\n', 'markdown');
    at(editor, 'Claim '.length);
    const pending = vscode.commands.executeCommand<CommandResult>('iscls.insertCitation');
    await new Promise((r) => setTimeout(r, 600));
    // The document changes under the open pick (another extension, a collaborator, a reload).
    const edit = new vscode.WorkspaceEdit();
    edit.insert(editor.document.uri, new vscode.Position(0, 0), 'New first line.\n');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    await addAndInsert();
    const result = await pending;
    assert.equal(result.ok, true, `${result.reason}: ${result.message}`);
    // Reference 1 is the top row; it lands at the (moved) cursor, nothing else changes.
    assert.equal(editor.document.getText(), 'New first line.\nClaim [@clarkson1960].\n');
  });

  test('the pick: if the document is closed meanwhile, the citation goes to the clipboard', async () => {
    // No other editor may take the focus when this one closes (that would close the pick).
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = await open('Claim .\n', 'markdown');
    at(editor, 'Claim '.length);
    await vscode.env.clipboard.writeText('');
    const pending = vscode.commands.executeCommand<CommandResult>('iscls.insertCitation');
    await new Promise((r) => setTimeout(r, 600));
    // Closed by something else (the pick keeps the focus, so not by the user's click).
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor(() => editor.document.isClosed || undefined, 'the document to close');
    await addAndInsert();
    const final = await pending;
    assert.equal(final.reason, 'closed', `${final.reason}: ${final.message}`);
    assert.equal(await vscode.env.clipboard.readText(), '[@clarkson1960]');
    await open('', 'markdown'); // for the suite's teardown
  });

  test('the pick: selections taken before it opened are refused when the document changed and is no longer shown', async function () {
    this.timeout(60_000); // two documents and the pick, under load
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = await open('Claim .\n', 'markdown');
    const document = editor.document;
    at(editor, 'Claim '.length);
    const pending = vscode.commands.executeCommand<CommandResult>('iscls.insertCitation');
    await new Promise((r) => setTimeout(r, 600));
    // Another document takes the editor's place (the pick keeps the focus), and the text changes:
    // 'Claim ' is no longer where the captured selection says.
    const other = await vscode.workspace.openTextDocument({ content: 'Other.\n', language: 'markdown' });
    await vscode.window.showTextDocument(other, { preserveFocus: true, preview: false });
    await waitFor(() => !vscode.window.visibleTextEditors.some((e) => e.document === document) || undefined, 'the document to be hidden');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), 'New first line.\n');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    await addAndInsert();
    const result = await pending;
    assert.equal(result.reason, 'conflict', `${result.reason}: ${result.message}`);
    assert.match(result.message ?? '', /changed and is no longer shown.*nothing was inserted/);
    assert.equal(document.getText(), 'New first line.\nClaim .\n', 'nothing inserted at the stale offset');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await open('', 'markdown'); // for the suite's teardown
  });

  test('the pick: a hidden document that did not change gets the citation at the selection taken before', async function () {
    this.timeout(60_000); // two documents and the pick, under load
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = await open('Claim .\n', 'markdown');
    const document = editor.document;
    at(editor, 'Claim '.length);
    const pending = vscode.commands.executeCommand<CommandResult>('iscls.insertCitation');
    await new Promise((r) => setTimeout(r, 600));
    const other = await vscode.workspace.openTextDocument({ content: 'Other.\n', language: 'markdown' });
    await vscode.window.showTextDocument(other, { preserveFocus: true, preview: false });
    await waitFor(() => !vscode.window.visibleTextEditors.some((e) => e.document === document) || undefined, 'the document to be hidden');
    await addAndInsert();
    const result = await pending;
    assert.equal(result.ok, true, `${result.reason}: ${result.message}`);
    assert.equal(document.getText(), 'Claim [@clarkson1960].\n');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await open('', 'markdown'); // for the suite's teardown
  });

  test('the pick: Escape inserts nothing', async () => {
    const original = 'Claim .\n';
    const editor = await open(original, 'markdown');
    at(editor, 'Claim '.length);
    const pending = vscode.commands.executeCommand<CommandResult>('iscls.insertCitation');
    await new Promise((r) => setTimeout(r, 600));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    const result = await pending;
    assert.equal(result.reason, 'cancelled');
    assert.equal(editor.document.getText(), original);
  });

  test('an unknown key is refused with a message and changes nothing', async () => {
    const original = 'Text .\n';
    const editor = await open(original, 'markdown');
    at(editor, 4);
    const result = await cite(['nokey1999']);
    assert.equal(result.ok, false);
    assert.match(result.message ?? '', /nokey1999/);
    assert.equal(editor.document.getText(), original);
  });

  test('a planning error (cursor inside the managed list) surfaces as a message without partial edits', async () => {
    const original = `Text [1].\n\n[iscls-references style=american-medical-association keys=clarkson1960]\n1. ${AMA.clarkson1960}\n[/iscls-references]\n`;
    const editor = await open(original, 'plaintext');
    // Two cursors: one valid in the text, one inside the list. Neither may be applied.
    at(editor, 4, original.indexOf('Clarkson B') + 3);
    const version = editor.document.version;
    const result = await cite(['gousseff2011']);
    assert.equal(result.ok, false);
    assert.equal(result.reason, 'error');
    assert.match(result.message ?? '', /reference list/i);
    assert.equal(editor.document.getText(), original);
    assert.equal(editor.document.version, version, 'no edit was applied at all');
  });

  test('a read-only document is left untouched, with a message', async () => {
    const scheme = 'iscls-readonly-test';
    const registration = vscode.workspace.registerFileSystemProvider(scheme, new ReadonlyFs('Capillary leak .\n'), { isReadonly: true, isCaseSensitive: true });
    try {
      const uri = vscode.Uri.from({ scheme, path: '/draft.md' });
      const document = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(document);
      at(editor, 14);
      const result = await cite(['gousseff2011']);
      assert.equal(result.ok, false);
      assert.equal(result.reason, 'readonly');
      assert.match(result.message ?? '', /read-only/);
      assert.equal(document.getText(), 'Capillary leak .\n');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      registration.dispose();
      await open('', 'markdown'); // for the suite's teardown
    }
  });
});

suite('Reference list, style and export', () => {
  teardown(closeActive);

  test('updateReferenceList creates the list in a pandoc document on request, then reports it up to date', async () => {
    const original = 'A registry [@gousseff2011].\n';
    const editor = await open(original, 'markdown');
    const first = await vscode.commands.executeCommand<CommandResult>('iscls.updateReferenceList');
    assert.equal(first.ok, true, first.message);
    assert.equal(
      editor.document.getText(),
      `A registry [@gousseff2011].\n\n<!-- iscls-references style=american-medical-association keys=gousseff2011 -->\n1. ${AMA.gousseff2011}\n<!-- /iscls-references -->\n`,
    );
    const second = await vscode.commands.executeCommand<CommandResult>('iscls.updateReferenceList');
    assert.equal(second.reason, 'unchanged');
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original);
  });

  test('selectStyle switches the setting and rewrites the managed list in APA', async () => {
    const config = vscode.workspace.getConfiguration('iscls');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const settingsDir = folder ? vscode.Uri.joinPath(folder, '.vscode') : undefined;
    const settingsFile = settingsDir ? vscode.Uri.joinPath(settingsDir, 'settings.json') : undefined;
    const hadSettings = settingsFile ? await exists(settingsFile) : true;
    const editor = await open('A registry [@gousseff2011].\n', 'markdown');
    await vscode.commands.executeCommand('iscls.updateReferenceList');
    try {
      const result = await vscode.commands.executeCommand<CommandResult>('iscls.selectStyle', { style: 'apa', updateList: true });
      assert.equal(result.ok, true, result.message);
      assert.equal(vscode.workspace.getConfiguration('iscls').get('citationStyle'), 'apa');
      assert.equal(
        editor.document.getText(),
        'A registry [@gousseff2011].\n\n<!-- iscls-references style=apa keys=gousseff2011 -->\n' +
          '1. Gousseff, M., Arnaud, L., Lambert, M., Hot, A., Hamidou, M., Duhaut, P., Papo, T., Soubrier, M., Ruivard, M., Malizia, G., Tieulié, N., Rivière, S., Ninet, J., Hatron, P. Y., & Amoura, Z. (2011). The systemic capillary leak syndrome: a case series of 28 patients from a European registry. Ann Intern Med, 154(7), 464–471. https://doi.org/10.7326/0003-4819-154-7-201104050-00004\n' +
          '<!-- /iscls-references -->\n',
      );
    } finally {
      const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await config.update('citationStyle', undefined, target);
      if (settingsFile && settingsDir && !hadSettings && (await exists(settingsFile)) && (await readText(settingsFile)).replace(/\s/g, '') === '{}') {
        await vscode.workspace.fs.delete(settingsFile);
        if ((await vscode.workspace.fs.readDirectory(settingsDir)).length === 0) await vscode.workspace.fs.delete(settingsDir);
      }
    }
  });

  test('exportReferences writes the cited references as BibTeX', async () => {
    await open('See [@gousseff2011] and [@druey2010].\n', 'markdown');
    // In the workspace folder, through vscode.workspace.fs: the same in the Node and the web worker host.
    const dir = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, `export-${Date.now()}`);
    const file = vscode.Uri.joinPath(dir, 'refs.bib');
    try {
      const result = await vscode.commands.executeCommand<CommandResult>('iscls.exportReferences', { format: 'bibtex', uri: file });
      assert.equal(result.ok, true, result.message);
      assert.equal(result.count, 2);
      const bib = await readText(file);
      assert.match(bib, /@article\{gousseff2011,/);
      assert.match(bib, /@article\{druey2010,/);
      assert.doesNotMatch(bib, /clarkson1960/);
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true }).then(undefined, () => undefined);
    }
  });
});

suite('Citation key completion', () => {
  teardown(closeActive);

  async function complete(text: string, language: string, offset = text.length): Promise<{ items: vscode.CompletionItem[]; document: vscode.TextDocument }> {
    const editor = await open(text, language);
    // (200: resolve every item, should a provider compute documentation lazily.)
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, editor.document.positionAt(offset), undefined, 200);
    return { items: list.items, document: editor.document };
  }

  test('inside [@gou: every built-in key, with documentation, a "Gousseff 2011" detail and the typed key as range', async () => {
    const { items } = await complete('A registry [@gou', 'markdown');
    const ours = items.filter((i) => i.kind === vscode.CompletionItemKind.Reference);
    assert.ok(builtInCount >= 72);
    assert.equal(ours.length, builtInCount);
    const item = ours.find((i) => label(i) === 'gousseff2011');
    assert.ok(item, 'gousseff2011 offered');
    assert.match(item.detail ?? '', /Gousseff 2011/);
    const range = insertingRange(item);
    assert.ok(range);
    assert.equal(range.start.character, 'A registry [@'.length);
    assert.equal(range.end.character, 'A registry [@gou'.length);
    assert.match(item.filterText ?? '', /registry/, 'filterText lets "registry" find it');
    const markdown = item.documentation instanceof vscode.MarkdownString ? item.documentation.value : String(item.documentation ?? '');
    const documentation = markdown.replace(/\\(.)/g, '$1'); // markdown escapes
    assert.match(documentation, /Gousseff M, Arnaud L, Lambert M, et al\. The systemic capillary leak syndrome/);
  });

  test('keys the document already cites come first', async () => {
    const { items } = await complete('[@marks1973] and [@', 'markdown');
    const ours = items.filter((i) => i.kind === vscode.CompletionItemKind.Reference).sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.equal(label(ours[0]), 'marks1973');
  });

  test('after "; " in a citation the item brings its own @', async () => {
    const { items } = await complete('[@marks1973; ', 'markdown');
    const item = items.find((i) => label(i) === 'druey2010');
    assert.ok(item);
    assert.equal(typeof item.insertText === 'string' ? item.insertText : item.insertText?.value, '@druey2010');
  });

  test('no citation completion in an e-mail address or outside brackets', async () => {
    for (const text of ['Write to [me@gou', 'Write to me@gou', 'Plain @gou']) {
      const { items } = await complete(text, 'markdown');
      // Ours are References; VS Code's own word suggestions (Text, from other open documents) may hold the key.
      assert.equal(items.some((i) => label(i) === 'gousseff2011' && i.kind !== vscode.CompletionItemKind.Text), false, text);
      await closeActive();
    }
    await open('', 'markdown'); // for the suite's teardown
  });

  test('LaTeX: inside \\citep[see]{druey2010, gou', async () => {
    const text = 'Text \\citep[see]{druey2010, gou';
    const { items } = await complete(text, 'latex');
    const item = items.find((i) => label(i) === 'gousseff2011');
    assert.ok(item);
    assert.equal(insertingRange(item)?.start.character, text.length - 3);
  });
});

suite('Citation diagnostics', () => {
  teardown(closeActive);

  const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ISCLS');

  test('an unknown key is a warning in a document that cites ISCLS references', async () => {
    const editor = await open('Known [@gousseff2011], unknown [@nokey].\n', 'markdown');
    const diagnostics = await waitFor(() => {
      const d = ours(editor.document.uri);
      return d.length ? d : undefined;
    }, 'diagnostics');
    const unknown = diagnostics.find((d) => d.message === "Unknown ISCLS reference key 'nokey'");
    assert.ok(unknown, JSON.stringify(diagnostics.map((d) => d.message)));
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(editor.document.getText(unknown.range), 'nokey');
  });

  test('a typo appears after an edit (debounced) and disappears when fixed', async () => {
    const editor = await open('Known [@gousseff2011].\n', 'markdown');
    await editor.edit((b) => b.insert(editor.document.positionAt(editor.document.getText().length), 'More [@druey2011].\n'));
    await waitFor(() => ours(editor.document.uri).some((d) => d.message.includes("'druey2011'")) || undefined, 'the unknown-key warning');
    const range = ours(editor.document.uri).find((d) => d.message.includes("'druey2011'"))!.range;
    await editor.edit((b) => b.replace(range, 'druey2010'));
    await waitFor(() => (ours(editor.document.uri).length === 0 ? true : undefined), 'the warning to go');
  });

  test('an unrelated pandoc document with its own bibliography gets no warning', async () => {
    const editor = await open('As shown by [@smith2020; @doe2019].\n', 'markdown');
    await new Promise((r) => setTimeout(r, 1200));
    assert.deepEqual(ours(editor.document.uri), []);
  });

  test('a stale managed list is reported with a quick fix that updates it', async () => {
    const text = [
      'First [@druey2010], then [@gousseff2011].',
      '',
      '<!-- iscls-references style=american-medical-association keys=gousseff2011,druey2010 -->',
      `1. ${AMA.gousseff2011}`,
      `2. ${AMA.druey2010}`,
      '<!-- /iscls-references -->',
      '',
    ].join('\n');
    const editor = await open(text, 'markdown');
    const stale = await waitFor(() => ours(editor.document.uri).find((d) => d.code === 'stale-list'), 'the stale-list diagnostic');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, stale.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Update reference list');
    assert.ok(fix?.command, 'quick fix offered');
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.match(editor.document.getText(), /keys=druey2010,gousseff2011 -->\n1\. Druey KM/);
    await waitFor(() => (ours(editor.document.uri).some((d) => d.code === 'stale-list') ? undefined : true), 'the diagnostic to go');
  });

  test('a list entry nothing cites is reported (faded) on its own line', async () => {
    const text = [
      'Only [@gousseff2011].',
      '',
      '<!-- iscls-references style=american-medical-association keys=gousseff2011,druey2010 -->',
      `1. ${AMA.gousseff2011}`,
      `2. ${AMA.druey2010}`,
      '<!-- /iscls-references -->',
      '',
    ].join('\n');
    const editor = await open(text, 'markdown');
    const uncited = await waitFor(() => ours(editor.document.uri).find((d) => d.code === 'uncited-entry'), 'the uncited-entry diagnostic');
    assert.equal(uncited.range.start.line, 4);
    assert.match(uncited.message, /Druey 2010/);
    assert.deepEqual(uncited.tags, [vscode.DiagnosticTag.Unnecessary]);
  });

  test('a numeric marker without a list entry is a warning', async () => {
    const text = `Known [1], missing [4].\n\n[iscls-references style=american-medical-association keys=clarkson1960]\n1. ${AMA.clarkson1960}\n[/iscls-references]\n`;
    const editor = await open(text, 'plaintext');
    const missing = await waitFor(() => ours(editor.document.uri).find((d) => d.code === 'missing-entry'), 'the missing-entry diagnostic');
    assert.equal(editor.document.getText(missing.range), '[4]');
  });
});

/** A one-file, read-only file system: opening works, writing must never be attempted. */
class ReadonlyFs implements vscode.FileSystemProvider {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  private readonly content: Uint8Array;
  constructor(text: string) {
    this.content = new TextEncoder().encode(text);
  }
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  stat(uri: vscode.Uri): vscode.FileStat {
    if (uri.path === '/') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    if (uri.path !== '/draft.md') throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: this.content.length, permissions: vscode.FilePermission.Readonly };
  }
  readDirectory(): [string, vscode.FileType][] {
    return [['draft.md', vscode.FileType.File]];
  }
  readFile(uri: vscode.Uri): Uint8Array {
    if (uri.path !== '/draft.md') throw vscode.FileSystemError.FileNotFound(uri);
    return this.content;
  }
  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
}

suite('One manuscript model', () => {
  teardown(closeActive);

  const ONE_ANALYSIS: { convention: string; language: string; original: string; expected: RegExp; cited: string }[] = [
    { convention: 'pandoc', language: 'markdown', original: 'Shock recurs [@clarkson1960], as described.\n', expected: /Shock recurs \[@clarkson1960; @druey2010\], as/, cited: '[@clarkson1960; @druey2010]' },
    { convention: 'latex', language: 'latex', original: 'Shock recurs \\cite{clarkson1960}, as described.\n', expected: /Shock recurs \\cite\{clarkson1960,druey2010\}, as/, cited: '\\cite{clarkson1960,druey2010}' },
    {
      convention: 'numeric (plain text)', language: 'plaintext', expected: /Shock recurs \[1,2\], as/, cited: '[1,2]',
      original: 'Shock recurs [1], as described.\n\n[iscls-references style=american-medical-association keys=clarkson1960]\n1. x\n[/iscls-references]\n',
    },
    {
      convention: 'numeric (Markdown)', language: 'markdown', expected: /Shock recurs \[1,2\], as/, cited: '[1,2]',
      original: 'Shock recurs [1], as described.\n\n<!-- iscls-references style=american-medical-association keys=clarkson1960 -->\n1. x\n<!-- /iscls-references -->\n',
    },
  ];
  for (const c of ONE_ANALYSIS) {
    test(`${c.convention}: one insertion analyses the document exactly once before the edit; the cursor comes from the plan`, async () => {
      const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as {
        analyses: { count: number; versions(document: vscode.TextDocument): readonly number[] };
      };
      const editor = await open(c.original, c.language);
      await new Promise((r) => setTimeout(r, 500)); // the views settle on the opened document
      // A version nobody has analysed yet (the views wait 300 ms after a change): one space at the end.
      assert.ok(await editor.edit((b) => b.insert(editor.document.positionAt(c.original.length), ' ')));
      const planned = editor.document.version;
      const before = api.analyses.count;
      let atEdit: number | undefined;
      const listening = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === editor.document && e.contentChanges.length > 0 && atEdit === undefined) atEdit = api.analyses.count;
      });
      at(editor, c.original.indexOf(', as'));
      const result = await cite(['druey2010']);
      listening.dispose();
      assert.equal(result.ok, true, result.message);
      const text = editor.document.getText();
      assert.match(text, c.expected);
      assert.equal(atEdit! - before, 1, `analyses before the edit: ${atEdit! - before}`);
      assert.deepEqual(api.analyses.versions(editor.document).filter((v) => v === planned), [planned], 'the planned version, once');
      // The cursor sits right after the citation it extended, placed from the plan.
      assert.equal(editor.document.offsetAt(editor.selection.active), text.indexOf(c.cited) + c.cited.length);
    });
  }

  test('one insertion analyses the document once per version: once before the edit, once after, shared by the views', async () => {
    const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as {
      analyses: { count: number; versions(document: vscode.TextDocument): readonly number[] };
    };
    const original = 'Shock recurs [1], as described.\n\n[iscls-references style=american-medical-association keys=clarkson1960]\n1. x\n[/iscls-references]\n';
    const editor = await open(original, 'plaintext');
    // Let the views and diagnostics settle on the opened document.
    await new Promise((r) => setTimeout(r, 800));
    const before = api.analyses.count;
    const planned = editor.document.version;
    at(editor, original.indexOf(', as'));
    const result = await cite(['druey2010']);
    assert.equal(result.ok, true, result.message);
    assert.match(editor.document.getText(), /Shock recurs \[1,2\], as described/);
    // The debounced tree (300 ms) and diagnostics (400 ms) read the same model afterwards.
    await new Promise((r) => setTimeout(r, 900));
    const versions = api.analyses.versions(editor.document);
    assert.equal(new Set(versions).size, versions.length, `each version analysed once: ${versions.join(',')}`);
    assert.ok(versions.includes(planned), 'the version the plan was made against');
    assert.ok(versions.includes(editor.document.version), 'the version the edit made');
    assert.ok(api.analyses.count - before <= 2, `analyses for one insertion: ${api.analyses.count - before}`);
  });
});
