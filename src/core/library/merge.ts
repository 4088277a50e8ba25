// The writer's library merged with the review's 72 references. Pure.
//
// * Files are given in priority order; a key defined in two files resolves to the first and the
//   later definition is reported.
// * A key defined in the library resolves to the library's entry, even if the review has it too.
// * A library entry that is the same work as one of the 72 (same DOI or PMID, or the same normalised
//   title, year and first author) is one work: its library record (usually the more complete) is
//   the one formatted, and the review's key resolves to it too.
import { asciiFold, firstAuthorName, itemYear } from './keys';
import type { CslItem, LibraryEntry, LibraryFile, LibraryProblem } from './types';
import type { Reference } from '../types';
import { REVIEW_SOURCE, type ReferenceResolver, type ResolvedReference, type Work } from '../manuscript/resolver';

export { REVIEW_SOURCE, type ResolvedReference, type Work } from '../manuscript/resolver';
import { lazyRegExp } from '../lazyRegExp';
import { SLICE_MS, runInSlices, runToEnd, type Steps } from './slices';
import type { CslRecordSource } from '../format/citationFixes';

// Patterns used for every entry of a library, made once (a regular expression literal is a new object
// each time it is evaluated).
const MARKUP = /<[^>]+>/g;
const OUTER_BRACKETS = /^\[|\]$/g;
const DOI_PREFIX = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/;
const NUL = /\0/g;

/** Title without case, accents, punctuation or markup: "Cyclical Edema, and Shock!" → "cyclicaledemaandshock". */
export function normaliseTitle(title: unknown): string {
  return asciiFold(String(title ?? '').replace(MARKUP, '').replace(OUTER_BRACKETS, ''));
}

/**
 * The same-work keys of each entry of a parsed file, kept while the file lives: a library parsed
 * once is merged again whenever the set of files changes (a Zotero rewrite of another file, another
 * document, another setting), and only the files read anew are worked out again.
 */
const fileWorkKeys = new WeakMap<LibraryFile, string[]>();
const KEY_SEPARATOR = '\0';

/**
 * Each entry's same-work keys as one string, NUL between keys (none has one): a flat string holds a 20,000-entry
 * library's keys in a fraction of the memory an array of concatenated strings per entry takes.
 */
function* workKeysOf(file: LibraryFile): Steps<string[]> {
  let keys = fileWorkKeys.get(file);
  if (keys && keys.length === file.entries.length) return keys;
  keys = [];
  for (const entry of file.entries) {
    if (keys.length % CHECKPOINT_ENTRIES === 0) yield;
    keys.push(sameWorkKeys(entry.item).map(withoutNul).join(KEY_SEPARATOR));
  }
  fileWorkKeys.set(file, keys);
  return keys;
}

const withoutNul = (key: string) => key.replace(NUL, '');

function sameWorkKeys(item: CslItem): string[] {
  const keys: string[] = [];
  const doi = (item as { DOI?: unknown }).DOI;
  if (typeof doi === 'string' && doi.trim()) keys.push(`doi:${doi.trim().toLowerCase().replace(DOI_PREFIX, '')}`);
  const pmid = (item as { PMID?: unknown }).PMID;
  if (pmid !== undefined && String(pmid).trim()) keys.push(`pmid:${String(pmid).trim()}`);
  const title = normaliseTitle(item.title);
  const year = itemYear(item as CslItem);
  const author = asciiFold(firstAuthorName(item as CslItem));
  if (title.length >= 10 && year) keys.push(`t:${title}|${year}|${author}`);
  return keys;
}

/** The review's references by same-work key (the first reference of a key keeps it). */
function worksOf(review: readonly Reference[]): Map<string, Reference> {
  const byWork = new Map<string, Reference>();
  for (const ref of review) for (const k of sameWorkKeys(ref)) if (!byWork.has(k)) byWork.set(k, ref);
  return byWork;
}

function firstMatch<T>(keys: readonly string[], byWork: ReadonlyMap<string, T>): T | undefined {
  for (const k of keys) {
    const found = byWork.get(k);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Entries merged between checkpoints (a few milliseconds' work). */
const CHECKPOINT_ENTRIES = 250;
/** Lets {@link MergedLibrary.inSlices} make a library whose merge it then runs itself. */
const DEFERRED = Symbol('deferred');

export class MergedLibrary implements ReferenceResolver {
  private readonly byKey = new Map<string, ResolvedReference>();
  /** Every key → the key of the work it resolves to (its `Work.key`). */
  private readonly workOfKey = new Map<string, string>();
  private keySet = new Set<string>();
  readonly works: Work[] = [];
  readonly problems: LibraryProblem[] = [];
  /** Library entries that are one of the 72, with the review key they stand for. */
  readonly duplicates: { entry: LibraryEntry; review: Reference }[] = [];
  private steps: Steps<void> | undefined;

  constructor(review: readonly Reference[], files: readonly LibraryFile[], sourceName: (file: string) => string = baseName, deferred?: typeof DEFERRED) {
    const steps = this.merge(review, files, sourceName);
    if (deferred === DEFERRED) this.steps = steps;
    else runToEnd(steps);
  }

  /** The same merge with `pause()` awaited every few milliseconds (a large library in the editor). */
  static async inSlices(
    review: readonly Reference[],
    files: readonly LibraryFile[],
    sourceName: (file: string) => string,
    pause: () => Promise<void>,
    sliceMs = SLICE_MS,
  ): Promise<MergedLibrary> {
    const merged = new MergedLibrary(review, files, sourceName, DEFERRED);
    await runInSlices(merged.steps as Steps<void>, pause, sliceMs);
    merged.steps = undefined;
    return merged;
  }

  private *merge(review: readonly Reference[], files: readonly LibraryFile[], sourceName: (file: string) => string): Steps<void> {
    // Only a library entry looks its work up: the review alone (every document without a library, and
    // activation) does not key the 72 by work.
    const reviewByWork = files.some((file) => file.entries.length > 0) ? worksOf(review) : new Map<string, Reference>();
    const libraryByWork = new Map<string, Work>();
    const claimed = new Map<string, Work>(); // review key → the library work standing for it
    for (const file of files) {
      for (const problem of file.problems) this.problems.push(problem);
      const source = sourceName(file.file);
      const workKeys = yield* workKeysOf(file);
      for (let index = 0; index < file.entries.length; index++) {
        if (index % CHECKPOINT_ENTRIES === 0) yield;
        const entry = file.entries[index];
        // Until the review's keys are added below, every key resolved is a library entry's.
        const earlier = this.byKey.get(entry.key)?.entry;
        if (earlier) {
          this.problems.push({
            file: entry.file, line: entry.line, severity: 'warning',
            message: `key "${entry.key}" is also defined in ${sourceName(earlier.file)} (line ${earlier.line}), which is used`,
          });
          continue;
        }
        // The same work read earlier (another file, or the same file twice) is one work with one more key.
        const entryKeys = workKeys[index] ? workKeys[index].split(KEY_SEPARATOR) : [];
        const sameWork = firstMatch(entryKeys, libraryByWork);
        // Arrays made at their size: a 20,000-entry library holds 20,000 of each.
        const work: Work = sameWork ?? { key: entry.key, keys: [entry.key], item: entry.item, source, sources: [source], entry };
        if (sameWork) {
          work.keys.push(entry.key);
          if (!work.sources.includes(source)) work.sources.push(source);
        }
        for (const k of entryKeys) if (!libraryByWork.has(k)) libraryByWork.set(k, work);
        const reviewMatch = work.review ? undefined : firstMatch(entryKeys, reviewByWork);
        if (reviewMatch && !claimed.has(reviewMatch['citation-key'])) {
          work.review = reviewMatch;
          claimed.set(reviewMatch['citation-key'], work);
          this.duplicates.push({ entry, review: reviewMatch });
          // The work's keys read before this entry now stand for that review reference too.
          for (const k of work.keys) {
            const resolved = this.byKey.get(k);
            if (resolved) resolved.review = reviewMatch;
          }
        }
        this.byKey.set(entry.key, { key: entry.key, item: entry.item, source, review: work.review, entry });
        this.workOfKey.set(entry.key, work.key);
        if (!sameWork) this.works.push(work);
      }
    }
    const reviewWorks: Work[] = [];
    for (const ref of review) {
      const key = ref['citation-key'];
      const standIn = claimed.get(key);
      const shadow = this.byKey.get(key)?.entry; // the library entry of that key, if any
      if (shadow && !standIn?.keys.includes(key)) {
        this.problems.push({
          file: shadow.file, line: shadow.line, severity: 'warning',
          message: `key "${key}" is also a reference of the ISCLS review (a different work); in documents it means this entry`,
        });
      }
      if (standIn) {
        if (!standIn.keys.includes(key)) standIn.keys.push(key);
        // The review's key formats the library's record; a library key of the same name wins anyway.
        if (!this.byKey.has(key)) {
          this.byKey.set(key, { key, item: { ...standIn.item, id: key, 'citation-key': key }, source: standIn.source, review: ref, entry: standIn.entry });
          this.workOfKey.set(key, standIn.key);
        }
        continue;
      }
      if (shadow) continue; // the writer's entry owns the key; the review's work cannot be cited by it
      this.byKey.set(key, { key, item: ref, source: REVIEW_SOURCE, review: ref });
      reviewWorks.push({ key, keys: [key], item: ref, source: REVIEW_SOURCE, sources: [REVIEW_SOURCE], review: ref });
    }
    // The review's works first (in its order), then the library's in file order.
    this.works.unshift(...reviewWorks);
    this.keySet = new Set(this.byKey.keys());
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  get(key: string): ResolvedReference | undefined {
    return this.byKey.get(key);
  }

  keys(): ReadonlySet<string> {
    return this.keySet;
  }

  /** The work a key stands for (its `Work.key`): every key of one work, review or library, agrees. */
  readonly canonical = (key: string): string => this.workOfKey.get(key) ?? key;

  /** The library entries (not the review's), e.g. for counts per source. */
  libraryWorks(): Work[] {
    return this.works.filter((w) => w.entry);
  }
}

/** "refs.bib" from "/home/me/paper/refs.bib" or "file:///c%3A/refs.bib". */
export function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * The CSL items of every key that resolves, keyed as cited (`id` = key): what the citation
 * formatter needs to format the review's and the writer's references alike. Each is made when the
 * formatter first asks for it.
 */
export function formatterItems(merged: MergedLibrary): CslRecordSource {
  return {
    ids: () => merged.keys(),
    has: (key) => merged.has(key),
    record(key) {
      const resolved = merged.get(key) as ResolvedReference;
      if (!resolved.entry) return resolved.item;
      const item: CslItem = { ...resolved.item, id: key, 'citation-key': key };
      for (const role of ['author', 'editor']) if (Array.isArray(item[role])) item[role] = (item[role] as CslName[]).map(initialisable);
      return item;
    },
  };
}

interface CslName {
  family?: string;
  given?: string;
  literal?: string;
}

const hyphenLowerRe = lazyRegExp(String.raw`-\p{Ll}`, 'u');
const hyphenLowerAllRe = lazyRegExp(String.raw`-(\p{Ll})`, 'gu');

/**
 * citeproc-js initialises "Ji-woo" as "J woo" (it takes the lower-case part for a particle); with the
 * part after the hyphen capitalised it gives "JW" (AMA, Vancouver) and "J.-W." (APA), as the styles want.
 */
export function initialisable(name: CslName): CslName {
  if (!name.given || !hyphenLowerRe().test(name.given)) return name;
  return { ...name, given: name.given.replace(hyphenLowerAllRe(), (_, c: string) => `-${c.toUpperCase()}`) };
}
