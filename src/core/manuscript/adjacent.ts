// Citing next to a citation adds to it, as EndNote and Zotero do: `[1] |` + cite → `[1,2]`, not
// `[1] [2]`; the same for `^1^`, `<sup>1</sup>`, `[@a]` (→ `[@a; @b]`) and `\cite{a}` (→ `\cite{a,b}`).
//
// Adjacent means only blanks (spaces, tabs; never a line break) between the cursor and the marker,
// or one punctuation mark where medical styles put it: after a bracketed marker ("[1].|" merges,
// Vancouver puts the number before the full stop) and before a superscript ("shock|.^1^" merges,
// AMA puts the superscript after it). Anything else ("[1]. |", a word between) is a new citation.
import type { InternalMarker } from './types';

const BLANKS = /^[ \t]*$/;
const PUNCTUATION = /^[.,;:]$/;

function isSuperscript(m: InternalMarker): boolean {
  return m.form === 'numeric-superscript' || m.form === 'numeric-sup';
}

/** The marker a citation typed at `offset` should join, among `candidates` (mergeable markers). */
export function adjacentMarker(text: string, candidates: readonly InternalMarker[], offset: number): InternalMarker | undefined {
  let before: InternalMarker | undefined;
  let after: InternalMarker | undefined;
  for (const m of candidates) {
    if (m.end <= offset && (!before || m.end > before.end)) before = m;
    if (m.start >= offset && (!after || m.start < after.start)) after = m;
  }
  const gapBefore = before ? text.slice(before.end, offset) : undefined;
  const gapAfter = after ? text.slice(offset, after.start) : undefined;
  // Blanks only: the nearer marker wins; a tie goes to the one before (reading order).
  const blankBefore = gapBefore !== undefined && BLANKS.test(gapBefore);
  const blankAfter = gapAfter !== undefined && BLANKS.test(gapAfter);
  if (blankBefore && (!blankAfter || gapBefore!.length <= gapAfter!.length)) return before;
  if (blankAfter) return after;
  if (before && !isSuperscript(before) && PUNCTUATION.test(gapBefore!)) return before;
  if (after && isSuperscript(after) && PUNCTUATION.test(gapAfter!)) return after;
  return undefined;
}
