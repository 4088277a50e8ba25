// Honest limits of the content, as short texts the views show: the years the literature covers, and a
// caveat on entries the source printed incompletely. Pure: the texts come from data/about.json.
import type { Reference } from '../types';
import { completionSummary } from './submission';

/** data/about.json (schema: data/schema/about.schema.json). */
export interface ContentNotes {
  literatureYears: { from: number; to: number };
  /** What the content does not cover, e.g. work after the last year. */
  limits: string;
  /** The caveat shown on a reference whose authors the source truncated. */
  truncatedAuthors: string;
}

/** A reference as the views hold it: one of the 72, or a record that replaced it (which may carry identifiers). */
export type CaveatInput = Pick<Reference, 'authors-truncated' | 'completed'> & { DOI?: string; PMID?: string; issue?: string | number };

/**
 * True when the entry lists only some of its authors ("et al.") and gives nothing to check it against:
 * no DOI, PMID or issue number. A complete record (e.g. from the writer's own library) needs no caveat,
 * nor does an entry completed from its own record (the views say what was completed instead).
 */
export function needsVerification(reference: CaveatInput): boolean {
  if (reference['authors-truncated'] !== true || reference.completed !== undefined) return false;
  const present = (value: unknown) => value !== undefined && value !== null && String(value).trim() !== '';
  return !present(reference.DOI) && !present(reference.PMID) && !present(reference.issue);
}

/** The caveat for an entry, or undefined when none applies. */
export function referenceCaveat(reference: CaveatInput, notes: Pick<ContentNotes, 'truncatedAuthors'>): string | undefined {
  return needsVerification(reference) ? notes.truncatedAuthors : undefined;
}

/**
 * A pick item's detail with the caveat appended ("… · Authors truncated …"), or for an entry completed
 * from its record what was completed ("… · Completed from PubMed …"), or unchanged.
 */
export function withCaveat(detail: string, reference: CaveatInput, notes: Pick<ContentNotes, 'truncatedAuthors'>): string {
  const caveat = referenceCaveat(reference, notes) ?? (reference.completed ? completionSummary({ id: '', ...reference }, { note: false }) : undefined);
  if (caveat === undefined) return detail;
  return detail.trim() === '' ? caveat : `${detail} · ${caveat}`;
}

