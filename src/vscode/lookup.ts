// One search box across sections, terms and references (fuse.js through `s.search`), re-queried on
// every keystroke. VS Code's own filter must not hide what fuse found: every item is `alwaysShow`.
import * as vscode from 'vscode';
import { otherNames, referenceShortLabel } from '../core/hoverContent';
import type { SearchHit, SearchKind } from '../core/types';
import type { Services } from './services';
import { showReferenceActions } from './tree';

interface LookupItem extends vscode.QuickPickItem {
  /** What the item opens (QuickPickItem's own `kind` marks separators). */
  target?: { kind: SearchKind; id: string };
}

const GROUPS: Record<SearchKind, { title: string; icon: string }> = {
  section: { title: 'Sections', icon: 'book' },
  term: { title: 'Terms', icon: 'symbol-key' },
  reference: { title: 'References', icon: 'references' },
};

const LIMIT = 40;

const INSERT_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('insert'), tooltip: 'Insert Citation' };
const COPY_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy Formatted Reference' };

export function registerLookup(s: Services): vscode.Disposable {
  const item = (kind: SearchKind, id: string, label: string, detail: string): LookupItem => {
    const result: LookupItem = { target: { kind, id }, label: `$(${GROUPS[kind].icon}) ${label}`, detail, alwaysShow: true };
    if (kind === 'section') {
      const path = s.kb.sectionPath(id).slice(0, -1).map((p) => p.title);
      result.description = path.length ? path.join(' › ') : 'Section';
    } else if (kind === 'term') {
      const term = s.kb.term(id);
      result.description = term ? otherNames(term).slice(0, 3).join(' · ') || 'Term' : 'Term';
    } else {
      const reference = s.kb.reference(id);
      if (reference) {
        result.label = `$(references) ${referenceShortLabel(reference)}`;
        result.description = `${reference.number}. ${reference['container-title-short']}`;
        result.detail = reference.title;
      }
      result.buttons = [INSERT_BUTTON, COPY_BUTTON];
    }
    return result;
  };

  /** Hits grouped by kind under separators, groups ordered by their best hit. */
  const grouped = (hits: SearchHit[]): LookupItem[] => {
    const groups = new Map<SearchKind, SearchHit[]>();
    for (const hit of [...hits].sort((a, b) => a.score - b.score)) {
      const list = groups.get(hit.kind) ?? [];
      list.push(hit);
      groups.set(hit.kind, list);
    }
    const items: LookupItem[] = [];
    for (const [kind, list] of groups) {
      items.push(separator(GROUPS[kind].title));
      for (const hit of list) items.push(item(kind, hit.id, hit.label, hit.detail));
    }
    return items;
  };

  /** With nothing typed: the topics, so the box doubles as a table of contents. */
  const browse = (): LookupItem[] => [
    separator(GROUPS.section.title),
    ...s.kb.allSections().map((section) => item('section', section.id, section.title, section.summary)),
  ];

  const accept = async (picked: LookupItem | undefined): Promise<void> => {
    const target = picked?.target;
    if (!target) return;
    if (target.kind === 'section') await vscode.commands.executeCommand('iscls.openSection', target.id);
    else if (target.kind === 'term') await vscode.commands.executeCommand('iscls.showTerm', target.id);
    else await showReferenceActions(s, target.id);
  };

  const command = vscode.commands.registerCommand('iscls.search', (initial?: unknown) => {
    const quickPick = vscode.window.createQuickPick<LookupItem>();
    quickPick.title = 'Search ISCLS';
    quickPick.placeholder = 'Sections, terms and references — e.g. hemoconcentration, IVIG, Druey 2010';
    quickPick.matchOnDescription = false;
    quickPick.matchOnDetail = false;
    const update = (value: string) => {
      const query = value.trim();
      if (!query) {
        quickPick.items = browse();
        return;
      }
      try {
        const hits = s.search.search(query, { limit: LIMIT });
        quickPick.items = hits.length ? grouped(hits) : [{ label: '$(info) No match', description: 'Try a synonym, an abbreviation or an author', alwaysShow: true }];
      } catch (error) {
        s.log.warn(`Search failed for "${query}": ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    const subscriptions = [
      quickPick.onDidChangeValue(update),
      quickPick.onDidAccept(() => {
        const picked = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
        if (!picked?.target) return;
        quickPick.hide();
        void accept(picked);
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
    // Start from an explicit query, else from a short selection in the editor ("search this").
    let value = typeof initial === 'string' ? initial : '';
    const editor = vscode.window.activeTextEditor;
    if (!value && editor && !editor.selection.isEmpty && editor.selection.isSingleLine) {
      const selected = editor.document.getText(editor.selection).trim();
      if (selected.length <= 60) value = selected;
    }
    quickPick.value = value;
    update(value);
    quickPick.show();
  });

  return command;
}

function separator(label: string): LookupItem {
  return { label, kind: vscode.QuickPickItemKind.Separator };
}
