// Which citation keys resolve, and to what. Pure: no `vscode` here.
//
// The review's 72 references are one source; the writer's own library is another. Every feature asks
// a `ReferenceResolver`, never the knowledge base directly, so a library merged with the review
// (core/library/merge.ts) answers for both.
//
// The one record model: a key resolves to a `ResolvedReference` and the pick lists `Work`s, whether
// the record is built in (data/references.json) or the writer's (`library/merge.ts` builds both).
import type { CslItem, Reference } from '../types';
import type { LibraryEntry } from '../library/types';

export type { CslItem } from '../types';

/** The source name of every built-in record (where it was published is the record's `origin`). */
export const REVIEW_SOURCE = 'ISCLS review';

/** What a key resolves to: the CSL item to format, and where it came from. */
export interface ResolvedReference {
  key: string;
  /** The CSL item to format; its `id` equals `key`. */
  item: CslItem;
  /** Where the record was read: {@link REVIEW_SOURCE}, or the library file's name ("refs.bib"). */
  source: string;
  /** The built-in record, when the key is one of them or the same work as one. */
  review?: Reference;
  /** The library entry (file and line), when the record comes from the writer's library. */
  entry?: LibraryEntry;
}

/** One work as the pick and the sidebar list it: once, whatever its keys and files. */
export interface Work extends ResolvedReference {
  /** The key to insert: the library's for library entries (pandoc finds it in the writer's file). */
  key: string;
  /** Every key that resolves to the work. */
  keys: string[];
  /** Every file the work was read from, in priority order ("refs.bib", "coauthor.ris"); built-in: [source]. */
  sources: string[];
}

/** True when the record is the built-in one (not the writer's copy of it). */
export const isBuiltIn = (r: Pick<ResolvedReference, 'source' | 'review'>): boolean => !!r.review && r.source === REVIEW_SOURCE;

export interface ReferenceResolver {
  has(key: string): boolean;
  get(key: string): ResolvedReference | undefined;
  /** Every key that resolves (the engine's `knownKeys`). */
  keys(): ReadonlySet<string>;
  /**
   * The work a key stands for: two keys of the same work (a review key and the writer's library key
   * for the same paper) give the same answer, so a document citing both numbers and lists the work
   * once. Absent: every key is its own work. A stable function (the engine's caches compare it).
   */
  readonly canonical?: (key: string) => string;
}

/** The review's 72 references as a resolver. */
export function reviewResolver(references: readonly Reference[]): ReferenceResolver {
  const byKey = new Map<string, ResolvedReference>();
  for (const reference of references) {
    const key = reference['citation-key'];
    byKey.set(key, { key, item: reference, source: REVIEW_SOURCE, review: reference });
  }
  const keys: ReadonlySet<string> = new Set(byKey.keys());
  return { has: (key) => byKey.has(key), get: (key) => byKey.get(key), keys: () => keys };
}
