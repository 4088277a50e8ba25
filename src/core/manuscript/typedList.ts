// A numbered reference list the writer already has at the end of a document, typed or pasted
// from a reference manager (EndNote's or Zotero's formatted bibliography):
//
//     References                      ← optional heading ("## References", "Bibliography", …)
//     1. Clarkson B, Thompson D, … Am J Med. 1960;29:193-216.
//     2. Druey KM, Greipp PR. Narrative review: …
//        continuation lines belong to the entry above
//     [3] Gousseff M, … (also "3)" and "3 " forms; blank lines between entries are fine)
//
// Entries must be numbered 1, 2, 3 … in order; the list runs to the end of the document.
import { lines } from './text';

export interface TypedEntry {
  n: number;
  /** The entry's text, continuation lines joined with a space, number removed. */
  text: string;
  start: number;
  end: number;
}

export interface TypedList {
  /** Start of the first entry (the heading, if any, is kept). */
  start: number;
  /** End of the last entry (trailing blank lines are not part of it). */
  end: number;
  heading?: string;
  entries: TypedEntry[];
}

const ENTRY = /^[ \t]{0,3}(?:\[(\d{1,3})\]|(\d{1,3})[.)]|(\d{1,3})(?=[ \t]))[ \t]+(\S.*)$/;
const HEADING = /^[ \t]*(?:#{1,6}[ \t]*|\\section\*?\{|\*\*)?(references|reference list|bibliography|literature cited|works cited|sources)[ \t]*(?:\}|\*\*)?:?[ \t]*$/i;

/**
 * The typed list at the end of `text`, or undefined when the document does not end with one.
 * Throws when a list is there but its numbers are not 1, 2, 3 … in order (what to fix is named).
 */
export function findTypedList(text: string): TypedList | undefined {
  const all = lines(text);
  let last = all.length - 1;
  while (last >= 0 && text.slice(all[last].start, all[last].end).trim() === '') last--;
  if (last < 0) return undefined;
  // Walk back over paragraphs whose first line is an entry (a paragraph's lines may be continuations).
  let first = -1;
  let i = last;
  while (i >= 0) {
    let top = i;
    while (top > 0 && text.slice(all[top - 1].start, all[top - 1].end).trim() !== '') top--;
    const firstLine = text.slice(all[top].start, all[top].end);
    const entryAt = findEntryStart(text, all, top, i);
    if (entryAt < 0) break;
    first = entryAt;
    if (entryAt > top) break; // the paragraph starts with prose: the list starts inside it
    if (HEADING.test(firstLine)) break;
    i = top - 1;
    while (i >= 0 && text.slice(all[i].start, all[i].end).trim() === '') i--;
  }
  if (first < 0) return undefined;
  const entries: TypedEntry[] = [];
  for (let k = first; k <= last; k++) {
    const content = text.slice(all[k].start, all[k].end);
    if (content.trim() === '') continue;
    const m = ENTRY.exec(content);
    if (m) entries.push({ n: Number(m[1] ?? m[2] ?? m[3]), text: m[4].trim(), start: all[k].start, end: all[k].end });
    else {
      const e = entries[entries.length - 1];
      e.text += ` ${content.trim()}`;
      e.end = all[k].end;
    }
  }
  if (entries.length === 0 || entries[0].n !== 1) return undefined; // "12 patients were seen." is prose
  const wrong = entries.findIndex((e, idx) => e.n !== idx + 1);
  if (wrong >= 0) {
    throw new Error(
      `The numbered list at the end of the document is not numbered 1, 2, 3 … in order (entry ${wrong + 1} is numbered ${entries[wrong].n}); ` +
        'fix its numbering first. Nothing was changed.',
    );
  }
  let heading: string | undefined;
  for (let k = first - 1; k >= 0; k--) {
    const content = text.slice(all[k].start, all[k].end).trim();
    if (content === '') continue;
    if (HEADING.test(content)) heading = content;
    break;
  }
  return { start: entries[0].start, end: entries[entries.length - 1].end, heading, entries };
}

/** The first line in lines top..bottom where a run of entries (to the bottom) starts, or -1. */
function findEntryStart(text: string, all: ReturnType<typeof lines>, top: number, bottom: number): number {
  let start = -1;
  for (let k = bottom; k >= top; k--) {
    const content = text.slice(all[k].start, all[k].end);
    if (ENTRY.test(content)) start = k;
    else if (HEADING.test(content)) return start;
  }
  return start;
}
