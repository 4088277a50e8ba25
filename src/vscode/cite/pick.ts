// The citation pick: a search over the document's library (the review's 72 merged with the writer's
// files that apply to THIS document), shown in our ranking's order (VS Code neither sorts nor hides
// rows), so the top row is the one Enter takes. Several works make one citation as in Zotero's Quick
// Format: Enter adds the top row, the writer types the next, Enter on the empty filter inserts.
// With nothing typed, references the document already cites come first, the writer's files under a
// separator each.
import * as vscode from 'vscode';
import { authorLine, displayTitle, referenceShortLabel, sourceLine, vancouverNames, type PersonName } from '../../core/presentation/labels';
import type { Reference } from '../../core/types';
import type { Work } from '../../core/library/merge';
import { itemLabel, workDetail } from '../../core/search/search';
import { withCaveat, type ContentNotes } from '../../core/knowledge/caveats';
import type { Services } from '../shared/services';
import type { DocumentLibrary } from '../shared/documentLibrary';
import { errorMessage } from '../shared/log';
import { shortLabel } from '../shared/references';
import { CitationDraft, enterAction, LatestQuery, rankedKeys, type PickRow } from '../../core/search/citationPick';
import type { EarlyTyping } from './earlyTyping';

interface ReferenceItem extends vscode.QuickPickItem, PickRow {}

const COPY_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy formatted reference' };

function referenceItem(ref: Reference, cited: boolean, notes: ContentNotes, origin: string): ReferenceItem {
  return {
    key: ref['citation-key'],
    label: `${referenceShortLabel(ref)} · ${displayTitle(ref, 72)}`,
    description: `${sourceLine(ref)} · ${origin}${cited ? '  $(check) cited' : ''}`,
    detail: withCaveat(`Review ref. ${ref.number} · ${authorLine(ref)}`, ref, notes),
    alwaysShow: true,
    buttons: [COPY_BUTTON],
  };
}

/** A library entry (or one of the 72 the writer's library holds too), tagged with its source file. */
function workItem(s: Services, work: Work, cited: boolean): ReferenceItem {
  if (!work.entry && work.review) return referenceItem(work.review, cited, s.notes, s.kb.origin(work.review));
  const authors = (work.item.author as PersonName[] | undefined) ?? [];
  return {
    key: work.key,
    label: itemLabel(work.item).replace(' — ', ' · '),
    description: `$(library) ${workDetail(work)}${cited ? '  $(check) cited' : ''}`,
    detail: `${work.review ? `Review ref. ${work.review.number} · ` : ''}${vancouverNames(authors, !!work.item['authors-truncated'], 6)}`,
    alwaysShow: true,
    buttons: [COPY_BUTTON],
  };
}

/** Keys matching a query, best first; a number typed on its own ("12") goes straight to that entry. */
function matching(s: Services, library: DocumentLibrary, query: string, showable: (key: string) => boolean): string[] {
  let hits: string[] = [];
  try {
    hits = library.search.search(query, { kinds: ['reference'], limit: 500 }).map((h) => h.id);
  } catch (error) {
    s.log.warn('Reference search failed', error);
  }
  const byNumber = /^\d{1,3}$/.test(query) ? s.kb.referenceByNumber(Number(query)) : undefined;
  return rankedKeys(hits, byNumber?.['citation-key'], showable);
}

/** One item per key of every work (a work with two keys has one item under both). */
function itemsByKey(s: Services, works: readonly Work[], citedSet: ReadonlySet<string>): Map<string, ReferenceItem> {
  const items = new Map<string, ReferenceItem>();
  for (const work of works) {
    const item = workItem(s, work, work.keys.some((k) => citedSet.has(k)));
    for (const key of work.keys) if (!items.has(key)) items.set(key, item);
  }
  return items;
}

/** With nothing typed: the cited ones first, then the review's 72, then each library file under its name. */
function defaultItems(works: readonly Work[], items: ReadonlyMap<string, ReferenceItem>, cited: readonly string[]): ReferenceItem[] {
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
  action: 'noMatch',
});

const PLACEHOLDER_EMPTY = 'Type an author, title word, year, number or key. Enter adds the top row; Enter again inserts.';
const PLACEHOLDER_BUILDING = 'Enter inserts this citation. Or type the next reference and press Enter to add it. Escape cancels.';

/** The citation pick open in this window, if any: held by the cite feature, read by the tests' API. */
export class OpenPick {
  current: vscode.QuickPick<vscode.QuickPickItem & { key?: string }> | undefined;
}

/** One open pick: its items, the citation being built, and what each event does. */
class CitationPick {
  readonly picker = vscode.window.createQuickPick<ReferenceItem>();
  private readonly works: readonly Work[];
  private readonly items: Map<string, ReferenceItem>;
  private readonly draft = new CitationDraft();
  private readonly latest = new LatestQuery();
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
    private readonly openPick: OpenPick,
  ) {
    this.works = library.merged.works;
    this.items = itemsByKey(s, this.works, new Set(cited));
    const picker = this.picker;
    // Our order is the order shown: VS Code must not re-sort rows by label nor hide any (every row
    // is alwaysShow); matching on description and detail only highlights where the words were found.
    // `sortByLabel` is still a proposed API in the typings, yet the extension host takes it without
    // the proposal; where it did not, Enter would still take the row VS Code shows on top (it focuses it).
    (picker as { sortByLabel?: boolean }).sortByLabel = false;
    picker.matchOnDescription = true;
    picker.matchOnDetail = true;
    picker.canSelectMany = false;
    this.describe();
    this.disposables.push(
      picker.onDidChangeValue((value) => this.onValue(value)),
      picker.onDidTriggerItemButton(({ item }) => this.copy(item)),
      picker.onDidAccept(() => this.accept()),
      picker.onDidHide(() => this.finish(undefined)),
    );
  }

  open(): void {
    this.openPick.current = this.picker;
    this.showFor('');
    this.picker.show();
    this.early?.attach((text) => {
      this.fromDocument += text;
      this.picker.value = this.fromDocument;
    });
  }

  /** Title and placeholder say what Enter does now and what the citation holds. */
  private describe(): void {
    const keys = this.draft.keys;
    this.picker.title = keys.length ? `Insert ISCLS Citation: ${keys.map((k) => this.label(k)).join('; ')}` : 'Insert ISCLS Citation';
    this.picker.placeholder = keys.length ? PLACEHOLDER_BUILDING : PLACEHOLDER_EMPTY;
  }

  private label(key: string): string {
    return shortLabel(this.s, key, this.library);
  }

  /** The rows for `query`: the ranking (or "no match"); with nothing typed, Insert/Remove then the defaults. */
  private rowsFor(query: string): ReferenceItem[] {
    if (query) {
      const found = matching(this.s, this.library, query, (k) => this.items.has(k)).map((k) => this.items.get(k)!);
      // Nothing matches: say so, and offer to add the writer's own library.
      return found.length ? [...new Set(found)] : [noMatchItem(query)];
    }
    const defaults = defaultItems(this.works, this.items, this.cited);
    const keys = this.draft.keys;
    if (!keys.length) return defaults;
    const last = keys[keys.length - 1];
    return [
      { label: `$(check) Insert ${keys.map((k) => this.label(k)).join('; ')}`, description: 'Enter', alwaysShow: true, action: 'insert' },
      { label: `$(discard) Remove ${this.label(last)}`, description: 'the last one added', alwaysShow: true, action: 'removeLast' },
      { label: 'Add another reference', kind: vscode.QuickPickItemKind.Separator },
      ...defaults,
    ];
  }

  /** Shows the rows for `query`; fresh row objects, so an Enter reported on an older list is recognised. */
  private showFor(query: string): void {
    this.latest.shown(query);
    this.picker.items = this.rowsFor(query).map((row) => ({ ...row }));
    // VS Code focuses row 0 whenever the rows change (single pick): the top row is the one Enter takes.
  }

  private onValue(value: string): void {
    // The writer types in the pick now (VS Code echoes our own settings back: prefixes of what we set).
    if (!this.fromDocument.startsWith(value)) this.early?.stop();
    // Only the newest query's ranking is shown (an echo of an older value is dropped).
    if (value !== this.picker.value) return;
    const query = value.trim();
    const ticket = this.latest.begin(query);
    if (ticket === undefined) return;
    const rows = this.rowsFor(query).map((row) => ({ ...row }));
    if (this.latest.commit(ticket, query)) this.picker.items = rows;
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
    const action = enterAction(this.enteredRow(), this.draft.keys, this.picker.value);
    switch (action.kind) {
      case 'add':
        this.draft.add(action.key);
        this.early?.stop();
        return this.restart();
      case 'removeLast':
        this.draft.removeLast();
        return this.restart();
      case 'insert':
        return this.finish(action.keys);
      case 'openLibrarySetting':
        this.finish(undefined);
        void vscode.commands.executeCommand('workbench.action.openSettings', 'iscls.library');
        return;
      case 'none':
        // Nothing to cite (the query matches nothing): stay open; Escape cancels.
        return;
    }
  }

  /**
   * The row Enter was pressed on. VS Code reports focus after it shows new rows; a row of a list no
   * longer shown (Enter pressed as new rows arrived) counts only if it is the new top row's work.
   */
  private enteredRow(): ReferenceItem | undefined {
    const focused = this.picker.activeItems[0];
    if (!focused || this.picker.items.includes(focused)) return focused;
    const top = this.picker.items[0];
    return focused.key && top?.key === focused.key ? top : undefined;
  }

  /** After adding or removing: an empty filter, the Insert row on top, ready for the next reference. */
  private restart(): void {
    this.fromDocument = '';
    this.describe();
    this.picker.value = '';
    this.showFor('');
  }

  private finish(keys: string[] | undefined): void {
    if (this.settled) return;
    this.settled = true;
    this.early?.stop();
    if (this.openPick.current === this.picker) this.openPick.current = undefined;
    this.resolve(keys);
    this.picker.hide();
    for (const d of this.disposables) d.dispose();
    this.picker.dispose();
  }
}

/**
 * The interactive pick over the document's library. Resolves to the keys of the citation built, in
 * the order they were added; undefined when cancelled.
 */
export function pickReferences(s: Services, openPick: OpenPick, library: DocumentLibrary, cited: readonly string[], style: string, early?: EarlyTyping): Promise<string[] | undefined> {
  return new Promise((resolve) => new CitationPick(s, library, cited, style, early, resolve, openPick).open());
}
