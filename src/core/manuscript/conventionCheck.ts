// A change of convention (a setting, a language, a `--format`) must never empty or rewrite a
// reference list silently: when the markers the document cites with are not the ones the chosen
// convention reads, say so and name the conversion.
import type { Convention } from '../types';
import { conventionName } from './convert';
import { analyze, firstAppearance } from './scan';
import { mayHaveMarkers } from './convention';
import type { ScanOptions } from './types';

export interface ConventionMismatch {
  /** The convention the document was going to be read in. */
  expected: Convention;
  /** The convention its citations are written in. */
  found: Convention;
  /** Citations written in `found`. */
  count: number;
  message: string;
}

const ALL: Convention[] = ['pandoc', 'latex', 'numeric'];

/** Citations that resolve to known works when the text is read in `c`. */
function citedIn(text: string, c: Convention, options: ScanOptions): { markers: number; works: number } {
  if (!mayHaveMarkers(text, c)) return { markers: 0, works: 0 }; // no analysis of a long text for nothing
  // The same options in every convention (markup matters to numeric only): the analyses are then
  // the ones convention detection and the manuscript model already made.
  const a = analyze(text, c, options);
  const markers = a.markers.filter((m) => !m.foreign && m.keys.some(a.known)).length;
  return { markers, works: firstAppearance(a.markers, a.known).length };
}

/**
 * undefined when `convention` reads the document's citations; otherwise the convention they are
 * written in and a message naming the conversion. A mismatch is: `convention` finds no citation
 * while another finds some, or the document has a list and another convention reads more of its
 * works (markers the list depends on would be lost).
 */
export function checkConvention(text: string, convention: Convention, options: ScanOptions = {}): ConventionMismatch | undefined {
  const own = citedIn(text, convention, options);
  const hasList = analyze(text, convention, options).list !== undefined;
  let best: { c: Convention; markers: number; works: number } | undefined;
  for (const c of ALL) {
    if (c === convention) continue;
    const other = citedIn(text, c, options);
    if (other.markers > 0 && (!best || other.works > best.works)) best = { c, ...other };
  }
  if (!best) return undefined;
  if (!(own.markers === 0 || (hasList && own.works < best.works))) return undefined;
  const n = best.markers;
  const loss = !hasList ? 'a reference list written now would leave them out' : `updating its reference list now would drop ${own.works === 0 ? 'every entry' : 'entries'}`;
  return {
    expected: convention,
    found: best.c,
    count: n,
    message:
      `This document cites with ${conventionName(best.c)} markers (${n} citation${n > 1 ? 's' : ''}), which the ${conventionName(convention)} ` +
      `convention does not read: ${loss}. ` +
      `Convert the citations to ${convention} first (Convert Citations, or iscls convert FILE --to ${convention}), or keep the ${best.c} convention.`,
  };
}
