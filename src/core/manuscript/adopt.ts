// Adopting a numbered draft: the writer typed (or pasted) the numbers and the list; each entry is
// matched to a work, and the typed list becomes the managed list, every number in the text still
// pointing at the same work (renumbered by first appearance, as the managed list numbers).
//
//   readDraft   → the typed list, each entry's match, which entries the text cites, and any
//                 refusal known before the writer is asked anything (no list, numbers beyond it);
//   planAdoption(keys chosen per entry) → one edit plan (one undo), checked by re-reading.
//
// Entries left unmatched are kept as typed, after the managed list, and reported; an unmatched
// entry that the text cites stops the adoption (its number would point nowhere).
import type { TextEdit } from '../types';
import { renderBlock } from './block';
import { applyEdits, normalizeEdits, type SeqEdit } from './edits';
import { refuseDoubtful } from './guards';
import { matchEntry, type CandidateItem, type EntryMatch } from './matchEntry';
import { planListUpdate } from './plan';
import { renderNumeric, sortedUnique } from './render';
import { analyze, firstAppearance } from './scan';
import { lineOf } from './text';
import { findTypedList, type TypedEntry, type TypedList } from './typedList';
import type { CitationContext, InternalMarker, Markup } from './types';

export interface Draft {
  list: TypedList;
  matches: EntryMatch[];
  /** Entry numbers the text cites. */
  cited: Set<number>;
}

/** Numeric markers before the typed list (the list's own "[1] …" lines are not citations). */
function textMarkers(text: string, list: TypedList, markup: Markup): InternalMarker[] {
  return analyze(text, 'numeric', { markup }).markers.filter((m) => m.end <= list.start);
}

/**
 * The typed list and its matches. Throws, before anything is asked, when there is no typed list,
 * the document already has a managed list, or a number in the text points beyond the list.
 */
export function readDraft(text: string, candidates: readonly CandidateItem[], markup: Markup = 'plain'): Draft {
  const managed = analyze(text, 'numeric', { markup }).list;
  if (managed) throw new Error('This document already has a managed reference list; there is nothing to adopt.');
  const list = findTypedList(text);
  if (!list) {
    throw new Error(
      'No numbered reference list found at the end of the document. Paste or type it there (1. …, 2. … or [1] …, ' +
        'optionally under a "References" heading) and try again.',
    );
  }
  const n = list.entries.length;
  const cited = new Set<number>();
  const beyond: string[] = [];
  const markers = textMarkers(text, list, markup);
  refuseDoubtful(text, markers, (x) => x >= 1 && x <= Math.max(n, candidates.length));
  for (const m of markers) {
    // "[2010]" is a year, not a citation: only numbers a list of these works could reach count.
    const reachable = (m.numbers ?? []).filter((x) => x >= 1 && x <= Math.max(n, candidates.length));
    if (reachable.some((x) => x > n)) beyond.push(`line ${lineOf(text, m.start)}: ${m.raw}`);
    for (const x of reachable) if (x <= n) cited.add(x);
  }
  if (beyond.length > 0) {
    throw new Error(
      `${beyond.length === 1 ? 'A number' : 'Numbers'} in the text point${beyond.length === 1 ? 's' : ''} beyond the ${n}-entry list at the end ` +
        `(${beyond.slice(0, 3).join('; ')}${beyond.length > 3 ? '; …' : ''}). Add the missing entries or fix the numbers; nothing was changed.`,
    );
  }
  return { list, matches: list.entries.map((e) => matchEntry(e.text, candidates)), cited };
}

export interface Adoption {
  edits: TextEdit[];
  /** Entries kept as typed (no work chosen), in list order. */
  unmatched: TypedEntry[];
  /** Works in the managed list, by first appearance. */
  keys: string[];
}

/**
 * The plan turning the typed list into the managed list. `keys[i]` is the work chosen for entry
 * i + 1 (undefined: kept as typed). Numbers are rewritten only where they change.
 */
export function planAdoption(text: string, draft: Draft, keys: (string | undefined)[], ctx: CitationContext): Adoption {
  const { list } = draft;
  const markup: Markup = ctx.markup ?? 'plain';
  const keyOf = (n: number) => keys[n - 1];
  const orphan = [...draft.cited].filter((n) => keyOf(n) === undefined).sort((x, y) => x - y);
  if (orphan.length > 0) {
    const shown = orphan.slice(0, 3).map((n) => `${n}. ${list.entries[n - 1].text.slice(0, 60)}`).join('; ');
    throw new Error(
      `The text cites ${orphan.length === 1 ? 'an entry' : 'entries'} with no matching work (${shown}): ${orphan.length === 1 ? 'its number' : 'their numbers'} ` +
        'would point nowhere. Add the work to your library or choose it, then adopt again; nothing was changed.',
    );
  }
  for (const k of keys) if (k !== undefined && !ctx.knownKeys.has(k)) throw new Error(`Unknown citation key "${k}".`);
  const markers = textMarkers(text, list, markup).filter((m) => (m.numbers ?? []).some((x) => x >= 1 && x <= list.entries.length));
  const order: string[] = [];
  for (const m of markers) for (const x of m.numbers ?? []) if (!order.includes(keyOf(x)!)) order.push(keyOf(x)!);
  const number = new Map(order.map((k, i) => [k, i + 1]));
  const edits: SeqEdit[] = [];
  for (const m of markers) {
    const locators = new Map<number, string>();
    (m.locators ?? []).forEach((loc, i) => loc !== undefined && locators.set(number.get(keyOf(m.numbers![i])!)!, loc));
    const nums = sortedUnique(m.numbers!.map((x) => number.get(keyOf(x)!)!));
    const old = sortedUnique(m.numbers!);
    if (old.length === nums.length && old.every((x, i) => x === nums[i])) continue;
    edits.push({ start: m.start, end: m.end, newText: renderNumeric(m.form, nums, m.listSep ?? ',', m.dash ?? '-', locators), seq: edits.length });
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const unmatched = list.entries.filter((e) => keyOf(e.n) === undefined);
  const block = renderBlock(markup, ctx.style, order, ctx.formatEntries([...order], ctx.style), eol);
  // Kept entries lose a bracketed number ("[4] …" would read as a citation), nothing else.
  const kept = unmatched.map((e) => text.slice(e.start, e.end).replace(/^([ \t]*)\[(\d+)\]/, '$1$2.'));
  const replacement = order.length > 0 ? [block, ...(kept.length ? ['', ...kept] : [])].join(eol) : kept.join(eol);
  edits.push({ start: list.start, end: list.end, newText: replacement, seq: edits.length });
  const result = normalizeEdits(text, edits);
  verifyAdoption(text, result, markers, keyOf, { ...ctx, markup });
  return { edits: result, unmatched, keys: order };
}

/** Every marker still cites the same works, and the new list is up to date. */
function verifyAdoption(
  text: string,
  edits: TextEdit[],
  markers: InternalMarker[],
  keyOf: (n: number) => string | undefined,
  ctx: CitationContext,
): void {
  const after = applyEdits(text, edits);
  const b = analyze(after, 'numeric', ctx);
  const again = b.markers.filter((m) => !m.foreign);
  const same =
    again.length === markers.length &&
    markers.every((m, i) => {
      const want = [...new Set(m.numbers!.map((x) => keyOf(x)))].sort().join(',');
      return [...new Set(again[i].keys)].sort().join(',') === want;
    });
  if (!same || !b.list || planListUpdate(after, 'numeric', ctx).length > 0 || firstAppearance(b.markers, b.known).length !== b.list.keys.length) {
    throw new Error('Internal error: the adopted document would not read back with the same citations; nothing was changed.');
  }
}
