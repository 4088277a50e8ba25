// Text edits: minimal, sorted, merged; and applying them.
import type { TextEdit } from '../types';

/** An edit with the order it was planned in (ties at one offset keep that order). */
export interface SeqEdit extends TextEdit {
  seq: number;
}

/** Trims unchanged prefixes/suffixes, sorts, merges touching edits, rejects overlaps. */
export function normalizeEdits(text: string, edits: SeqEdit[]): TextEdit[] {
  const trimmed: SeqEdit[] = [];
  for (const e of edits) {
    let { start, end, newText } = e;
    const old = text.slice(start, end);
    if (old === newText) continue;
    let p = 0;
    while (p < old.length && p < newText.length && old[p] === newText[p]) p++;
    let s = 0;
    while (s < old.length - p && s < newText.length - p && old[old.length - 1 - s] === newText[newText.length - 1 - s]) s++;
    start += p;
    end -= s;
    newText = newText.slice(p, newText.length - s);
    trimmed.push({ start, end, newText, seq: e.seq });
  }
  trimmed.sort((x, y) => x.start - y.start || (x.end === x.start ? 0 : 1) - (y.end === y.start ? 0 : 1) || x.seq - y.seq);
  const out: TextEdit[] = [];
  for (const e of trimmed) {
    const prev = out[out.length - 1];
    if (prev && e.start < prev.end) throw new Error('Internal error: overlapping citation edits.');
    if (prev && e.start === prev.end) {
      prev.newText += e.newText;
      prev.end = e.end;
    } else out.push({ start: e.start, end: e.end, newText: e.newText });
  }
  return out;
}

/** Applies non-overlapping edits (offsets against `text`). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((x, y) => x.start - y.start || x.end - y.end);
  const parts: string[] = [];
  let at = 0;
  for (const e of sorted) {
    if (e.start < at || e.end < e.start || e.end > text.length) throw new Error('Edits overlap or are out of range.');
    parts.push(text.slice(at, e.start), e.newText);
    at = e.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
