// From our reference records to citeproc's CSL items, and the narrow, data-driven corrections of
// citeproc's output that those records call for. Pure: no `vscode` here.
import { itemInForm, type TitleForm } from './titleForm';
import type { CslItem } from '../types';
import { submissionRecord } from '../knowledge/submission';

/** Our fields that are not CSL (or that mean something else in CSL, like `number`). */
const CUSTOM_FIELDS = ['number', 'citation-key', 'authors-truncated', 'title-translated', 'review-listing', 'origin', 'provenance', 'completed', 'title-protected'] as const;

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
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);/gi, (m, code: string) => {
    const c = code.toLowerCase();
    if (c.startsWith('#x')) return String.fromCodePoint(parseInt(c.slice(2), 16));
    if (c.startsWith('#')) return String.fromCodePoint(parseInt(c.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' } as Record<string, string>)[c] ?? m;
  });
}

/** The rendered reference of one citeproc HTML bibliography entry, without the number column. */
export function htmlEntryBody(html: string): string {
  const inline = /<div class="csl-right-inline">([\s\S]*?)<\/div>/.exec(html);
  if (inline) return inline[1].trim();
  const entry = /<div class="csl-entry">([\s\S]*)<\/div>/.exec(html);
  return (entry ? entry[1] : html).trim();
}

/**
 * Records given by id and read only when one is first formatted: a merged library's 20,000 records
 * are not copied up front (core/library/merge.ts `formatterItems`).
 */
export interface CslRecordSource {
  ids(): Iterable<string>;
  has(id: string): boolean;
  record(id: string): CslItem;
}

/** What a formatter is given: the records themselves, or a source of them by id. */
export type CslRecords = readonly CslItem[] | CslRecordSource;

/**
 * The CSL items citeproc formats, made from our records, and the corrections their output needs:
 * entries whose author list the source truncated, and entries without a volume. The items are made
 * when first asked for, not when the records are given (the formatter is built at activation).
 */
export class CslItems {
  private readonly byId = new Map<string, Record<string, unknown>>();
  private readonly truncated = new Set<string>();
  /** Year and page of entries without a volume, for {@link fixMissingVolume}. */
  private readonly missingVolume = new Map<string, { year: string; page: string }>();
  /** The writer's records (not the review's 72 nor the added literature, printed as stored), with their protected title words. */
  private readonly writers = new Map<string, readonly string[]>();
  /** Items in a style's title form, by form and id. */
  private readonly formed = new Map<string, Record<string, unknown>>();
  /**
   * The records given to {@link set}, looked up by id when an item is first asked for: neither the first
   * card nor the first diagnostics of a 20,000-entry library go through its 20,000 ids.
   */
  private records: CslRecordSource = NO_RECORDS;

  /** The items by id (all of them made). */
  get items(): ReadonlyMap<string, Record<string, unknown>> {
    for (const id of this.records.ids()) this.make(id);
    return this.byId;
  }

  has(id: string): boolean {
    return this.byId.has(id) || this.records.has(id);
  }

  item(id: string): Record<string, unknown> | undefined {
    this.make(id);
    return this.byId.get(id);
  }

  /** The records formatted from now on, in place of any given before: every item made from them is dropped. */
  set(references: CslRecords): void {
    this.clear();
    this.records = isRecordSource(references) ? references : recordsOf(references);
  }

  private make(id: string): void {
    if (this.byId.has(id) || !this.records.has(id)) return;
    const given = this.records.record(id);
    // A review entry completed from its record is formatted as submitted (full authors, pages…).
    const ref = submissionRecord(given);
    const item: Record<string, unknown> = { ...ref };
    for (const f of CUSTOM_FIELDS) delete item[f];
    if (ref['authors-truncated']) {
      item.author = [...(Array.isArray(ref.author) ? ref.author : []), { literal: ET_AL_LITERAL }];
      this.truncated.add(ref.id);
    }
    if (!ref.volume && ref.page) {
      const issued = ref.issued as { 'date-parts'?: unknown[][] } | undefined;
      this.missingVolume.set(ref.id, { year: String(issued?.['date-parts']?.[0]?.[0] ?? ''), page: String(ref.page) });
    }
    this.byId.set(ref.id, item);
    if (!ref['review-listing'] && !ref.provenance) this.writers.set(ref.id, Array.isArray(ref['title-protected']) ? (ref['title-protected'] as string[]) : []);
  }

  /**
   * The item as a style with `form` prints it (core/format/titleForm.ts): a writer's Title Case title in
   * sentence case, its journal abbreviated. The review's and the added literature's items as stored.
   */
  inForm(id: string, form: TitleForm, abbreviate?: (journal: string) => string | undefined): Record<string, unknown> | undefined {
    const item = this.item(id);
    const protectedWords = this.writers.get(id);
    if (!item || !protectedWords) return item;
    const cacheKey = `${form.sentenceCase ? 's' : ''}${form.abbreviateJournals && abbreviate ? 'a' : ''}\u0000${id}`;
    let out = this.formed.get(cacheKey);
    if (!out) this.formed.set(cacheKey, (out = itemInForm(item, form, protectedWords, abbreviate)));
    return out;
  }

  /** Forgets the items made in a title form (the abbreviation list changed). */
  dropFormed(): void {
    this.formed.clear();
  }

  clear(): void {
    this.records = NO_RECORDS;
    this.byId.clear();
    this.writers.clear();
    this.formed.clear();
    this.truncated.clear();
    this.missingVolume.clear();
  }

  /**
   * The corrections documented at {@link AND_ET_AL}, {@link PUBLISHED_ONLINE} and
   * {@link fixMissingVolume}; each applies only to output of the entries whose data calls for it.
   */
  fixUp(out: string, ids: readonly string[]): string {
    for (const id of ids) this.make(id);
    if (ids.some((id) => this.truncated.has(id))) out = out.replace(AND_ET_AL, ' $1');
    const noVolume = ids.length === 1 ? this.missingVolume.get(ids[0]) : undefined;
    if (noVolume) out = fixMissingVolume(out.replace(PUBLISHED_ONLINE, ''), noVolume.year, noVolume.page);
    return out;
  }
}

function isRecordSource(records: CslRecords): records is CslRecordSource {
  return typeof (records as Partial<CslRecordSource>).record === 'function' && typeof (records as Partial<CslRecordSource>).ids === 'function';
}

const NO_RECORDS: CslRecordSource = { ids: () => [], has: () => false, record: (id) => { throw new Error(`no record ${id}`); } };

/** A list of records as a source: a later record of one id replaces an earlier one, as it always has. */
function recordsOf(references: readonly CslItem[]): CslRecordSource {
  const byId = new Map(references.map((reference) => [reference.id, reference]));
  return { ids: () => byId.keys(), has: (id) => byId.has(id), record: (id) => byId.get(id)! };
}
