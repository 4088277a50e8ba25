// Manifest behaviour that only a real VS Code can show.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

suite('Manifest in VS Code', () => {
  test('the Insert Citation keybinding overrides no default VS Code keybinding', async () => {
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'the default keybindings file opened');
    const text = editor.document.getText();
    const normalize = (key: string) => key.toLowerCase().split('+').sort().join('+');
    const contributed = vscode.extensions.getExtension('iscls-reference.iscls-reference')!.packageJSON.contributes.keybindings as { key: string }[];
    assert.equal(contributed.length, 1);
    const ours = normalize(contributed[0].key);
    const bindings = [...text.matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)].map((m) => ({ key: m[1], command: m[2] }));
    assert.ok(bindings.length > 500, `read ${bindings.length} default keybindings`);
    // A chord that starts with another key ("ctrl+k ctrl+shift+alt+c") does not clash: only a first stroke can.
    const clashes = bindings.filter((b) => normalize(b.key.split(' ')[0]) === ours && b.command !== 'iscls.insertCitation');
    assert.deepEqual(clashes, []);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('every contributed command is registered by the extension', async () => {
    const extension = vscode.extensions.getExtension('iscls-reference.iscls-reference')!;
    await extension.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
  });
});
