// Citation markers and the managed reference list of a manuscript. Pure TypeScript: no `vscode`.
//
// CONVENTIONS (what a citation marker looks like)
// -----------------------------------------------
// pandoc   Markdown per pandoc: bracketed `[@a]`, `[@a; @b]`, `[see @a, p. 3; -@b]`, braced keys
//          `[@{odd key}]`, and bare in-text `@a`. Keys follow pandoc: start with a letter, digit or
//          `_`, then letters, digits, `_` and internal punctuation `:.#$%&-+?<>~/` (punctuation only
//          when followed by another key character, so "@doe99." cites `doe99`).
// latex    Any `\...cite...` command (`\cite`, `\citep`, `\citet`, `\autocite`, `\parencite`,
//          `\textcite`, `\footcite`, `\nocite`, starred forms), with up to two optional arguments:
//          `\cite[p.~3]{a}`, `\cite[see][12]{a,b}`.
// numeric  `[1]`, `[1,2]`, `[1, 3-5]`, `[1–3]` (en dash), pandoc superscript `^1^`, `^1,3^` and
//          HTML `<sup>1</sup>`. Number n means the n-th key of the managed block's header.
//
// Not citations: anything in Markdown fenced code blocks, inline code spans, HTML comments and
// YAML front matter (pandoc, and numeric with markup "markdown"); LaTeX comments and
// verbatim/lstlisting/minted/comment environments; and the managed block itself. Markdown links
// `[1](url)`, link reference definitions `[1]: url` and reference links `[text][1]` are not
// numeric markers; `[@a](url)` is not a bracketed pandoc citation.
//
// MANAGED REFERENCE LIST (one block per document; the first one found is the managed one)
// --------------------------------------------------------------------------------------
// Markdown (pandoc, and numeric with markup "markdown"):
//     <!-- iscls-references style=american-medical-association keys=clarkson1960,druey2010 -->
//     1. <entry for clarkson1960>
//     2. <entry for druey2010>
//     <!-- /iscls-references -->
// LaTeX:
//     % iscls-references style=american-medical-association keys=clarkson1960,druey2010
//     \begin{thebibliography}{99}
//     \bibitem{clarkson1960} <entry, LaTeX specials escaped>
//     \bibitem{druey2010} <entry>
//     \end{thebibliography}
//     % /iscls-references
// Plain text (numeric with markup "plain"):
//     [iscls-references style=american-medical-association keys=clarkson1960,druey2010]
//     1. <entry>
//     [/iscls-references]
// The header carries the style and the key order: in a numeric document `[3]` is the 3rd key of
// `keys=`. Entries are one per line (line breaks in formatted entries become spaces), in
// first-appearance order. The block is rendered deterministically, so updating an up-to-date block
// is a no-op (planListUpdate returns []). A created block is appended at the end of the document
// (LaTeX: before `\end{document}`) after a blank line, and ends with a line break.
//
// EDIT PLANS
// ----------
// Planning functions return non-overlapping, minimal TextEdits against the ORIGINAL text (common
// prefixes/suffixes trimmed, touching edits merged), to be applied as one undoable edit. Text
// outside markers and the managed block is never changed. Every plan is checked before it is
// returned: it is applied, the result re-scanned, and the plan is rejected (Error) if the inserted
// keys would not be recognised or the list would not be up to date. Offsets are UTF-16 offsets;
// line endings of inserted blocks follow the document (CRLF stays CRLF).
//
// Numeric specifics: numbers are assigned by first appearance over the whole document; a marker is
// rewritten only when its set of numbers changes (it keeps its form and its ", "/en-dash spacing);
// ranges of 3+ consecutive numbers are compressed (`[1,3,5-7]`). A numeric marker containing a
// number that does not resolve (no block yet, out of range, key no longer known) is "foreign": left
// exactly as written, ignored for numbering, never merged into.
import type { Convention, TextEdit } from './types';

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
  /** Known keys in order of first appearance (numeric: over markers that are not foreign). */
  order: string[];
  /** Problems that make the document unplannable, e.g. an unclosed list block. */
  problems: string[];
}

export interface ScanOptions {
  /** Keys that resolve. Without it every syntactically valid key is considered known. */
  knownKeys?: ReadonlySet<string>;
  /** Numeric documents only: Markdown (code spans skipped, HTML-comment block) or plain text. */
  markup?: Markup;
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
  /** Line break of inserted blocks; default: the document's (CRLF if it contains any). */
  eol?: '\n' | '\r\n';
}

// ---------------------------------------------------------------------------------------------
// Regions that never contain citations

interface Region {
  start: number;
  end: number;
  /** Whether an insertion at `end` still lands inside (comments and fenced blocks run to EOL). */
  inclusiveEnd: boolean;
}

class RegionSet {
  private readonly regions: Region[];
  constructor(regions: Region[]) {
    // Sorted and merged, so that a region (the managed block) may contain others (its comments).
    const sorted = regions.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
    const merged: Region[] = [];
    for (const r of sorted) {
      const last = merged[merged.length - 1];
      if (last && r.start < last.end) {
        if (r.end > last.end || (r.end === last.end && r.inclusiveEnd)) {
          last.end = r.end;
          last.inclusiveEnd = r.inclusiveEnd;
        }
      } else merged.push({ ...r });
    }
    this.regions = merged;
  }
  all(): readonly Region[] {
    return this.regions;
  }
  private lastStartingAtOrBefore(pos: number): Region | undefined {
    let lo = 0;
    let hi = this.regions.length - 1;
    let found: Region | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.regions[mid].start <= pos) {
        found = this.regions[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
  /** Whether the character at `pos` is inside a region. */
  covers(pos: number): boolean {
    const r = this.lastStartingAtOrBefore(pos);
    return !!r && pos < r.end;
  }
  /** Whether the range [start, end) intersects a region. */
  intersects(start: number, end: number): boolean {
    if (this.covers(start)) return true;
    const r = this.lastStartingAtOrBefore(Math.max(start, end - 1));
    return !!r && r.end > start && r.start < end;
  }
  /** Whether inserting text at `offset` would land inside a region. */
  insertionInside(offset: number): boolean {
    const r = this.lastStartingAtOrBefore(offset);
    if (!r) return false;
    if (r.start === offset) {
      // Before the region's first character; but a region may start right where another ends.
      return false;
    }
    return offset < r.end || (r.inclusiveEnd && offset === r.end);
  }
}

interface Line {
  start: number;
  /** End of content (before the line break). */
  end: number;
  /** Start of the next line. */
  next: number;
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    out.push({ start, end: m.index, next: m.index + m[0].length });
    start = m.index + m[0].length;
  }
  out.push({ start, end: text.length, next: text.length });
  return out;
}

/** Markdown: YAML front matter, fenced code, inline code (code) and HTML comments (comments). */
function markdownRegions(text: string): { code: Region[]; comments: Region[] } {
  const code: Region[] = [];
  const comments: Region[] = [];
  const ls = lines(text);
  let i = 0;
  // YAML front matter.
  if (ls.length > 1 && /^---[ \t]*$/.test(text.slice(ls[0].start, ls[0].end))) {
    for (let j = 1; j < ls.length; j++) {
      if (/^(?:---|\.\.\.)[ \t]*$/.test(text.slice(ls[j].start, ls[j].end))) {
        code.push({ start: 0, end: ls[j].end, inclusiveEnd: true });
        i = j + 1;
        break;
      }
    }
  }
  const prose: Array<[number, number]> = [];
  let proseStart = i < ls.length ? ls[i].start : text.length;
  while (i < ls.length) {
    const line = text.slice(ls[i].start, ls[i].end);
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (open && !(open[1][0] === '`' && line.slice(open[0].length).includes('`'))) {
      prose.push([proseStart, ls[i].start]);
      const fence = open[1];
      let j = i + 1;
      let end = text.length;
      for (; j < ls.length; j++) {
        const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(text.slice(ls[j].start, ls[j].end));
        if (close && close[1][0] === fence[0] && close[1].length >= fence.length) {
          end = ls[j].end;
          break;
        }
      }
      code.push({ start: ls[i].start, end, inclusiveEnd: true });
      i = j + 1;
      proseStart = i < ls.length ? ls[i].start : text.length;
      continue;
    }
    i++;
  }
  prose.push([proseStart, text.length]);
  for (const [from, to] of prose) {
    const seg = text.slice(from, to);
    const re = /`+|<!--/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(seg)) !== null) {
      if (m[0] === '<!--') {
        const close = seg.indexOf('-->', m.index + 4);
        const end = close < 0 ? seg.length : close + 3;
        comments.push({ start: from + m.index, end: from + end, inclusiveEnd: false });
        re.lastIndex = end;
        continue;
      }
      if (m.index > 0 && seg[m.index - 1] === '\\') continue; // escaped backtick
      const n = m[0].length;
      const closeRe = /`+/g;
      closeRe.lastIndex = m.index + n;
      let c: RegExpExecArray | null;
      let closed = -1;
      while ((c = closeRe.exec(seg)) !== null) {
        if (c[0].length === n) {
          closed = c.index;
          break;
        }
      }
      if (closed >= 0) {
        code.push({ start: from + m.index, end: from + closed + n, inclusiveEnd: false });
        re.lastIndex = closed + n;
      }
    }
  }
  return { code, comments };
}

function precededByOddBackslashes(text: string, pos: number): boolean {
  let n = 0;
  while (pos - n - 1 >= 0 && text[pos - n - 1] === '\\') n++;
  return n % 2 === 1;
}

/** LaTeX: verbatim-like environments (code) and % comments (comments). */
function latexRegions(text: string): { code: Region[]; comments: Region[] } {
  const code: Region[] = [];
  const comments: Region[] = [];
  const env = /\\begin\{(verbatim\*?|Verbatim|lstlisting|minted|comment)\}/g;
  let m: RegExpExecArray | null;
  while ((m = env.exec(text)) !== null) {
    if (precededByOddBackslashes(text, m.index)) continue;
    const endTag = `\\end{${m[1]}}`;
    const close = text.indexOf(endTag, m.index + m[0].length);
    const end = close < 0 ? text.length : close + endTag.length;
    code.push({ start: m.index, end, inclusiveEnd: false });
    env.lastIndex = end;
  }
  const codeSet = new RegionSet(code);
  for (const l of lines(text)) {
    for (let p = text.indexOf('%', l.start); p >= 0 && p < l.end; p = text.indexOf('%', p + 1)) {
      if (precededByOddBackslashes(text, p) || codeSet.covers(p)) continue;
      comments.push({ start: p, end: l.end, inclusiveEnd: true });
      break;
    }
  }
  return { code, comments };
}

// ---------------------------------------------------------------------------------------------
// The managed block

interface BlockSyntax {
  flavor: BlockFlavor;
  header: RegExp;
  footer: RegExp;
}

const BLOCK_SYNTAX: Record<BlockFlavor, BlockSyntax> = {
  markdown: {
    flavor: 'markdown',
    header: /^[ \t]*<!--[ \t]*iscls-references\b([^\r\n]*?)-->[ \t]*$/gm,
    footer: /^[ \t]*<!--[ \t]*\/iscls-references[ \t]*-->[ \t]*$/gm,
  },
  latex: {
    flavor: 'latex',
    header: /^[ \t]*%[ \t]*iscls-references\b([^\r\n]*)$/gm,
    footer: /^[ \t]*%[ \t]*\/iscls-references\b[^\r\n]*$/gm,
  },
  plain: {
    flavor: 'plain',
    header: /^[ \t]*\[iscls-references\b([^\]\r\n]*)\][ \t]*$/gm,
    footer: /^[ \t]*\[\/iscls-references\][ \t]*$/gm,
  },
};

function lineOf(text: string, pos: number): number {
  let n = 1;
  for (let i = 0; i < pos; i++) if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) n++;
  return n;
}

function findBlock(
  text: string,
  flavors: BlockFlavor[],
  code: RegionSet,
): { list?: ManagedList; problem?: string } {
  let best: { list?: ManagedList; problem?: string; at: number } | undefined;
  for (const flavor of flavors) {
    const syn = BLOCK_SYNTAX[flavor];
    const header = new RegExp(syn.header.source, 'gm');
    let h: RegExpExecArray | null;
    while ((h = header.exec(text)) !== null) {
      if (code.covers(h.index + h[0].search(/\S/))) continue;
      if (best && best.at < h.index) break;
      const attrs = h[1];
      const style = /(?:^|\s)style=(\S*)/.exec(attrs)?.[1] ?? '';
      const keys = (/(?:^|\s)keys=(\S*)/.exec(attrs)?.[1] ?? '').split(',').filter((k) => k !== '');
      const footer = new RegExp(syn.footer.source, 'gm');
      footer.lastIndex = h.index + h[0].length;
      let f: RegExpExecArray | null;
      let end = -1;
      while ((f = footer.exec(text)) !== null) {
        if (!code.covers(f.index)) {
          end = f.index + f[0].length;
          break;
        }
      }
      best =
        end < 0
          ? {
              at: h.index,
              problem: `The reference list block opened on line ${lineOf(text, h.index)} is not closed; add its closing line or delete the block.`,
            }
          : { at: h.index, list: { start: h.index, end, style, keys, flavor } };
      break;
    }
  }
  return best ? { list: best.list, problem: best.problem } : {};
}

function latexEscape(s: string): string {
  const map: Record<string, string> = {
    '\\': '\\textbackslash{}',
    '&': '\\&',
    '%': '\\%',
    $: '\\$',
    '#': '\\#',
    _: '\\_',
    '{': '\\{',
    '}': '\\}',
    '~': '\\textasciitilde{}',
    '^': '\\textasciicircum{}',
  };
  return s.replace(/[\\&%$#_{}~^]/g, (c) => map[c]);
}

function renderBlock(flavor: BlockFlavor, style: string, keys: string[], entries: string[], eol: string): string {
  const attrs = `style=${style} keys=${keys.join(',')}`;
  const clean = entries.map((e) => e.replace(/\s*(?:\r\n|\n|\r)\s*/g, ' ').trim());
  switch (flavor) {
    case 'markdown':
      return [
        `<!-- iscls-references ${attrs} -->`,
        ...clean.map((e, i) => `${i + 1}. ${e}`),
        '<!-- /iscls-references -->',
      ].join(eol);
    case 'plain':
      return [`[iscls-references ${attrs}]`, ...clean.map((e, i) => `${i + 1}. ${e}`), '[/iscls-references]'].join(eol);
    case 'latex':
      return [
        `% iscls-references ${attrs}`,
        '\\begin{thebibliography}{99}',
        ...clean.map((e, i) => `\\bibitem{${keys[i]}} ${latexEscape(e)}`),
        '\\end{thebibliography}',
        '% /iscls-references',
      ].join(eol);
  }
}

// ---------------------------------------------------------------------------------------------
// Marker scanning

interface InternalMarker extends CitationMarker {
  /** Where keys are appended when merging (pandoc bracket, latex). */
  insertAt?: number;
  /** Separator between keys when merging. */
  sep?: string;
  /** Numeric: contains a number that does not resolve. */
  foreign?: boolean;
  /** Numeric: list separator and range dash as written. */
  listSep?: string;
  dash?: string;
}

const KEY_SRC = "[\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_]+|[:.#$%&\\-+?<>~/]+(?=[\\p{L}\\p{N}_]))*";
const PANDOC_KEY_FULL = new RegExp(`^${KEY_SRC}$`, 'u');
const PANDOC_CITE_IN_BRACKET = new RegExp(`(?<![\\p{L}\\p{N}_\\\\])-?@(?:\\{([^{}]+)\\}|(${KEY_SRC}))`, 'gu');
const PANDOC_BARE = new RegExp(`(?<![\\p{L}\\p{N}_\\\\@])@(?:\\{([^{}]+)\\}|(${KEY_SRC}))`, 'gu');

interface Analysis {
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

function lineStartBefore(text: string, pos: number): number {
  let p = pos;
  while (p > 0 && text[p - 1] !== '\n' && text[p - 1] !== '\r') p--;
  return p;
}

function scanPandoc(text: string, excluded: RegionSet, known: (k: string) => boolean): InternalMarker[] {
  const markers: InternalMarker[] = [];
  const bracket = /\[([^\[\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = bracket.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (!m[1].includes('@')) continue;
    if (excluded.intersects(start, end)) continue;
    if (precededByOddBackslashes(text, start) || text[start - 1] === '!') continue;
    if (text[end] === '(') continue;
    if (text[end] === ':' && /^ {0,3}$/.test(text.slice(lineStartBefore(text, start), start))) continue;
    const keys: string[] = [];
    PANDOC_CITE_IN_BRACKET.lastIndex = 0;
    let k: RegExpExecArray | null;
    while ((k = PANDOC_CITE_IN_BRACKET.exec(m[1])) !== null) keys.push(k[1] ?? k[2]);
    if (keys.length === 0) continue;
    let insertAt = end - 1;
    while (insertAt > start + 1 && /\s/.test(text[insertAt - 1])) insertAt--;
    markers.push({
      start,
      end,
      raw: m[0],
      keys,
      unknown: keys.filter((x) => !known(x)),
      form: 'pandoc-bracket',
      insertAt,
      sep: '; ',
    });
  }
  const brackets = new RegionSet(markers.map((x) => ({ start: x.start, end: x.end, inclusiveEnd: false })));
  PANDOC_BARE.lastIndex = 0;
  while ((m = PANDOC_BARE.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (brackets.covers(start) || excluded.covers(start)) continue;
    const key = m[1] ?? m[2];
    markers.push({ start, end, raw: m[0], keys: [key], unknown: known(key) ? [] : [key], form: 'pandoc-intext' });
  }
  return markers.sort((a, b) => a.start - b.start);
}

function scanLatex(text: string, excluded: RegionSet, known: (k: string) => boolean): InternalMarker[] {
  const markers: InternalMarker[] = [];
  const re = /\\([A-Za-z]*cite[A-Za-z]*)\*?((?:\s*\[[^\[\]]*\]){0,2})\s*\{([^{}]*)\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (precededByOddBackslashes(text, start)) continue;
    if (excluded.intersects(start, end)) continue;
    const content = m[3];
    const keys = content
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k !== '');
    let insertAt = end - 1;
    while (insertAt > end - 1 - content.length && /\s/.test(text[insertAt - 1])) insertAt--;
    markers.push({
      start,
      end,
      raw: m[0],
      keys,
      unknown: keys.filter((k) => !known(k)),
      form: 'latex',
      insertAt,
      sep: /,\s/.test(content) ? ', ' : ',',
    });
  }
  return markers;
}

const NUM_LIST = '\\d+(?:\\s*[-\u2013]\\s*\\d+)?(?:\\s*,\\s*\\d+(?:\\s*[-\u2013]\\s*\\d+)?)*';
const NUM_LIST_TIGHT = '\\d+(?:[-\u2013]\\d+)?(?:,\\d+(?:[-\u2013]\\d+)?)*';
const NUMERIC_RE = new RegExp(
  `\\[\\s*(${NUM_LIST})\\s*\\]|\\^(${NUM_LIST_TIGHT})\\^|<sup>\\s*(${NUM_LIST})\\s*</sup>`,
  'gi',
);
const MAX_RANGE = 500;

function scanNumeric(
  text: string,
  excluded: RegionSet,
  list: ManagedList | undefined,
  known: (k: string) => boolean,
): InternalMarker[] {
  const markers: InternalMarker[] = [];
  NUMERIC_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let lastEnd = -1;
  while ((m = NUMERIC_RE.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (excluded.intersects(start, end)) continue;
    const body = m[1] ?? m[2] ?? m[3];
    const form: MarkerForm = m[1] !== undefined ? 'numeric-brackets' : m[2] !== undefined ? 'numeric-superscript' : 'numeric-sup';
    if (precededByOddBackslashes(text, start)) continue;
    if (form === 'numeric-brackets') {
      if (text[start - 1] === '!' || text[end] === '(') continue;
      if (text[start - 1] === ']' && lastEnd !== start) continue; // [text][1] reference link
      if (text[end] === ':' && /^ {0,3}$/.test(text.slice(lineStartBefore(text, start), start))) continue;
    }
    const numbers: number[] = [];
    const unknown: string[] = [];
    for (const part of body.split(',')) {
      const r = /^\s*(\d+)\s*(?:[-\u2013]\s*(\d+))?\s*$/.exec(part)!;
      const a = Number(r[1]);
      if (r[2] === undefined) {
        numbers.push(a);
        continue;
      }
      const b = Number(r[2]);
      if (b < a || b - a > MAX_RANGE) {
        unknown.push(part.trim());
        continue;
      }
      for (let n = a; n <= b; n++) numbers.push(n);
    }
    const keys: string[] = [];
    for (const n of numbers) {
      const key = list && n >= 1 && n <= list.keys.length ? list.keys[n - 1] : undefined;
      if (key !== undefined && known(key)) keys.push(key);
      else unknown.push(String(n));
    }
    markers.push({
      start,
      end,
      raw: m[0],
      keys,
      numbers,
      unknown,
      form,
      foreign: unknown.length > 0,
      listSep: /,\s/.test(body) ? ', ' : ',',
      dash: body.includes('\u2013') ? '\u2013' : '-',
    });
    lastEnd = end;
  }
  return markers;
}

function analyze(text: string, convention: Convention, options: ScanOptions = {}, eolOverride?: string): Analysis {
  const knownKeys = options.knownKeys;
  const known = knownKeys ? (k: string) => knownKeys.has(k) : (_k: string) => true;
  let markup: Markup = options.markup ?? 'plain';
  if (convention === 'pandoc') markup = 'markdown';
  else if (convention === 'numeric' && options.markup === undefined) {
    const md = new RegExp(BLOCK_SYNTAX.markdown.header.source, 'm').exec(text);
    const pl = new RegExp(BLOCK_SYNTAX.plain.header.source, 'm').exec(text);
    markup = md && (!pl || md.index < pl.index) ? 'markdown' : 'plain';
  }
  const regions =
    convention === 'latex'
      ? latexRegions(text)
      : markup === 'markdown'
        ? markdownRegions(text)
        : { code: [], comments: [] };
  const code = new RegionSet(regions.code);
  const flavors: BlockFlavor[] =
    convention === 'latex' ? ['latex'] : convention === 'pandoc' ? ['markdown'] : markup === 'markdown' ? ['markdown', 'plain'] : ['plain', 'markdown'];
  const { list, problem } = findBlock(text, flavors, code);
  const blockRegion: Region[] = list ? [{ start: list.start, end: list.end, inclusiveEnd: true }] : [];
  const excluded = new RegionSet([...regions.code, ...regions.comments, ...blockRegion]);
  const markers =
    convention === 'pandoc'
      ? scanPandoc(text, excluded, known)
      : convention === 'latex'
        ? scanLatex(text, excluded, known)
        : scanNumeric(text, excluded, list, known);
  const eol = eolOverride ?? (text.includes('\r\n') ? '\r\n' : '\n');
  return { convention, markup, eol, code, excluded, list, problem, markers, known };
}

function firstAppearance(markers: InternalMarker[], known: (k: string) => boolean): string[] {
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

// ---------------------------------------------------------------------------------------------
// Planning

/** Compresses sorted unique numbers: [1,2,3,5] -> "1-3,5"; runs of two stay "1,2". */
export function compressNumbers(nums: number[], sep = ',', dash = '-'): string {
  const parts: string[] = [];
  let i = 0;
  while (i < nums.length) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1) j++;
    if (j - i >= 2) parts.push(`${nums[i]}${dash}${nums[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(nums[k]));
    i = j + 1;
  }
  return parts.join(sep);
}

function renderNumeric(form: MarkerForm, nums: number[], sep: string, dash: string): string {
  switch (form) {
    case 'numeric-superscript':
      return `^${compressNumbers(nums, ',', dash)}^`;
    case 'numeric-sup':
      return `<sup>${compressNumbers(nums, sep, dash)}</sup>`;
    default:
      return `[${compressNumbers(nums, sep, dash)}]`;
  }
}

function pandocKey(key: string): string {
  return PANDOC_KEY_FULL.test(key) ? `@${key}` : `@{${key}}`;
}

function sortedUnique(nums: number[]): number[] {
  return [...new Set(nums)].sort((a, b) => a - b);
}

interface Item {
  pos: number;
  /** Tie-break at equal pos: 0 new (before a marker starting there), 1 existing, 2 moved after. */
  tie: number;
  marker?: InternalMarker;
  keys: string[];
  added: string[];
}

interface SeqEdit extends TextEdit {
  seq: number;
}

function validateContext(ctx: CitationContext): void {
  if (!ctx || !ctx.knownKeys || typeof ctx.formatEntries !== 'function') {
    throw new Error('Citation context is incomplete: knownKeys and formatEntries are required.');
  }
  if (typeof ctx.style !== 'string' || !/^\S+$/.test(ctx.style)) {
    throw new Error(`Invalid citation style id "${ctx.style}": it must be a non-empty id without spaces.`);
  }
}

function plan(
  text: string,
  convention: Convention,
  ctx: CitationContext,
  insertion: { offsets: number[]; keys: string[] } | undefined,
  create: boolean,
  verify = true,
): TextEdit[] {
  validateContext(ctx);
  if (convention !== 'pandoc' && convention !== 'latex' && convention !== 'numeric') {
    throw new Error(`Unknown citation convention "${String(convention)}".`);
  }
  const a = analyze(text, convention, ctx, ctx.eol);
  if (a.problem) throw new Error(a.problem);
  if (convention === 'numeric' && !a.list && (insertion || create)) {
    // Numbers written before our list exists cannot be told apart from ours once it does, and the
    // next renumbering would rewrite them: refuse rather than ever change what they point to. Only
    // numbers our list could ever reach matter (it holds at most every known key): "[2010]" is safe.
    const reachable = (n: number) => n >= 1 && n <= ctx.knownKeys.size;
    const foreign = a.markers.filter((m) => m.foreign && m.form.startsWith('numeric') && (m.numbers ?? []).some(reachable));
    if (foreign.length) {
      const shown = foreign.slice(0, 3).map((m) => m.raw).join(', ') + (foreign.length > 3 ? ', …' : '');
      throw new Error(
        `This document already has numbered citations (${shown}) that ISCLS Reference did not write. ` +
          'Numbering ours alongside them could later renumber yours, so nothing was changed. ' +
          'Cite with pandoc [@key] or LaTeX \\cite{key} instead (setting iscls.citationConvention), or remove those numbers first.',
      );
    }
  }
  const known = a.known;
  const items: Item[] = [];
  const itemOf = new Map<InternalMarker, Item>();
  for (const m of a.markers) {
    if (m.foreign) continue;
    const it: Item = { pos: m.start, tie: 1, marker: m, keys: m.keys.filter(known), added: [] };
    items.push(it);
    itemOf.set(m, it);
  }

  if (insertion) {
    const { offsets, keys } = insertion;
    if (!Array.isArray(keys) || keys.length === 0) throw new Error('No citation key to insert.');
    for (const k of keys) {
      if (typeof k !== 'string' || !ctx.knownKeys.has(k)) throw new Error(`Unknown citation key "${k}".`);
      if (convention === 'latex' && /[,{}\s%]/.test(k)) throw new Error(`Citation key "${k}" cannot be written in LaTeX.`);
    }
    const newKeys = [...new Set(keys)];
    if (!Array.isArray(offsets) || offsets.length === 0) throw new Error('No position to insert the citation at.');
    const mergeable = (m: InternalMarker) =>
      m.form === 'pandoc-bracket' || m.form === 'latex' || (m.form.startsWith('numeric') && !m.foreign);
    const newAt = new Map<number, Item>();
    for (const offset of [...new Set(offsets)].sort((x, y) => x - y)) {
      if (!Number.isInteger(offset) || offset < 0 || offset > text.length) {
        throw new Error(`Offset ${offset} is outside the document (0..${text.length}).`);
      }
      if (a.list && offset >= a.list.start && offset <= a.list.end) {
        throw new Error('Cannot insert a citation inside the managed reference list.');
      }
      // Markers first: a cursor inside/next to a marker merges even if a comment region touches it.
      const around = a.markers.filter((m) => m.start <= offset && offset <= m.end);
      const target =
        around.find((m) => mergeable(m) && m.start < offset && offset < m.end) ??
        around.find((m) => mergeable(m) && m.end === offset) ??
        around.find((m) => mergeable(m) && m.start === offset);
      if (target) {
        const it = itemOf.get(target)!;
        const present = new Set(target.keys);
        for (const k of newKeys) {
          if (!present.has(k) && !it.added.includes(k)) {
            it.added.push(k);
            it.keys.push(k);
          }
        }
        continue;
      }
      if (a.code.insertionInside(offset) || a.excluded.insertionInside(offset)) {
        throw new Error(
          convention === 'latex'
            ? 'Cannot insert a citation inside a comment or verbatim environment.'
            : 'Cannot insert a citation inside code, a comment or front matter.',
        );
      }
      let pos = offset;
      let tie = 0;
      const inside = around.find((m) => m.start < offset && offset < m.end);
      if (inside) {
        pos = inside.end; // e.g. the middle of a bare @key or of a foreign numeric marker
        tie = 2;
      }
      const existing = newAt.get(pos);
      if (existing) continue; // same keys at the same place
      const it: Item = { pos, tie, keys: [...newKeys], added: [...newKeys] };
      newAt.set(pos, it);
      items.push(it);
    }
  }

  items.sort((x, y) => x.pos - y.pos || x.tie - y.tie);
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
  const number = new Map(order.map((k, i) => [k, i + 1]));

  const edits: SeqEdit[] = [];
  let seq = 0;
  const push = (start: number, end: number, newText: string) => edits.push({ start, end, newText, seq: seq++ });
  for (const it of items) {
    const m = it.marker;
    if (convention === 'numeric') {
      const nums = sortedUnique(it.keys.map((k) => number.get(k)!));
      if (!m) {
        const form: MarkerForm = ctx.numericMarker === 'superscript' ? 'numeric-superscript' : 'numeric-brackets';
        const space = form === 'numeric-brackets' && touchesWord(text, it.pos) ? ' ' : '';
        push(it.pos, it.pos, space + renderNumeric(form, nums, ',', '-'));
      } else {
        const old = sortedUnique(m.numbers ?? []);
        if (old.length !== nums.length || old.some((n, i) => n !== nums[i])) {
          push(m.start, m.end, renderNumeric(m.form, nums, m.listSep ?? ',', m.dash ?? '-'));
        }
      }
    } else if (!m) {
      if (convention === 'pandoc') {
        if (text[it.pos] === '(') {
          throw new Error('Cannot insert a citation right before "(": "[@key](" would read as a link. Add a space first.');
        }
        push(it.pos, it.pos, `${touchesWord(text, it.pos) ? ' ' : ''}[${it.added.map(pandocKey).join('; ')}]`);
      }
      else {
        const cmd = (ctx.latexCommand ?? 'cite').replace(/^\\/, '');
        if (!/^[A-Za-z]*cite[A-Za-z]*\*?$/.test(cmd)) throw new Error(`"\\${cmd}" is not a LaTeX citation command.`);
        push(it.pos, it.pos, `${touchesWord(text, it.pos) ? '~' : ''}\\${cmd}{${it.added.join(',')}}`);
      }
    } else if (it.added.length > 0) {
      const sep = m.sep ?? '; ';
      const written = convention === 'pandoc' ? it.added.map(pandocKey) : it.added;
      push(m.insertAt!, m.insertAt!, (m.keys.length > 0 ? sep : '') + written.join(sep));
    }
  }

  // The managed list.
  const flavor: BlockFlavor =
    a.list?.flavor ?? (convention === 'latex' ? 'latex' : convention === 'pandoc' ? 'markdown' : a.markup);
  const wantBlock = !!a.list || create || (convention === 'numeric' && !!insertion);
  if (wantBlock) {
    // Numbers follow first appearance; a pandoc or LaTeX list may follow the style's own order
    // (APA: alphabetical), since nothing in the text refers to a position in it.
    const listed = convention !== 'numeric' && ctx.listOrder ? ctx.listOrder([...order], ctx.style) : order;
    if (listed.length !== order.length || listed.some((k) => !order.includes(k))) {
      throw new Error(`listOrder returned ${listed.length} keys for ${order.length}.`);
    }
    const entries = ctx.formatEntries([...listed], ctx.style);
    if (!Array.isArray(entries) || entries.length !== listed.length) {
      throw new Error(`formatEntries returned ${entries?.length} entries for ${listed.length} keys.`);
    }
    const block = renderBlock(flavor, ctx.style, listed, entries, a.eol);
    if (a.list) {
      if (text.slice(a.list.start, a.list.end) !== block) push(a.list.start, a.list.end, block);
    } else {
      let pos = text.length;
      let after = a.eol;
      if (convention === 'latex') {
        const endDoc = /^[ \t]*\\end\{document\}/gm;
        let e: RegExpExecArray | null;
        while ((e = endDoc.exec(text)) !== null) {
          if (!a.excluded.covers(e.index + e[0].indexOf('\\'))) {
            pos = e.index;
            after = a.eol + a.eol;
            break;
          }
        }
      }
      const before = text.slice(0, pos);
      const markerHere = edits.some((x) => x.start === pos && x.end === pos);
      const eol = a.eol;
      const breaks = trailingLineBreaks(before);
      const sep = markerHere ? eol + eol : pos === 0 || breaks >= 2 ? '' : breaks === 1 ? eol : eol + eol;
      push(pos, pos, sep + block + after);
    }
  }

  const result = normalizeEdits(text, edits);

  // Safety net: the plan must be self-consistent when re-read.
  if (verify && (insertion || result.length > 0)) {
    const after = applyEdits(text, result);
    const b = analyze(after, convention, { knownKeys: ctx.knownKeys, markup: a.markup }, ctx.eol);
    const afterOrder = firstAppearance(b.markers, b.known);
    if (insertion) {
      for (const k of new Set(insertion.keys)) {
        if (!afterOrder.includes(k)) {
          throw new Error(
            'The citation cannot be inserted at this position: it would not be read as a citation ' +
              '(for example right before "(" it would read as a link). Move the cursor and try again.',
          );
        }
      }
    }
    if (b.list && wantBlock) {
      const again = plan(after, convention, { ...ctx, markup: a.markup }, undefined, false, false);
      if (again.length > 0) {
        throw new Error('Internal error: the planned citation edit is not stable; nothing was changed.');
      }
    }
  }
  return result;
}

/** 0, 1 or 2: whether `s` ends with a line break, or with a blank line (or is one line break). */
function trailingLineBreaks(s: string): number {
  const strip = (x: string) => (x.endsWith('\r\n') ? x.slice(0, -2) : /[\r\n]$/.test(x) ? x.slice(0, -1) : undefined);
  const once = strip(s);
  if (once === undefined) return 0;
  const rest = once.replace(/[ \t]+$/, '');
  return rest === '' || strip(rest) !== undefined ? 2 : 1;
}

/** Trims unchanged prefixes/suffixes, sorts, merges touching edits, rejects overlaps. */
function normalizeEdits(text: string, edits: SeqEdit[]): TextEdit[] {
  const trimmed: SeqEdit[] = [];
  for (const e of edits) {
    let { start, end, newText } = e;
    const old = text.slice(start, end);
    if (old === newText) continue;
    let p = 0;
    while (p < old.length && p < newText.length && old[p] === newText[p]) p++;
    let s = 0;
    while (s < old.length - p && s < newText.length - p && old[old.length - 1 - s] === newText[newText.length - 1 - s]) s++;
    start += p;
    end -= s;
    newText = newText.slice(p, newText.length - s);
    trimmed.push({ start, end, newText, seq: e.seq });
  }
  trimmed.sort((x, y) => x.start - y.start || (x.end === x.start ? 0 : 1) - (y.end === y.start ? 0 : 1) || x.seq - y.seq);
  const out: TextEdit[] = [];
  for (const e of trimmed) {
    const prev = out[out.length - 1];
    if (prev && e.start < prev.end) throw new Error('Internal error: overlapping citation edits.');
    if (prev && e.start === prev.end) {
      prev.newText += e.newText;
      prev.end = e.end;
    } else out.push({ start: e.start, end: e.end, newText: e.newText });
  }
  return out;
}

/**
 * Inserts a citation of `keys` at every offset (one per cursor), in the document's convention;
 * merges into an enclosing/adjacent marker (pandoc bracket, LaTeX cite command, numeric marker)
 * without duplicating keys; renumbers a numeric document and creates its list; updates an
 * existing list in every convention. Throws (and plans nothing) on invalid input.
 */
/**
 * A new marker typed right against a word ("worldwide|") is separated from it the way writers do:
 * "worldwide [@key]", "worldwide [1]", LaTeX "worldwide~\\cite{key}" (a tie keeps them on one line).
 * After a space or punctuation the cursor position is taken as chosen.
 */
function touchesWord(text: string, pos: number): boolean {
  return pos > 0 && /[\p{L}\p{N}]/u.test(text[pos - 1]);
}

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

/** Applies non-overlapping edits (offsets against `text`). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((x, y) => x.start - y.start || x.end - y.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at || e.end < e.start || e.end > text.length) throw new Error('Edits overlap or are out of range.');
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

const MARKDOWN_IDS = new Set(['markdown', 'md', 'rmd', 'rmarkdown', 'quarto', 'qmd', 'pandoc', 'mdx']);
const LATEX_IDS = new Set(['latex', 'tex', 'plaintex', 'context', 'latex-expl3', 'doctex', 'rsweave', 'bibtex']);

/** Whether a VS Code language id is a LaTeX dialect (its citations are `\cite`). */
export function isLatexLanguage(languageId: string): boolean {
  return LATEX_IDS.has(languageId.toLowerCase());
}

/** Markup for numeric documents: Markdown-like languages → 'markdown', else 'plain'. */
export function detectMarkup(languageId: string): Markup {
  return MARKDOWN_IDS.has(languageId.toLowerCase()) ? 'markdown' : 'plain';
}

/**
 * markdown → pandoc, latex/tex → latex, anything else → numeric; but the markers already in the
 * text win: a Markdown document citing only with numeric markers stays numeric, a plain-text
 * document with `[@key]` markers is pandoc, one with `\cite{}` is latex.
 */
export function detectConvention(languageId: string, text: string): Convention {
  const lang = languageId.toLowerCase();
  if (isLatexLanguage(lang)) return 'latex';
  const markup = detectMarkup(lang);
  const pandocCount = analyze(text, 'pandoc').markers.filter((m) => m.form === 'pandoc-bracket').length;
  const numericCount = analyze(text, 'numeric', { markup }).markers.length;
  if (MARKDOWN_IDS.has(lang)) return numericCount > 0 && pandocCount === 0 ? 'numeric' : 'pandoc';
  const latexCount = analyze(text, 'latex').markers.length;
  if (latexCount > 0 && latexCount >= pandocCount && latexCount >= numericCount) return 'latex';
  if (pandocCount > 0 && pandocCount >= numericCount) return 'pandoc';
  return 'numeric';
}
