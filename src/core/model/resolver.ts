// Which citation keys resolve, and to what. Pure: no `vscode` here.
//
// The review's 72 references are one source; the writer's own library is another. Every feature asks
// a `ReferenceResolver`, never the knowledge base directly, so a library merged with the review
// (core/library/merge.ts) answers for both.
import type { Reference } from '../types';

/** A CSL-JSON item as citeproc reads it (the review's references are a superset of this). */
export interface CslItem {
  id: string;
  type?: string;
  [field: string]: unknown;
}

/** What a key resolves to: the CSL item to format, and where it came from. */
export interface ResolvedReference {
  key: string;
  item: CslItem;
  /** Human name of the source, e.g. "ISCLS review" or "refs.bib". */
  source: string;
  /** The review's own record, when the key is one of the 72. */
  review?: Reference;
}

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

export const REVIEW_SOURCE = 'ISCLS review';

/** The review's 72 references as a resolver. */
export function reviewResolver(references: readonly Reference[]): ReferenceResolver {
  const byKey = new Map<string, ResolvedReference>();
  for (const reference of references) {
    const key = reference['citation-key'];
    byKey.set(key, { key, item: reference as unknown as CslItem, source: REVIEW_SOURCE, review: reference });
  }
  const keys: ReadonlySet<string> = new Set(byKey.keys());
  return { has: (key) => byKey.has(key), get: (key) => byKey.get(key), keys: () => keys };
}
