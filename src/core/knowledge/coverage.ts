// What the built-in literature covers, as the views say it: the review's entries (to its last year) and
// the works added after it from their PubMed records. Derived from the data, so the counts, years and
// the date checked cannot drift from what is shipped. Pure: no `vscode`.
import type { Reference } from '../types';

/** The `origin` of a work added after the review (absent on the review's own entries). */
export const UPDATE_ORIGIN = 'literature-update';

export function isAddedWork(reference: Pick<Reference, 'origin'>): boolean {
  return reference.origin === UPDATE_ORIGIN;
}

/** The two parts of the built-in literature: the review's years and count, the update's count and date. */
export interface Coverage {
  reviewFrom: number;
  reviewTo: number;
  reviewCount: number;
  updateCount: number;
  /** The latest day an added work's record was checked (YYYY-MM-DD), or undefined without added works. */
  checkedThrough?: string;
}

const year = (reference: Reference) => reference.issued['date-parts'][0][0];

export function coverageOf(references: readonly Reference[]): Coverage {
  const review = references.filter((r) => !isAddedWork(r));
  const added = references.filter(isAddedWork);
  const checked = added.map((r) => r.provenance?.checked ?? '').filter(Boolean).sort();
  return {
    reviewFrom: Math.min(...review.map(year)),
    reviewTo: Math.max(...review.map(year)),
    reviewCount: review.length,
    updateCount: added.length,
    checkedThrough: checked[checked.length - 1],
  };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "December 2026" from "2026-12-04". */
export function monthYear(isoDate: string): string {
  const [y, m] = isoDate.split('-').map(Number);
  return `${MONTHS[m - 1] ?? ''} ${y}`.trim();
}

/** "Review literature 1960–2014 (72 works); update checked through December 2026 (30 works)." */
export function coverageText(coverage: Coverage): string {
  const review = `Review literature ${coverage.reviewFrom}\u2013${coverage.reviewTo} (${coverage.reviewCount} works)`;
  if (!coverage.updateCount || !coverage.checkedThrough) return `${review}.`;
  return `${review}; update checked through ${monthYear(coverage.checkedThrough)} (${coverage.updateCount} works).`;
}

/** Where a built-in work comes from: "ISCLS review (to 2014)" or "literature update (checked 2026-12-04)". */
export function originLabel(reference: Reference, reviewTo: number): string {
  if (isAddedWork(reference)) return `literature update (checked ${reference.provenance?.checked ?? 'date unknown'})`;
  return `ISCLS review (to ${reviewTo})`;
}
