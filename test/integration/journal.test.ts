// From draft to journal, inside a real VS Code: the Markdown preview's HTML (VS Code's own markdown-it with
// our plugin), AMA superscripts, Word export through pandoc, and biblatex documents' .bib export.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandResult, EXTENSION_ID, waitFor } from './support';

/** The web worker host has no child processes or temp folders: Word export and files are Node-host only. */
const nodeHost = typeof process !== 'undefined' && !!process.versions?.node;

const REVIEW = [
  '# Introduction',
  '',
  'Idiopathic systemic capillary leak syndrome was first reported in 1960 [@clarkson1960].',
  'A European registry described its course [@gousseff2011], and a series followed [@kapoor2010; @druey2010].',
  'Attacks bring hypotension [@clarkson1960; @gousseff2011].',
  '',
  '# References',
  '',
  '<!-- iscls-references style=american-medical-association keys= -->',
  '<!-- /iscls-references -->',
  '',
].join('\n');

async function activate(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, 'extension not found');
  await extension.activate();
}

async function tempFolder(): Promise<vscode.Uri> {
  const os = await import('node:os');
  const fs = await import('node:fs');
  const path = await import('node:path');
  return vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'iscls-journal-')));
}

async function write(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

async function read(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

suite('From draft to journal', () => {
  suiteSetup(activate);

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the Markdown preview renders AMA superscript numbers by first appearance and the formatted list', async function () {
    // code-server's Markdown extension runs in the Node host only (no browser build): in the web worker
    // host it cannot use our plugin; the test below calls the plugin there as vscode.dev would.
    if (!nodeHost) this.skip();
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', REVIEW);
    const sups = [...html.matchAll(/<span class="iscls-citation"[^>]*><sup>([^<]*)<\/sup><\/span>/g)].map((m) => m[1]);
    assert.deepEqual(sups, ['1', '2', '3,4', '1,2'], html);
    assert.ok(!html.includes('[@'), 'no raw pandoc citation left');
    const items = [...html.matchAll(/<li data-key="([^"]+)">([\s\S]*?)<\/li>/g)];
    assert.deepEqual(items.map((m) => m[1]), ['clarkson1960', 'gousseff2011', 'kapoor2010', 'druey2010']);
    assert.match(items[1][2], /^Gousseff M, Arnaud L, Lambert M, et al\. The systemic capillary leak syndrome/);
    assert.match(items[0][2], /<i>Am J Med<\/i>/);
    // pandoc's bare in-text @key: the names, then the number; an e-mail address stays as written.
    const inText = await vscode.commands.executeCommand<string>('markdown.api.render', '@gousseff2011 reported it [@clarkson1960]. Mail gousseff2011@example.org.\n');
    assert.match(inText, /<span class="iscls-citation" title="gousseff2011">Gousseff et al\.<sup>1<\/sup><\/span> reported it<span class="iscls-citation" title="clarkson1960"><sup>2<\/sup><\/span>\./, inText);
    assert.match(inText, /gousseff2011@example\.org/);
  });

  test('the Markdown preview reads the document\'s model: the writer\'s library keys numbered and listed as the editor does', async function () {
    this.timeout(60000);
    const dir = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, `journal-preview-${Date.now()}`);
    try {
      await write(
        vscode.Uri.joinPath(dir, 'mine.bib'),
        '@article{journalpreview2024,\n  author = {Okafor, Chidi and Nguyen, An},\n  title = {A fictional cohort for the preview test},\n  journal = {Fict J},\n  year = {2024},\n  volume = {9},\n  pages = {1--9},\n}\n',
      );
      const manuscript = vscode.Uri.joinPath(dir, 'paper.md');
      await write(
        manuscript,
        '---\nbibliography: mine.bib\n---\n\nFirst reported in 1960 [@clarkson1960]. A cohort [@journalpreview2024; @gousseff2011].\n\n# References\n\n' +
          '<!-- iscls-references style=american-medical-association keys= -->\n<!-- /iscls-references -->\n',
      );
      const document = await vscode.workspace.openTextDocument(manuscript);
      await vscode.window.showTextDocument(document);
      const api = vscode.extensions.getExtension(EXTENSION_ID)!.exports as {
        extendMarkdownIt(md: unknown): { render(src: string, env?: unknown): string };
        manuscripts: { get(d: vscode.TextDocument): { cited: readonly unknown[] } | undefined };
      };
      // The library loads after the document opens.
      for (let attempt = 0; attempt < 120 && api.manuscripts.get(document)?.cited.length !== 3; attempt++) await new Promise((r) => setTimeout(r, 250));
      assert.equal(api.manuscripts.get(document)?.cited.length, 3, 'the library key resolves');
      let html: string;
      const sups = (rendered: string) => [...rendered.matchAll(/<span class="iscls-citation"[^>]*><sup>([^<]*)<\/sup><\/span>/g)].map((m) => m[1]);
      const expected = ['1', '2,3'];
      if (nodeHost) {
        // VS Code's own preview engine, rendering the open document (its uri is the env's currentDocument).
        // That engine keeps the tokens of the last document it parsed, per version: parsed when the document
        // opened, before the library loaded, they stay until the extension asks it to reload its plugins (or
        // it parses another document). The request is asynchronous: the preview catches up shortly after the model.
        const render = () => vscode.commands.executeCommand<string>('markdown.api.render', document);
        // Timed out: the last render goes to the assertion below, which shows it.
        html = await waitFor(async () => {
          const rendered = await render();
          return sups(rendered).join('|') === expected.join('|') && rendered;
        }, 'the preview to number the library key', 10000).catch(render);
      } else {
        // code-server ships VS Code's Markdown extension without its browser build: it runs in the Node host
        // and cannot reach the exports of an extension running in the web worker. What it would call there,
        // the plugin, is called here as it would be (vscode.dev runs both in the web worker): parsed, like
        // VS Code's preview parses, without the document named.
        const MarkdownIt = (await import('markdown-it')).default;
        html = api.extendMarkdownIt(new MarkdownIt({ html: true })).render(document.getText());
      }
      assert.deepEqual(sups(html), expected, html);
      const items = [...html.matchAll(/<li data-key="([^"]+)">([\s\S]*?)<\/li>/g)];
      assert.deepEqual(items.map((m) => m[1]), ['clarkson1960', 'journalpreview2024', 'gousseff2011']);
      assert.match(items[1][2], /^Okafor C, Nguyen A\. A fictional cohort for the preview test\. <i>Fict J<\/i>\. 2024;9:1-9\./);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(dir, { recursive: true }).then(undefined, () => undefined);
    }
  });

  test('numeric Markdown with AMA: a new citation is a superscript after the full stop', async () => {
    const text = 'First reported in 1960.^1^\nA registry followed.\n\n<!-- iscls-references style=american-medical-association keys=clarkson1960 -->\n1. x\n<!-- /iscls-references -->\n';
    const document = await vscode.workspace.openTextDocument({ content: text, language: 'markdown' });
    const editor = await vscode.window.showTextDocument(document);
    const at = document.positionAt(text.indexOf('followed.') + 'followed'.length);
    editor.selection = new vscode.Selection(at, at);
    const result = await vscode.commands.executeCommand<CommandResult>('iscls.insertCitation', { keys: ['gousseff2011'] });
    assert.equal(result.ok, true, result.message);
    assert.match(document.getText(), /^First reported in 1960\.\^1\^\nA registry followed\.\^2\^\n/);
  });

  test('Export Manuscript to Word writes the .docx beside the manuscript (pandoc, the cited references)', async function () {
    if (!nodeHost) this.skip();
    const folder = await tempFolder();
    const manuscript = vscode.Uri.joinPath(folder, 'review.md');
    await write(manuscript, REVIEW);
    const result = await vscode.commands.executeCommand<CommandResult>('iscls.exportWord', { uri: manuscript, quiet: true });
    assert.equal(result.ok, true, result.message);
    assert.equal(result.uri?.fsPath, vscode.Uri.joinPath(folder, 'review.docx').fsPath);
    assert.equal(result.count, 4);
    const bytes = await vscode.workspace.fs.readFile(result.uri!);
    assert.equal(new TextDecoder().decode(bytes.slice(0, 2)), 'PK', 'a .docx is a zip file');
    const names = (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name).sort();
    assert.deepEqual(names, ['review.docx', 'review.md'], 'no temporary file left');
  });

  test('Export Manuscript to Word takes the model\'s cited references, the writer\'s library ones too, in order', async function () {
    if (!nodeHost) this.skip();
    this.timeout(60000);
    const folder = await tempFolder();
    // A key of this test's own: a document's library must not change what keys mean in other tests.
    await write(
      vscode.Uri.joinPath(folder, 'mine.bib'),
      '@article{journaldocx2022,\n  author = {Okafor, Chidi and Nguyen, An},\n  title = {A fictional cohort for the Word test},\n  journal = {Fict J},\n  year = {2022},\n  volume = {7},\n  pages = {11--19},\n}\n',
    );
    const manuscript = vscode.Uri.joinPath(folder, 'paper.md');
    await write(
      manuscript,
      '---\nbibliography: mine.bib\n---\n\nFirst reported in 1960 [@clarkson1960]. A later cohort [@journaldocx2022].\n\n# References\n\n' +
        '<!-- iscls-references style=american-medical-association keys= -->\n<!-- /iscls-references -->\n',
    );
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(manuscript));
    // The library loads after the document opens: export until the model resolves both keys.
    let result: CommandResult | undefined;
    for (let attempt = 0; attempt < 30 && result?.count !== 2; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, 500));
      result = await vscode.commands.executeCommand<CommandResult>('iscls.exportWord', { uri: manuscript, quiet: true });
      assert.equal(result.ok, true, result.message);
    }
    assert.equal(result?.count, 2, 'the library key resolves for the export');
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(await vscode.workspace.fs.readFile(result!.uri!));
    const xml = await zip.file('word/document.xml')!.async('string');
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([p]) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
    const entries = paragraphs.filter((p) => /^\d+\.\s/.test(p));
    assert.equal(entries.length, 2, paragraphs.join('\n'));
    assert.match(entries[0], /^1\.\s*Clarkson B, Thompson D, Horwith M, Luckey EH\. Cyclical edema/);
    assert.match(entries[1], /^2\.\s*Okafor C, Nguyen A\. A fictional cohort for the Word test\. Fict J\. 2022;7:11-19\./);
    assert.ok(!paragraphs.some((p) => p.includes('journaldocx2022')), 'no unknown-key marker');
  });

  test('Export Cited References: the document\'s library references too, in order, and the style as a real .csl beside the data', async function () {
    this.timeout(60000);
    // In the workspace folder, through vscode.workspace.fs: the same in the Node and the web worker host.
    const dir = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, `journal-export-${Date.now()}`);
    try {
      await write(
        vscode.Uri.joinPath(dir, 'mine.bib'),
        '@article{journalexport2023,\n  author = {Okafor, Chidi and Nguyen, An and Berg, Anna and others},\n  title = {A fictional series for the export test},\n  journal = {Fict J},\n  year = {2023},\n  volume = {8},\n  pages = {1--9},\n}\n',
      );
      const manuscript = vscode.Uri.joinPath(dir, 'paper.md');
      await write(manuscript, '---\nbibliography: mine.bib\n---\n\nA series [@journalexport2023] after the first report [@clarkson1960].\n');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(manuscript));
      const data = vscode.Uri.joinPath(dir, 'paper.json');
      let result: CommandResult | undefined;
      // The library loads after the document opens: export until the model resolves both keys.
      for (let attempt = 0; attempt < 40 && result?.count !== 2; attempt++) {
        if (attempt) await new Promise((r) => setTimeout(r, 250));
        result = await vscode.commands.executeCommand<CommandResult>('iscls.exportReferences', { format: 'csljson', uri: data, overwrite: true, csl: true });
        assert.equal(result.ok, true, result.message);
      }
      assert.equal(result?.count, 2, 'the library reference is exported with the review one');
      const items = JSON.parse(await read(data)) as { id: string; author?: { family?: string; literal?: string }[] }[];
      assert.deepEqual(items.map((i) => i.id), ['journalexport2023', 'clarkson1960']);
      assert.deepEqual(items[0].author?.map((a) => a.family ?? a.literal), ['Okafor', 'Nguyen', 'Berg', 'et al.'], '"and others" exported as pandoc reads it');
      assert.match(result?.message ?? '', /and the style to american-medical-association\.csl/);
      const csl = await read(vscode.Uri.joinPath(dir, 'american-medical-association.csl'));
      assert.match(csl, /^<\?xml version="1\.0" encoding="utf-8"\?>\n/);
      assert.match(csl, /\n<style xmlns="http:\/\/purl\.org\/net\/xbiblio\/csl" class="in-text"/);
      assert.match(csl, /<id>http:\/\/www\.zotero\.org\/styles\/american-medical-association<\/id>/);
      assert.match(csl, /<\/style>\s*$/);
      assert.ok(!csl.includes('<institution'), 'the shipped style, not the tree citeproc-js normalised (CSL-M <institution>)');
      const names = (await vscode.workspace.fs.readDirectory(dir)).map(([name]) => name).sort();
      assert.deepEqual(names, ['american-medical-association.csl', 'mine.bib', 'paper.json', 'paper.md'], 'no temporary file left');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(dir, { recursive: true }).then(undefined, () => undefined);
    }
  });

  test('Export Manuscript to Word without pandoc: one clear message, nothing written', async function () {
    if (!nodeHost) this.skip();
    const folder = await tempFolder();
    const manuscript = vscode.Uri.joinPath(folder, 'review.md');
    await write(manuscript, REVIEW);
    const config = vscode.workspace.getConfiguration('iscls');
    await config.update('pandocPath', vscode.Uri.joinPath(folder, 'no-pandoc').fsPath, vscode.ConfigurationTarget.Global);
    try {
      const result = await vscode.commands.executeCommand<CommandResult>('iscls.exportWord', { uri: manuscript, quiet: true });
      assert.equal(result.ok, false);
      assert.match(result.message ?? '', /pandoc was not found .*Install pandoc/);
      assert.deepEqual((await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name), ['review.md']);
    } finally {
      await config.update('pandocPath', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('Update Reference List in a biblatex document writes iscls-references.bib and loads it, no thebibliography', async function () {
    if (!nodeHost) this.skip();
    const folder = await tempFolder();
    const paper = vscode.Uri.joinPath(folder, 'paper.tex');
    // A key of the writer's own (not one of the 72): this document's library must not change what
    // review keys mean in the documents of later tests.
    const mine = '@article{mine2020,\n  title = {Mine},\n  year = {2020},\n}\n';
    await write(vscode.Uri.joinPath(folder, 'mine.bib'), mine);
    await write(
      paper,
      '\\documentclass{article}\n\\usepackage{biblatex}\n\\addbibresource{mine.bib}\n\\begin{document}\nSee \\cite{clarkson1960,mine2020}.\n\\printbibliography\n\\end{document}\n',
    );
    const document = await vscode.workspace.openTextDocument(paper);
    await vscode.window.showTextDocument(document);
    const result = await vscode.commands.executeCommand<CommandResult>('iscls.updateReferenceList', paper);
    assert.equal(result.ok, true, result.message);
    assert.match(document.getText(), /\\addbibresource\{mine\.bib\}\n\\addbibresource\{iscls-references\.bib\}\n/);
    assert.ok(!document.getText().includes('thebibliography'));
    const exported = await read(vscode.Uri.joinPath(folder, 'iscls-references.bib'));
    assert.match(exported, /@article\{clarkson1960,/);
    assert.ok(!exported.includes('mine2020'), "a key the writer's .bib defines is not written again");
    assert.equal(await read(vscode.Uri.joinPath(folder, 'mine.bib')), mine);
    // A new citation follows biblatex: \autocite.
    const editor = vscode.window.activeTextEditor!;
    const at = document.positionAt(document.getText().indexOf('\\printbibliography'));
    editor.selection = new vscode.Selection(at, at);
    const cited = await vscode.commands.executeCommand<CommandResult>('iscls.insertCitation', { keys: ['gousseff2011'] });
    assert.equal(cited.ok, true, cited.message);
    assert.match(document.getText(), /\\autocite\{gousseff2011\}/);
    await document.save();
  });
});
