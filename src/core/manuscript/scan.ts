// One analysis of a manuscript: its regions, its managed list and its citation markers.
import type { Convention } from '../types';
import { detectEol } from './text';
import { BLOCK_SYNTAX, findBlock } from './block';
import { scanLatex, scanNumeric, scanPandoc } from './markers';
import { latexRegions, markdownRegions, RegionSet, type Region } from './regions';
import type { BlockFlavor, CitationMarker, DocumentScan, InternalMarker, ManagedList, Markup, ScanOptions } from './types';

export interface Analysis {
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

/**
 * The last few analyses, by their inputs: one `bib` or diagnostics pass asks for the same analysis
 * several times (convention check, plan, verification), and on a long manuscript each costs a full
 * scan (issue 11). Analyses are never modified by their callers, so sharing them is safe.
 */
const recent: { text: string; convention: Convention; markup?: Markup; knownKeys?: ScanOptions['knownKeys']; analysis: Analysis }[] = [];

export function analyze(text: string, convention: Convention, options: ScanOptions = {}, eolOverride?: string): Analysis {
  // The line break asked for changes only `eol` (the blocks a plan renders), not the analysis.
  let analysis = recent.find((r) => r.convention === convention && r.markup === options.markup && r.knownKeys === options.knownKeys && r.text === text)?.analysis;
  if (!analysis) {
    analysis = analyzeAfresh(text, convention, options);
    recent.unshift({ text, convention, markup: options.markup, knownKeys: options.knownKeys, analysis });
    if (recent.length > 4) recent.pop();
  }
  return eolOverride === undefined || eolOverride === analysis.eol ? analysis : { ...analysis, eol: eolOverride };
}

function analyzeAfresh(text: string, convention: Convention, options: ScanOptions): Analysis {
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
  return { convention, markup, eol, code, excluded, list, problem, markers, known };
}

/** Known keys of the markers in order of first appearance; foreign numeric markers are skipped. */
export function firstAppearance(markers: InternalMarker[], known: (k: string) => boolean): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  for (const m of markers) {
    if (m.foreign) continue;
    for (const k of m.keys) {
      if (known(k) && !seen.has(k)) {
        seen.add(k);
        order.push(k);
      }
    }
  }
  return order;
}

function toPublic(m: InternalMarker): CitationMarker {
  const out: CitationMarker = { start: m.start, end: m.end, raw: m.raw, keys: [...m.keys], unknown: [...m.unknown], form: m.form };
  if (m.numbers) out.numbers = [...m.numbers];
  return out;
}

/** All citation markers, the managed list (if any) and the order of first appearance. */
export function scanDocument(text: string, convention: Convention, options?: ScanOptions): DocumentScan {
  const a = analyze(text, convention, options);
  return {
    convention,
    markers: a.markers.map(toPublic),
    list: a.list ? { ...a.list, keys: [...a.list.keys] } : undefined,
    order: firstAppearance(a.markers, a.known),
    problems: a.problem ? [a.problem] : [],
  };
}
