// Which extension host runs the suite and the extension: the Node.js one (code-server's remote host,
// desktop VS Code) or the web worker one (vscode.dev, github.dev). The harness says which it asked for
// (ISCLS_TEST_HOST, compiled into the browser bundle); with a wrong payload authority or a missing
// `remote.extensionKind` setting the web run would silently happen in Node, and this test fails.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'iscls-reference.iscls-reference';

suite('Extension host', () => {
  test('the suite and the extension run in the host the harness asked for', async () => {
    const expected = process.env.ISCLS_TEST_HOST ?? 'node';
    const scope = globalThis as { WorkerGlobalScope?: unknown; process?: { versions?: { node?: string } } };
    const inWorker = typeof scope.WorkerGlobalScope === 'function';
    const nodeVersion = scope.process?.versions?.node;
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    await extension.activate();
    assert.ok(extension.isActive);
    if (expected === 'web') {
      assert.equal(inWorker, true, 'not running in a web worker');
      assert.equal(nodeVersion, undefined, `Node.js ${nodeVersion} is present`);
      // In the web worker host every extension is a UI extension (the Node host says Workspace).
      assert.equal(extension.extensionKind, vscode.ExtensionKind.UI);
    } else {
      assert.equal(expected, 'node', `unknown ISCLS_TEST_HOST ${expected}`);
      assert.equal(inWorker, false, 'running in a web worker');
      assert.match(String(nodeVersion), /^\d+\./);
    }
  });
});
