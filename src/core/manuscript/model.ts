// The one manuscript model: everything the features know about a document, derived once from its
// text, language and settings. The extension caches it per document version
// (`vscode/shared/manuscripts.ts`); the CLI builds it for a file. Pure: no `vscode` here.
import {
  analyze,
  detectConvention,
  detectMarkup,
  forgetAnalysesOf,
  planInsertion,
  planListUpdate,
  listUpdateWanted,
  scanOf,
  type CitationContext,
  type DocumentScan,
  type InsertionPlan,
  type ManuscriptAnalysis,
  type Markup,
  type ScanOptions,
} from './';
import type { TextEdit } from '../types';
import type { Convention } from '../types';
import { resolveNumericMarker, type NumericMarkerSetting } from './numericMarker';
import { detectLatexBibliography, resolveLatexCommand } from './latexBibliography';
import { detectEol } from './text';
import type { ReferenceResolver, ResolvedReference } from './resolver';

/** The settings that shape a document's citations (language-overridable in VS Code). */
export interface ManuscriptSettings {
  /** CSL style id of the managed list and of formatted references. */
  style: string;
  convention: 'auto' | Convention;
  /** `auto`: superscript for AMA Markdown, else brackets (core/manuscript/numericMarker.ts). */
  numericMarker: NumericMarkerSetting;
  /** A command name, or `auto`: the bibliography package's (core/manuscript/latexBibliography.ts). */
  latexCommand: string;
}

export const DEFAULT_SETTINGS: ManuscriptSettings = {
  style: 'american-medical-association',
  convention: 'auto',
  numericMarker: 'auto',
  latexCommand: 'auto',
};

export interface Manuscript {
  readonly text: string;
  readonly languageId: string;
  readonly settings: ManuscriptSettings;
  /** How the document writes citations: the setting, or what its language and markers say. */
  readonly convention: Convention;
  /** Markdown-like or plain (numeric documents: code spans, list-block delimiters). */
  readonly markup: Markup;
  /** Markers, managed list, problems; `scan.order` holds the resolving keys by first appearance. */
  readonly scan: DocumentScan;
  /** The engine's analysis behind `scan`: edits of this text are planned from it, not from a new one. */
  readonly analysis: ManuscriptAnalysis;
  /** The references the document cites that resolve, in order of first appearance. */
  readonly cited: readonly ResolvedReference[];
  /** Line break of the document (inserted blocks follow it; a CR-only file keeps CR). */
  readonly eol: '\n' | '\r\n' | '\r';
  readonly resolver: ReferenceResolver;
}

/** The convention a document is written in: the setting, or `auto` → its language and markers. */
export function conventionOf(text: string, languageId: string, setting: ManuscriptSettings['convention'], options?: ScanOptions): Convention {
  return setting === 'auto' ? detectConvention(languageId, text, options) : setting;
}

/** Analyses a manuscript: one scan in its convention, against the keys the resolver knows. */
export function analyseManuscript(
  text: string,
  languageId: string,
  settings: ManuscriptSettings,
  resolver: ReferenceResolver,
): Manuscript {
  const markup = detectMarkup(languageId);
  const options = { knownKeys: resolver.keys(), markup, canonical: resolver.canonical };
  // Detection analyses with the very options of the model's scan, so that analysis is reused.
  const convention = conventionOf(text, languageId, settings.convention, options);
  const analysis = analyze(text, convention, options);
  const scan = scanOf(analysis);
  const cited = scan.order.map((key) => resolver.get(key)).filter((r): r is ResolvedReference => !!r);
  const eol = detectEol(text);
  return { text, languageId, settings, convention, markup, scan, analysis, cited, eol, resolver };
}

/** The model of a version typed over: its analysis is let go of, as nothing will ask for that text again. */
export function retireManuscript(m: Manuscript): void {
  forgetAnalysesOf(m.analysis);
}

/** A manuscript with no managed list that cites nothing: there is no list to write (not even an empty one). */
export function nothingToList(m: Manuscript): boolean {
  return !m.scan.list && m.scan.order.length === 0;
}

/** What formats managed-list entries (the review's `CitationFormatter`, or one merged with a library). */
export interface EntryFormatter {
  entriesInOrder(keys: readonly string[], style: string, format: 'text'): string[];
  listOrder(keys: readonly string[], style: string): string[];
}

/** The engine's planning context for a manuscript: its keys, markup, style and writing habits. */
export function citationContextOf(m: Manuscript, formatter: EntryFormatter, eol: '\n' | '\r\n' | '\r' = m.eol): CitationContext {
  return {
    knownKeys: m.resolver.keys(),
    markup: m.markup,
    // Keys of one work (review and library) share a number and a list entry.
    canonical: m.resolver.canonical,
    // Managed lists keep the document's order of first appearance, whatever the style's sort.
    formatEntries: (keys: string[], style: string) => formatter.entriesInOrder(keys, style, 'text'),
    listOrder: (keys: string[], style: string) => formatter.listOrder(keys, style),
    style: m.settings.style,
    // Superscript needs Markdown; plain text gets brackets.
    numericMarker: resolveNumericMarker(m.settings.numericMarker, m.settings.style, m.markup),
    latexCommand: latexCommandOf(m),
    eol,
  };
}

/** The LaTeX command for new citations: the setting, or (`auto`) the bibliography package's own. */
export function latexCommandOf(m: Manuscript): string {
  return resolveLatexCommand(m.settings.latexCommand, m.convention === 'latex' ? detectLatexBibliography(m.text) : undefined);
}

/**
 * Inserts citations of `keys` at `offsets` of the manuscript's text, planned from its analysis (no
 * new one): the edits, and where each cursor lands (right after the citation it made or merged into).
 */
export function planInsertionIn(m: Manuscript, offsets: number[], keys: string[], context: CitationContext): InsertionPlan {
  return planInsertion(m.text, m.convention, offsets, keys, context, m.analysis);
}

/** Brings the manuscript's list (and numbers) in step, planned from its analysis; [] when up to date. */
export function planListUpdateIn(m: Manuscript, context: CitationContext, options: { create?: boolean } = {}): TextEdit[] {
  return planListUpdate(m.text, m.convention, context, { ...options, analysis: m.analysis });
}

/** Whether the manuscript's list (or numbers) is out of step: planned from its analysis, not verified (nothing is applied). */
export function listIsStaleIn(m: Manuscript, context: CitationContext): boolean {
  return listUpdateWanted(m.text, m.convention, context, m.analysis);
}
