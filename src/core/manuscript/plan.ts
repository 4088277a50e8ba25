// Planning citation edits: insert a citation, renumber, keep the managed list in step.
//
// A plan is built in named steps against one analysis of the ORIGINAL text:
//   checkInputs → refuseTypedNumbers → existingItems → placeInsertions → appearanceOrder
//   → markerEdits → listEdit → normalizeEdits → verifyPlan
// and returned as minimal, non-overlapping edits, to be applied as one undoable edit.
import type { Convention, TextEdit } from '../types';
import { adjacentMarker } from './adjacent';
import { renderBlock } from './block';
import { applyEdits, normalizeEdits, type SeqEdit } from './edits';
import { pandocKey, renderNumeric, sortedUnique, touchesWord, trailingLineBreaks } from './render';
import { analyze, firstAppearance, type Analysis } from './scan';
import { bomLength } from './regions';
import { lineOf, precededByOddBackslashes } from './text';
import type { BlockFlavor, CitationContext, InternalMarker, MarkerForm } from './types';

/** A citation site in the plan: an existing marker (possibly gaining keys) or a new one. */
interface Item {
  pos: number;
  /** Tie-break at equal pos: 0 new (before a marker starting there), 1 existing, 2 moved after. */
  tie: number;
  marker?: InternalMarker;
  keys: string[];
  added: string[];
  /** A new marker: its text as written (without the separating space or tie). */
  written?: string;
}

interface Insertion {
  offsets: number[];
  keys: string[];
}

/** Edits collected in planning order. */
class EditList {
  readonly all: SeqEdit[] = [];
  push(start: number, end: number, newText: string): void {
    this.all.push({ start, end, newText, seq: this.all.length });
  }
  insertsAt(pos: number): boolean {
    return this.all.some((x) => x.start === pos && x.end === pos);
  }
}

function checkInputs(ctx: CitationContext, convention: Convention): void {
  if (!ctx || !ctx.knownKeys || typeof ctx.formatEntries !== 'function') {
    throw new Error('Citation context is incomplete: knownKeys and formatEntries are required.');
  }
  if (typeof ctx.style !== 'string' || !/^\S+$/.test(ctx.style)) {
    throw new Error(`Invalid citation style id "${ctx.style}": it must be a non-empty id without spaces.`);
  }
  if (convention !== 'pandoc' && convention !== 'latex' && convention !== 'numeric') {
    throw new Error(`Unknown citation convention "${String(convention)}".`);
  }
}

/**
 * Numbers written before our list exists cannot be told apart from ours once it does, and the
 * next renumbering would rewrite them: refuse rather than ever change what they point to. Only
 * numbers our list could ever reach matter (it holds at most every known key): "[2010]" is safe.
 */
function refuseTypedNumbers(a: Analysis, ctx: CitationContext): void {
  const reachable = (n: number) => n >= 1 && n <= ctx.knownKeys.size;
  const foreign = a.markers.filter((m) => m.foreign && m.form.startsWith('numeric') && (m.numbers ?? []).some(reachable));
  if (foreign.length === 0) return;
  const shown = foreign.slice(0, 3).map((m) => m.raw).join(', ') + (foreign.length > 3 ? ', …' : '');
  throw new Error(
    `This document already has numbered citations (${shown}) that ISCLS Reference did not write. ` +
      'Numbering ours alongside them could later renumber yours, so nothing was changed. ' +
      'Cite with pandoc [@key] or LaTeX \\cite{key} instead (setting iscls.citationConvention), or remove those numbers first.',
  );
}

function existingItems(a: Analysis): { items: Item[]; itemOf: Map<InternalMarker, Item> } {
  const items: Item[] = [];
  const itemOf = new Map<InternalMarker, Item>();
  for (const m of a.markers) {
    if (m.foreign) continue;
    const it: Item = { pos: m.start, tie: 1, marker: m, keys: m.keys.filter(a.known), added: [] };
    items.push(it);
    itemOf.set(m, it);
  }
  return { items, itemOf };
}

function checkKeys(keys: string[], convention: Convention, ctx: CitationContext): string[] {
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('No citation key to insert.');
  for (const k of keys) {
    if (typeof k !== 'string' || !ctx.knownKeys.has(k)) throw new Error(`Unknown citation key "${k}".`);
    if (convention === 'latex' && /[,{}\s%]/.test(k)) throw new Error(`Citation key "${k}" cannot be written in LaTeX.`);
  }
  return [...new Set(keys)];
}

/** An offset between the two halves of a surrogate pair (an emoji, say) would split a character. */
function refuseSplitCharacter(text: string, offset: number): void {
  const hi = text.charCodeAt(offset - 1);
  const lo = text.charCodeAt(offset);
  if (hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff) {
    throw new Error(`Offset ${offset} is inside a character (between the halves of a surrogate pair); nothing was changed.`);
  }
}

/** Markdown block markers that must start their line: heading, list item, quote, table row. */
const MARKDOWN_LINE_START = /^(?:#{1,6}(?:[ \t]|$)|>|[-*+][ \t]|\d{1,9}[.)][ \t]|\|)/;

/** Code, comments, front matter, the start of a fence line, a backslash escape, a LaTeX command name. */
function refuseInsideStructure(text: string, a: Analysis, offset: number): void {
  if (a.code.insertionInside(offset) || a.excluded.insertionInside(offset)) {
    throw new Error(
      a.convention === 'latex'
        ? 'Cannot insert a citation inside a comment or verbatim environment.'
        : 'Cannot insert a citation inside code, a comment or front matter.',
    );
  }
  if (a.excluded.lineStructureAt(offset)) {
    throw new Error(
      'Cannot insert a citation at the start of this line: it begins a code block, front matter or link definition, ' +
        'which must start its line. Put the cursor at the end of the line before.',
    );
  }
  if (a.markup === 'markdown' && (offset === bomLength(text) || /[\r\n]/.test(text[offset - 1] ?? '')) && MARKDOWN_LINE_START.test(text.slice(offset, offset + 12))) {
    throw new Error(
      'Cannot insert a citation at the start of this line: it begins a heading, list item, quote or table row, ' +
        'which the citation would break. Put the cursor after its marker.',
    );
  }
  if (precededByOddBackslashes(text, offset)) {
    throw new Error('Cannot insert a citation right after a backslash: it would be escaped (or break a command). Move the cursor.');
  }
  if (a.convention === 'latex' && /\\[A-Za-z@]+$/.test(text.slice(Math.max(0, offset - 40), offset)) && /[A-Za-z@]/.test(text[offset] ?? '')) {
    throw new Error('Cannot insert a citation inside a LaTeX command name. Move the cursor.');
  }
}

const mergeable = (m: InternalMarker) =>
  m.form === 'pandoc-bracket' || m.form === 'latex' || (m.form.startsWith('numeric') && !m.foreign);

/** Merges the keys into the marker at each cursor, or adds a new item there. */
function placeInsertions(
  text: string,
  a: Analysis,
  insertion: Insertion,
  ctx: CitationContext,
  items: Item[],
  itemOf: Map<InternalMarker, Item>,
): void {
  const newKeys = checkKeys(insertion.keys, a.convention, ctx);
  const offsets = insertion.offsets;
  if (!Array.isArray(offsets) || offsets.length === 0) throw new Error('No position to insert the citation at.');
  const newAt = new Map<number, Item>();
  for (const asked of [...new Set(offsets)].sort((x, y) => x - y)) {
    if (!Number.isInteger(asked) || asked < 0 || asked > text.length) {
      throw new Error(`Offset ${asked} is outside the document (0..${text.length}).`);
    }
    // A byte order mark is not part of the text the writer sees: offset 0 means after it.
    const offset = asked === 0 ? bomLength(text) : asked;
    if (a.list && offset >= a.list.start && offset <= a.list.end) {
      throw new Error('Cannot insert a citation inside the managed reference list.');
    }
    refuseSplitCharacter(text, offset);
    // Markers first: a cursor inside/next to a marker merges even if a comment region touches it.
    const around = a.markers.filter((m) => m.start <= offset && offset <= m.end);
    const target =
      around.find((m) => mergeable(m) && m.start < offset && offset < m.end) ??
      around.find((m) => mergeable(m) && m.end === offset) ??
      around.find((m) => mergeable(m) && m.start === offset) ??
      adjacentMarker(text, a.markers.filter(mergeable), offset);
    if (target) {
      const it = itemOf.get(target)!;
      for (const k of newKeys) {
        if (!target.keys.includes(k) && !it.added.includes(k)) {
          it.added.push(k);
          it.keys.push(k);
        }
      }
      continue;
    }
    refuseInsideStructure(text, a, offset);
    // Inside a bare @key or a foreign numeric marker: the new marker goes right after it.
    const inside = around.find((m) => m.start < offset && offset < m.end);
    const pos = inside ? inside.end : offset;
    if (newAt.has(pos)) continue; // same keys at the same place
    const it: Item = { pos, tie: inside ? 2 : 0, keys: [...newKeys], added: [...newKeys] };
    newAt.set(pos, it);
    items.push(it);
  }
}

/** Known keys of the (sorted) items in order of first appearance. */
function appearanceOrder(items: Item[], known: (k: string) => boolean): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  for (const it of items) {
    for (const k of it.keys) {
      if (known(k) && !seen.has(k)) {
        seen.add(k);
        order.push(k);
      }
    }
  }
  return order;
}

/**
 * AMA Manual of Style: superscript citation numbers go after a full stop or comma ("occurs.^1^"), so a
 * cursor right before one that ends a sentence or clause moves past it (not "1.5" or "e.g.x").
 */
function afterClosingPunctuation(text: string, pos: number): number {
  return /^[.,](?:\s|$)/.test(text.slice(pos, pos + 2)) ? pos + 1 : pos;
}

function numericMarkerEdit(text: string, ctx: CitationContext, it: Item, number: Map<string, number>, edits: EditList): void {
  const nums = sortedUnique(it.keys.map((k) => number.get(k)!));
  const m = it.marker;
  if (!m) {
    const form: MarkerForm = ctx.numericMarker === 'superscript' ? 'numeric-superscript' : 'numeric-brackets';
    const space = form === 'numeric-brackets' && needsSpace(text, it.pos) ? ' ' : '';
    const at = form === 'numeric-superscript' ? afterClosingPunctuation(text, it.pos) : it.pos;
    it.written = renderNumeric(form, nums, ',', '-');
    edits.push(at, at, space + it.written);
    return;
  }
  const old = sortedUnique(m.numbers ?? []);
  if (old.length !== nums.length || old.some((n, i) => n !== nums[i])) {
    edits.push(m.start, m.end, renderNumeric(m.form, nums, m.listSep ?? ',', m.dash ?? '-', locatorsByNumber(m, number)));
  }
}

/** A renumbered marker keeps each page locator with the work it cites: new number → locator. */
function locatorsByNumber(m: InternalMarker, number: Map<string, number>): Map<number, string> | undefined {
  if (!m.locators) return undefined;
  const out = new Map<number, string>();
  m.locators.forEach((loc, i) => {
    if (loc !== undefined && m.keys[i] !== undefined) out.set(number.get(m.keys[i])!, loc);
  });
  return out;
}

function newKeyedMarker(text: string, convention: Convention, ctx: CitationContext, it: Item): string {
  if (convention === 'pandoc') {
    if (text[it.pos] === '(') {
      throw new Error('Cannot insert a citation right before "(": "[@key](" would read as a link. Add a space first.');
    }
    it.written = `[${it.added.map(pandocKey).join('; ')}]`;
    return `${needsSpace(text, it.pos) ? ' ' : ''}${it.written}`;
  }
  const cmd = (ctx.latexCommand ?? 'cite').replace(/^\\/, '');
  if (!/^[A-Za-z]*cite[A-Za-z]*\*?$/.test(cmd)) throw new Error(`"\\${cmd}" is not a LaTeX citation command.`);
  it.written = `\\${cmd}{${it.added.join(',')}}`;
  return `${touchesWord(text, it.pos) ? '~' : ''}${it.written}`;
}

/**
 * A bracketed marker needs a space before it against a word, and after "!" (`![1]` is an image)
 * or "]" (`[^2][1]` is a reference link).
 */
function needsSpace(text: string, pos: number): boolean {
  return touchesWord(text, pos) || text[pos - 1] === '!' || text[pos - 1] === ']';
}

/** New markers, keys merged into existing ones, and (numeric) renumbered markers. */
function markerEdits(text: string, a: Analysis, ctx: CitationContext, items: Item[], order: string[], edits: EditList): void {
  const number = new Map(order.map((k, i) => [k, i + 1]));
  for (const it of items) {
    const m = it.marker;
    if (a.convention === 'numeric') numericMarkerEdit(text, ctx, it, number, edits);
    else if (!m) edits.push(it.pos, it.pos, newKeyedMarker(text, a.convention, ctx, it));
    else if (it.added.length > 0) {
      const sep = m.sep ?? '; ';
      const written = a.convention === 'pandoc' ? it.added.map(pandocKey) : it.added;
      edits.push(m.insertAt!, m.insertAt!, (m.keys.length > 0 ? sep : '') + written.join(sep));
    }
  }
}

/** Where a new list goes: the end of the document, in LaTeX before `\end{document}`. */
function newListPosition(text: string, a: Analysis): { pos: number; after: string } {
  if (a.convention === 'latex') {
    const endDoc = /^[ \t]*\\end\{document\}/gm;
    let e: RegExpExecArray | null;
    while ((e = endDoc.exec(text)) !== null) {
      if (!a.excluded.covers(e.index + e[0].indexOf('\\'))) return { pos: e.index, after: a.eol + a.eol };
    }
  }
  return { pos: text.length, after: a.eol };
}

/** Renders the managed list for `order` and replaces (or creates) the block. */
function listEdit(text: string, a: Analysis, ctx: CitationContext, order: string[], edits: EditList): void {
  const flavor: BlockFlavor =
    a.list?.flavor ?? (a.convention === 'latex' ? 'latex' : a.convention === 'pandoc' ? 'markdown' : a.markup);
  // Numbers follow first appearance; a pandoc or LaTeX list may follow the style's own order
  // (APA: alphabetical), since nothing in the text refers to a position in it.
  const listed = a.convention !== 'numeric' && ctx.listOrder ? ctx.listOrder([...order], ctx.style) : order;
  if (listed.length !== order.length || listed.some((k) => !order.includes(k))) {
    throw new Error(`listOrder returned ${listed.length} keys for ${order.length}.`);
  }
  const entries = ctx.formatEntries([...listed], ctx.style);
  if (!Array.isArray(entries) || entries.length !== listed.length) {
    throw new Error(`formatEntries returned ${entries?.length} entries for ${listed.length} keys.`);
  }
  const block = renderBlock(flavor, ctx.style, listed, entries, a.eol);
  if (a.list) {
    if (text.slice(a.list.start, a.list.end) !== block) edits.push(a.list.start, a.list.end, block);
    return;
  }
  const { pos, after } = newListPosition(text, a);
  const open = a.excluded.regionAtInsertion(pos);
  if (open?.unclosed) {
    throw new Error(
      `The ${open.unclosed} opened on line ${lineOf(text, open.start)} is not closed, so a reference list added at ` +
        'the end would land inside it. Close it first; nothing was changed.',
    );
  }
  const eol = a.eol;
  const breaks = trailingLineBreaks(text.slice(0, pos));
  const sep = edits.insertsAt(pos) ? eol + eol : pos === 0 || breaks >= 2 ? '' : breaks === 1 ? eol : eol + eol;
  edits.push(pos, pos, sep + block + after);
}

/**
 * A number the engine did not write (it resolves to no known reference: beyond the list, or its
 * entry's key is no longer known) must never come to mean another work: refuse when our numbering
 * reaches it or would drop the entry it points to.
 */
function refuseCapturedNumbers(text: string, a: Analysis, order: string[]): void {
  const limit = Math.max(order.length, a.list?.keys.length ?? 0);
  for (const m of a.markers) {
    if (!m.foreign || !(m.numbers ?? []).some((n) => n >= 1 && n <= limit)) continue;
    const n = Number(m.unknown.find((u) => /^\d+$/.test(u)) ?? m.numbers![0]);
    const key = a.list?.keys[n - 1];
    const why =
      key !== undefined
        ? `entry ${n} of the reference list is "${key}", which is not a known reference`
        : `the reference list has ${a.list?.keys.length ?? 0} entries`;
    throw new Error(
      `The citation ${m.raw} on line ${lineOf(text, m.start)} matches no known reference (${why}). ` +
        'Numbering the citations now could make it point to another work, so nothing was changed. Correct or remove it first.',
    );
  }
}

/** Where each original offset lands after the edits (offsets inside a replaced range: -1). */
function positionMap(edits: TextEdit[]): (pos: number) => number {
  const sorted = [...edits].sort((x, y) => x.start - y.start);
  return (pos: number) => {
    let shift = 0;
    for (const e of sorted) {
      if (e.end <= pos) shift += e.newText.length - (e.end - e.start);
      else if (e.start < pos && pos < e.end) return -1;
      else break;
    }
    return pos + shift;
  };
}

function sameSet(x: string[], y: string[]): boolean {
  const a = new Set(x);
  const b = new Set(y);
  return a.size === b.size && [...a].every((k) => b.has(k));
}

/**
 * Safety net, on the text as it would be: every marker that was there reads back at its place and
 * still cites what it cited (typed numbers stay unresolved); every new marker reads back exactly as
 * written; the list is found and up to date (a second run changes nothing).
 */
function verifyPlan(text: string, a: Analysis, ctx: CitationContext, result: TextEdit[], items: Item[], wantBlock: boolean): void {
  const after = applyEdits(text, result);
  const b = analyze(after, a.convention, { knownKeys: ctx.knownKeys, markup: a.markup }, ctx.eol);
  const at = new Map(b.markers.map((m) => [m.start, m]));
  const map = positionMap(result);
  const claimed = new Set<InternalMarker>();
  const itemOf = new Map(items.filter((it) => it.marker).map((it) => [it.marker!, it]));
  for (const m of a.markers) {
    const bm = at.get(map(m.start));
    const it = itemOf.get(m);
    const keys = !it ? m.keys : a.convention === 'numeric' ? it.keys : [...m.keys, ...it.added];
    const same = bm && !!bm.foreign === !!m.foreign && (m.foreign ? bm.raw === m.raw : sameSet(bm.keys, keys));
    if (!bm || !same) {
      throw new Error(
        `Internal error: the planned edit would change what the citation ${m.raw} on line ${lineOf(text, m.start)} refers to; nothing was changed.`,
      );
    }
    claimed.add(bm);
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
  }
  if (wantBlock && !b.list) throw new Error('Internal error: the reference list would not be found again; nothing was changed.');
  if (b.list && wantBlock) {
    const again = plan(after, a.convention, { ...ctx, markup: a.markup }, undefined, false, false);
    if (again.length > 0) {
      throw new Error('Internal error: the planned citation edit is not stable; nothing was changed.');
    }
  }
}

export function plan(
  text: string,
  convention: Convention,
  ctx: CitationContext,
  insertion: Insertion | undefined,
  create: boolean,
  verify = true,
): TextEdit[] {
  checkInputs(ctx, convention);
  const a = analyze(text, convention, ctx, ctx.eol);
  if (a.problem) throw new Error(a.problem);
  if (convention === 'numeric' && !a.list && (insertion || create)) refuseTypedNumbers(a, ctx);
  const { items, itemOf } = existingItems(a);
  if (insertion) placeInsertions(text, a, insertion, ctx, items, itemOf);
  items.sort((x, y) => x.pos - y.pos || x.tie - y.tie);
  const order = appearanceOrder(items, a.known);
  if (convention === 'numeric' && a.list) refuseCapturedNumbers(text, a, order);
  const edits = new EditList();
  markerEdits(text, a, ctx, items, order, edits);
  const wantBlock = !!a.list || create || (convention === 'numeric' && !!insertion);
  if (wantBlock) listEdit(text, a, ctx, order, edits);
  const result = normalizeEdits(text, edits.all);
  if (verify && (insertion || result.length > 0)) verifyPlan(text, a, ctx, result, items, wantBlock);
  return result;
}

/**
 * Inserts a citation of `keys` at every offset (one per cursor), in the document's convention;
 * merges into an enclosing/adjacent marker (pandoc bracket, LaTeX cite command, numeric marker)
 * without duplicating keys; renumbers a numeric document and creates its list; updates an
 * existing list in every convention. Throws (and plans nothing) on invalid input.
 */
export function planInsertion(
  text: string,
  convention: Convention,
  offsets: number[],
  keys: string[],
  ctx: CitationContext,
): TextEdit[] {
  return plan(text, convention, ctx, { offsets, keys }, false);
}

/**
 * Brings the managed list (and, in a numeric document, the marker numbers) in step with the
 * citations: [] when already up to date. Creates the list only with `create`.
 */
export function planListUpdate(
  text: string,
  convention: Convention,
  ctx: CitationContext,
  opts?: { create?: boolean },
): TextEdit[] {
  return plan(text, convention, ctx, undefined, !!opts?.create);
}
