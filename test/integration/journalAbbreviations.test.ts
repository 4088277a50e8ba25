// NLM journal abbreviations inside a real VS Code (Node and web worker hosts): a writer's record with only the
// journal's full name prints the NLM abbreviation in AMA, in the hover (which says it was supplied), the
// managed reference list and the preview's plugin; in the Node host the Word export too. The record is the
// PubMed record of Xie et al. 2015 (PMID 25193271, as data/references.json holds it), as a BibTeX export
// gives it: journal's full name, Title Case title, no abbreviation.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'iscls-reference.iscls-reference';
const nodeHost = typeof process !== 'undefined' && !!process.versions?.node;

const BIB =
  '@article{xieIvig2015,\n  author = {Xie, Z. and Chan, E. C. and Long, L. M. and Nelson, C. and Druey, K. M.},\n' +
  '  title = {High-Dose Intravenous Immunoglobulin Therapy for Systemic Capillary Leak Syndrome (Clarkson Disease)},\n' +
  '  journal = {The American Journal of Medicine},\n  year = {2015},\n  volume = {128},\n  number = {1},\n  pages = {91--95},\n  doi = {10.1016/j.amjmed.2014.08.015},\n}\n';
const PAPER =
  '---\nbibliography: mine.bib\n---\n\nMonthly IVIG prevented attacks [@xieIvig2015].\n\n# References\n\n' +
  '<!-- iscls-references style=american-medical-association keys= -->\n<!-- /iscls-references -->\n';

async function write(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/\\(.)/g, '$1');
}

suite('NLM journal abbreviations', () => {
  let dir: vscode.Uri;
  let document: vscode.TextDocument;

  suiteSetup(async function () {
    this.timeout(60000);
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    dir = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, `journal-abbrev-${Date.now()}`);
    await write(vscode.Uri.joinPath(dir, 'mine.bib'), BIB);
    await write(vscode.Uri.joinPath(dir, 'paper.md'), PAPER);
    document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(dir, 'paper.md'));
    await vscode.window.showTextDocument(document);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(dir, { recursive: true }).then(undefined, () => undefined);
  });

  test('the hover prints "Am J Med" and says the abbreviation was supplied; the list and the preview print it too', async function () {
    this.timeout(60000);
    const at = document.positionAt(document.getText().indexOf('@xieIvig2015') + 2);
    let text = '';
    // The library (and the abbreviation list with it) loads after the document opens.
    for (let attempt = 0; attempt < 120 && !text.includes('Am J Med'); attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, 250));
      text = hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at)) ?? []);
    }
    assert.match(text, /Xie Z, Chan EC, Long LM, Nelson C, Druey KM\. High-dose intravenous immunoglobulin therapy for systemic capillary leak syndrome \(Clarkson disease\)\. Am J Med\. 2015;128\(1\):91-95\./, text);
    assert.match(text, /Journal abbreviation supplied from the NLM list: "The American Journal of Medicine" prints as "Am J Med"/);
    assert.match(text, /Title printed in sentence case/);

    const result = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('iscls.updateReferenceList');
    assert.equal(result?.ok, true, result?.message);
    assert.match(document.getText(), /\. Am J Med\. 2015;128\(1\):91-95\./);

    const api = vscode.extensions.getExtension(EXTENSION_ID)!.exports as { extendMarkdownIt(md: unknown): { render(src: string): string } };
    const MarkdownIt = (await import('markdown-it')).default;
    const html = api.extendMarkdownIt(new MarkdownIt({ html: true })).render(document.getText());
    assert.match(html, /<i>Am J Med<\/i>\. 2015;128\(1\):91-95/, html);
    // The file the writer maintains is never changed.
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, 'mine.bib'))), BIB);
  });

  test('the Word export prints the same abbreviation (Node host: pandoc)', async function () {
    if (!nodeHost) this.skip();
    this.timeout(60000);
    const out = vscode.Uri.joinPath(dir, 'paper.docx');
    const result = await vscode.commands.executeCommand<{ ok: boolean; message?: string; uri?: vscode.Uri }>('iscls.exportWord', { uri: document.uri, quiet: true, out });
    assert.equal(result.ok, true, result.message);
    const JSZip = (await import('jszip')).default;
    const xml = await (await JSZip.loadAsync(await vscode.workspace.fs.readFile(result.uri!))).file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    assert.match(text, /High-dose intravenous immunoglobulin therapy for systemic capillary leak syndrome \(Clarkson disease\)\. Am J Med\. 2015;128\(1\):91-95/, text);
  });
});
