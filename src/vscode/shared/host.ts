// Which extension host runs the extension: Node.js (desktop VS Code, a VS Code server, code-server) or
// the browser's web worker (vscode.dev, github.dev), which runs no programs and reads no local paths.
// Features that need Node.js (pandoc's Word output, local file paths) are hidden there through the
// context key `iscls.nodeHost` and, if run anyway, say why instead of failing.
import * as vscode from 'vscode';

/** True when Node.js runs the extension; false in the web worker host. */
export function runsInNode(): boolean {
  const scope = globalThis as { process?: { versions?: { node?: string } } };
  return typeof scope.process?.versions?.node === 'string';
}

/** Sets the `iscls.nodeHost` context key (for `when` clauses of Node-only commands). */
export function setHostContext(): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', 'iscls.nodeHost', runsInNode());
}

/**
 * For a command that needs Node.js: true in the Node.js host; in the web worker host it shows why the
 * feature is not available (`what`, e.g. "Word output needs pandoc") and returns false.
 */
export function requireNodeHost(what: string): boolean {
  if (runsInNode()) return true;
  void vscode.window.showInformationMessage(
    `${what}, which runs only in desktop VS Code or a VS Code server (Remote, code-server), not in VS Code in the browser (vscode.dev, github.dev).`,
  );
  return false;
}
