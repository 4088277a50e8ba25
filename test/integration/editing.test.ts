// Issue 13 in the real VS Code: convert and undo, the convention guard, merge, adopt a pasted
// numbered list and undo, inlay hints, and the citation pick's Enter and early typing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AMA, at, closeActive, CommandResult, EXTENSION_ID, open, undoOnce, waitFor } from './support';

const PANDOC = 'First described in 1960 [@clarkson1960]; a European series [see @gousseff2011, p. 464] and a review [@druey2010].\n';

suiteSetup(async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  assert.ok(await extension.activate());
});

suite('Editing a real draft (issue 13)', () => {
  teardown(closeActive);

  test('Convert Citations: pandoc → numeric in one edit (list follows, locator kept), back to pandoc, and one Undo restores exactly', async () => {
    const editor = await open(PANDOC, 'markdown');
    assert.equal((await vscode.commands.executeCommand<CommandResult>('iscls.updateReferenceList')).ok, true);
    const listed = editor.document.getText();
    const result = await vscode.commands.executeCommand<CommandResult>('iscls.convertCitations', { to: 'numeric' });
    assert.equal(result.ok, true, result.message);
    assert.equal(result.count, 3);
    const numeric = editor.document.getText();
    // AMA in Markdown: superscript numbers by default (iscls.numericMarker auto), after the full stop.
    assert.match(numeric, /^First described in 1960\^1\^; a European series see\^2\(p464\)\^ and a review\.\^3\^\n/);
    assert.ok(numeric.includes(`1. ${AMA.clarkson1960}\n2. ${AMA.gousseff2011}\n3. ${AMA.druey2010}`));
    await undoOnce(editor);
    assert.equal(editor.document.getText(), listed, 'one Undo restores the pandoc document exactly');
    await vscode.commands.executeCommand('redo');
    assert.equal(editor.document.getText(), numeric);
    const back = await vscode.commands.executeCommand<CommandResult>('iscls.convertCitations', { to: 'pandoc' });
    assert.equal(back.ok, true, back.message);
    assert.match(editor.document.getText(), /^First described in 1960 \[@clarkson1960\]; a European series see \[@gousseff2011, p\. 464\]/);
  });

  test('a convention that no longer reads the markers: a warning with the conversion as quick fix, and Update Reference List refuses instead of emptying the list', async () => {
    const editor = await open(PANDOC, 'markdown');
    await vscode.commands.executeCommand('iscls.updateReferenceList');
    const listed = editor.document.getText();
    const config = vscode.workspace.getConfiguration('iscls');
    await config.update('citationConvention', 'numeric', vscode.ConfigurationTarget.Global);
    try {
      const warning = await waitFor(
        () => vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.code === 'convention-mismatch'),
        'the convention warning',
      );
      assert.match(warning.message, /cites with pandoc \[@key\] markers \(3 citations\)/);
      const uncited = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.code === 'uncited-entry');
      assert.equal(uncited.length, 0, 'no false "listed but not cited" warnings');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, warning.range);
      const fix = actions.find((a) => a.title === 'Convert citations to numeric [1]');
      assert.ok(fix, `quick fix offered: ${actions.map((a) => a.title).join(' | ')}`);
      const update = await vscode.commands.executeCommand<CommandResult>('iscls.updateReferenceList');
      assert.equal(update.ok, false);
      assert.equal(editor.document.getText(), listed, 'the list was not emptied');
      await vscode.commands.executeCommand(fix.command!.command, ...(fix.command!.arguments ?? []));
      assert.match(editor.document.getText(), /^First described in 1960\^1\^/);
      await waitFor(() => !vscode.languages.getDiagnostics(editor.document.uri).some((d) => d.code === 'convention-mismatch'), 'the warning to go');
    } finally {
      await config.update('citationConvention', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('merge: citing next to [1] or ^1^ joins it ([1,2], ^1,2^), next to [@a] gives [@a; @b]', async () => {
    const numeric = `Capillary leak [1] recurs.\n\n<!-- iscls-references style=american-medical-association keys=druey2010 -->\n1. ${AMA.druey2010}\n<!-- /iscls-references -->\n`;
    const editor = await open(numeric, 'markdown');
    at(editor, numeric.indexOf(' recurs'));
    assert.equal((await vscode.commands.executeCommand<CommandResult>('iscls.insertCitation', { keys: ['gousseff2011'] })).ok, true);
    assert.match(editor.document.getText(), /^Capillary leak \[1,2\] recurs\./);
    await closeActive();
    const pandoc = 'Capillary leak [@druey2010] recurs.\n';
    const second = await open(pandoc, 'markdown');
    at(second, pandoc.indexOf('recurs'));
    await vscode.commands.executeCommand('iscls.insertCitation', { keys: ['gousseff2011'] });
    assert.equal(second.document.getText(), 'Capillary leak [@druey2010; @gousseff2011] recurs.\n');
  });

  test('Adopt Numbered Draft: a pasted list becomes the managed list, every number still pointing at the same work; one Undo restores the draft', async () => {
    const draft = [
      'Capillary leak [2] was first described in 1960 [1]; a registry [3] and the review [2] followed.',
      '',
      'References',
      '',
      // As pasted from a reference manager (Vancouver-like, different punctuation from ours).
      '1. Clarkson B, Thompson D, Horwith M, Luckey EH. Cyclical edema and shock due to increased capillary permeability. Am J Med 1960;29:193-216.',
      '2. Druey KM, Greipp PR. Narrative review: the systemic capillary leak syndrome. Ann Intern Med 2010;153(2):90-8.',
      '3. Gousseff M, Arnaud L, Lambert M, Hot A, Hamidou M, Duhaut P, et al. The systemic capillary leak syndrome: a case series of 28 patients from a European registry. Ann Intern Med 2011;154(7):464-71.',
      '',
    ].join('\n');
    const editor = await open(draft, 'markdown');
    const result = await vscode.commands.executeCommand<CommandResult>('iscls.adoptNumberedDraft');
    assert.equal(result.ok, true, result.message);
    assert.equal(result.count, 3);
    const text = editor.document.getText();
    assert.match(text, /^Capillary leak \[1\] was first described in 1960 \[2\]; a registry \[3\] and the review \[1\] followed\.\n\nReferences\n\n<!-- iscls-references style=american-medical-association keys=druey2010,clarkson1960,gousseff2011 -->\n/);
    assert.ok(text.includes(`1. ${AMA.druey2010}\n2. ${AMA.clarkson1960}\n3. ${AMA.gousseff2011}`));
    await undoOnce(editor);
    assert.equal(editor.document.getText(), draft);
  });

  test('Adopt refuses a number beyond the list before asking anything, with a clear message', async () => {
    const draft = 'Seen in 1960 [1] and later [6].\n\nReferences\n1. Clarkson B, Thompson D, Horwith M, Luckey EH. Cyclical edema and shock due to increased capillary permeability. Am J Med 1960;29:193.\n';
    const editor = await open(draft, 'markdown');
    const result = await vscode.commands.executeCommand<CommandResult>('iscls.adoptNumberedDraft');
    assert.equal(result.ok, false);
    assert.match(result.message ?? '', /beyond the 1-entry list at the end \(line 1: \[6\]\)/);
    assert.equal(editor.document.getText(), draft);
  });

  test('inlay hints show what each marker prints: numbers in AMA, (Author, year) in APA', async () => {
    const editor = await open(PANDOC, 'markdown');
    const range = new vscode.Range(0, 0, 1, 0);
    const labels = async () =>
      (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', editor.document.uri, range)).map((h) =>
        typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''),
      );
    assert.deepEqual(await labels(), ['¹', '²', '³']);
    const config = vscode.workspace.getConfiguration('iscls');
    await config.update('citationStyle', 'apa', vscode.ConfigurationTarget.Global);
    try {
      assert.deepEqual(await labels(), ['(Clarkson et al., 1960)', '(Gousseff et al., 2011)', '(Druey & Greipp, 2010)']);
      await config.update('inlayHints.enabled', false, vscode.ConfigurationTarget.Global);
      assert.deepEqual(await labels(), []);
    } finally {
      await config.update('citationStyle', undefined, vscode.ConfigurationTarget.Global);
      await config.update('inlayHints.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('inlay hints asked for while the writer types: the versions typed over are not analysed, the hints come after the pause', async () => {
    const { analyses } = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as { analyses: { versions(document: vscode.TextDocument): readonly number[] } };
    const editor = await open(PANDOC, 'markdown');
    const range = new vscode.Range(0, 0, 1, 0);
    const opened = editor.document.version;
    // VS Code asks again while the writer types (after a scroll, say): a request, then a key, eight times.
    const requests: Thenable<vscode.InlayHint[]>[] = [];
    for (let key = 0; key < 8; key++) {
      requests.push(vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', editor.document.uri, range));
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'x')));
    }
    const answers = await Promise.all(requests);
    const typedOver = analyses.versions(editor.document).filter((v) => v >= opened && v < editor.document.version);
    // Answering each request analysed each version (all eight). The views, which wait 300-400 ms after
    // a change, may still analyse the opened version or one where a slow machine paused between keys.
    assert.ok(typedOver.length <= 3, `versions typed over that were analysed: ${typedOver.join(', ')}`);
    const labels = answers.at(-1)!.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    assert.deepEqual(labels, ['¹', '²', '³']);
  });
});

interface PickApi {
  citationPick(): (vscode.QuickPick<vscode.QuickPickItem & { key?: string }>) | undefined;
}

async function api(): Promise<PickApi> {
  return (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as PickApi;
}

suite('The citation pick (issue 13)', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await closeActive();
  });

  test('Enter adds the top row to the citation (the title names it), Enter again inserts', async function () {
    this.timeout(60_000); // the run's first pick: the search index is built, on a loaded machine
    const editor = await open('A European registry .\n', 'markdown');
    at(editor, 'A European registry '.length);
    const { citationPick } = await api();
    const running = vscode.commands.executeCommand<CommandResult>('iscls.insertCitation');
    const pick = await waitFor(() => citationPick(), 'the pick');
    assert.equal(pick.title, 'Insert ISCLS Citation');
    pick.value = 'gousseff registry';
    // The first search of the run builds the index: a longer wait than the default.
    await waitFor(() => (pick.items[0]?.key === 'gousseff2011' && pick.activeItems[0] === pick.items[0]) || undefined, 'gousseff2011 on top, focused', 15_000);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await waitFor(() => pick.title === 'Insert ISCLS Citation: Gousseff 2011' || undefined, 'the title to name the citation');
    assert.equal(pick.value, '');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const result = await running;
    assert.equal(result.ok, true, result.message);
    assert.equal(editor.document.getText(), 'A European registry [@gousseff2011].\n');
  });

  test('keystrokes typed before the pick is ready go into its filter, not the document', async function () {
    this.timeout(60_000); // five edits and their removals, each a round trip to the window
    const original = 'A European registry\n';
    const editor = await open(original, 'markdown');
    at(editor, 'A European registry'.length);
    const { citationPick } = await api();
    const running = vscode.commands.executeCommand<CommandResult>('iscls.insertCitation');
    // Typed into the editor as a fast writer would, racing the pick.
    // (An edit from this test host races the extension's own removal, so each keystroke waits for it;
    // real keystrokes come from the window, one after the other.)
    for (const ch of ' gous') {
      assert.ok(await editor.edit((b) => b.insert(editor.selection.active, ch), { undoStopBefore: false, undoStopAfter: false }));
      await waitFor(() => editor.document.getText() === original || undefined, `"${ch}" taken out of the document`);
    }
    const pick = await waitFor(() => citationPick(), 'the pick');
    await waitFor(() => pick.value === ' gous' || undefined, 'filter " gous"').catch((e) => {
      throw new Error(`${e.message}: filter "${pick.value}", document ${JSON.stringify(editor.document.getText())}`);
    });
    assert.equal(editor.document.getText(), original);
    await waitFor(() => pick.activeItems[0]?.key === 'gousseff2011' || undefined, 'gousseff2011 focused');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    // As a writer sees the work added before pressing Enter again: a second accept sent at once can
    // reach the window while the pick is being reset, and be lost (the pick then waits forever).
    await waitFor(() => pick.title === 'Insert ISCLS Citation: Gousseff 2011' || undefined, 'the title to name the citation');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.equal((await running).ok, true);
    assert.equal(editor.document.getText(), 'A European registry [@gousseff2011]\n');
  });
});
