// The citation pick in the real VS Code (both extension hosts), driven as a writer drives it: type a
// query, Enter adds the top row to the citation being built, Enter on the empty filter inserts.
// For every query the row VS Code shows on top is found with its own "first row" command and must
// be the row Enter takes and the first of our ranking; the document must then hold exactly those
// keys. Queries: every first author of the review's 72, co-authors, title words, years, keys, and
// the entries of a writer's library.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { at, closeActive, EXTENSION_ID, open, waitFor as waitShortly, type CommandResult } from './support';

type Row = vscode.QuickPickItem & { key?: string; action?: string };
interface PickApi {
  citationPick(): vscode.QuickPick<Row> | undefined;
  kb: { references: readonly { 'citation-key'?: string; id: string; title: string; author?: { family?: string }[]; issued?: { 'date-parts'?: number[][] } }[] };
  library: { forDocument(document: vscode.TextDocument): { merged: { has(key: string): boolean; works: readonly { key: string; item: { author?: { family?: string }[]; title?: string } }[] } } };
}

let api: PickApi;
/** Under load (two cores shared by many runs) a step can take seconds: wait longer than the default. */
const waitFor = <T>(probe: () => T | undefined | false, what: string, timeout = 15_000) => waitShortly(probe, what, timeout);
const accept = () => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');

/** Resolves when VS Code has reported focus on a row of the list now shown. */
function focusedRow(pick: vscode.QuickPick<Row>, what: string, other?: Row): Promise<Row> {
  return waitFor(() => {
    const row = pick.activeItems[0];
    return row && pick.items.includes(row) && row !== other ? row : undefined;
  }, what);
}

/** Types `query`, waits for its rows, and returns our row 0 after checking it is the row VS Code shows on top and focuses. */
async function typeAndCheckTop(pick: vscode.QuickPick<Row>, query: string): Promise<Row> {
  const before = pick.items;
  pick.value = query;
  await waitFor(() => pick.items !== before || undefined, `the rows for "${query}"`);
  const ours = pick.items[0];
  assert.ok(ours?.key, `"${query}": row 0 is a reference (${ours?.label})`);
  const focused = await focusedRow(pick, `focus on the rows for "${query}"`);
  assert.equal(focused.key, ours.key, `"${query}": Enter would take ${focused.label}, our top row is ${ours.label}`);
  if (pick.items.length > 1) {
    // VS Code's own navigation: one row down, then its first row — the row it shows on top.
    await vscode.commands.executeCommand('quickInput.next');
    const second = await focusedRow(pick, 'the next row', focused);
    await vscode.commands.executeCommand('quickInput.first');
    const shownTop = await focusedRow(pick, 'the first row shown', second);
    assert.equal(shownTop.key, ours.key, `"${query}": VS Code shows ${shownTop.label} on top, our ranking ${ours.label}`);
  }
  return ours;
}

/** Enter on the focused row: it is added, the filter empties and the Insert row comes on top. */
async function addFocused(pick: vscode.QuickPick<Row>): Promise<void> {
  const before = pick.items;
  await accept();
  await waitFor(() => (pick.items !== before && pick.value === '') || undefined, 'the row to be added');
  await waitFor(() => pick.items[0]?.action === 'insert' || undefined, 'the Insert row on top');
  // VS Code has shown the new rows (the next query set now is not merged with the empty filter).
  await waitFor(() => pick.activeItems[0] === pick.items[0] || undefined, 'focus on the Insert row');
}

async function openPick(): Promise<{ pick: vscode.QuickPick<Row>; running: Thenable<CommandResult> }> {
  const running = vscode.commands.executeCommand<CommandResult>('iscls.insertCitation');
  const pick = await waitFor(() => api.citationPick(), 'the pick');
  await waitFor(() => pick.items.length > 0 || undefined, 'the first rows');
  return { pick, running };
}

/** Builds one citation from `queries` (each: type, check the top row, Enter), inserts it; returns the keys added. */
async function citeByQueries(queries: readonly string[], expectTop?: (query: string, key: string) => void): Promise<{ keys: string[]; result: CommandResult }> {
  const { pick, running } = await openPick();
  const keys: string[] = [];
  try {
    for (const query of queries) {
      const top = await typeAndCheckTop(pick, query);
      expectTop?.(query, top.key!);
      if (!keys.includes(top.key!)) keys.push(top.key!);
      await addFocused(pick);
      assert.ok(pick.title?.includes(pick.items[0].label.replace('$(check) Insert ', '')), `the title names the citation: ${pick.title}`);
    }
    await accept(); // Enter on the empty filter: the Insert row
  } catch (error) {
    pick.hide();
    await running;
    throw error;
  }
  return { keys, result: await running };
}

const family = (ref: { author?: { family?: string }[] }) => ref.author?.[0]?.family ?? '';
const keyOf = (ref: { 'citation-key'?: string; id: string }) => ref['citation-key'] ?? ref.id;
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Cites in batches (one citation of up to ten works each) in a fresh Markdown document; checks the text. */
async function citeAll(queries: readonly string[], expectTop?: (query: string, key: string) => void): Promise<number> {
  let checked = 0;
  for (let i = 0; i < queries.length; i += 10) {
    const batch = queries.slice(i, i + 10);
    const editor = await open('Claim .\n', 'markdown');
    at(editor, 'Claim '.length);
    const { keys, result } = await citeByQueries(batch, expectTop);
    assert.equal(result.ok, true, `${result.reason}: ${result.message}`);
    assert.equal(editor.document.getText(), `Claim [${keys.map((k) => `@${k}`).join('; ')}].\n`, `queries ${batch.join(' | ')}`);
    checked += batch.length;
    await closeActive();
  }
  return checked;
}

suiteSetup(async function () {
  this.timeout(120_000); // activation, when this file runs alone on a loaded machine
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  api = (await extension.activate()) as PickApi;
});

suite('The citation pick: Enter takes the top row', () => {
  let total = 0;
  let passed = 0;
  teardown(async function () {
    if (this.currentTest?.state === 'passed') passed++;
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await closeActive();
  });
  suiteTeardown(() => {
    // At least 100 queries in all (when the three tests ran, not a --grep for one of them).
    console.log(`      ${total} queries: Enter took the top row shown each time`);
    if (passed === 3) assert.ok(total >= 100, `${total} queries checked`);
  });

  test('every first author of the 72: the top row is a paper they wrote first, and Enter cites it', async function () {
    this.timeout(600_000);
    const authors = [...new Set(api.kb.references.map(family).filter(Boolean))];
    total += await citeAll(authors, (query, key) => {
      const ref = api.kb.references.find((r) => keyOf(r) === key);
      assert.equal(fold(family(ref ?? {})), fold(query), `"${query}" tops with ${key}`);
    });
  });

  test('co-authors, title words, years and keys', async function () {
    this.timeout(600_000);
    const refs = api.kb.references;
    const coAuthors = [...new Set(refs.map((r) => r.author?.[1]?.family).filter((f): f is string => !!f))].slice(0, 12);
    const titleWords = refs.slice(0, 12).map((r) => r.title.split(/\s+/).filter((w) => w.length > 4).slice(0, 2).join(' ')).filter(Boolean);
    const years = [...new Set(refs.map((r) => String(r.issued?.['date-parts']?.[0]?.[0] ?? '')).filter(Boolean))].slice(0, 8);
    const keys = refs.slice(0, 12).map(keyOf);
    total += await citeAll([...coAuthors, ...titleWords, ...years]);
    total += await citeAll(keys, (query, key) => assert.equal(key, query, `key "${query}" tops with ${key}`));
  });

  test("a writer's library (library.bib): its entries by first author and by key", async function () {
    this.timeout(300_000);
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'paper-library.md');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    await waitFor(() => api.library.forDocument(document).merged.has('eo2017') || undefined, 'the declared library.bib to load', 15_000);
    const entries = api.library.forDocument(document).merged.works.filter((w) => w.key && !api.kb.references.some((r) => keyOf(r) === w.key));
    // "garcia francois": a given name counts (diacritics aside).
    const queries = [...entries.map((w) => w.item.author?.[0]?.family ?? '').filter(Boolean), ...entries.map((w) => w.key), 'garcia francois'];
    const line = document.getText().split('\n').findIndex((l) => l.startsWith('Capillary leak in adults'));
    const end = document.lineAt(line).range.end;
    try {
      for (let i = 0; i < queries.length; i += 10) {
        editor.selection = new vscode.Selection(end, end);
        const original = document.getText();
        const { keys, result } = await citeByQueries(queries.slice(i, i + 10), (query, key) => {
          if (query === 'garcia francois') assert.equal(key, 'garcia2020');
        });
        assert.equal(result.ok, true, `${result.reason}: ${result.message}`);
        assert.ok(document.getText().includes(`[${keys.map((k) => `@${k}`).join('; ')}]`), document.getText());
        total += queries.slice(i, i + 10).length;
        await vscode.commands.executeCommand('undo');
        await waitFor(() => document.getText() === original || undefined, 'the undo');
      }
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await open('', 'markdown'); // for the suite's teardown
    }
  });
});

suite('The citation pick: several works in one citation', () => {
  // Each test opens the pick and types several queries; run alone on a loaded machine, the first
  // search also builds the index: up to 90 s each.
  teardown(async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await closeActive();
  });

  test('type, Enter, type the next, Enter, … then Enter on the empty filter inserts all three in order', async function () {
    this.timeout(90_000);
    const editor = await open('Reviewed .\n', 'markdown');
    at(editor, 'Reviewed '.length);
    const { keys, result } = await citeByQueries(['amoura', 'druey 2010', 'clarkson 1960']);
    assert.equal(result.ok, true, result.message);
    assert.deepEqual(keys, ['amoura1997', 'druey2010', 'clarkson1960']);
    assert.equal(editor.document.getText(), 'Reviewed [@amoura1997; @druey2010; @clarkson1960].\n');
  });

  test('the row under Insert removes the last one added; Escape inserts nothing', async function () {
    this.timeout(90_000);
    const editor = await open('Reviewed .\n', 'markdown');
    at(editor, 'Reviewed '.length);
    const { pick, running } = await openPick();
    for (const query of ['druey 2010', 'gousseff 2011']) {
      await typeAndCheckTop(pick, query);
      await addFocused(pick);
    }
    assert.equal(pick.title, 'Insert ISCLS Citation: Druey 2010; Gousseff 2011');
    const insertRow = await focusedRow(pick, 'the Insert row focused');
    await vscode.commands.executeCommand('quickInput.next');
    const removeRow = await focusedRow(pick, 'the Remove row focused', insertRow);
    assert.equal(removeRow.action, 'removeLast');
    const before = pick.items;
    await accept();
    await waitFor(() => pick.items !== before || undefined, 'the rows after removing');
    assert.equal(pick.title, 'Insert ISCLS Citation: Druey 2010');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    const cancelled = await running;
    assert.equal(cancelled.reason, 'cancelled');
    assert.equal(editor.document.getText(), 'Reviewed .\n');
  });
});
