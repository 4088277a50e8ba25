// What a manuscript becomes on its way into pandoc for a Word export. Pure: no `vscode`, no files.
//
// - pandoc `[@key]` Markdown: citeproc formats the citations; the bibliography goes where the managed
//   list stands (the block is replaced by a `::: {#refs}` div), so the document has exactly one list.
//   A document that already has its own `#refs` div keeps it and loses the managed block. Without a
//   managed list, pandoc puts the bibliography at the end.
// - LaTeX `\cite{}`: citeproc as well. pandoc's LaTeX reader drops `\printbibliography` and
//   `\bibliography{…}` and would put the bibliography at the end; the first of them (or the managed
//   `thebibliography` block) becomes a paragraph holding REFS_PLACEHOLDER, which a Lua filter run before
//   citeproc turns into the `refs` div (src/node/pandocFilter.ts), so the list stands where the writer
//   put it. The others are removed: one list.
// - a numeric style's bare `@key` ("@gousseff2011 reported"): pandoc prints the number alone; the
//   names go before it ("Gousseff et al. [@gousseff2011]"), as the preview shows them
//   (core/preview/authorInText.ts).
// - numeric documents (`[1]`, `^1^`): the numbers and the list are already the writer's text;
//   converted as they are, without citeproc, so there is no second list.
import type { Convention } from '../types';
import type { CitationMarker, DocumentScan } from '../manuscript';
import { latexRegions, RegionSet } from '../manuscript/regions';

/** The reader pandoc uses for the manuscript. */
export type PandocReader = 'markdown' | 'latex';

export interface PandocInput {
  /** The text to give pandoc. */
  text: string;
  reader: PandocReader;
  /** Whether pandoc runs citeproc (a style file and CSL-JSON data are then needed). */
  citeproc: boolean;
  /** Cited keys in order of first appearance (the references to pass as CSL-JSON). */
  keys: string[];
  /** Keys cited but not known (neither the review nor the writer's library): pandoc prints them as "key?". */
  unknown: string[];
  /** A one-line note for the writer, e.g. that the document cites nothing. */
  note?: string;
  /** LaTeX: the text holds REFS_PLACEHOLDER where the bibliography goes (a filter makes it the `refs` div). */
  refsPlaceholder?: boolean;
}

export interface PlanOptions {
  /**
   * The style is numeric: the names to print before a bare `@key`'s number (undefined: none, the
   * number alone). Author-date styles leave it unset: citeproc prints "Gousseff et al. (2011)" itself.
   */
  authorInText?: (key: string) => string | undefined;
  /**
   * The work each key stands for (the resolver's `canonical`). A pandoc citation of a work by another
   * of its keys is sent under the key the list names it by, so citeproc numbers and lists the work once.
   */
  canonical?: (key: string) => string;
}

/** One word (pandoc's LaTeX reader gives one `Str`), unlikely in any manuscript. */
export const REFS_PLACEHOLDER = 'ISCLSREFERENCELISTSTANDSHERE';

const REFS_DIV = /^[ \t]*:{3,}[ \t]*\{[^}\n]*#refs\b[^}\n]*\}[ \t]*$|<div\b[^>\n]*\bid=["']refs["']/m;

/** Replace text[start, end) and keep the line structure around it. */
function splice(text: string, start: number, end: number, replacement: string): string {
  return text.slice(0, start) + replacement + text.slice(end);
}

interface Replacement {
  start: number;
  end: number;
  text: string;
}

function applyReplacements(text: string, replacements: Replacement[]): string {
  let out = text;
  for (const r of [...replacements].sort((a, b) => b.start - a.start)) out = splice(out, r.start, r.end, r.text);
  return out;
}

/** `\printbibliography[…]` and `\bibliography{…}` outside comments and verbatim, in order. */
export function latexBibliographyCommands(text: string): { start: number; end: number }[] {
  const regions = latexRegions(text);
  const skip = new RegionSet([...regions.code, ...regions.comments]);
  return [...text.matchAll(/\\printbibliography\b(?:\s*\[[^\]]*\])?|\\bibliography\s*\{[^{}]*\}/g)]
    .map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }))
    .filter((c) => !skip.covers(c.start));
}

/** LaTeX: the first bibliography command or the managed block becomes the placeholder, the rest go. */
function latexPlaces(text: string, scan: DocumentScan): Replacement[] {
  const places = [...latexBibliographyCommands(text), ...(scan.list ? [{ start: scan.list.start, end: scan.list.end }] : [])];
  places.sort((a, b) => a.start - b.start);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return places.map((p, i) => ({ ...p, text: i === 0 ? `${eol}${eol}${REFS_PLACEHOLDER}${eol}${eol}` : '' }));
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pandoc marker's text with each key of a listed work written as the key the list names it by. */
function listedKeysOf(m: CitationMarker, listed: ReadonlyMap<string, string>, work: (key: string) => string): string {
  let raw = m.raw;
  for (const key of new Set(m.keys)) {
    const as = listed.get(work(key));
    if (as === undefined || as === key) continue;
    raw = raw.replace(new RegExp(`@(\\{?)${escapeRe(key)}(?![\\p{L}\\p{N}_:.#$%&+?<>~/-]*[\\p{L}\\p{N}_])`, 'gu'), (_, brace: string) => `@${brace}${as}`);
  }
  if (raw === m.raw || m.form !== 'pandoc-bracket') return raw;
  // "[@a; @a]" after the rewrite: a bare repeat of a work cited earlier in the bracket goes (pandoc would print "2,2").
  const items = raw.slice(1, -1).split(';');
  const kept = items.filter((item, i) => !/^\s*@\{?[^\s;{}]+\}?\s*$/.test(item) || !items.slice(0, i).some((earlier) => earlier.trim() === item.trim()));
  return `[${kept.join(';')}]`;
}

/**
 * Each pandoc citation as pandoc should read it: a numeric style's bare `@key [p. 3]` becomes
 * `Names [@key, p. 3]` (pandoc prints "Names¹"), and a work cited by another of its keys is cited by
 * the key it is listed under.
 */
function pandocCitations(text: string, scan: DocumentScan, options: PlanOptions): Replacement[] {
  const out: Replacement[] = [];
  const work = options.canonical ?? ((key: string) => key);
  const listed = new Map(scan.order.map((key) => [work(key), key] as const));
  for (const m of scan.markers) {
    const raw = options.canonical ? listedKeysOf(m, listed, work) : m.raw;
    const who = m.form === 'pandoc-intext' && m.unknown.length === 0 ? options.authorInText?.(m.keys[0]) : undefined;
    if (!who) {
      if (raw !== m.raw) out.push({ start: m.start, end: m.end, text: raw });
      continue;
    }
    const locator = /^[ \t]?\[([^\[\]@]*)\](?![(\[:])/.exec(text.slice(m.end));
    const suffix = locator && locator[1].trim() ? `, ${locator[1].trim()}` : '';
    out.push({ start: m.start, end: m.end + (locator ? locator[0].length : 0), text: `${who} [${raw}${suffix}]` });
  }
  return out;
}

/**
 * Plan the pandoc input of a manuscript of the given convention, from its scan
 * (`scanDocument(text, convention, { knownKeys })`, or the manuscript model's `scan`).
 */
export function planPandocInput(text: string, convention: Convention, scan: DocumentScan, options: PlanOptions = {}): PandocInput {
  const unknown = [...new Set(scan.markers.flatMap((m) => m.unknown))];
  const keys = [...scan.order];
  if (convention === 'numeric') {
    const numbered = scan.markers.length > 0;
    return {
      text,
      reader: 'markdown',
      citeproc: false,
      keys,
      unknown: [],
      note: numbered ? undefined : 'The document cites no reference: converted without a reference list.',
    };
  }
  const reader: PandocReader = convention === 'latex' ? 'latex' : 'markdown';
  if (scan.markers.length === 0) {
    return { text, reader, citeproc: false, keys, unknown, note: 'The document cites no reference: converted without a reference list.' };
  }
  if (reader === 'latex') {
    const places = latexPlaces(text, scan);
    return { text: applyReplacements(text, places), reader, citeproc: true, keys, unknown, refsPlaceholder: places.length > 0 };
  }
  const replacements = pandocCitations(text, scan, options);
  if (scan.list) {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    replacements.push({ start: scan.list.start, end: scan.list.end, text: REFS_DIV.test(text) ? '' : `::: {#refs}${eol}:::` });
  }
  return { text: applyReplacements(text, replacements), reader, citeproc: true, keys, unknown };
}
