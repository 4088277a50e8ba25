// One analysis of a manuscript: its regions, its managed list and its citation markers.
import type { Convention } from '../types';
import { detectEol } from './text';
import { BLOCK_SYNTAX, findBlock } from './block';
import { scanLatex, scanNumeric, scanPandoc } from './markers';
import { latexRegions, markdownRegions, RegionSet, type Region } from './regions';
import type { BlockFlavor, CitationMarker, DocumentScan, InternalMarker, ManagedList, Markup, ScanOptions } from './types';

/**
 * One analysis of a text in a convention: what the planner works from. The manuscript model keeps
 * the analysis it made (`Manuscript.analysis`), so planning an edit of that text analyses nothing again.
 */
export interface Analysis {
  /** The text analysed, and the options it was analysed with (a plan checks they still hold). */
  text: string;
  options: ScanOptions;
  convention: Convention;
  markup: Markup;
  eol: string;
  code: RegionSet;
  /** Code + comments + block: no citation starts here. */
  excluded: RegionSet;
  list?: ManagedList;
  problem?: string;
  markers: InternalMarker[];
  known: (key: string) => boolean;
}

/** Numeric documents without a stated markup: the flavor of the first list block found. */
function markupOf(text: string, convention: Convention, options: ScanOptions): Markup {
  if (convention === 'pandoc') return 'markdown';
  if (convention !== 'numeric' || options.markup !== undefined) return options.markup ?? 'plain';
  const md = new RegExp(BLOCK_SYNTAX.markdown.header.source).exec(text);
  const pl = new RegExp(BLOCK_SYNTAX.plain.header.source).exec(text);
  return md && (!pl || md.index < pl.index) ? 'markdown' : 'plain';
}

function blockFlavors(convention: Convention, markup: Markup): BlockFlavor[] {
  if (convention === 'latex') return ['latex'];
  if (convention === 'pandoc') return ['markdown'];
  return markup === 'markdown' ? ['markdown', 'plain'] : ['plain', 'markdown'];
}

/** How many analyses were made afresh, in all (tests count them: one per text and options). */
export const analysisCount = { fresh: 0 };

/**
 * The last few analyses, by their inputs: one `bib` or diagnostics pass asks for the same analysis
 * several times (convention check, plan, verification), and on a long manuscript each costs a full
 * scan. Analyses are never modified by their callers, so sharing them is safe. The line
 * break asked for does not change an analysis but the blocks it renders, so it is not part of the key.
 */
const recent: Analysis[] = [];
/** Analyses kept: at most this many, */
const RECENT_MAX = 4;
/**
 * and beyond the newest two (a text and the result planned for it), only while the text they hold
 * stays under this many characters: in the editor the older ones are of versions typed over, and an
 * analysis of a 1 MB manuscript keeps about 5 MiB besides its text.
 */
const RECENT_TEXT_CHARS = 1_000_000;

export function analyze(text: string, convention: Convention, options: ScanOptions = {}, eolOverride?: string): Analysis {
  const found = recent.find((r) => fits(r, text, convention, options)) ?? remember(analyzeAfresh(text, convention, options));
  return withEol(found, eolOverride);
}

function remember(analysis: Analysis): Analysis {
  recent.unshift(analysis);
  let chars = 0;
  for (let i = 0; i < recent.length; i++) {
    chars += recent[i].text.length;
    if (i >= RECENT_MAX || (i >= 2 && chars > RECENT_TEXT_CHARS)) {
      recent.length = i;
      break;
    }
  }
  return analysis;
}

/**
 * Lets go of the analyses of `a`'s text: the editor says so when that text is a version typed over,
 * which nothing asks for again (a plan's result, analysed when it was verified, stays).
 */
export function forgetAnalysesOf(a: Analysis): void {
  for (let i = recent.length - 1; i >= 0; i--) if (recent[i].text === a.text) recent.splice(i, 1);
}

/** Whether `a` is the analysis of `text` in `convention` with these options. */
export function fits(a: Analysis, text: string, convention: Convention, options: ScanOptions): boolean {
  const o = a.options;
  return a.convention === convention && o.markup === options.markup && o.knownKeys === options.knownKeys && o.canonical === options.canonical && a.text === text;
}

/** The analysis with inserted blocks breaking lines with `eol` (the rest does not depend on it). */
export function withEol(a: Analysis, eol: string | undefined): Analysis {
  return eol === undefined || eol === a.eol ? a : { ...a, eol };
}

function analyzeAfresh(text: string, convention: Convention, options: ScanOptions): Analysis {
  analysisCount.fresh++;
  const knownKeys = options.knownKeys;
  const known = knownKeys ? (k: string) => knownKeys.has(k) : (_k: string) => true;
  const markup = markupOf(text, convention, options);
  const regions =
    convention === 'latex'
      ? latexRegions(text)
      : markup === 'markdown'
        ? markdownRegions(text)
        : { code: [], comments: [] };
  const code = new RegionSet(regions.code);
  const { list, problem } = findBlock(text, blockFlavors(convention, markup), code);
  const blockRegion: Region[] = list ? [{ start: list.start, end: list.end, inclusiveEnd: true }] : [];
  const excluded = new RegionSet([...regions.code, ...regions.comments, ...blockRegion]);
  const markers =
    convention === 'pandoc'
      ? scanPandoc(text, excluded, known)
      : convention === 'latex'
        ? scanLatex(text, excluded, known)
        : scanNumeric(text, excluded, list, known);
  const eol = detectEol(text);
  return { text, options: { knownKeys, markup: options.markup, canonical: options.canonical }, convention, markup, eol, code, excluded, list, problem, markers, known };
}

const sameKey = (key: string) => key;

/**
 * The work each key stands for in a convention: `canonical`, except in LaTeX (a `\cite` must name
 * a `\bibitem` of its own, so there every key is listed).
 */
export function workFor(convention: Convention, canonical: ScanOptions['canonical']): (key: string) => string {
  return (convention !== 'latex' && canonical) || sameKey;
}

/** The work each key of an analysis stands for (see {@link workFor}). */
export function workOf(a: Analysis): (key: string) => string {
  return workFor(a.convention, a.options.canonical);
}

/** Known keys of the markers in order of first appearance, one per work; foreign numeric markers are skipped. */
export function firstAppearance(markers: InternalMarker[], known: (k: string) => boolean, work: (k: string) => string = sameKey): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  for (const m of markers) {
    if (m.foreign) continue;
    for (const k of m.keys) {
      if (known(k) && !seen.has(work(k))) {
        seen.add(work(k));
        order.push(k);
      }
    }
  }
  return order;
}

/** Each key's number: the position of its work in `order` (keys in first appearance, one per work). */
export function numbersByWork(order: readonly string[], keys: Iterable<string>, work: (k: string) => string): Map<string, number> {
  const byWork = new Map(order.map((k, i) => [work(k), i + 1]));
  const number = new Map<string, number>();
  for (const k of keys) {
    const n = byWork.get(work(k));
    if (n !== undefined) number.set(k, n);
  }
  return number;
}

function toPublic(m: InternalMarker): CitationMarker {
  const out: CitationMarker = { start: m.start, end: m.end, raw: m.raw, keys: [...m.keys], unknown: [...m.unknown], form: m.form };
  if (m.numbers) out.numbers = [...m.numbers];
  return out;
}

/** All citation markers, the managed list (if any) and the order of first appearance. */
export function scanDocument(text: string, convention: Convention, options?: ScanOptions): DocumentScan {
  return scanOf(analyze(text, convention, options));
}

/** The public face of an analysis: markers, list, order of first appearance, problems. */
export function scanOf(a: Analysis): DocumentScan {
  const convention = a.convention;
  return {
    convention,
    markers: a.markers.map(toPublic),
    list: a.list ? { ...a.list, keys: [...a.list.keys] } : undefined,
    order: firstAppearance(a.markers, a.known, workOf(a)),
    problems: a.problem ? [a.problem] : [],
  };
}
