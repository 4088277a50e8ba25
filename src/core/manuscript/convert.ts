// Converting a whole manuscript from one citation convention to another (pandoc ↔ LaTeX ↔
// numeric) as one edit plan: every marker rewritten, the managed list following.
//
// - numeric → keyed: number n is the n-th key of the managed list's `keys=` line; without a list,
//   or with a number the list does not reach, nothing is converted (refusal that says why).
// - keyed → numeric: numbers by first appearance; a list is created when there is none.
// - Prefixes, page locators and suffixes survive: `[see @gousseff2011, p. 464]` ↔
//   `\cite[see][p. 464]{gousseff2011}` ↔ AMA `see ^1(p464)^` / bracket `see [1 p464]`.
// - A marker that cannot be written in the target (an in-text `@key` in numeric, `\nocite`, a key
//   not in the references) stops the conversion: nothing is half converted.
// - Spacing: a numeric superscript touches its word ("syndrome^1^"); a bracketed or LaTeX marker
//   is separated from it ("syndrome [@a]", "syndrome~\cite{a}"). A superscript before a full stop or
//   comma goes after it ("1960.^1^"), by the rule insertion places it by (render.ts superscriptPlace).
// numeric → pandoc → numeric gives back the starting document (with the same marker form).
import type { Convention, TextEdit } from '../types';
import { renderBlock } from './block';
import { readCite, writeCite, type Cite } from './cites';
import { applyEdits, normalizeEdits, type SeqEdit } from './edits';
import { planListUpdate } from './plan';
import { superscriptPlace, touchesWord, trailingLineBreaks } from './render';
import { analyze, firstAppearance, numbersByWork, workFor, workOf, type Analysis } from './scan';
import { readSuperscript } from './markers';
import { lineOf } from './text';
import { planMarkerForm } from './markerForm';
import type { BlockFlavor, CitationContext, InternalMarker, MarkerForm, Markup } from './types';

export interface Conversion {
  from: Convention;
  to: Convention;
  edits: TextEdit[];
  /** Markers rewritten. */
  converted: number;
  /** Whether the managed list was rewritten or created. */
  list: 'rewritten' | 'created' | 'none';
  /** Things the writer should know (numbers left as written, …). */
  notes: string[];
}

const NAMES: Record<Convention, string> = { pandoc: 'pandoc [@key]', latex: 'LaTeX \\cite{key}', numeric: 'numeric [1]' };

export function conventionName(c: Convention): string {
  return NAMES[c];
}

/** Markup of the converted document: pandoc is Markdown; numeric keeps the document's. */
function targetMarkup(to: Convention, from: Convention, ctx: CitationContext): Markup {
  if (to === 'pandoc') return 'markdown';
  return ctx.markup ?? (from === 'pandoc' ? 'markdown' : 'plain');
}

function targetFlavor(to: Convention, markup: Markup): BlockFlavor {
  return to === 'latex' ? 'latex' : to === 'pandoc' ? 'markdown' : markup;
}

/** Numbers the writer typed that point to no entry: converting them would invent a work. */
function refuseUnmappable(text: string, a: Analysis, ctx: CitationContext): void {
  const reachable = (n: number) => n >= 1 && n <= Math.max(ctx.knownKeys.size, a.list?.keys.length ?? 0);
  const foreign = a.markers.filter((m) => m.foreign && (m.numbers ?? []).some(reachable));
  if (a.markers.length > 0 && !a.list && foreign.length > 0) {
    throw new Error(
      'This document has no managed reference list (its keys= line maps numbers to works), so its numbers cannot be ' +
        'converted. If the list was typed or pasted, adopt it first (Adopt Numbered Draft); nothing was changed.',
    );
  }
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 3).map((m) => `line ${lineOf(text, m.start)}: ${m.raw}`).join('; ');
    throw new Error(
      `${foreign.length} numbered citation${foreign.length > 1 ? 's point' : ' points'} to no entry of the reference list ` +
        `(${shown}${foreign.length > 3 ? '; …' : ''}); converting would guess which work is meant. Fix or remove ` +
        `${foreign.length > 1 ? 'them' : 'it'} first; nothing was changed.`,
    );
  }
}

/** The marker's text in the target, with the spacing against the preceding word adjusted. */
function rewrite(text: string, m: InternalMarker, marker: string, to: Convention, form: MarkerForm): SeqEdit {
  let start = m.start;
  let lead = '';
  const superscript = to === 'numeric' && form !== 'numeric-brackets';
  const place = superscript && /^[\^<]/.test(marker) ? superscriptPlace(text, m.end) : m.end;
  if (place > m.end) {
    // "in 1960 [@a]." → "in 1960.^1^": after the full stop or comma, as an insertion places it.
    while (start > 0 && (/[ \t]/.test(text[start - 1]) || (text[start - 1] === '~' && m.form === 'latex'))) start--;
    return { start, end: place, newText: text.slice(m.end, place) + marker, seq: 0 };
  }
  if (text[start - 1] === '~' && m.form === 'latex' && to !== 'latex') {
    start--;
    if (!superscript) lead = ' ';
  } else if (superscript && /[ \t]/.test(text[start - 1] ?? '') && touchesWord(text, start - 1) && !/^[^\d\s^<]/.test(marker)) {
    // "syndrome [@a]" → "syndrome^1^"; the space stays where the superscript would read as an exponent ("10 ^1^").
    if (readSuperscript(text, start - 1, m.end, marker) === 'citation') start--;
  } else if (!superscript && m.form !== 'numeric-brackets' && m.form !== 'pandoc-bracket' && m.form !== 'latex' && touchesWord(text, m.start)) {
    lead = to === 'latex' ? '~' : ' '; // "syndrome^1^" → "syndrome [@a]"
  }
  return { start, end: m.end, newText: lead + marker, seq: 0 };
}

/**
 * Plans converting every citation of `text` from `from` to `to`, and the managed list with them.
 * Throws (plans nothing) when a citation cannot be written in the target.
 */
export function planConversion(text: string, from: Convention, to: Convention, ctx: CitationContext): Conversion {
  const notes: string[] = [];
  if (from === to && to === 'numeric') return normaliseNumeric(text, ctx);
  if (from === to) return { from, to, edits: [], converted: 0, list: 'none', notes: [`The document already cites in ${NAMES[to]} form.`] };
  const a = analyze(text, from, ctx, ctx.eol);
  if (a.problem) throw new Error(a.problem);
  if (from === 'numeric') refuseUnmappable(text, a, ctx);
  const markup = targetMarkup(to, from, ctx);
  const form: MarkerForm = ctx.numericMarker === 'superscript' ? 'numeric-superscript' : 'numeric-brackets';
  const style = a.list?.style || ctx.style;
  const markers = a.markers.filter((m) => !m.foreign);
  const cites = new Map<InternalMarker, Cite | undefined>(markers.map((m) => [m, readCite(m)]));
  // Numbered by work: the keys of one work (review and library) get its number; the list has it once.
  const work = workFor(to, ctx.canonical);
  const order = firstAppearance(markers, a.known, work);
  const number = numbersByWork(order, markers.flatMap((m) => m.keys), work);
  const problems: string[] = [];
  const edits: SeqEdit[] = [];
  for (const m of markers) {
    const cite = cites.get(m);
    const unknown = cite?.items.find((it) => !ctx.knownKeys.has(it.key));
    const written = !cite
      ? { reason: m.form === 'latex' ? 'it is not a citation a pandoc or numeric document can hold' : 'it cannot be read as citation items' }
      : to === 'numeric' && unknown
        ? { reason: `"${unknown.key}" is not one of the references` }
        : writeCite(cite, to, { number, numericForm: form, ama: style === 'american-medical-association', latexCommand: ctx.latexCommand });
    if ('reason' in written) problems.push(`line ${lineOf(text, m.start)}: ${m.raw} — ${written.reason}`);
    else edits.push({ ...rewrite(text, m, written.text, to, form), seq: edits.length });
  }
  if (problems.length > 0) {
    throw new Error(
      `${problems.length} citation${problems.length > 1 ? 's' : ''} cannot be written as ${NAMES[to]} ` +
        `(${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}); nothing was changed.`,
    );
  }
  const listCtx: CitationContext = { ...ctx, style, markup };
  let list: Conversion['list'] = 'none';
  if (a.list) {
    const listed = to !== 'numeric' && ctx.listOrder ? ctx.listOrder([...order], style) : order;
    const block = renderBlock(targetFlavor(to, markup), style, listed, ctx.formatEntries([...listed], style), a.eol);
    edits.push({ start: a.list.start, end: a.list.end, newText: block, seq: edits.length });
    list = 'rewritten';
  }
  if (!a.list && to === 'numeric' && order.length > 0) {
    // Numbers mean nothing without the list: create it at the end, after a blank line.
    const block = renderBlock(markup, style, order, ctx.formatEntries([...order], style), a.eol);
    const breaks = trailingLineBreaks(text);
    const sep = text.length === 0 || breaks >= 2 ? '' : breaks === 1 ? a.eol : a.eol + a.eol;
    edits.push({ start: text.length, end: text.length, newText: sep + block + a.eol, seq: edits.length });
    list = 'created';
  }
  const result = normalizeEdits(text, edits);
  verifyConversion(text, result, to, listCtx, order, markers.length);
  if (markers.length === 0) notes.push('The document has no citations to convert.');
  return { from, to, edits: result, converted: markers.length, list, notes };
}

/** numeric → numeric: every marker in the one form the style asks for (markerForm.ts). */
function normaliseNumeric(text: string, ctx: CitationContext): Conversion {
  const form = ctx.markup === 'plain' ? 'brackets' : (ctx.numericMarker ?? 'brackets');
  const n = planMarkerForm(text, form, ctx);
  const notes = n.leftAlone > 0 ? [`${n.leftAlone} marker${n.leftAlone > 1 ? 's' : ''} whose numbers point to no entry (or that may be exponents) left as written.`] : [];
  if (n.changed === 0) notes.push(`Every citation is already written as ${form === 'superscript' ? 'a superscript ^1^' : 'brackets [1]'}.`);
  return { from: 'numeric', to: 'numeric', edits: n.edits, converted: n.changed, list: 'none', notes };
}

/** Safety net: the converted document cites the same works in the same order, its list up to date. */
function verifyConversion(text: string, edits: TextEdit[], to: Convention, ctx: CitationContext, order: string[], count: number): void {
  const after = applyEdits(text, edits);
  const b = analyze(after, to, ctx, ctx.eol);
  const again = firstAppearance(b.markers, b.known, workOf(b));
  const markers = b.markers.filter((m) => !m.foreign).length;
  const same = again.length === order.length && again.every((k, i) => k === order[i]);
  if (!same || markers < count || (b.list && planListUpdate(after, to, ctx).length > 0)) {
    throw new Error('Internal error: the converted document would not read back as the same citations; nothing was changed.');
  }
}
