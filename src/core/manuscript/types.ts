// Shapes of the manuscript engine's public API (scan results, options, the citation context) and
// its internal marker. Pure TypeScript: no `vscode`.
import type { Convention } from '../types';

export type Markup = 'markdown' | 'plain';
export type BlockFlavor = 'markdown' | 'latex' | 'plain';
export type MarkerForm =
  | 'pandoc-bracket'
  | 'pandoc-intext'
  | 'latex'
  | 'numeric-brackets'
  | 'numeric-superscript'
  | 'numeric-sup';

export interface CitationMarker {
  start: number;
  end: number;
  raw: string;
  /** Keys as written (pandoc/latex) or resolved from numbers (numeric), in written order. */
  keys: string[];
  /** Numbers as written, ranges expanded (numeric only). */
  numbers?: number[];
  /** Keys or numbers (as strings, or the raw range) that don't resolve. */
  unknown: string[];
  form: MarkerForm;
}

export interface ManagedList {
  /** Start of the header line. */
  start: number;
  /** End of the closing line (before its line break). */
  end: number;
  style: string;
  keys: string[];
  flavor: BlockFlavor;
}

export interface DocumentScan {
  convention: Convention;
  markers: CitationMarker[];
  list?: ManagedList;
  /** Known keys in order of first appearance (numeric: over markers that are not foreign), one per work. */
  order: string[];
  /** Problems that make the document unplannable, e.g. an unclosed list block. */
  problems: string[];
}

export interface ScanOptions {
  /** Keys that resolve. Without it every syntactically valid key is considered known. */
  knownKeys?: ReadonlySet<string>;
  /** Numeric documents only: Markdown (code spans skipped, HTML-comment block) or plain text. */
  markup?: Markup;
  /**
   * The work a key stands for (the resolver's `canonical`): keys of one work share a number and a
   * list entry, listed under the key that appears first. Not in LaTeX, whose `\cite` must name a
   * `\bibitem` of its own. Default: every key is its own work.
   */
  canonical?: (key: string) => string;
}

export interface CitationContext extends ScanOptions {
  knownKeys: ReadonlySet<string>;
  /** Formats list entries for keys in this order, e.g. AMA. Must return one string per key. */
  formatEntries(keys: string[], style: string): string[];
  /**
   * Order of a pandoc or LaTeX document's list, given the keys in order of first appearance:
   * the style's own sort (e.g. alphabetical for APA). Default: first appearance. Numeric documents
   * always list by first appearance, since their numbers are positions in the list.
   */
  listOrder?(keys: string[], style: string): string[];
  /** CSL style id written in the block header (no whitespace). */
  style: string;
  /** Form of NEW numeric markers: `[1]` (default) or pandoc superscript `^1^`. */
  numericMarker?: 'brackets' | 'superscript';
  /** LaTeX command for new citations, default `cite` (with or without the backslash). */
  latexCommand?: string;
  /** Line break of inserted blocks; default: the document's (CRLF if it contains any, CR in a CR-only file). */
  eol?: '\n' | '\r\n' | '\r';
}

/** A marker as the planner sees it: the public fields plus how to merge into it. */
export interface InternalMarker extends CitationMarker {
  /** Where keys are appended when merging (pandoc bracket, latex). */
  insertAt?: number;
  /** Separator between keys when merging. */
  sep?: string;
  /** Numeric: contains a number that does not resolve. */
  foreign?: boolean;
  /** Numeric: a superscript that could be an exponent or a citation (after a symbol); also foreign. */
  doubtful?: boolean;
  /**
   * Numeric: the page-specific locator written after each number of `numbers` (same index), as
   * written: `(p464)` (AMA) or ` p464`; undefined where there is none. Absent when none has one.
   */
  locators?: (string | undefined)[];
  /** Numeric: list separator and range dash as written. */
  listSep?: string;
  dash?: string;
}

/** A citation site in the plan: an existing marker (possibly gaining keys) or a new one. */
export interface PlanItem {
  pos: number;
  /** Tie-break at equal pos: 0 new (before a marker starting there), 1 existing, 2 moved after. */
  tie: number;
  marker?: InternalMarker;
  keys: string[];
  added: string[];
  /** A new marker: its text as written (without the separating space or tie). */
  written?: string;
}

export interface PlanInsertion {
  offsets: number[];
  keys: string[];
}
