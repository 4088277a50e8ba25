// Integration tests inside a real VS Code: one marker form per numeric document. A style switch (the
// setting, or the document's own `csl:`) OFFERS to re-render markers written in another form (the
// offer is answered through the test API, in place of a click); Convert's "Normalise Markers" does
// it on demand; a new citation takes the document's form.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AMA, at, closeActive, CommandResult, EXTENSION_ID, open, undoOnce, waitFor } from './support';

interface Offer {
  uri: string;
  message: string;
  buttons: string[];
}
interface Offers {
  shown: Offer[];
  respond?: (offer: Offer) => string | undefined;
}

const LIST = ['', '<!-- iscls-references style=american-medical-association keys=clarkson1960,druey2010 -->', `1. ${AMA.clarkson1960}`, `2. ${AMA.druey2010}`, '<!-- /iscls-references -->', ''].join('\n');

async function offers(): Promise<Offers> {
  const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as { markerOffers: Offers };
  return api.markerOffers;
}

/** Waits until the extension has read the document (its numeric model exists and the open was seen). */
async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 300));
}

suite('Marker form', () => {
  const target = () => (vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  teardown(async () => {
    const o = await offers();
    o.respond = () => 'Keep as Written';
    await vscode.workspace.getConfiguration('iscls').update('citationStyle', undefined, target());
    await closeActive();
    o.respond = undefined;
  });

  test('switching AMA → Vancouver offers to re-render the superscripts as brackets; accepted, the list untouched, one undo restores them', async () => {
    const o = await offers();
    const original = `Leak in 1960.^1^ and shock^2^ here.\n${LIST}`;
    const editor = await open(original, 'markdown');
    await settle();
    const before = o.shown.length;
    o.respond = () => 'Re-render Markers';
    await vscode.workspace.getConfiguration('iscls').update('citationStyle', 'vancouver', target());
    await waitFor(() => editor.document.getText().startsWith('Leak in 1960.[1] and shock [2] here.'), 'the markers re-rendered as brackets');
    const offer = o.shown.slice(before).find((x) => x.uri === editor.document.uri.toString());
    assert.ok(offer, 'an offer was made');
    assert.deepEqual(offer.buttons, ['Re-render Markers', 'Keep as Written']);
    assert.match(offer.message, /superscripts \^1\^; its style, Vancouver.*brackets \[1\]/);
    assert.ok(editor.document.getText().endsWith(LIST), 'the list is untouched');
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original, 'one undo restores the markers');
  });

  test('declined, nothing changes; a new citation then keeps the document form (never a mix)', async () => {
    const o = await offers();
    const original = `Leak in 1960.^1^ and shock here.\n${LIST.replace(',druey2010', '').replace(`2. ${AMA.druey2010}\n`, '')}`;
    const editor = await open(original, 'markdown');
    await settle();
    const before = o.shown.length;
    o.respond = () => 'Keep as Written';
    await vscode.workspace.getConfiguration('iscls').update('citationStyle', 'vancouver', target());
    await waitFor(() => o.shown.length > before, 'the offer');
    assert.equal(editor.document.getText(), original);
    at(editor, original.indexOf(' here'));
    const result = await vscode.commands.executeCommand<CommandResult>('iscls.insertCitation', { keys: ['druey2010'] });
    assert.equal(result.ok, true, result.message);
    assert.match(editor.document.getText(), /and shock\^2\^ here\./);
  });

  test("a document's own csl: switching its style is offered the re-render too", async () => {
    const o = await offers();
    const original = `Leak in 1960.^1^ and shock^2^ here.\n${LIST}`;
    const editor = await open(original, 'markdown');
    await settle();
    o.respond = () => 'Re-render Markers';
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '---\ncsl: vancouver\n---\n'));
    await waitFor(() => editor.document.getText().includes('Leak in 1960.[1] and shock [2] here.'), 'the markers re-rendered after csl:', 8000);
  });

  test('Convert → Normalise Markers: a mixed numeric document is hinted, its quick fix gives the style form; one undo restores it', async () => {
    const original = `Leak in 1960 [1]. And shock^2^ here.\n${LIST}`;
    const editor = await open(original, 'markdown');
    const hint = await waitFor(() => vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.code === 'mixed-markers'), 'the mixed-markers hint');
    assert.equal(editor.document.getText(hint.range), '[1]', 'on the marker not in the style form');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, hint.range);
    const fix = actions.find((a) => a.title.startsWith('Normalise Markers'));
    assert.ok(fix?.command, `quick fix offered: ${actions.map((a) => a.title).join(' | ')}`);
    const result = await vscode.commands.executeCommand<CommandResult>(fix.command.command, ...(fix.command.arguments ?? []));
    assert.equal(result.ok, true, result.message);
    assert.equal(result.count, 1);
    assert.match(result.message ?? '', /Re-rendered 1 citation marker as superscripts/);
    assert.equal(editor.document.getText(), `Leak in 1960.^1^ And shock^2^ here.\n${LIST}`);
    await waitFor(() => !vscode.languages.getDiagnostics(editor.document.uri).some((d) => d.code === 'mixed-markers'), 'the hint to go');
    const again = await vscode.commands.executeCommand<CommandResult>('iscls.convertCitations', { to: 'numeric' });
    assert.equal(again.reason, 'unchanged');
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original);
  });
});
