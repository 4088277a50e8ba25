// Citation formatting over citeproc-js with the official CSL styles shipped in dist/csl.
// Pure: no `vscode` here. Styles and locales are read through a caller-supplied loader so the same
// code runs in the extension, the CLI and the unit tests. Beside it: citationTypes (shared shapes),
// citeproc (the engine, loaded on first use), citationFixes (CSL items and output corrections),
// precomputedEntries (entries formatted at build time).
import type { CslItem } from '../types';
import type { BibliographyEntry, CitationFormat, StyleInfo, StyleLoader } from './citationTypes';
import { newEngine, parseStyleXml, type CiteprocEngine } from './citeproc';
import type { ResolvedStyle, StyleLayout } from '../styles/resolveStyle';
import { CslItems, decodeEntities, htmlEntryBody, type CslRecords } from './citationFixes';
import { formChanges, titleFormOf, type FormChanges, type TitleForm } from './titleForm';
import { itemFingerprint, PrecomputedTables, type PrecomputedEntries } from './precomputedEntries';

export type { BibliographyEntry, CitationFormat, StyleInfo, StyleLoader } from './citationTypes';
export { itemFingerprint, type PrecomputedEntries } from './precomputedEntries';

/** The tables for `entries-<style>.json`, by style: every reference, text and HTML, via citeproc-js. */
export function precomputeEntries(references: readonly CslItem[], loadFile: StyleLoader): Record<string, PrecomputedEntries> {
  const formatter = new CitationFormatter(references, loadFile, { precomputed: false });
  const fingerprints = formatter.fingerprints();
  const tables: Record<string, PrecomputedEntries> = {};
  for (const { id } of formatter.styles()) {
    const entries = (format: CitationFormat) => Object.fromEntries(references.map((r) => [r.id, formatter.reference(r.id, id, format)]));
    tables[id] = { fingerprints, text: entries('text'), html: entries('html') };
  }
  return tables;
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
  private readonly csl = new CslItems();
  private readonly engines = new Map<string, CiteprocEngine>();
  private manifest: StyleInfo[] | undefined;
  /**
   * Styles beside the shipped ones: a journal's, or the writer's `.csl` (core/styles/resolveStyle.ts).
   * Formatters made for one editor share it (options.addedStyles), so a style added once formats everywhere.
   */
  readonly addedStyles: Map<string, ResolvedStyle>;
  private abbreviate: ((journal: string) => string | undefined) | undefined;
  /** Each style's title form (core/format/titleForm.ts), by style key. */
  private readonly forms = new Map<string, TitleForm>();
  /** Build-time entries; undefined: formatting everything afresh with citeproc-js. */
  private readonly tables: PrecomputedTables | undefined;

  /**
   * @param references the knowledge base's references (CSL-JSON plus our custom fields)
   * @param loadFile reads a file of the shipped CSL folder (styles, locales, `styles.json`, `entries-<style>.json`)
   * @param options.precomputed use the entries formatted at build time (default true; false formats
   *   everything with citeproc-js, as the build itself and the tests comparing both do)
   * @param options.addedStyles another formatter's added styles, to share them
   */
  constructor(
    references: CslRecords,
    private readonly loadFile: StyleLoader,
    options: { precomputed?: boolean; addedStyles?: Map<string, ResolvedStyle> } = {},
  ) {
    this.addedStyles = options.addedStyles ?? new Map();
    if (options.precomputed !== false) this.tables = new PrecomputedTables(loadFile, (key) => this.csl.item(key));
    this.csl.set(references);
  }

  /**
   * Replaces the references it formats (the writer's library changed: new entries, or a Zotero
   * export rewritten). Every cached entry and engine is dropped, so nothing stale is ever printed.
   */
  setReferences(references: CslRecords): void {
    for (const cache of [this.entryCache, this.setCache, this.engines, this.tables]) cache?.clear();
    this.csl.set(references);
  }

  /**
   * A journal's abbreviation when its record has none, for styles that abbreviate (AMA, Vancouver):
   * undefined until a host supplies the list (core/format/journalAbbreviations.ts). Setting it drops
   * every entry formatted without it.
   */
  get journalAbbreviation(): ((journal: string) => string | undefined) | undefined {
    return this.abbreviate;
  }
  set journalAbbreviation(lookup: ((journal: string) => string | undefined) | undefined) {
    if (lookup === this.abbreviate) return;
    this.abbreviate = lookup;
    for (const cache of [this.entryCache, this.setCache, this.engines]) cache.clear();
    this.csl.dropFormed();
  }

  /**
   * What `style` prints differently from a writer's record of `key`: its title in sentence case, its
   * journal's abbreviation supplied from the list. Empty for the review's and the added literature's
   * records (printed as stored) and when nothing changes.
   */
  formChanges(key: string, style: string): FormChanges {
    const item = this.csl.item(key);
    if (!item || !this.hasStyle(style)) return {};
    const formed = this.csl.inForm(key, this.styleTitleForm(style), this.abbreviate);
    return item && formed ? formChanges(item, formed) : {};
  }

  /** The shipped styles in display order (the first is the default, AMA), then the added ones. */
  styles(): StyleInfo[] {
    return [...this.shippedStyles(), ...[...this.addedStyles.values()].map((s) => ({ ...s.info }))];
  }

  /** The shipped styles only (styles.json). */
  shippedStyles(): StyleInfo[] {
    if (!this.manifest) this.manifest = this.loadFile('styles.json') as StyleInfo[];
    return this.manifest.map((s) => ({ ...s }));
  }

  /**
   * Formats with `style` too from now on (a journal's style, or a `.csl` file). Caches are keyed by the
   * style object, so a changed file added again is never formatted with its old layout.
   */
  addStyle(style: ResolvedStyle): void {
    if (this.shippedStyles().some((s) => s.id === style.info.id)) return;
    this.addedStyles.set(style.info.id, style);
  }

  /** Where a style's layout comes from: a shipped style's files (its `.csl` for pandoc), or a `.csl` text. */
  styleLayout(style: string): StyleLayout {
    this.styleInfo(style);
    return this.addedStyles.get(style)?.layout ?? { shipped: style };
  }

  /** The style's tree as citeproc-js reads it (the preview reads its citation layout from it). */
  styleTree(style: string): unknown {
    const layout = this.styleLayout(style);
    return 'shipped' in layout ? this.loadFile(`${layout.shipped}.json`) : parseStyleXml(layout.xml);
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
    const layout = this.styleLayout(style);
    // A journal's style that is a shipped one under its own name prints the shipped style's entries.
    const ready = 'shipped' in layout && (ids.length === 1 || this.isNumeric(style)) ? this.tables?.lookup(ids, layout.shipped, format) : undefined;
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
      return { key, entry: this.csl.fixUp(entry, [key]) };
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
        const id = `${this.styleKey(style)}\u0000${format}\u0000${key}`;
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
    const id = `${this.styleKey(style)}\u0000${format}\u0000${[...keys].sort().join(',')}`;
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
    return this.csl.fixUp(decodeEntities(out).trim(), ids);
  }

  /**
   * pandoc's author-in-text citation (`@key`, `@key [p. 3]`) in an author-date style: the names, then
   * the rest of the cluster, as pandoc prints it: APA "Gousseff et al. (2011)", "Kapoor et al. (2010,
   * p. 3)". `page` is a page locator ("3", "12-14"). Numeric styles throw (see core/preview/authorInText.ts).
   */
  textCitation(key: string, style: string, scope: readonly string[] = [key], page?: string): string {
    if (this.isNumeric(style)) throw new Error(`Style "${style}" is numeric: its citations carry no names`);
    const [id] = this.checkKeys([key]);
    const engine = this.engine(style, 'text');
    engine.updateItems([...new Set([...this.checkKeys(scope), id])]);
    const names = engine.makeCitationCluster([{ id, 'author-only': true }]);
    const rest = engine.makeCitationCluster([{ id, 'suppress-author': true, ...(page ? { locator: page, label: 'page' } : {}) }]);
    return this.csl.fixUp(decodeEntities(`${names} ${rest}`).trim(), [id]);
  }

  /** Fingerprints of our CSL items by key (see {@link itemFingerprint}). */
  fingerprints(): Record<string, string> {
    return Object.fromEntries([...this.csl.items].map(([id, item]) => [id, itemFingerprint(item)]));
  }

  private styleInfo(style: string): StyleInfo {
    const info = this.styles().find((s) => s.id === style);
    if (!info) {
      throw new Error(`Unknown citation style "${style}" (shipped: ${this.styles().map((s) => s.id).join(', ')})`);
    }
    return info;
  }

  private checkKeys(keys: readonly string[]): string[] {
    const unknown = keys.filter((k) => !this.csl.has(k));
    if (unknown.length) throw new Error(`Unknown citation key${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
    return [...new Set(keys)];
  }

  /** A style's cache key: its id, and for an added style which version of it (re-added when its file changed). */
  private styleKey(style: string): string {
    const added = this.addedStyles.get(style);
    if (!added) return style;
    let n = this.versions.get(added);
    if (n === undefined) this.versions.set(added, (n = ++this.lastVersion));
    return `${style}#${n}`;
  }
  private readonly versions = new WeakMap<ResolvedStyle, number>();

  /** What the style does with titles and journal names (core/format/titleForm.ts). */
  styleTitleForm(style: string): TitleForm {
    const key = this.styleKey(style);
    let form = this.forms.get(key);
    if (!form) this.forms.set(key, (form = titleFormOf(this.styleTree(style))));
    return form;
  }
  private lastVersion = 0;

  private engine(style: string, format: CitationFormat): CiteprocEngine {
    this.styleInfo(style);
    const cacheKey = `${this.styleKey(style)}\u0000${format}`;
    let engine = this.engines.get(cacheKey);
    if (!engine) {
      const form = this.styleTitleForm(style);
      engine = newEngine(this.loadFile, this.styleTree(style), format, (id) => this.csl.inForm(id, form, this.abbreviate));
      this.engines.set(cacheKey, engine);
    }
    return engine;
  }
}
