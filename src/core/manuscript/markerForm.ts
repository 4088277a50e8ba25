// One document, one marker form: a numeric document's markers re-rendered in the form its style
// asks for (superscript `^1^` / brackets `[1]`), placed as insertion places them (render.ts
// superscriptPlace: AMA "occurs.^1^"). Used by Convert's "Normalise markers", the offer after a
// style switch and `iscls convert --to numeric` on a numeric file. Pure.
//
// Only the marker itself changes (and the blank between it and its word): numbers, their written
// order, ranges and page locators stay; the list is untouched (no number changes). Markers whose
// numbers resolve to nothing (typed by hand) or that may be exponents are left as written.
import type { TextEdit } from '../types';
import { applyEdits, normalizeEdits, type SeqEdit } from './edits';
import { locatorFromNumeric, locatorToNumeric } from './cites';
import { NUM_PART, readSuperscript, splitNumericBody } from './markers';
import { superscriptPlace, touchesWord } from './render';
import { analyze, type Analysis } from './scan';
import type { CitationContext, InternalMarker, MarkerForm } from './types';

export type NumericForm = 'brackets' | 'superscript';

/** The family a numeric marker form belongs to (`<sup>` and `^…^` both print superscript). */
export function familyOf(form: MarkerForm): NumericForm | undefined {
  if (form === 'numeric-brackets') return 'brackets';
  return form === 'numeric-superscript' || form === 'numeric-sup' ? 'superscript' : undefined;
}

/** Markers that cite works the list numbers: the ones a form change may touch. */
function citing(a: Analysis): InternalMarker[] {
  return a.markers.filter((m) => familyOf(m.form) && !m.foreign && !m.doubtful);
}

/** The document's marker form: one family, `mixed`, or `none` (no numeric citation). */
export function documentMarkerForm(a: Analysis): NumericForm | 'mixed' | 'none' {
  const families = new Set(citing(a).map((m) => familyOf(m.form)!));
  return families.size === 0 ? 'none' : families.size > 1 ? 'mixed' : [...families][0];
}

/**
 * The exact form a new numeric citation takes: the document's own when all its markers share one
 * (a citation never makes a document mixed), else `wanted` (the style's).
 */
export function newMarkerForm(a: Analysis, wanted: NumericForm): MarkerForm {
  const forms = new Set(citing(a).map((m) => m.form));
  if (forms.size === 1) return [...forms][0];
  if (forms.size > 1 && documentMarkerForm(a) === 'superscript') return 'numeric-superscript';
  return wanted === 'superscript' ? 'numeric-superscript' : 'numeric-brackets';
}

export interface MarkerNormalisation {
  edits: TextEdit[];
  /** Markers rewritten (form or placement). */
  changed: number;
  /** Markers left as written (their numbers point to no entry, or they may be exponents). */
  leftAlone: number;
  form: NumericForm;
}

/** A marker's body in `form`: each number, range and locator as written, separators as the form writes them. */
function body(m: InternalMarker, form: MarkerForm, ama: boolean): string | undefined {
  const inner = m.raw.replace(/^\[|\]$|^\^|\^$|^<sup>|<\/sup>$/gi, '');
  const parts: string[] = [];
  for (const part of splitNumericBody(inner)) {
    const r = NUM_PART.exec(part);
    if (!r) return undefined;
    if (r[2] !== undefined) parts.push(`${r[1]}${part.includes('\u2013') ? '\u2013' : '-'}${r[2]}`);
    else if (r[3] === undefined || (form !== 'numeric-superscript' && r[3].startsWith('('))) parts.push(`${r[1]}${r[3] ?? ''}`);
    else {
      const loc = locatorToNumeric(locatorFromNumeric(r[3]), form, ama);
      if (loc === undefined) return undefined;
      parts.push(`${r[1]}${loc}`);
    }
  }
  const sep = form === 'numeric-superscript' ? ',' : m.form === 'numeric-superscript' ? ',' : (m.listSep ?? ',');
  const text = parts.join(sep);
  return form === 'numeric-superscript' ? `^${text}^` : form === 'numeric-sup' ? `<sup>${text}</sup>` : `[${text}]`;
}

/** The edit rewriting `m` as `marker` (form `form`), placed as an insertion of that form would be. */
function rewrite(text: string, m: InternalMarker, marker: string, form: MarkerForm): SeqEdit | undefined {
  let start = m.start;
  const changing = familyOf(form) !== familyOf(m.form);
  if (familyOf(form) === 'superscript') {
    const place = superscriptPlace(text, m.end);
    if (place > m.end) {
      // "in 1960 [1]." → "in 1960.^1^": after the full stop or comma, the blank before it gone.
      while (start > 0 && /[ \t]/.test(text[start - 1])) start--;
      return { start, end: place, newText: text.slice(m.end, place) + marker, seq: 0 };
    }
    // "syndrome [1]" → "syndrome^1^", unless it would then read as an exponent ("10 ^1^").
    if (changing && /[ \t]/.test(text[start - 1] ?? '') && touchesWord(text, start - 1) && readSuperscript(text, start - 1, m.end, marker.replace(/^\^|\^$/g, '')) === 'citation') start--;
    return start === m.start && marker === m.raw ? undefined : { start, end: m.end, newText: marker, seq: 0 };
  }
  // "syndrome^1^" → "syndrome [1]"; against "]" or "!" a space keeps it from reading as a link or image.
  const space = changing && (touchesWord(text, m.start) || /[\]!]/.test(text[m.start - 1] ?? '')) ? ' ' : '';
  return space === '' && marker === m.raw ? undefined : { start, end: m.end, newText: space + marker, seq: 0 };
}

/**
 * Re-renders every citing marker of a numeric document in `form` (superscripts after a clause's
 * full stop or comma). Throws (plans nothing) if the result would not read back as the same
 * citations, numbers and order.
 */
export function planMarkerForm(text: string, form: NumericForm, ctx: CitationContext, analysis?: Analysis): MarkerNormalisation {
  const a = analysis ?? analyze(text, 'numeric', ctx, ctx.eol);
  if (a.problem) throw new Error(a.problem);
  const markers = citing(a);
  const sups = markers.filter((m) => familyOf(m.form) === 'superscript');
  // A document writing HTML superscripts keeps them; pandoc's ^1^ otherwise.
  const target: MarkerForm = form === 'brackets' ? 'numeric-brackets' : sups.length > 0 && sups.every((m) => m.form === 'numeric-sup') ? 'numeric-sup' : 'numeric-superscript';
  const ama = (a.list?.style || ctx.style) === 'american-medical-association';
  const edits: SeqEdit[] = [];
  const problems: string[] = [];
  for (const m of markers) {
    const written = familyOf(m.form) === form ? m.raw : body(m, target, ama);
    if (written === undefined) {
      problems.push(m.raw);
      continue;
    }
    const edit = rewrite(text, m, written, familyOf(m.form) === form ? m.form : target);
    if (edit) edits.push({ ...edit, seq: edits.length });
  }
  if (problems.length > 0) {
    throw new Error(`${problems.length} citation${problems.length > 1 ? 's' : ''} cannot be written as ${form} (${problems.slice(0, 3).join(', ')}: a locator that does not fit); nothing was changed.`);
  }
  const result = normalizeEdits(text, edits);
  verify(text, result, a, form, ctx);
  return { edits: result, changed: edits.length, leftAlone: a.markers.length - markers.length, form };
}

/** Safety net: the same citations (numbers as written, keys, order), every one now in `form`. */
function verify(text: string, edits: TextEdit[], a: Analysis, form: NumericForm, ctx: CitationContext): void {
  const after = applyEdits(text, edits);
  const b = analyze(after, 'numeric', { ...a.options, markup: a.markup }, ctx.eol);
  const sig = (x: Analysis) => citing(x).map((m) => `${(m.numbers ?? []).join(',')}:${m.keys.join(',')}`);
  const before = sig(a);
  const now = sig(b);
  const same = before.length === now.length && before.every((s, i) => s === now[i]);
  const plain = (x: Analysis) => x.markers.filter((m) => !m.doubtful).length;
  if (!same || citing(b).some((m) => familyOf(m.form) !== form) || plain(b) !== plain(a)) {
    throw new Error('Internal error: the re-rendered markers would not read back as the same citations; nothing was changed.');
  }
}
