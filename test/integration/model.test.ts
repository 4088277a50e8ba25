// The CLI and the extension read a manuscript through the same model: `iscls bib FILE` and
// *Update Reference List* in VS Code produce the same text for every fixture (and for the cases
// where they once disagreed, such as a .txt that cites [@key]).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'iscls-reference.iscls-reference';

/** Cases beside the fixture files: file name → text. */
const INLINE: Record<string, string> = {
  'pandoc-in-text.txt': 'Shock recurs [@clarkson1960]; reviewed [@druey2010; @clarkson1960].\n',
  'numeric.md': 'First [1]. Then [2,1].\n\n<!-- iscls-references style=american-medical-association keys=druey2010,clarkson1960 -->\n1. x\n2. y\n<!-- /iscls-references -->\n',
  'latex.tex': '\\documentclass{article}\n\\begin{document}\nA~\\cite{gousseff2011,marks1973}.\n\\end{document}\n',
  'nothing.txt': 'No citation here.\n',
  // A LaTeX document that cites with a pandoc marker: both must refuse and name the conversion (the
  // CLI once wrote an empty export for the biblatex one, the extension said it cited nothing).
  'biblatex-pandoc-marker.tex':
    '\\documentclass{article}\n\\usepackage{biblatex}\n\\addbibresource{mine.bib}\n\\begin{document}\nShock [@clarkson1960].\n\\printbibliography\n\\end{document}\n',
  'latex-pandoc-marker.tex': '\\documentclass{article}\n\\begin{document}\nShock [@clarkson1960].\n\\end{document}\n',
};
/** Cases both must refuse as a convention mismatch (the conversion named), not as "cites nothing". */
const MISMATCH = new Set(['biblatex-pandoc-marker.tex', 'latex-pandoc-marker.tex']);

suite('One manuscript model: the CLI and the extension agree', () => {
  // The CLI is a Node program: this suite needs the Node extension host.
  const node = typeof process !== 'undefined' && typeof process.execPath === 'string' && !!process.versions?.node;

  test('iscls bib FILE = Update Reference List in VS Code, on every fixture', async function () {
    if (!node) this.skip();
    this.timeout(120_000);
    const { spawnSync } = await import('node:child_process');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    const cli = path.join(extension.extensionPath, 'dist', 'cli.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iscls-agree-'));
    const fixtures = path.join(extension.extensionPath, 'test', 'fixtures');
    const files: string[] = [];
    for (const folder of ['manuscripts', 'workspace']) {
      const source = path.join(fixtures, folder);
      if (!fs.existsSync(source)) continue;
      // One folder each, names kept: a manuscript's `bibliography:` finds its library beside it.
      fs.mkdirSync(path.join(dir, folder));
      for (const name of fs.readdirSync(source)) {
        fs.copyFileSync(path.join(source, name), path.join(dir, folder, name));
        files.push(path.join(folder, name));
      }
    }
    for (const [name, text] of Object.entries(INLINE)) {
      fs.writeFileSync(path.join(dir, name), text);
      files.push(name);
    }
    assert.ok(files.length >= Object.keys(INLINE).length + 3, `fixtures found: ${files.join(', ')}`);
    for (const name of files) {
      const file = path.join(dir, name);
      const cliRun = spawnSync(process.execPath, [cli, 'bib', file], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      const before = document.getText();
      const result = await vscode.commands.executeCommand<{ ok: boolean; reason?: string; message?: string }>('iscls.updateReferenceList', document.uri);
      const after = document.getText();
      if (MISMATCH.has(name)) {
        assert.notEqual(cliRun.status, 0, `${name}: the CLI did not refuse (${cliRun.stderr.trim()})`);
        assert.match(cliRun.stderr, /iscls convert .* --to latex/, `${name}: the CLI's refusal names no conversion`);
        assert.equal(result.reason, 'conflict', `${name}: the extension answered ${result.reason}: ${result.message}`);
      }
      if (cliRun.status === 0) {
        assert.equal(after, cliRun.stdout, `${name}: the extension (${result.reason ?? 'updated'}) and the CLI differ`);
      } else {
        // The CLI refused (one line): the extension must not have written anything either.
        assert.equal(after, before, `${name}: the CLI refused (${cliRun.stderr.trim()}) but the extension changed the document`);
        assert.equal(result.ok, false, `${name}: the CLI refused (${cliRun.stderr.trim()}), the extension did not`);
      }
      if (document.isDirty) {
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    }
  });
});
