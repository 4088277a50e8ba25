// Planning citation edits: insert a citation, renumber, keep the managed list in step.
//
// A plan is built in named steps against one analysis of the ORIGINAL text (the manuscript model's,
// when the caller has it: nothing is analysed again):
//   checkInputs → refuseTypedNumbers → existingItems → placeInsertions → appearanceOrder
//   → markerEdits → listEdit → normalizeEdits → verifyPlan
// (guards.ts holds the refusals, verify.ts the safety net.)
// and returned as minimal, non-overlapping edits, to be applied as one undoable edit, with where
// each cursor lands: right after the citation it inserted or merged into.
import type { Convention, TextEdit } from '../types';
import { adjacentMarker } from './adjacent';
import { renderBlock } from './block';
import { normalizeEdits, type SeqEdit } from './edits';
import { checkInputs, checkKeys, PlanRefusal, refuseCapturedNumbers, refuseInsideStructure, refuseSplitCharacter, refuseTypedNumbers } from './guards';
import { verifyPlan } from './verify';
import { newMarkerForm } from './markerForm';
import { pandocKey, renderNumeric, sortedUnique, superscriptPlace, touchesWord, trailingLineBreaks } from './render';
import { analyze, firstAppearance, fits, numbersByWork, withEol, workOf, type Analysis } from './scan';
import { bomLength } from './regions';
import { lineOf } from './text';
import type { BlockFlavor, CitationContext, InternalMarker, MarkerForm, PlanInsertion, PlanItem } from './types';

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

function existingItems(a: Analysis): { items: PlanItem[]; itemOf: Map<InternalMarker, PlanItem> } {
  const items: PlanItem[] = [];
  const itemOf = new Map<InternalMarker, PlanItem>();
  for (const m of a.markers) {
    if (m.foreign) continue;
    const it: PlanItem = { pos: m.start, tie: 1, marker: m, keys: m.keys.filter(a.known), added: [] };
    items.push(it);
    itemOf.set(m, it);
  }
  return { items, itemOf };
}

const mergeable = (m: InternalMarker) =>
  m.form === 'pandoc-bracket' || m.form === 'latex' || (m.form.startsWith('numeric') && !m.foreign);

/** Merges the keys into the marker at each cursor, or adds a new item there. */
function placeInsertions(
  text: string,
  a: Analysis,
  insertion: PlanInsertion,
  ctx: CitationContext,
  items: PlanItem[],
  itemOf: Map<InternalMarker, PlanItem>,
): Map<number, PlanItem> {
  const newKeys = checkKeys(insertion.keys, a.convention, ctx);
  const offsets = insertion.offsets;
  if (!Array.isArray(offsets) || offsets.length === 0) throw new Error('No position to insert the citation at.');
  const newAt = new Map<number, PlanItem>();
  const cited = new Map<number, PlanItem>();
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
      cited.set(asked, it);
      continue;
    }
    refuseInsideStructure(text, a, offset);
    // Inside a bare @key or a foreign numeric marker: the new marker goes right after it.
    const inside = around.find((m) => m.start < offset && offset < m.end);
    const pos = inside ? inside.end : offset;
    const same = newAt.get(pos); // same keys at the same place
    const it: PlanItem = same ?? { pos, tie: inside ? 2 : 0, keys: [...newKeys], added: [...newKeys] };
    if (!same) {
      newAt.set(pos, it);
      items.push(it);
    }
    cited.set(asked, it);
  }
  return cited;
}

/** Known keys of the (sorted) items in order of first appearance, one per work. */
function appearanceOrder(items: PlanItem[], a: Analysis): string[] {
  return firstAppearance(items.map((it) => ({ keys: it.keys }) as InternalMarker), a.known, workOf(a));
}

function numericMarkerEdit(text: string, a: Analysis, ctx: CitationContext, it: PlanItem, number: Map<string, number>, edits: EditList): void {
  const nums = sortedUnique(it.keys.map((k) => number.get(k)!));
  const m = it.marker;
  if (!m) {
    // The document's own form when it has one (a citation never mixes forms), else the style's.
    const form: MarkerForm = newMarkerForm(a, ctx.numericMarker ?? 'brackets');
    const space = form === 'numeric-brackets' && needsSpace(text, it.pos) ? ' ' : '';
    const at = form !== 'numeric-brackets' ? superscriptPlace(text, it.pos) : it.pos;
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

function newKeyedMarker(text: string, convention: Convention, ctx: CitationContext, it: PlanItem): string {
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
function markerEdits(text: string, a: Analysis, ctx: CitationContext, items: PlanItem[], order: string[], edits: EditList): void {
  const number = numbersByWork(order, items.flatMap((it) => it.keys), workOf(a));
  for (const it of items) {
    const m = it.marker;
    if (a.convention === 'numeric') numericMarkerEdit(text, a, ctx, it, number, edits);
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
    throw new PlanRefusal(
      'unclosed-region',
      `The ${open.unclosed} opened on line ${lineOf(text, open.start)} is not closed, so a reference list added at ` +
        'the end would land inside it. Close it first; nothing was changed.',
    );
  }
  const eol = a.eol;
  const breaks = trailingLineBreaks(text.slice(0, pos));
  const sep = edits.insertsAt(pos) ? eol + eol : pos === 0 || breaks >= 2 ? '' : breaks === 1 ? eol : eol + eol;
  edits.push(pos, pos, sep + block + after);
}

/** What a plan is asked for, and what it starts from. */
interface PlanRequest {
  insertion?: PlanInsertion;
  /** Create the managed list if there is none. */
  create: boolean;
  /** Run the safety net (every plan does; only its own re-plan of the result does not). */
  verify: boolean;
  /** The analysis of `text` the caller already has (the manuscript model's). */
  analysis?: Analysis;
}

/** The edits, and for each offset asked for, where its cursor lands in the new text. */
export interface InsertionPlan {
  edits: TextEdit[];
  /** Same order as the offsets asked for: right after the citation inserted (or merged into) there. */
  cursors: number[];
}

/** The caller's analysis if it is the one this plan needs, else the engine's own. */
function analysisFor(text: string, convention: Convention, ctx: CitationContext, given: Analysis | undefined): Analysis {
  return given && fits(given, text, convention, ctx) ? withEol(given, ctx.eol) : analyze(text, convention, ctx, ctx.eol);
}

function plan(text: string, convention: Convention, ctx: CitationContext, request: PlanRequest): InsertionPlan {
  const { insertion, create } = request;
  checkInputs(ctx, convention);
  const a = analysisFor(text, convention, ctx, request.analysis);
  if (a.problem) throw new PlanRefusal('damaged-list', a.problem);
  if (convention === 'numeric' && !a.list && (insertion || create)) refuseTypedNumbers(a, ctx);
  const { items, itemOf } = existingItems(a);
  const cited = insertion ? placeInsertions(text, a, insertion, ctx, items, itemOf) : new Map<number, PlanItem>();
  items.sort((x, y) => x.pos - y.pos || x.tie - y.tie);
  const order = appearanceOrder(items, a);
  if (convention === 'numeric' && a.list) refuseCapturedNumbers(text, a, order);
  const edits = new EditList();
  markerEdits(text, a, ctx, items, order, edits);
  const wantBlock = !!a.list || create || (convention === 'numeric' && !!insertion);
  if (wantBlock) listEdit(text, a, ctx, order, edits);
  const result = normalizeEdits(text, edits.all);
  if (!request.verify || (!insertion && result.length === 0)) return { edits: result, cursors: [] };
  const replan = (after: string) => plan(after, convention, { ...ctx, markup: a.markup }, { create: false, verify: false }).edits;
  const ends = verifyPlan(text, a, ctx, result, items, wantBlock, replan);
  return { edits: result, cursors: (insertion?.offsets ?? []).map((offset) => ends.get(cited.get(offset)!)!) };
}

/**
 * Inserts a citation of `keys` at every offset (one per cursor), in the document's convention;
 * merges into an enclosing/adjacent marker (pandoc bracket, LaTeX cite command, numeric marker)
 * without duplicating keys; renumbers a numeric document and creates its list; updates an
 * existing list in every convention. Throws (and plans nothing) on invalid input. Returns the edits
 * and where each cursor lands; `analysis` is the model's analysis of `text`, if the caller has one.
 */
export function planInsertion(
  text: string,
  convention: Convention,
  offsets: number[],
  keys: string[],
  ctx: CitationContext,
  analysis?: Analysis,
): InsertionPlan {
  return plan(text, convention, ctx, { insertion: { offsets, keys }, create: false, verify: true, analysis });
}

/**
 * Brings the managed list (and, in a numeric document, the marker numbers) in step with the
 * citations: [] when already up to date. Creates the list only with `create`.
 */
export function planListUpdate(
  text: string,
  convention: Convention,
  ctx: CitationContext,
  opts?: { create?: boolean; analysis?: Analysis },
): TextEdit[] {
  return plan(text, convention, ctx, { create: !!opts?.create, verify: true, analysis: opts?.analysis }).edits;
}

/**
 * Whether `planListUpdate` would change anything: the stale-list diagnostic asks on every pause in
 * typing. Nothing is applied, so the plan is not verified (on a long manuscript verification
 * analyses the whole new text and plans it again); Update Reference List plans and verifies anew.
 */
export function listUpdateWanted(text: string, convention: Convention, ctx: CitationContext, analysis?: Analysis): boolean {
  return plan(text, convention, ctx, { create: false, verify: false, analysis }).edits.length > 0;
}
