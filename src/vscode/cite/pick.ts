// The citation pick: a fuzzy search over the 72 references (fuse.js), several can be checked,
// references the document already cites come first.
import * as vscode from 'vscode';
import { authorLine, displayTitle, referenceShortLabel, sourceLine } from '../../core/presentation/labels';
import type { Reference } from '../../core/types';
import type { Work } from '../../core/library/merge';
import { itemLabel, workDetail } from '../../core/search';
import { withCaveat, type ContentNotes } from '../../core/caveats';
import type { Services } from '../shared/services';
import { errorMessage } from '../shared/log';
import type { EarlyTyping } from './earlyTyping';

interface ReferenceItem extends vscode.QuickPickItem {
  key?: string;
  /** The "no reference matches" row: Enter opens the `iscls.library` setting. */
  noMatch?: boolean;
}

const COPY_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy formatted reference' };

function referenceItem(ref: Reference, cited: boolean, notes: ContentNotes): ReferenceItem {
  return {
    key: ref['citation-key'],
    label: `${referenceShortLabel(ref)} · ${displayTitle(ref, 72)}`,
    description: `${sourceLine(ref)}${cited ? '  $(check) cited' : ''}`,
    detail: withCaveat(`${ref.number}. ${authorLine(ref)}`, ref, notes),
    alwaysShow: true,
    buttons: [COPY_BUTTON],
  };
}

/** A library entry (or one of the 72 the writer's library holds too), tagged with its source file. */
function workItem(work: Work<Reference>, cited: boolean, notes: ContentNotes): ReferenceItem {
  if (!work.entry && work.review) return referenceItem(work.review, cited, notes);
  const authors = ((work.item.author as { family?: string; given?: string; literal?: string }[] | undefined) ?? []).map((a) => a.literal ?? [a.family, a.given].filter(Boolean).join(' '));
  return {
    key: work.key,
    label: itemLabel(work.item).replace(' — ', ' · '),
    description: `$(library) ${workDetail(work)}${cited ? '  $(check) cited' : ''}`,
    detail: `${work.review ? `${work.review.number}. ` : ''}${authors.slice(0, 6).join(', ')}${authors.length > 6 || work.item['authors-truncated'] ? ', et al.' : ''}`,
    alwaysShow: true,
    buttons: [COPY_BUTTON],
  };
}

/** Keys matching a query, best first; a number typed on its own ("12") goes straight to that entry. */
function matching(s: Services, query: string): string[] {
  let hits: string[] = [];
  try {
    hits = s.search.search(query, { kinds: ['reference'], limit: 500 }).map((h) => h.id);
  } catch (error) {
    s.log.warn('Reference search failed', error);
  }
  const byNumber = /^\d{1,3}$/.test(query) ? s.kb.referenceByNumber(Number(query)) : undefined;
  return [...new Set([...(byNumber ? [byNumber['citation-key']] : []), ...hits])];
}

/** The interactive pick. Resolves to the chosen keys in the order they were checked. */
/** The open citation pick (tests drive it: type, tick, accept). */
export let activeCitationPick: vscode.QuickPick<vscode.QuickPickItem & { key?: string }> | undefined;

export function pickReferences(s: Services, cited: readonly string[], style: string, early?: EarlyTyping): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    const picker = vscode.window.createQuickPick<ReferenceItem>();
    activeCitationPick = picker;
    picker.title = 'Insert ISCLS Citation';
    picker.placeholder = 'Search author, title, journal, year, number or key — check several with Space';
    picker.canSelectMany = true;
    picker.matchOnDescription = true;
    picker.matchOnDetail = true;
    const citedSet = new Set(cited);
    const items = new Map<string, ReferenceItem>();
    const works = s.library.library.works;
    for (const work of works) {
      const item = workItem(work, work.keys.some((k) => citedSet.has(k)), s.notes);
      for (const key of work.keys) if (!items.has(key)) items.set(key, item);
    }
    const chosen = new Set<string>();
    let updatingItems = false;

    const defaultItems = (): ReferenceItem[] => {
      const list: ReferenceItem[] = [];
      if (cited.length) {
        list.push({ label: 'Cited in this document', kind: vscode.QuickPickItemKind.Separator });
        for (const key of cited) if (items.has(key)) list.push(items.get(key)!);
        list.push({ label: 'All references', kind: vscode.QuickPickItemKind.Separator });
      }
      let source = '';
      for (const work of works) {
        // The writer's files get a separator each ("refs.bib"); the review's 72 come first.
        if (work.entry && !work.review && work.source !== source) {
          source = work.source;
          list.push({ label: source, kind: vscode.QuickPickItemKind.Separator });
        }
        if (!work.keys.some((k) => citedSet.has(k))) list.push(items.get(work.key)!);
      }
      return list;
    };
    const show = (list: ReferenceItem[]) => {
      updatingItems = true;
      picker.items = list;
      picker.selectedItems = list.filter((i) => i.key && chosen.has(i.key));
      // Highlight the best match so that typing and pressing Enter cites it (as in a single pick).
      const first = list.find((i) => i.key);
      picker.activeItems = first ? [first] : [];
      updatingItems = false;
    };
    const disposables: vscode.Disposable[] = [];
    let settled = false;
    const finish = (keys: string[] | undefined) => {
      if (settled) return;
      settled = true;
      early?.stop();
      if (activeCitationPick === picker) activeCitationPick = undefined;
      resolve(keys);
      picker.hide();
      for (const d of disposables) d.dispose();
      picker.dispose();
    };
    disposables.push(
      picker.onDidChangeValue((value) => {
        // The writer types in the pick now (VS Code echoes our own settings back: prefixes of what we set).
        if (!fromDocument.startsWith(value)) early?.stop();
        const query = value.trim();
        if (!query) return show(defaultItems());
        const found = [...new Set(matching(s, query).filter((k) => items.has(k)).map((k) => items.get(k)!))];
        // Nothing matches: say so, and offer to add the writer's own library.
        show(found.length ? found : [{ label: `$(info) No reference matches "${query}"`, description: 'Enter: add your own library (BibTeX, CSL-JSON, RIS, EndNote XML)', alwaysShow: true, key: undefined, noMatch: true }]);
      }),
      picker.onDidChangeSelection((selection) => {
        if (updatingItems) return;
        // Checked items that the current filter hides stay checked.
        const visible = new Set(picker.items.map((i) => i.key).filter((k): k is string => !!k));
        const selected = new Set(selection.map((i) => i.key).filter((k): k is string => !!k));
        for (const key of visible) if (!selected.has(key)) chosen.delete(key);
        for (const key of selected) chosen.add(key);
        // VS Code's own "N Selected" counter is the one count shown (no second one in the title).
      }),
      picker.onDidTriggerItemButton(async ({ item }) => {
        if (!item.key) return;
        try {
          await vscode.env.clipboard.writeText(s.formatter.reference(item.key, style, 'text'));
          vscode.window.setStatusBarMessage(`$(copy) Copied ${item.label.split(' · ')[0]}`, 3000);
        } catch (error) {
          void vscode.window.showErrorMessage(`Could not format the reference: ${errorMessage(error)}`);
        }
      }),
      picker.onDidAccept(() => {
        if (chosen.size === 0 && picker.activeItems[0]?.noMatch) {
          finish(undefined);
          void vscode.commands.executeCommand('workbench.action.openSettings', 'iscls.library');
          return;
        }
        // VS Code's ticks are the truth for visible rows (its counter shows them); rows the filter
        // hides keep the ticks they had.
        const visible = new Set(picker.items.map((i) => i.key).filter((k): k is string => !!k));
        const ticked = picker.selectedItems.map((i) => i.key).filter((k): k is string => !!k);
        let keys = [...[...chosen].filter((k) => !visible.has(k) || ticked.includes(k)), ...ticked.filter((k) => !chosen.has(k))];
        // Nothing checked: Enter cites the highlighted item (the best match of the query).
        if (keys.length === 0) keys = picker.activeItems.map((i) => i.key).filter((k): k is string => !!k).slice(0, 1);
        if (keys.length === 0) keys = picker.items.map((i) => i.key).filter((k): k is string => !!k).slice(0, 1);
        // Nothing to cite (the query matches nothing): stay open; Escape cancels.
        if (keys.length) finish(keys);
      }),
      picker.onDidHide(() => finish(undefined)),
    );
    let fromDocument = ''; // the filter as early typing set it
    show(defaultItems());
    picker.show();
    early?.attach((text) => {
      fromDocument += text;
      picker.value = fromDocument;
    });
  });
}
