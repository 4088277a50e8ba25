// The citation pick's decisions, in the manner of Zotero's Quick Format: the rows are shown in our
// ranking's order (row 0 is the best match), Enter on a reference row adds it to the citation being
// built, Enter on the "Insert" row (row 0 once something is added and the filter is empty) inserts
// the citation. Pure: the VS Code pick (`vscode/cite/pick.ts`) only shows rows and reports Enter.

/** What the pick shows in a row, as far as Enter is concerned. */
export interface PickRow {
  /** The reference the row stands for. */
  key?: string;
  /** A row that acts instead of naming a reference. */
  action?: 'insert' | 'removeLast' | 'noMatch';
}

export type EnterAction =
  | { kind: 'add'; key: string }
  | { kind: 'insert'; keys: string[] }
  | { kind: 'removeLast' }
  | { kind: 'openLibrarySetting' }
  | { kind: 'none' };

/**
 * What Enter does on the focused row. A reference row is added (the writer then types the next one
 * or presses Enter again); the Insert row inserts; with no row focused, an empty filter inserts what
 * was built so far.
 */
export function enterAction(row: PickRow | undefined, built: readonly string[], filter: string): EnterAction {
  if (row?.action === 'insert') return built.length ? { kind: 'insert', keys: [...built] } : { kind: 'none' };
  if (row?.action === 'removeLast') return built.length ? { kind: 'removeLast' } : { kind: 'none' };
  // "No reference matches": the way forward is adding a library, unless a citation is under way.
  if (row?.action === 'noMatch') return built.length ? { kind: 'none' } : { kind: 'openLibrarySetting' };
  if (row?.key) return { kind: 'add', key: row.key };
  if (!filter.trim() && built.length) return { kind: 'insert', keys: [...built] };
  return { kind: 'none' };
}

/** The references of the citation being built, in the order they were added, each once. */
export class CitationDraft {
  private readonly list: string[] = [];

  get keys(): readonly string[] {
    return this.list;
  }

  /** Adds `key`; false when it is already in the citation. */
  add(key: string): boolean {
    if (this.list.includes(key)) return false;
    this.list.push(key);
    return true;
  }

  removeLast(): string | undefined {
    return this.list.pop();
  }
}

/**
 * The keys to show for a query, best first: a reference typed by its number ("12") leads, then the
 * search's hits, each key once, only keys the pick can show.
 */
export function rankedKeys(hits: readonly string[], numbered: string | undefined, showable: (key: string) => boolean): string[] {
  const keys = numbered ? [numbered, ...hits] : [...hits];
  return [...new Set(keys)].filter(showable);
}

/**
 * Lets only the ranking of the newest query reach the screen: a ranking that finishes after the
 * writer typed on is dropped, and a query already shown is not shown again (VS Code echoes the
 * value the pick sets, and every new row list moves the focus back to row 0).
 */
export class LatestQuery {
  private generation = 0;
  private shownFor: string | undefined;

  /** A ticket for ranking `query`, or undefined when its rows are already shown. */
  begin(query: string): number | undefined {
    if (query === this.shownFor) return undefined;
    return ++this.generation;
  }

  /** Whether the ranking made with `ticket` for `query` may be shown now; if so it counts as shown. */
  commit(ticket: number, query: string): boolean {
    if (ticket !== this.generation) return false;
    this.shownFor = query;
    return true;
  }

  /** Rows were shown for `query` without a ranking (the pick's own changes). */
  shown(query: string): void {
    this.generation++;
    this.shownFor = query;
  }
}
