// Citation formatting over citeproc-js with the official CSL styles shipped in dist/csl.
// Pure: no `vscode` here. Styles and locales are read through a caller-supplied loader so the same
// code runs in the extension, the CLI and the unit tests.
import type { Reference } from './types';

// citeproc ships no type declarations; this is the part of its API we use.
interface CiteprocSys {
  retrieveLocale(lang: string): unknown;
  retrieveItem(id: string): unknown;
}
interface CiteprocEngine {
  setOutputFormat(format: string): void;
  updateItems(ids: string[]): void;
  makeBibliography(): false | [{ entry_ids: string[][] }, string[]];
  makeCitationCluster(items: { id: string }[]): string;
}
type CiteprocModule = { Engine: new (sys: CiteprocSys, style: unknown, lang?: string) => CiteprocEngine };
let citeprocModule: CiteprocModule | undefined;
/**
 * citeproc-js, loaded on first use: most work (every numeric style, any single reference) is served
 * from the entries formatted at build time, so activation and the CLI do not pay for loading it.
 * The bundles take it from `dist/citeproc.js` (scripts/build.mjs).
 */
function citeproc(): CiteprocModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (citeprocModule ??= require('citeproc') as CiteprocModule);
}

/**
 * Entries formatted ahead of time for one style (`entries-<style>.json` in the shipped CSL folder,
 * written by scripts/build.mjs with {@link precomputeEntries}): each reference as
 * {@link CitationFormatter.reference} gives it, in text and HTML, and per key a fingerprint of the
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

/** The tables for `entries-<style>.json`, by style: every reference, text and HTML, via citeproc-js. */
export function precomputeEntries(references: readonly Reference[], loadFile: StyleLoader): Record<string, PrecomputedEntries> {
  const formatter = new CitationFormatter(references, loadFile, { precomputed: false });
  const fingerprints = formatter.fingerprints();
  const tables: Record<string, PrecomputedEntries> = {};
  for (const { id } of formatter.styles()) {
    const entries = (format: CitationFormat) => Object.fromEntries(references.map((r) => [r.id, formatter.reference(r.id, id, format)]));
    tables[id] = { fingerprints, text: entries('text'), html: entries('html') };
  }
  return tables;
}

/** One shipped style, as listed in `styles.json`. */
export interface StyleInfo {
  /** CSL style id and file name stem, e.g. "american-medical-association". */
  id: string;
  /** Human label, e.g. "AMA (11th edition)". */
  label: string;
  /** Numeric styles cite by number; the others (APA) are author-date. */
  numeric: boolean;
}

/**
 * Reads one file of the shipped CSL folder by name and returns its parsed JSON, e.g.
 * `"american-medical-association.json"`, `"locales-en-US.json"` or `"styles.json"`.
 * Throws if the file does not exist.
 */
export type StyleLoader = (file: string) => unknown;

export type CitationFormat = 'text' | 'html';

/** A bibliography entry together with the citation key it renders. */
export interface BibliographyEntry {
  key: string;
  entry: string;
}

/** Our fields that are not CSL (or that mean something else in CSL, like `number`). */
const CUSTOM_FIELDS = ['number', 'citation-key', 'authors-truncated', 'title-translated', 'review-listing'] as const;

/**
 * The name appended to an author list the source truncated with "et al." (`authors-truncated`).
 * CSL styles only apply their et-al rule to the names the data holds, so without it a truncated entry
 * would print as if the known authors were all the authors. As a literal name it is printed as is
 * (never inverted or initialized) and, if a style's own et-al rule cuts the list, it disappears with
 * the rest of the cut names while the style prints its own "et al.".
 */
const ET_AL_LITERAL = 'et al.';

/**
 * Remove the "and" an author list puts before its last name when that name is our literal "et al."
 * (APA: "Lambert, M., & et al." → "Lambert, M., et al."; Nature: "Cournede, A. & et al." →
 * "Cournede, A. et al."; text and HTML). Only ever applied to output of entries with truncated lists.
 */
const AND_ET_AL = /\s(?:&|&#38;|&amp;|and)\s(et al\.)/g;

/**
 * AMA prints "Published online <date>" in place of "year;volume" when an article has neither volume
 * nor issue (its rule for online-first articles). Our entries without a volume are print articles
 * whose source just did not give one, so that phrase would be false: drop it ("1975:43").
 */
const PUBLISHED_ONLINE = /Published online\s+/g;

/**
 * Vancouver-like styles join year and volume with ";" and volume and page with ":". With no volume
 * they print "1975;43", which reads as volume 43. Citing Medicine writes a volume-less article as
 * "year:pages" ("1975:43"), as AMA and Elsevier-Vancouver already do: restore the colon.
 */
function fixMissingVolume(out: string, year: string, page: string): string {
  return out.split(`${year};${page}`).join(`${year}:${page}`);
}

/** Decode the HTML character references citeproc leaves in text output (e.g. `&#38;`). */
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);/gi, (m, code: string) => {
    const c = code.toLowerCase();
    if (c.startsWith('#x')) return String.fromCodePoint(parseInt(c.slice(2), 16));
    if (c.startsWith('#')) return String.fromCodePoint(parseInt(c.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' } as Record<string, string>)[c] ?? m;
  });
}

/** The rendered reference of one citeproc HTML bibliography entry, without the number column. */
function htmlEntryBody(html: string): string {
  const inline = /<div class="csl-right-inline">([\s\S]*?)<\/div>/.exec(html);
  if (inline) return inline[1].trim();
  const entry = /<div class="csl-entry">([\s\S]*)<\/div>/.exec(html);
  return (entry ? entry[1] : html).trim();
}

/**
 * Formats the review's references in the shipped CSL styles (citeproc-js).
 *
 * One citeproc engine per style and output format is built on first use and cached; building is
 * the slow part (tens of ms), formatting is fast. Every call resets the engine's item registry to
 * exactly the items it formats, so results never depend on earlier calls.
 *
 * Output conventions:
 * - `text`: plain Unicode text, trimmed, no HTML entities, without the list number ("1. ", "[1]")
 *   — callers number entries themselves — but with the style's own punctuation.
 * - `html`: the entry's inner HTML (`<i>`, `<b>` …), without the number column and wrapper divs.
 * - Entries whose source list was truncated with "et al." (`authors-truncated`) print "et al." after
 *   the known authors in every style.
 * - Unknown citation keys and styles throw an `Error` that names them.
 */
export class CitationFormatter {
  private readonly entryCache = new Map<string, string>();
  private readonly setCache = new Map<string, BibliographyEntry[]>();
  private readonly items = new Map<string, Record<string, unknown>>();
  private readonly truncated = new Set<string>();
  /** Year and page of entries without a volume, for {@link fixMissingVolume}. */
  private readonly missingVolume = new Map<string, { year: string; page: string }>();
  private readonly engines = new Map<string, CiteprocEngine>();
  private manifest: StyleInfo[] | undefined;
  /** Build-time entries by style (null: none for that style); false: formatting everything afresh. */
  private tables: Map<string, PrecomputedEntries | null> | false = new Map();
  /** Whether our item still has the fingerprint the build-time entries were made from, by key. */
  private readonly fresh = new Map<string, boolean>();

  /**
   * @param references the knowledge base's references (CSL-JSON plus our custom fields)
   * @param loadFile reads a file of the shipped CSL folder (styles, locales, `styles.json`, `entries-<style>.json`)
   * @param options.precomputed use the entries formatted at build time (default true; false formats
   *   everything with citeproc-js, as the build itself and the tests comparing both do)
   */
  constructor(
    references: readonly Reference[],
    private readonly loadFile: StyleLoader,
    options: { precomputed?: boolean } = {},
  ) {
    if (options.precomputed === false) this.tables = false;
    this.addItems(references);
  }

  /**
   * Replaces the references it formats (the writer's library changed: new entries, or a Zotero
   * export rewritten). Every cached entry and engine is dropped, so nothing stale is ever printed.
   */
  setReferences(references: readonly Reference[]): void {
    for (const cache of [this.items, this.truncated, this.missingVolume, this.entryCache, this.setCache, this.engines, this.fresh]) cache.clear();
    this.addItems(references);
  }

  private addItems(references: readonly Reference[]): void {
    for (const ref of references) {
      const item: Record<string, unknown> = { ...ref };
      for (const f of CUSTOM_FIELDS) delete item[f];
      if (ref['authors-truncated']) {
        item.author = [...(ref.author ?? []), { literal: ET_AL_LITERAL }];
        this.truncated.add(ref.id);
      }
      if (!ref.volume && ref.page) {
        this.missingVolume.set(ref.id, { year: String(ref.issued?.['date-parts']?.[0]?.[0] ?? ''), page: ref.page });
      }
      this.items.set(ref.id, item);
    }
  }

  /** The shipped styles in display order; the first is the default (AMA). */
  styles(): StyleInfo[] {
    if (!this.manifest) this.manifest = this.loadFile('styles.json') as StyleInfo[];
    return this.manifest.map((s) => ({ ...s }));
  }

  hasStyle(id: string): boolean {
    return this.styles().some((s) => s.id === id);
  }

  /** Whether the style cites by number (AMA, Vancouver …) rather than author-date (APA). */
  isNumeric(style: string): boolean {
    return this.styleInfo(style).numeric;
  }

  /**
   * Bibliography entries for `keys`, in the style's order: for numeric styles the order given
   * (order of first appearance, so entry i is reference number i + 1); for author-date styles the
   * style's sort (APA: alphabetical). Duplicate keys are listed once. Entries carry no list number.
   * To pair entries with keys (needed for author-date styles, whose order differs from `keys`), use
   * {@link bibliographyEntries}.
   */
  bibliography(keys: readonly string[], style: string, format: CitationFormat = 'text'): string[] {
    return this.bibliographyEntries(keys, style, format).map((e) => e.entry);
  }

  /** Like {@link bibliography}, with the citation key of each entry. */
  bibliographyEntries(keys: readonly string[], style: string, format: CitationFormat = 'text'): BibliographyEntry[] {
    const ids = this.checkKeys(keys);
    if (ids.length === 0) return [];
    // A numeric list is its entries in the order given, each as formatted alone (tested entry by entry).
    const ready = ids.length === 1 || this.isNumeric(style) ? this.precomputed(ids, style, format) : undefined;
    if (ready) return ready;
    const engine = this.engine(style, format);
    engine.updateItems(ids);
    const result = engine.makeBibliography();
    if (!result) throw new Error(`Style "${style}" has no bibliography`);
    const [meta, entries] = result;
    const numeric = this.isNumeric(style);
    return entries.map((raw, i) => {
      const key = meta.entry_ids[i][0];
      let entry = format === 'html' ? htmlEntryBody(raw) : decodeEntities(raw).trim();
      // Text output has no number column to drop: strip the number citeproc put first (1-based position).
      if (format === 'text' && numeric) entry = entry.replace(new RegExp(`^\\[?${i + 1}\\]?\\.?\\s+`), '');
      return { key, entry: this.fixUp(entry, [key]) };
    });
  }

  /**
   * Entries for `keys` in exactly the order given, whatever the style sorts by: what a document's
   * managed list needs, since its numbers (or its order of first appearance) decide the order.
   */
  entriesInOrder(keys: readonly string[], style: string, format: CitationFormat = 'text'): string[] {
    const unique = [...new Set(keys)];
    if (this.isNumeric(style)) {
      // A numeric style's entry does not depend on its neighbours, so each is formatted once and
      // remembered: renumbering a long manuscript then costs no citeproc work.
      return unique.map((key) => {
        const id = `${style}\u0000${format}\u0000${key}`;
        let entry = this.entryCache.get(id);
        if (entry === undefined) {
          entry = this.reference(key, style, format);
          this.entryCache.set(id, entry);
        }
        return entry;
      });
    }
    const byKey = new Map(this.setBibliography(unique, style, format).map((e) => [e.key, e.entry]));
    return unique.map((key) => byKey.get(key) as string);
  }

  /** The keys in the style's bibliography order: as given for numeric styles, sorted for author-date ones. */
  listOrder(keys: readonly string[], style: string): string[] {
    const unique = [...new Set(keys)];
    return this.isNumeric(style) ? unique : this.setBibliography(unique, style, 'text').map((e) => e.key);
  }

  /**
   * An author-date bibliography depends only on the set of keys (order and disambiguation come from
   * the style), so it is formatted once per set: a list update asks for its order and its entries,
   * and diagnostics re-plan the same list on every edit.
   */
  private setBibliography(keys: readonly string[], style: string, format: CitationFormat): BibliographyEntry[] {
    const id = `${style}\u0000${format}\u0000${[...keys].sort().join(',')}`;
    let entries = this.setCache.get(id);
    if (!entries) {
      entries = this.bibliographyEntries(keys, style, format);
      if (this.setCache.size >= 32) this.setCache.delete(this.setCache.keys().next().value as string);
      this.setCache.set(id, entries);
    }
    return entries;
  }

  /** One full formatted reference (for tooltips, hovers, copy). */
  reference(key: string, style: string, format: CitationFormat = 'text'): string {
    return this.bibliographyEntries([key], style, format)[0].entry;
  }

  /**
   * In-text citation for an author-date style, e.g. APA `(Clarkson et al., 1960)` or
   * `(Amoura et al., 1997; Clarkson et al., 1960)` for several keys (sorted as the style says).
   * `scope` is every key the document cites (defaults to `keys`): the style disambiguates against it
   * (initials, "2011a"). Numeric styles throw: their numbers are the document's business.
   * Plain text, no HTML entities.
   */
  inText(keys: readonly string[], style: string, scope: readonly string[] = keys): string {
    if (this.isNumeric(style)) {
      throw new Error(`Style "${style}" is numeric: in-text citations are numbers the document assigns`);
    }
    const ids = this.checkKeys(keys);
    if (ids.length === 0) throw new Error('No citation keys given');
    const all = [...new Set([...this.checkKeys(scope), ...ids])];
    const engine = this.engine(style, 'text');
    engine.updateItems(all);
    const out = engine.makeCitationCluster(ids.map((id) => ({ id })));
    return this.fixUp(decodeEntities(out).trim(), ids);
  }

  /** Fingerprints of our CSL items by key (see {@link itemFingerprint}). */
  fingerprints(): Record<string, string> {
    return Object.fromEntries([...this.items].map(([id, item]) => [id, itemFingerprint(item)]));
  }

  /** Build-time entries for `ids` in `style`, or undefined when any of them is missing or stale. */
  private precomputed(ids: readonly string[], style: string, format: CitationFormat): BibliographyEntry[] | undefined {
    if (this.tables === false) return undefined;
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
    const entries = table?.[format];
    if (!table || !entries) return undefined;
    const out: BibliographyEntry[] = [];
    for (const key of ids) {
      let fresh = this.fresh.get(key);
      if (fresh === undefined) {
        const item = this.items.get(key);
        fresh = item !== undefined && table.fingerprints[key] === itemFingerprint(item);
        this.fresh.set(key, fresh);
      }
      const entry = fresh ? entries[key] : undefined;
      if (entry === undefined) return undefined;
      out.push({ key, entry });
    }
    return out;
  }

  private styleInfo(style: string): StyleInfo {
    const info = this.styles().find((s) => s.id === style);
    if (!info) {
      throw new Error(`Unknown citation style "${style}" (shipped: ${this.styles().map((s) => s.id).join(', ')})`);
    }
    return info;
  }

  private checkKeys(keys: readonly string[]): string[] {
    const unknown = keys.filter((k) => !this.items.has(k));
    if (unknown.length) throw new Error(`Unknown citation key${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
    return [...new Set(keys)];
  }

  private engine(style: string, format: CitationFormat): CiteprocEngine {
    this.styleInfo(style);
    const cacheKey = `${style}\u0000${format}`;
    let engine = this.engines.get(cacheKey);
    if (!engine) {
      const sys: CiteprocSys = {
        retrieveLocale: (lang) => {
          try {
            return this.loadFile(`locales-${lang}.json`);
          } catch {
            return this.loadFile('locales-en-US.json');
          }
        },
        retrieveItem: (id) => this.items.get(id),
      };
      engine = new (citeproc().Engine)(sys, this.loadFile(`${style}.json`));
      engine.setOutputFormat(format);
      this.engines.set(cacheKey, engine);
    }
    return engine;
  }

  /**
   * The narrow, data-driven corrections documented at {@link AND_ET_AL}, {@link PUBLISHED_ONLINE} and
   * {@link fixMissingVolume}; each applies only to output of the entries whose data calls for it.
   */
  private fixUp(out: string, ids: readonly string[]): string {
    if (ids.some((id) => this.truncated.has(id))) out = out.replace(AND_ET_AL, ' $1');
    const noVolume = ids.length === 1 ? this.missingVolume.get(ids[0]) : undefined;
    if (noVolume) out = fixMissingVolume(out.replace(PUBLISHED_ONLINE, ''), noVolume.year, noVolume.page);
    return out;
  }
}
