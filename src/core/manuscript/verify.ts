// The safety net of a plan, on the text as it would be after the edits.
import type { TextEdit } from '../types';
import { applyEdits } from './edits';
import { analyze, workOf, type Analysis } from './scan';
import { lineOf } from './text';
import type { CitationContext, InternalMarker, PlanItem } from './types';

/**
 * Where each original offset lands after the edits (offsets inside a replaced range: -1). A binary
 * search over the sorted edits with their running shift: every marker of a long manuscript is mapped.
 */
export function positionMap(edits: TextEdit[]): (pos: number) => number {
  const sorted = [...edits].sort((x, y) => x.start - y.start || x.end - y.end);
  // shiftBefore[i]: the total shift of the edits before sorted[i].
  const shiftBefore: number[] = [0];
  for (const e of sorted) shiftBefore.push(shiftBefore[shiftBefore.length - 1] + e.newText.length - (e.end - e.start));
  return (pos: number) => {
    // The first edit that does not end at or before pos.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].end <= pos) lo = mid + 1;
      else hi = mid;
    }
    const next = sorted[lo];
    if (next && next.start < pos && pos < next.end) return -1;
    return pos + shiftBefore[lo];
  };
}

/** A new marker goes in the few characters before `m` (splitting the word it follows, say). */
function insertedJustBefore(items: PlanItem[], m: InternalMarker): boolean {
  return items.some((it) => !it.marker && it.pos <= m.start && m.start - it.pos <= 16);
}

/** The same works (a numeric marker reads back the key its number lists, not the one cited). */
function sameWorks(x: string[], y: string[], work: (key: string) => string): boolean {
  const a = new Set(x.map(work));
  const b = new Set(y.map(work));
  return a.size === b.size && [...a].every((k) => b.has(k));
}

/**
 * Safety net, on the text as it would be: every marker that was there reads back at its place and
 * still cites what it cited (typed numbers stay unresolved); every new marker reads back exactly as
 * written; the list is found and up to date (a second run changes nothing). Returns where each
 * item's marker ends in the new text (where a cursor that cited there lands).
 */
export function verifyPlan(
  text: string,
  a: Analysis,
  ctx: CitationContext,
  result: TextEdit[],
  items: PlanItem[],
  wantBlock: boolean,
  replan: (after: string) => TextEdit[],
): Map<PlanItem, number> {
  const after = applyEdits(text, result);
  const b = analyze(after, a.convention, { ...a.options, markup: a.markup }, ctx.eol);
  const work = workOf(a);
  const sameSet = (x: string[], y: string[]) => sameWorks(x, y, work);
  const at = new Map(b.markers.map((m) => [m.start, m]));
  const map = positionMap(result);
  const claimed = new Set<InternalMarker>();
  const ends = new Map<PlanItem, number>();
  const itemOf = new Map(items.filter((it) => it.marker).map((it) => [it.marker!, it]));
  for (const m of a.markers) {
    const bm = at.get(map(m.start));
    const it = itemOf.get(m);
    const keys = !it ? m.keys : a.convention === 'numeric' ? it.keys : [...m.keys, ...it.added];
    const same = bm && !!bm.foreign === !!m.foreign && (m.foreign ? bm.raw === m.raw : sameSet(bm.keys, keys));
    if ((!bm || !same) && insertedJustBefore(items, m)) {
      throw new Error(
        `The citation cannot be inserted at this position: the writer's ${m.raw} right after it would no longer read as it does ` +
          '(for example after a single letter a superscript reads as an exponent). Move the cursor and try again.',
      );
    }
    if (!bm || !same) {
      throw new Error(
        `Internal error: the planned edit would change what the citation ${m.raw} on line ${lineOf(text, m.start)} refers to; nothing was changed.`,
      );
    }
    claimed.add(bm);
    if (it) ends.set(it, bm.end);
  }
  const fresh = b.markers.filter((m) => !claimed.has(m));
  const wanted = items.filter((it) => !it.marker);
  for (let i = 0; i < Math.max(fresh.length, wanted.length); i++) {
    const got = fresh[i];
    const want = wanted[i];
    if (!got || !want || got.raw !== want.written || !sameSet(got.keys, want.keys)) {
      const reason =
        want && (!got || got.raw !== want.written)
          ? `"${want.written}" would not read back as written`
          : `the writer's "${got!.raw}" would then read as a citation`;
      throw new Error(
        `The citation cannot be inserted at this position: ${reason} ` +
          '(for example right before "(" it would read as a link, right after a number as an exponent). Move the cursor and try again.',
      );
    }
    ends.set(want, got.end);
  }
  if (wantBlock && !b.list) throw new Error('Internal error: the reference list would not be found again; nothing was changed.');
  if (b.list && wantBlock) {
    const again = replan(after);
    if (again.length > 0) {
      throw new Error('Internal error: the planned citation edit is not stable; nothing was changed.');
    }
  }
  return ends;
}
