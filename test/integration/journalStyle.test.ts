// Integration tests inside a real VS Code: a journal's style chosen by Find Journal Style, a bad .csl
// refused with the document keeping its style, and pandoc's `csl:` in the YAML header. The pick itself
// is bypassed with `{ style }` (its search is core/styles/journalIndex.ts, unit-tested).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AMA, closeActive, CommandResult, open, waitFor } from './support';

const PARENT = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="en-US">
  <info><title>Example Parent</title><id>http://www.zotero.org/styles/example-parent-numbers</id><category citation-format="numeric"/></info>
  <citation><layout prefix="[" suffix="]" delimiter=","><text variable="citation-number"/></layout></citation>
  <bibliography><layout suffix="."><text variable="title" suffix=". "/><text variable="container-title" form="short"/></layout></bibliography>
</style>
`;
const DEPENDENT = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">
  <info><title>Journal of Example Medicine</title><id>http://www.zotero.org/styles/journal-of-example-medicine</id>
    <link href="http://www.zotero.org/styles/example-parent-numbers" rel="independent-parent"/><category citation-format="numeric"/></info>
</style>
`;

async function write(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

function styleSetting(): string | undefined {
  return vscode.workspace.getConfiguration('iscls').get<string>('citationStyle');
}

suite('Journal styles', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const target = () => (vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  let dir: vscode.Uri;
  setup(() => {
    dir = vscode.Uri.joinPath(folder(), `styles-${Date.now()}`);
  });
  teardown(async () => {
    await closeActive();
    await vscode.workspace.getConfiguration('iscls').update('citationStyle', undefined, target());
    await vscode.workspace.fs.delete(dir, { recursive: true }).then(undefined, () => undefined);
  });

  test('Find Journal Style: Mayo Clinic Proceedings formats the list in its parent style (AMA) under its own name', async function () {
    // The first use reads the journal index (1.4 MB), over the connection in the web worker host.
    this.timeout(60_000);
    const editor = await open('A registry [@gousseff2011].\n', 'markdown');
    await vscode.commands.executeCommand('iscls.updateReferenceList');
    const result = await vscode.commands.executeCommand<CommandResult>('iscls.findJournalStyle', { style: 'mayo-clinic-proceedings', updateList: true });
    assert.equal(result.ok, true, result.message);
    assert.equal(styleSetting(), 'mayo-clinic-proceedings');
    assert.equal(editor.document.getText(), `A registry [@gousseff2011].\n\n<!-- iscls-references style=mayo-clinic-proceedings keys=gousseff2011 -->\n1. ${AMA.gousseff2011}\n<!-- /iscls-references -->\n`);
  });

  test('a dependent .csl file finds its parent beside it; a bad .csl is one error and the style stays', async () => {
    await write(vscode.Uri.joinPath(dir, 'example-parent-numbers.csl'), PARENT);
    await write(vscode.Uri.joinPath(dir, 'journal-of-example-medicine.csl'), DEPENDENT);
    await write(vscode.Uri.joinPath(dir, 'broken.csl'), '<html>not a style</html>\n');
    const editor = await open('A registry [@gousseff2011].\n', 'markdown');
    const relative = (name: string) => vscode.workspace.asRelativePath(vscode.Uri.joinPath(dir, name), false);
    const bad = await vscode.commands.executeCommand<CommandResult>('iscls.findJournalStyle', { style: relative('broken.csl') });
    assert.equal(bad.ok, false);
    assert.match(bad.message ?? '', /broken\.csl is not a CSL style/);
    assert.equal(styleSetting(), 'american-medical-association', 'the setting is unchanged');
    const good = await vscode.commands.executeCommand<CommandResult>('iscls.findJournalStyle', { style: relative('journal-of-example-medicine.csl'), updateList: true });
    assert.equal(good.ok, true, good.message);
    assert.equal(styleSetting(), relative('journal-of-example-medicine.csl'));
    await vscode.commands.executeCommand('iscls.updateReferenceList');
    assert.match(editor.document.getText(), /<!-- iscls-references style=journal-of-example-medicine keys=gousseff2011 -->\n1\. The systemic capillary leak syndrome: a case series of 28 patients from a European registry\. Ann Intern Med\.\n/);
  });

  test("pandoc's csl: in the YAML header is the document's style", async () => {
    await write(vscode.Uri.joinPath(dir, 'example-parent-numbers.csl'), PARENT);
    await write(vscode.Uri.joinPath(dir, 'journal-of-example-medicine.csl'), DEPENDENT);
    const path = vscode.workspace.asRelativePath(vscode.Uri.joinPath(dir, 'journal-of-example-medicine.csl'), false);
    const editor = await open(`---\ntitle: Paper\ncsl: ${path}\n---\n\nA registry [@gousseff2011].\n`, 'markdown');
    // The file loads on first use; the list is then written in its style.
    await waitFor(async () => {
      await vscode.commands.executeCommand('iscls.updateReferenceList');
      return editor.document.getText().includes('style=journal-of-example-medicine');
    }, 'the list in the csl: style');
    assert.match(editor.document.getText(), /1\. The systemic capillary leak syndrome: a case series of 28 patients from a European registry\. Ann Intern Med\.\n/);
  });
});
