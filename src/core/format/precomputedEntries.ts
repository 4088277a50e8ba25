// Entries formatted at build time (`entries-<style>.json`), and when they may still be used. Pure.
import type { BibliographyEntry, CitationFormat, StyleLoader } from './citationTypes';

/**
 * Entries formatted ahead of time for one style (`entries-<style>.json` in the shipped CSL folder,
 * written by scripts/build.mjs with `precomputeEntries` of core/format/citations.ts): each reference as
 * `CitationFormatter.reference` gives it, in text and HTML, and per key a fingerprint of the
 * CSL item it was formatted from. An entry is only used while the item still has that fingerprint.
 */
export interface PrecomputedEntries {
  fingerprints: Record<string, string>;
  text: Record<string, string>;
  html: Record<string, string>;
}

/** A short, stable fingerprint of a CSL item (FNV-1a over its JSON). */
export function itemFingerprint(item: unknown): string {
  const json = JSON.stringify(item);
  let h = 0x811c9dc5;
  for (let i = 0; i < json.length; i++) h = Math.imul(h ^ json.charCodeAt(i), 0x01000193);
  return `${json.length.toString(36)}-${(h >>> 0).toString(36)}`;
}

/** The build-time tables, read per style on first use, and which of our items they still fit. */
export class PrecomputedTables {
  /** Tables by style (null: none for that style). */
  private readonly tables = new Map<string, PrecomputedEntries | null>();
  /** Whether our item still has the fingerprint the build-time entries were made from, by key. */
  private readonly fresh = new Map<string, boolean>();

  constructor(
    private readonly loadFile: StyleLoader,
    /** Our items by key (read on each lookup: they are made on first use, see CslItems). */
    private readonly item: (key: string) => unknown,
  ) {}

  /** Forget which items are fresh (the items changed). */
  clear(): void {
    this.fresh.clear();
  }

  /** Build-time entries for `ids` in `style`, or undefined when any of them is missing or stale. */
  lookup(ids: readonly string[], style: string, format: CitationFormat): BibliographyEntry[] | undefined {
    const table = this.table(style);
    const entries = table?.[format];
    if (!table || !entries) return undefined;
    const out: BibliographyEntry[] = [];
    for (const key of ids) {
      let fresh = this.fresh.get(key);
      if (fresh === undefined) {
        const item = this.item(key);
        fresh = item !== undefined && table.fingerprints[key] === itemFingerprint(item);
        this.fresh.set(key, fresh);
      }
      const entry = fresh ? entries[key] : undefined;
      if (entry === undefined) return undefined;
      out.push({ key, entry });
    }
    return out;
  }

  private table(style: string): PrecomputedEntries | null {
    let table = this.tables.get(style);
    if (table === undefined) {
      try {
        table = this.loadFile(`entries-${style}.json`) as PrecomputedEntries;
      } catch {
        // Not built (a source checkout before `npm run build`): citeproc-js formats everything.
        table = null;
      }
      this.tables.set(style, table);
    }
    return table;
  }
}
