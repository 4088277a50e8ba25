// Restricted Mode reads nothing outside the workspace (run with `--restricted`, and trusted as usual):
// a document in the workspace declares one library file inside it and one beside the workspace
// (`../`). Trusted, both are read; in Restricted Mode only the one inside is, and the My Library view's
// row for the other says why it was skipped.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './support';

const EXTENSION_ID = 'iscls-reference.iscls-reference';

interface RestrictedApi {
  library: {
    forDocument(document: vscode.TextDocument): { merged: { has(key: string): boolean } };
    files(): { name: string; entries: number; failure?: string }[];
  };
}

suite('Restricted Mode library', function () {
  this.timeout(120_000); // a busy machine: the libraries load after activation
  const stamp = Date.now().toString(36);
  let outsideFolder: vscode.Uri;
  let probe: vscode.Uri;
  let api: RestrictedApi;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    api = (await extension.activate()) as RestrictedApi;
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'the integration run opens a workspace folder');
    outsideFolder = vscode.Uri.joinPath(root, '..', `iscls-outside-${stamp}`);
    await vscode.workspace.fs.createDirectory(outsideFolder);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(outsideFolder, 'outside.bib'), new TextEncoder().encode('@article{outsideSecret2001, title = {Outside the workspace}, year = 2001}\n'));
    probe = vscode.Uri.joinPath(root, `restricted-probe-${stamp}.md`);
    const text = `---\nbibliography: [library.bib, ../iscls-outside-${stamp}/outside.bib]\n---\nSee [@eo2017] and [@outsideSecret2001].\n`;
    await vscode.workspace.fs.writeFile(probe, new TextEncoder().encode(text));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of [probe, outsideFolder]) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  test('a declared library file outside the workspace is read only when the workspace is trusted', async () => {
    const document = await vscode.workspace.openTextDocument(probe);
    await vscode.window.showTextDocument(document);
    const merged = await waitFor(() => {
      const library = api.library.forDocument(document).merged;
      return library.has('eo2017') && library;
    }, 'the library file inside the workspace is read', 60000);
    const row = await waitFor(() => api.library.files().find((f) => f.name === 'outside.bib' && (f.failure || f.entries > 0)), 'outside.bib is read or refused', 60000);
    if (vscode.workspace.isTrusted) {
      assert.equal(row.failure, undefined);
      await waitFor(() => api.library.forDocument(document).merged.has('outsideSecret2001'), 'trusted: the outside file is read', 60000);
    } else {
      assert.equal(row.entries, 0);
      assert.match(row.failure ?? '', /not read in Restricted Mode: the file is outside the workspace folders/);
      assert.equal(merged.has('outsideSecret2001'), false);
      assert.equal(api.library.forDocument(document).merged.has('outsideSecret2001'), false);
    }
  });
});
