// Integration tests of the browsing features inside a real VS Code: the three sidebar trees, hover
// cards, the reference commands, the section view and the search command.
// The providers and the section view's state are reached through the API `activate()` returns.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi as Api } from '../../src/extension';
import type { TreeProviders } from '../../src/vscode/sidebar';

const EXTENSION_ID = 'iscls-reference.iscls-reference';
const AMA = 'american-medical-association';

/** Undo MarkdownString escaping (backslash before punctuation) to compare rendered text. */
function unescape(markdown: string): string {
  return markdown.replace(/&nbsp;/g, ' ').replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

function hoverText(hover: vscode.Hover): string {
  return hover.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

async function waitFor<T>(probe: () => T | undefined | false, what: string, timeout = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - started > timeout) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function ourHovers(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover[]> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? [];
  return hovers.filter((hover) => /command:iscls\.|Unknown citation key/.test(hoverText(hover)));
}

suite('Browse: trees, hovers, section view, search', () => {
  let api: Api;
  let trees: TreeProviders;

  suiteSetup(async function () {
    this.timeout(60_000);
    const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
    api = await extension.activate();
    assert.ok(api, 'activate() returns the services');
    trees = api.trees;
    assert.ok(trees?.topics && trees.references && trees.cited, 'tree providers are reachable');
    await vscode.workspace.getConfiguration('iscls').update('citationStyle', undefined, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    // Close what the suite opened (the section view, editors) without "Save changes?" dialogs.
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => !tab.isDirty);
    await vscode.window.tabGroups.close(tabs);
  });

  test('Topics: root items are the top-level sections, in order, opening the section on click', async () => {
    const roots = await trees.topics.getChildren();
    assert.ok(roots && roots.length > 0);
    assert.deepEqual(
      roots.map((node) => (node.kind === 'section' ? node.id : `!${node.key}`)),
      api.kb.sections.map((section) => section.id),
    );
    const first = await trees.topics.getTreeItem(roots[0]);
    assert.equal(first.label, 'Overview');
    assert.equal(first.id, 'section:overview');
    for (const [i, node] of roots.entries()) {
      const item = await trees.topics.getTreeItem(node);
      const section = api.kb.sections[i];
      assert.equal(item.label, section.title);
      assert.equal(item.description, section.summary);
      assert.equal(item.contextValue, 'section');
      assert.ok(item.tooltip instanceof vscode.MarkdownString);
      assert.ok(unescape(item.tooltip.value).includes(section.summary), 'tooltip has the summary');
      assert.equal(item.command?.command, 'iscls.openSection');
      assert.deepEqual(item.command?.arguments, [section.id]);
      assert.notEqual(item.collapsibleState, vscode.TreeItemCollapsibleState.None);
    }
  });

  test('Topics: children are the subsections first, then the references the section cites', async () => {
    const pathogenesis = (await trees.topics.getChildren())!.find((node) => node.kind === 'section' && node.id === 'pathogenesis')!;
    const children = (await trees.topics.getChildren(pathogenesis))!;
    const section = api.kb.section('pathogenesis')!;
    const subsections = (section.children ?? []).map((c) => c.id);
    assert.deepEqual(subsections, ['capillary-leak-mechanisms', 'theories-of-cause']);
    const cited = api.kb.ownCitations(section);
    assert.ok(cited.length > 0, 'pathogenesis cites references');
    assert.deepEqual(
      children.map((node) => (node.kind === 'section' ? `section:${node.id}` : `reference:${node.key}`)),
      [...subsections.map((id) => `section:${id}`), ...cited.map((key) => `reference:${key}`)],
    );
    const referenceNode = children.find((node) => node.kind === 'reference')!;
    const item = await trees.topics.getTreeItem(referenceNode);
    const reference = api.kb.reference(cited[0])!;
    assert.match(String(item.label), new RegExp(`^${reference.number}\\. `));
    assert.equal(item.description, reference.title);
    assert.equal(item.contextValue, 'reference.cited-by-sections');
    assert.equal(trees.topics.getParent(referenceNode), pathogenesis);
    assert.equal(trees.topics.getParent(children[0])?.id, 'pathogenesis');
  });

  test('References: the built-in references (the review\'s 72, then the update) in number order, labelled "<n>. <first author> <year>"', async () => {
    const nodes = (await trees.references.getChildren())!;
    assert.ok(api.kb.references.length >= 72);
    assert.equal(nodes.length, api.kb.references.length);
    const items = await Promise.all(nodes.map((node) => trees.references.getTreeItem(node)));
    assert.equal(items[0].label, '1. Clarkson 1960');
    assert.equal(items[1].label, '2. Marks 1973');
    assert.equal(items[17].label, '18. Lancet 1988', 'the author-less entry 18 is labelled by its journal');
    items.forEach((item, i) => {
      const reference = api.kb.referenceByNumber(i + 1)!;
      assert.match(String(item.label), new RegExp(`^${i + 1}\\. \\S.* \\d{4}$`));
      assert.equal(item.description, reference.title);
      assert.equal(item.contextValue, api.kb.sectionsCiting(reference.id).length ? 'reference.cited-by-sections' : 'reference');
      assert.equal((item.iconPath as vscode.ThemeIcon).id, 'references');
    });
    assert.ok(items.some((item) => item.contextValue === 'reference.cited-by-sections'), 'some references are cited by sections');
  });

  test('References: grouping by decade and by topic, remembered, and back to the numbered list', async () => {
    try {
      assert.equal(await vscode.commands.executeCommand('iscls.groupReferences', 'year'), 'year');
      const decades = (await trees.references.getChildren())!;
      const labels = decades.map((g) => String(trees.references.getTreeItem(g).label));
      assert.deepEqual(labels.slice(0, 2), ['1960s', '1970s']);
      const latest = Math.max(...api.kb.references.map((r) => r.issued['date-parts'][0][0]));
      assert.equal(labels.at(-1), `${Math.floor(latest / 10) * 10}s`);
      let total = 0;
      for (const group of decades) {
        const children = (await trees.references.getChildren(group))!;
        total += children.length;
        for (const child of children) {
          assert.equal(child.kind, 'reference');
          const year = api.kb.reference((child as { key: string }).key)!.issued['date-parts'][0][0];
          assert.equal(`${Math.floor(year / 10) * 10}s`, String(trees.references.getTreeItem(group).label));
          assert.equal(trees.references.getParent(child), group, 'getParent finds the group (needed by reveal)');
        }
      }
      assert.equal(total, api.kb.references.length, 'every reference in exactly one decade');

      assert.equal(await vscode.commands.executeCommand('iscls.groupReferences', 'section'), 'section');
      const topics = (await trees.references.getChildren())!;
      const treatment = topics.find((g) => trees.references.getTreeItem(g).label === 'Treatment')!;
      assert.ok(treatment, 'a Treatment group');
      const keys = ((await trees.references.getChildren(treatment))!).map((n) => (n as { key: string }).key);
      assert.ok(keys.includes('tahirkheli1999'), 'terbutaline/theophylline prophylaxis is cited under Treatment');
      const cited = new Set(topics.flatMap((g) => ('keys' in g ? [...g.keys] : [])));
      assert.equal(cited.size, api.kb.references.length, 'every reference appears under a topic or "Not cited in any topic"');
      assert.equal(api.context.globalState.get('iscls.referencesGrouping'), 'section', 'the choice is remembered');
    } finally {
      await vscode.commands.executeCommand('iscls.groupReferences', 'number');
    }
    assert.equal((await trees.references.getChildren())!.length, api.kb.references.length);
  });

  test('References: tooltip is the full reference in the current style, and follows iscls.citationStyle', async () => {
    const node = (await trees.references.getChildren())![0];
    const resolve = async () => {
      const item = await trees.references.resolveTreeItem(trees.references.getTreeItem(node), node);
      assert.ok(item?.tooltip instanceof vscode.MarkdownString);
      return unescape(item.tooltip.value);
    };
    const ama = api.formatter.reference('clarkson1960', AMA, 'text');
    assert.match(ama, /Cyclical edema and shock due to increased capillary permeability/);
    assert.ok((await resolve()).includes(ama), 'AMA tooltip');
    const config = vscode.workspace.getConfiguration('iscls');
    try {
      await config.update('citationStyle', 'apa', vscode.ConfigurationTarget.Global);
      const apa = api.formatter.reference('clarkson1960', 'apa', 'text');
      assert.notEqual(apa, ama);
      assert.ok((await resolve()).includes(apa), 'APA tooltip after the style changed');
    } finally {
      await config.update('citationStyle', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('Entries the source printed with "et al." and no record completed: caveat in hover, tooltip, search detail; a completed entry says from which record; literature years in the section footer', async () => {
    const caveat = 'Authors truncated in the source; verify before submission.';
    // Karatzios 2006: "et al." in the review, no record read; Gousseff 2011: completed from PubMed.
    const completed = 'Completed from PubMed 21464348 (checked 2026-12-05): authors, issue, pages, PMID, DOI.';
    const content = 'A child [@karatzios2006], a registry [@gousseff2011] and the first report [@clarkson1960].\n';
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    const at = (key: string) => new vscode.Position(0, content.indexOf(key) + 2);
    const hover = async (key: string) => unescape(hoverText((await ourHovers(document, at(key)))[0]));
    assert.ok((await hover('karatzios2006')).includes(caveat), 'hover of an "et al." entry');
    assert.ok(!(await hover('clarkson1960')).includes(caveat), 'no caveat on a complete entry');
    const gousseffHover = await hover('gousseff2011');
    assert.ok(gousseffHover.includes(completed) && !gousseffHover.includes(caveat), `hover of a completed entry: ${gousseffHover}`);
    const tooltip = async (key: string) => {
      const node = trees.references.node(key)!;
      const item = await trees.references.resolveTreeItem(trees.references.getTreeItem(node), node);
      return unescape((item?.tooltip as vscode.MarkdownString).value);
    };
    assert.ok((await tooltip('karatzios2006')).includes(caveat), 'tooltip');
    assert.ok(!(await tooltip('clarkson1960')).includes(caveat));
    assert.ok((await tooltip('gousseff2011')).includes(completed), 'tooltip of a completed entry');
    await vscode.commands.executeCommand('iscls.search', 'Karatzios recurrent shock');
    const hit = api.lookup.lastPick()!.items.find((item) => item.target?.id === 'karatzios2006');
    assert.ok(hit?.detail?.includes(caveat), `search detail: ${hit?.detail}`);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('iscls.search', 'Gousseff registry');
    const completedHit = api.lookup.lastPick()!.items.find((item) => item.target?.id === 'gousseff2011');
    assert.ok(completedHit?.detail?.includes(completed), `search detail: ${completedHit?.detail}`);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('iscls.openSection', 'prophylaxis');
    assert.match(api.sectionView()!.html, /<footer>[^<]*<br>[^<]*1960 to 2014[^<]*own library/);
  });

  test('Hover at a term: concept card with names, definition, section and insert links', async () => {
    const content = 'During an attack, haemoconcentration is usually marked.\n';
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    const start = content.indexOf('haemoconcentration');
    const hovers = await ourHovers(document, new vscode.Position(0, start + 4));
    assert.equal(hovers.length, 1, 'one ISCLS hover card');
    const markdown = hoverText(hovers[0]);
    const text = unescape(markdown);
    const term = api.kb.term('hemoconcentration')!;
    assert.match(markdown, /\*\*Hemoconcentration\*\*/);
    assert.match(text, /haemoconcentration/);
    assert.ok(text.includes(term.definition), 'definition');
    assert.ok(markdown.includes(`command:iscls.openSection?${encodeURIComponent(JSON.stringify([term.sections[0]]))}`));
    assert.ok(markdown.includes(`command:iscls.insertTermReferences?${encodeURIComponent(JSON.stringify(['hemoconcentration']))}`));
    assert.match(text, /Clarkson 1960/);
    assert.deepEqual(hovers[0].range, new vscode.Range(0, start, 0, start + 'haemoconcentration'.length));
  });

  test('Hover at a citation marker [@clarkson1960]: the full AMA reference with copy and PubMed links', async () => {
    const content = 'Shock recurs [@clarkson1960].\n';
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    const hovers = await ourHovers(document, new vscode.Position(0, content.indexOf('clarkson') + 2));
    assert.equal(hovers.length, 1);
    const markdown = hoverText(hovers[0]);
    assert.ok(unescape(markdown).includes(api.formatter.reference('clarkson1960', AMA, 'text')), markdown);
    assert.ok(markdown.includes(`command:iscls.copyReference?${encodeURIComponent('["clarkson1960"]')}`));
    assert.ok(markdown.includes(`command:iscls.openPubMed?${encodeURIComponent('["clarkson1960"]')}`));
    const start = content.indexOf('[@');
    assert.deepEqual(hovers[0].range, new vscode.Range(0, start, 0, content.indexOf(']') + 1));
  });

  test('Hover at a numeric marker [2]: the number maps through the managed list', async () => {
    const content = [
      'Shock recurs [2], as first described [1].',
      '',
      '<!-- iscls-references style=american-medical-association keys=clarkson1960,druey2010 -->',
      '1. Clarkson',
      '2. Druey',
      '<!-- /iscls-references -->',
      '',
    ].join('\n');
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    const hovers = await ourHovers(document, new vscode.Position(0, content.indexOf('[2]') + 1));
    assert.equal(hovers.length, 1);
    const markdown = hoverText(hovers[0]);
    assert.match(markdown, /^\*\*\[2\]\*\* /);
    assert.ok(unescape(markdown).includes(api.formatter.reference('druey2010', AMA, 'text')), markdown);
    assert.ok(!unescape(markdown).includes('Cyclical edema'), 'only the cited reference');
  });

  test('Hover: nothing on a word that is no term, nothing when iscls.hover.enabled is false', async () => {
    const content = 'The weather was pleasant; haemoconcentration was not.\n';
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    assert.equal((await ourHovers(document, new vscode.Position(0, 6))).length, 0, 'no card on "weather"');
    const at = new vscode.Position(0, content.indexOf('haemo') + 3);
    assert.equal((await ourHovers(document, at)).length, 1, 'a card on the term');
    const config = vscode.workspace.getConfiguration('iscls');
    try {
      await config.update('hover.enabled', false, vscode.ConfigurationTarget.Global);
      assert.equal((await ourHovers(document, at)).length, 0, 'no card when disabled');
    } finally {
      await config.update('hover.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('copyReference puts the formatted reference on the clipboard (key or tree item)', async () => {
    await vscode.env.clipboard.writeText('placeholder');
    await vscode.commands.executeCommand('iscls.copyReference', 'clarkson1960');
    assert.equal(await vscode.env.clipboard.readText(), api.formatter.reference('clarkson1960', AMA, 'text'));
    const node = trees.references.node('marks1973')!;
    await vscode.commands.executeCommand('iscls.copyReference', node);
    assert.equal(await vscode.env.clipboard.readText(), api.formatter.reference('marks1973', AMA, 'text'));
  });

  test('Cited in Document: references in order of first appearance, updated as the writer types', async () => {
    const content = 'Attacks [@druey2010]. First described [@clarkson1960; @druey2010]. Also [@nosuchkey2099].\n';
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    const editor = await vscode.window.showTextDocument(document);
    await waitFor(() => trees.cited.keys().join() === 'druey2010,clarkson1960,nosuchkey2099', 'the cited list');
    const nodes = trees.cited.getChildren()!;
    const first = trees.cited.getTreeItem(nodes[0]);
    assert.equal(first.label, '1. Druey 2010');
    const unknown = trees.cited.getTreeItem(nodes[2]);
    assert.equal(unknown.description, 'Unknown citation key');
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'Since 1973 [@marks1973]. '));
    await waitFor(() => trees.cited.keys()[0] === 'marks1973', 'the list after typing');
    assert.deepEqual(trees.cited.keys(), ['marks1973', 'druey2010', 'clarkson1960', 'nosuchkey2099']);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('openSection renders the section read-only with numbered citations, references and the disclaimer', async () => {
    const id = await vscode.commands.executeCommand<string>('iscls.openSection', 'overview');
    assert.equal(id, 'overview');
    const state = api.sectionView();
    assert.ok(state);
    assert.deepEqual(state.page, { kind: 'section', id: 'overview' });
    assert.equal(state.title, 'Overview');
    const html = state.html;
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src [^;]+ 'nonce-[0-9a-f]+'; script-src 'nonce-[0-9a-f]+';">/);
    assert.match(html, /<h1>Overview<\/h1>/);
    const firstKey = api.kb.ownCitations(api.kb.section('overview')!)[0];
    assert.match(html, new RegExp(`<sup class="cite"><a href="#" data-key="${firstKey}"[^>]*>1</a>`));
    assert.match(html, /<h2>References <span class="muted">AMA/);
    assert.match(html, /Reference material for medical writers — not medical advice\./);
    assert.doesNotMatch(html, /\[@/, 'no raw pandoc citation left');
    const term = await vscode.commands.executeCommand<string>('iscls.showTerm', 'hemoconcentration');
    assert.equal(term, 'hemoconcentration');
    const termState = api.sectionView()!;
    assert.equal(termState.title, 'Hemoconcentration');
    assert.match(termState.html, /<h1>Hemoconcentration<\/h1>/);
  });

  test('revealCitingSections selects the citing section in Topics', async () => {
    const key = api.kb.references.map((r) => r.id).find((k) => api.kb.sectionsCiting(k).length === 1)!;
    assert.ok(key, 'a reference cited by exactly one section');
    const id = await vscode.commands.executeCommand<string>('iscls.revealCitingSections', key);
    assert.equal(id, api.kb.sectionsCiting(key)[0].id);
    await waitFor(() => trees.topicsView.selection.some((node) => node.kind === 'section' && node.id === id), 'the selection in Topics');
  });

  test('search: the command exists, opens a picker, and the index finds terms by any spelling', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['iscls.search', 'iscls.openSection', 'iscls.showTerm', 'iscls.showDisclaimer', 'iscls.copyReference', 'iscls.openPubMed', 'iscls.revealCitingSections']) {
      assert.ok(commands.includes(command), command);
    }
    await vscode.commands.executeCommand('iscls.search', 'haemoconcentration');
    const picker = api.lookup.lastPick();
    assert.ok(picker, 'the search box opened');
    assert.equal(picker.title, 'Search ISCLS');
    assert.equal(picker.value, 'haemoconcentration');
    const terms = picker.items.filter((item) => item.target?.kind === 'term').map((item) => item.target!.id);
    assert.ok(terms.includes('hemoconcentration'), `the picker lists the term: ${terms.join(', ')}`);
    assert.ok(picker.items.every((item) => item.kind === vscode.QuickPickItemKind.Separator || item.alwaysShow), 'VS Code filters none of the fuzzy hits away');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });
});
