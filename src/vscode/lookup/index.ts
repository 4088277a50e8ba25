// One search box across sections, terms and references (the active editor's library search: the 72
// and the writer's files that apply to that document; the 72 alone without one), re-queried on
// every keystroke. VS Code's own filter must not hide what fuse found: every item is `alwaysShow`.
import * as vscode from 'vscode';
import type { FeatureContext } from '../shared/commands';
import type { Services } from '../shared/services';
import { showReferenceActions } from '../shared/references';
import { browse, grouped, INSERT_BUTTON, type LookupItem } from './items';

const LIMIT = 40;

async function open(s: Services, picked: LookupItem | undefined): Promise<void> {
  const target = picked?.target;
  if (!target) return;
  if (target.kind === 'section') await vscode.commands.executeCommand('iscls.openSection', target.id);
  else if (target.kind === 'term') await vscode.commands.executeCommand('iscls.showTerm', target.id);
  else await showReferenceActions(s, target.id);
}

/** The query to start from: an explicit one, else a short selection in the editor ("search this"). */
function initialQuery(initial: unknown): string {
  if (typeof initial === 'string') return initial;
  const editor = vscode.window.activeTextEditor;
  if (editor && !editor.selection.isEmpty && editor.selection.isSingleLine) {
    const selected = editor.document.getText(editor.selection).trim();
    if (selected.length <= 60) return selected;
  }
  return '';
}

/** Opens the search box; resolves to the QuickPick (tests inspect its items), shown. */
function search(s: Services, initial?: unknown): vscode.QuickPick<LookupItem> {
  const quickPick = vscode.window.createQuickPick<LookupItem>();
  quickPick.title = 'Search ISCLS';
  quickPick.placeholder = 'Sections, terms and references — e.g. hemoconcentration, IVIG, Druey 2010';
  quickPick.matchOnDescription = false;
  quickPick.matchOnDetail = false;
  const library = s.library.forActiveEditor();
  const update = (value: string) => {
    const query = value.trim();
    if (!query) {
      quickPick.items = browse(s);
      return;
    }
    try {
      const hits = library.search.search(query, { limit: LIMIT });
      quickPick.items = hits.length ? grouped(s, hits) : [{ label: '$(info) No match', description: 'Try a synonym, an abbreviation or an author', alwaysShow: true }];
    } catch (error) {
      s.log.warn(`Search failed for "${query}"`, error);
    }
  };
  const subscriptions = [
    quickPick.onDidChangeValue(update),
    quickPick.onDidAccept(() => {
      const picked = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
      if (!picked?.target) return;
      quickPick.hide();
      void open(s, picked);
    }),
    quickPick.onDidTriggerItemButton(({ item: picked, button }) => {
      if (picked.target?.kind !== 'reference') return;
      quickPick.hide();
      void vscode.commands.executeCommand(button === INSERT_BUTTON ? 'iscls.insertReference' : 'iscls.copyReference', picked.target.id);
    }),
    quickPick.onDidHide(() => {
      for (const subscription of subscriptions) subscription.dispose();
      quickPick.dispose();
    }),
  ];
  const value = initialQuery(initial);
  quickPick.value = value;
  update(value);
  quickPick.show();
  return quickPick;
}

export function registerLookup(ctx: FeatureContext): { lastPick(): vscode.QuickPick<LookupItem> | undefined } {
  let last: vscode.QuickPick<LookupItem> | undefined;
  ctx.commands({
    'iscls.search': (initial) => {
      last = search(ctx.s, initial);
    },
  });
  return { lastPick: () => last };
}
