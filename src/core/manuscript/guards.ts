// Guards of a plan: inputs, typed numbers, and positions where a citation would damage the text.
import type { Convention } from '../types';
import { bomLength } from './regions';
import type { Analysis } from './scan';
import { lineOf, precededByOddBackslashes } from './text';
import type { CitationContext, InternalMarker } from './types';

/** Why a plan refuses to touch a document the writer can repair (not a bug of ours). */
export type RefusalReason =
  /** Numbers the writer typed before any list of ours: adopting the draft's list is the way on. */
  | 'typed-numbers'
  /** A number that resolves to nothing would come to mean another work. */
  | 'captured-number'
  /** A list added at the end would land inside an unclosed comment, code block or environment. */
  | 'unclosed-region'
  /** The managed list's block is damaged (not closed). */
  | 'damaged-list';

/** A refusal the writer can act on; front ends tell it apart by `reason`, never by its wording. */
export class PlanRefusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'PlanRefusal';
  }
}

export function checkInputs(ctx: CitationContext, convention: Convention): void {
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
export function refuseTypedNumbers(a: Analysis, ctx: CitationContext): void {
  const reachable = (n: number) => n >= 1 && n <= ctx.knownKeys.size;
  refuseDoubtful(a.text, a.markers, reachable);
  const foreign = a.markers.filter((m) => m.foreign && m.form.startsWith('numeric') && (m.numbers ?? []).some(reachable));
  if (foreign.length === 0) return;
  const shown = foreign.slice(0, 3).map((m) => m.raw).join(', ') + (foreign.length > 3 ? ', …' : '');
  throw new PlanRefusal(
    'typed-numbers',
    `This document already has numbered citations (${shown}) that ISCLS Reference did not write. ` +
      'Numbering ours alongside them could later renumber yours, so nothing was changed. ' +
      'Cite with pandoc [@key] or LaTeX \\cite{key} instead (setting iscls.citationConvention), or remove those numbers first.',
  );
}

export function checkKeys(keys: string[], convention: Convention, ctx: CitationContext): string[] {
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('No citation key to insert.');
  for (const k of keys) {
    if (typeof k !== 'string' || !ctx.knownKeys.has(k)) throw new Error(`Unknown citation key "${k}".`);
    if (convention === 'latex' && /[,{}\s%]/.test(k)) throw new Error(`Citation key "${k}" cannot be written in LaTeX.`);
  }
  return [...new Set(keys)];
}

/** An offset between the two halves of a surrogate pair (an emoji, say) would split a character. */
export function refuseSplitCharacter(text: string, offset: number): void {
  const hi = text.charCodeAt(offset - 1);
  const lo = text.charCodeAt(offset);
  if (hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff) {
    throw new Error(`Offset ${offset} is inside a character (between the halves of a surrogate pair); nothing was changed.`);
  }
}

/** Markdown block markers that must start their line: heading, list item, quote, table row. */
export const MARKDOWN_LINE_START = /^(?:#{1,6}(?:[ \t]|$)|>|[-*+][ \t]|\d{1,9}[.)][ \t]|\|)/;

/** Code, comments, front matter, the start of a fence line, a backslash escape, a LaTeX command name. */
export function refuseInsideStructure(text: string, a: Analysis, offset: number): void {
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

/**
 * A number the engine did not write (it resolves to no known reference: beyond the list, or its
 * entry's key is no longer known) must never come to mean another work: refuse when our numbering
 * reaches it or would drop the entry it points to.
 */
export function refuseCapturedNumbers(text: string, a: Analysis, order: string[]): void {
  const limit = Math.max(order.length, a.list?.keys.length ?? 0);
  refuseDoubtful(text, a.markers, (n) => n >= 1 && n <= limit);
  for (const m of a.markers) {
    if (!m.foreign || !(m.numbers ?? []).some((n) => n >= 1 && n <= limit)) continue;
    const n = Number(m.unknown.find((u) => /^\d+$/.test(u)) ?? m.numbers![0]);
    const key = a.list?.keys[n - 1];
    const why =
      key !== undefined
        ? `entry ${n} of the reference list is "${key}", which is not a known reference`
        : `the reference list has ${a.list?.keys.length ?? 0} entries`;
    throw new PlanRefusal(
      'captured-number',
      `The citation ${m.raw} on line ${lineOf(text, m.start)} matches no known reference (${why}). ` +
        'Numbering the citations now could make it point to another work, so nothing was changed. Correct or remove it first.',
    );
  }
}

/**
 * A superscript right after a symbol ("(a+b)^2^") in a document that cites by superscript may be an
 * exponent or a citation: renumbering it could change the writer's formula, leaving it could leave a
 * citation pointing at another work. Refuse while its number is one our numbering could reach.
 */
export function refuseDoubtful(text: string, markers: readonly InternalMarker[], reachable: (n: number) => boolean): void {
  const m = markers.find((x) => x.doubtful && (x.numbers ?? []).some(reachable));
  if (!m) return;
  const shown = /\S{0,12}$/.exec(text.slice(Math.max(0, m.start - 12), m.start))![0] + m.raw;
  throw new Error(
    `The superscript in ${shown} on line ${lineOf(text, m.start)} follows a symbol with no space: it could be an exponent or a citation. ` +
      'Renumbering could change it either way, so nothing was changed. For a citation, put it after a word or punctuation; ' +
      'for an exponent, write it as a superscript character (²).',
  );
}
