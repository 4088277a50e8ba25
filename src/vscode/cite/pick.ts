// The citation pick: a search over the document's library (the review's 72 merged with the writer's
// files that apply to THIS document), several can be checked, references the document already cites
// come first, the writer's files under a separator each.
import * as vscode from 'vscode';
import { authorLine, displayTitle, referenceShortLabel, sourceLine } from '../../core/presentation/labels';
import type { Reference } from '../../core/types';
import type { Work } from '../../core/library/merge';
import { itemLabel, workDetail } from '../../core/search';
import { withCaveat, type ContentNotes } from '../../core/caveats';
import type { Services } from '../shared/services';
import type { DocumentLibrary } from '../shared/documentLibrary';
import { errorMessage } from '../shared/log';
import type { EarlyTyping } from './earlyTyping';

interface ReferenceItem extends vscode.QuickPickItem {
  key?: string;
  /** The "no reference matches" row: Enter opens the `iscls.library` setting. */
  noMatch?: boolean;
}

const COPY_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy formatted reference' };

function referenceItem(ref: Reference, cited: boolean, notes: ContentNotes, origin: string): ReferenceItem {
  return {
    key: ref['citation-key'],
    label: `${referenceShortLabel(ref)} · ${displayTitle(ref, 72)}`,
    description: `${sourceLine(ref)} · ${origin}${cited ? '  $(check) cited' : ''}`,
    detail: withCaveat(`${ref.number}. ${authorLine(ref)}`, ref, notes),
    alwaysShow: true,
    buttons: [COPY_BUTTON],
  };
}

/** A library entry (or one of the 72 the writer's library holds too), tagged with its source file. */
function workItem(s: Services, work: Work<Reference>, cited: boolean): ReferenceItem {
  if (!work.entry && work.review) return referenceItem(work.review, cited, s.notes, s.kb.origin(work.review));
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
function matching(s: Services, library: DocumentLibrary, query: string): string[] {
  let hits: string[] = [];
  try {
    hits = library.search.search(query, { kinds: ['reference'], limit: 500 }).map((h) => h.id);
  } catch (error) {
    s.log.warn('Reference search failed', error);
  }
  const byNumber = /^\d{1,3}$/.test(query) ? s.kb.referenceByNumber(Number(query)) : undefined;
  return [...new Set([...(byNumber ? [byNumber['citation-key']] : []), ...hits])];
}

/** One item per key of every work (a work with two keys has one item under both). */
function itemsByKey(s: Services, works: readonly Work<Reference>[], citedSet: ReadonlySet<string>): Map<string, ReferenceItem> {
  const items = new Map<string, ReferenceItem>();
  for (const work of works) {
    const item = workItem(s, work, work.keys.some((k) => citedSet.has(k)));
    for (const key of work.keys) if (!items.has(key)) items.set(key, item);
  }
  return items;
}

/** With nothing typed: the cited ones first, then the review's 72, then each library file under its name. */
function defaultItems(works: readonly Work<Reference>[], items: ReadonlyMap<string, ReferenceItem>, cited: readonly string[]): ReferenceItem[] {
  const citedSet = new Set(cited);
  const list: ReferenceItem[] = [];
  if (cited.length) {
    list.push({ label: 'Cited in this document', kind: vscode.QuickPickItemKind.Separator });
    for (const key of cited) if (items.has(key)) list.push(items.get(key)!);
    list.push({ label: 'All references', kind: vscode.QuickPickItemKind.Separator });
  }
  let source = '';
  for (const work of works) {
    if (work.entry && !work.review && work.source !== source) {
      source = work.source;
      list.push({ label: source, kind: vscode.QuickPickItemKind.Separator });
    }
    if (!work.keys.some((k) => citedSet.has(k))) list.push(items.get(work.key)!);
  }
  return list;
}

const noMatchItem = (query: string): ReferenceItem => ({
  label: `$(info) No reference matches "${query}"`,
  description: 'Enter: add your own library (BibTeX, CSL-JSON, RIS, EndNote XML)',
  alwaysShow: true,
  key: undefined,
  noMatch: true,
});

/** The open citation pick (tests drive it: type, tick, accept). */
export let activeCitationPick: vscode.QuickPick<vscode.QuickPickItem & { key?: string }> | undefined;

/** One open pick: its items, the keys checked so far, and what each event does. */
class CitationPick {
  readonly picker = vscode.window.createQuickPick<ReferenceItem>();
  private readonly works: readonly Work<Reference>[];
  private readonly items: Map<string, ReferenceItem>;
  private readonly chosen = new Set<string>();
  private updatingItems = false;
  private settled = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** The filter as early typing set it. */
  private fromDocument = '';

  constructor(
    private readonly s: Services,
    private readonly library: DocumentLibrary,
    private readonly cited: readonly string[],
    private readonly style: string,
    private readonly early: EarlyTyping | undefined,
    private readonly resolve: (keys: string[] | undefined) => void,
  ) {
    this.works = library.merged.works;
    this.items = itemsByKey(s, this.works, new Set(cited));
    const picker = this.picker;
    picker.title = 'Insert ISCLS Citation';
    picker.placeholder = 'Search author, title, journal, year, number or key — check several with Space';
    picker.canSelectMany = true;
    picker.matchOnDescription = true;
    picker.matchOnDetail = true;
    this.disposables.push(
      picker.onDidChangeValue((value) => this.onValue(value)),
      picker.onDidChangeSelection((selection) => this.onSelection(selection)),
      picker.onDidTriggerItemButton(({ item }) => this.copy(item)),
      picker.onDidAccept(() => this.accept()),
      picker.onDidHide(() => this.finish(undefined)),
    );
  }

  open(): void {
    activeCitationPick = this.picker;
    this.show(defaultItems(this.works, this.items, this.cited));
    this.picker.show();
    this.early?.attach((text) => {
      this.fromDocument += text;
      this.picker.value = this.fromDocument;
    });
  }

  private show(list: ReferenceItem[]): void {
    this.updatingItems = true;
    this.picker.items = list;
    this.picker.selectedItems = list.filter((i) => i.key && this.chosen.has(i.key));
    // Highlight the best match so that typing and pressing Enter cites it (as in a single pick).
    const first = list.find((i) => i.key);
    this.picker.activeItems = first ? [first] : [];
    this.updatingItems = false;
  }

  private onValue(value: string): void {
    // The writer types in the pick now (VS Code echoes our own settings back: prefixes of what we set).
    if (!this.fromDocument.startsWith(value)) this.early?.stop();
    const query = value.trim();
    if (!query) return this.show(defaultItems(this.works, this.items, this.cited));
    const found = [...new Set(matching(this.s, this.library, query).filter((k) => this.items.has(k)).map((k) => this.items.get(k)!))];
    // Nothing matches: say so, and offer to add the writer's own library.
    this.show(found.length ? found : [noMatchItem(query)]);
  }

  private visibleKeys(): Set<string> {
    return new Set(this.picker.items.map((i) => i.key).filter((k): k is string => !!k));
  }

  private onSelection(selection: readonly ReferenceItem[]): void {
    if (this.updatingItems) return;
    // Checked items that the current filter hides stay checked.
    const selected = new Set(selection.map((i) => i.key).filter((k): k is string => !!k));
    for (const key of this.visibleKeys()) if (!selected.has(key)) this.chosen.delete(key);
    for (const key of selected) this.chosen.add(key);
    // VS Code's own "N Selected" counter is the one count shown (no second one in the title).
  }

  private async copy(item: ReferenceItem): Promise<void> {
    if (!item.key) return;
    try {
      await vscode.env.clipboard.writeText(this.library.formatter.reference(item.key, this.style, 'text'));
      vscode.window.setStatusBarMessage(`$(copy) Copied ${item.label.split(' · ')[0]}`, 3000);
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not format the reference: ${errorMessage(error)}`);
    }
  }

  private accept(): void {
    const picker = this.picker;
    if (this.chosen.size === 0 && picker.activeItems[0]?.noMatch) {
      this.finish(undefined);
      void vscode.commands.executeCommand('workbench.action.openSettings', 'iscls.library');
      return;
    }
    // VS Code's ticks are the truth for visible rows (its counter shows them); rows the filter
    // hides keep the ticks they had.
    const visible = this.visibleKeys();
    const ticked = picker.selectedItems.map((i) => i.key).filter((k): k is string => !!k);
    let keys = [...[...this.chosen].filter((k) => !visible.has(k) || ticked.includes(k)), ...ticked.filter((k) => !this.chosen.has(k))];
    // Nothing checked: Enter cites the highlighted item (the best match of the query).
    if (keys.length === 0) keys = picker.activeItems.map((i) => i.key).filter((k): k is string => !!k).slice(0, 1);
    if (keys.length === 0) keys = picker.items.map((i) => i.key).filter((k): k is string => !!k).slice(0, 1);
    // Nothing to cite (the query matches nothing): stay open; Escape cancels.
    if (keys.length) this.finish(keys);
  }

  private finish(keys: string[] | undefined): void {
    if (this.settled) return;
    this.settled = true;
    this.early?.stop();
    if (activeCitationPick === this.picker) activeCitationPick = undefined;
    this.resolve(keys);
    this.picker.hide();
    for (const d of this.disposables) d.dispose();
    this.picker.dispose();
  }
}

/**
 * The interactive pick over the document's library. Resolves to the chosen keys in the order they
 * were checked; undefined when cancelled.
 */
export function pickReferences(s: Services, library: DocumentLibrary, cited: readonly string[], style: string, early?: EarlyTyping): Promise<string[] | undefined> {
  return new Promise((resolve) => new CitationPick(s, library, cited, style, early, resolve).open());
}
