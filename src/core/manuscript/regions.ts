// Regions of a manuscript that never contain citations: the writer's structures that look like
// citations but are not (code, comments, front matter, autolinks, link definitions, `\verb`).
// Both parsers are single passes over the text (linear time).
import { lines, type Line } from './text';

export interface Region {
  start: number;
  end: number;
  /** Whether an insertion at `end` still lands inside (comments and fenced blocks run to EOL). */
  inclusiveEnd: boolean;
  /** The structure needs its first character at the start of a line (a fence, front matter…). */
  lineStart?: boolean;
  /** Not closed: the region runs to the end of the document. */
  unclosed?: string;
}

export class RegionSet {
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
          last.unclosed = r.unclosed ?? last.unclosed;
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
  /** The region an insertion at `offset` would land in, if any. */
  regionAtInsertion(offset: number): Region | undefined {
    const r = this.lastStartingAtOrBefore(offset);
    if (!r || r.start === offset) return undefined; // before its first character
    return offset < r.end || (r.inclusiveEnd && offset === r.end) ? r : undefined;
  }
  /** Whether inserting text at `offset` would land inside a region. */
  insertionInside(offset: number): boolean {
    return this.regionAtInsertion(offset) !== undefined;
  }
  /** A region that must start its line and starts exactly at `offset`. */
  lineStructureAt(offset: number): Region | undefined {
    const r = this.lastStartingAtOrBefore(offset);
    return r && r.start === offset && r.lineStart ? r : undefined;
  }
}

/** Length of a leading byte order mark (0 or 1). */
export function bomLength(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** Column width of leading spaces/tabs (a tab advances to the next multiple of 4). */
function indentOf(s: string): number {
  let w = 0;
  for (const c of s) {
    if (c === ' ') w++;
    else if (c === '\t') w += 4 - (w % 4);
    else break;
  }
  return w;
}

const LIST_ITEM = /^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)/;
const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})/;
const FENCE_CLOSE = /^[ \t]*(`{3,}|~{3,})[ \t]*$/;
/** A link reference definition `[label]: …` (not a footnote `[^x]:`). */
const LINK_DEFINITION = /^ {0,3}\[(?!\^)(?:[^\[\]\\]|\\.)+\]:/;

interface BlockState {
  code: Region[];
  /** Paragraph text ranges, scanned for inline structures afterwards. */
  prose: Array<[number, number]>;
}

/** YAML front matter at the very start (after a BOM): the index of the first line after it. */
function frontMatter(text: string, ls: Line[], code: Region[]): number {
  const first = text.slice(ls[0].start + bomLength(text), ls[0].end);
  if (ls.length < 2 || !/^---[ \t]*$/.test(first)) return 0;
  for (let j = 1; j < ls.length; j++) {
    if (/^(?:---|\.\.\.)[ \t]*$/.test(text.slice(ls[j].start, ls[j].end))) {
      code.push({ start: 0, end: ls[j].end, inclusiveEnd: true, lineStart: true });
      return j + 1;
    }
  }
  return 0;
}

/**
 * Markdown blocks: front matter, fenced and indented code, link reference definitions; the rest
 * is prose, split into paragraphs (inline code spans never cross a blank line).
 */
function markdownBlocks(text: string): BlockState {
  const state: BlockState = { code: [], prose: [] };
  const ls = lines(text);
  const bom = bomLength(text);
  let i = frontMatter(text, ls, state.code);
  let listIndent = -1; // content indent of the current list item; -1 outside lists
  let prevBlank = true;
  let inParagraph = false;
  let paraStart = -1;
  const endParagraph = (end: number) => {
    if (paraStart >= 0) state.prose.push([paraStart, end]);
    paraStart = -1;
    inParagraph = false;
  };
  for (; i < ls.length; i++) {
    const l = ls[i];
    const from = i === 0 ? l.start + bom : l.start;
    const line = text.slice(from, l.end);
    if (/^[ \t]*$/.test(line)) {
      endParagraph(l.start);
      prevBlank = true;
      continue;
    }
    const indent = indentOf(line);
    const base = listIndent >= 0 ? listIndent : 0;
    if (listIndent >= 0 && prevBlank && indent < listIndent && !LIST_ITEM.test(line)) listIndent = -1;
    const codeIndent = (listIndent >= 0 ? listIndent : 0) + 4;
    const open = FENCE_OPEN.exec(line);
    if (open && indent < base + 4 && !(open[1][0] === '`' && line.slice(open[0].length).includes('`'))) {
      endParagraph(l.start);
      i = fencedBlock(text, ls, i, from, open[1], state.code);
      prevBlank = false;
      continue;
    }
    if (indent >= codeIndent && !inParagraph) {
      state.code.push({ start: from, end: l.end, inclusiveEnd: true, lineStart: true });
      prevBlank = false;
      continue;
    }
    if (!inParagraph && LINK_DEFINITION.test(line)) {
      state.code.push({ start: from, end: l.end, inclusiveEnd: true, lineStart: true });
      prevBlank = false;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item && indent < codeIndent) {
      endParagraph(l.start);
      const spaces = item[3].length;
      listIndent = indentOf(item[1]) + item[2].length + (spaces === 0 || spaces > 4 ? 1 : spaces);
    }
    if (paraStart < 0) paraStart = from;
    inParagraph = true;
    prevBlank = false;
  }
  endParagraph(text.length);
  return state;
}

/** A fenced code block opened on line `i`: pushes its region, returns its last line index. */
function fencedBlock(text: string, ls: Line[], i: number, from: number, fence: string, code: Region[]): number {
  for (let j = i + 1; j < ls.length; j++) {
    const close = FENCE_CLOSE.exec(text.slice(ls[j].start, ls[j].end));
    if (close && close[1][0] === fence[0] && close[1].length >= fence.length) {
      code.push({ start: from, end: ls[j].end, inclusiveEnd: true, lineStart: true });
      return j;
    }
  }
  code.push({ start: from, end: text.length, inclusiveEnd: true, lineStart: true, unclosed: 'code block' });
  return ls.length;
}

/** Per backtick-run length, the positions of the runs (ascending), to match spans in linear time. */
class BacktickRuns {
  private readonly byLength = new Map<number, { at: number[]; next: number }>();
  add(pos: number, length: number): void {
    let r = this.byLength.get(length);
    if (!r) this.byLength.set(length, (r = { at: [], next: 0 }));
    r.at.push(pos);
  }
  /** The first run of `length` starting after `pos`, or -1. */
  closing(length: number, pos: number): number {
    const r = this.byLength.get(length);
    if (!r) return -1;
    while (r.next < r.at.length && r.at[r.next] <= pos) r.next++;
    return r.next < r.at.length ? r.at[r.next] : -1;
  }
}

const INLINE = /`+|<!--|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?>/g;

/** Inline code spans, autolinks (code) and HTML comments (comments, may span paragraphs). */
function markdownInlines(text: string, prose: Array<[number, number]>, code: Region[], comments: Region[]): void {
  let skipTo = 0; // end of an HTML comment that ran past its paragraph
  for (const [from, to] of prose) {
    // Search this paragraph only (a regex run over the whole text from each paragraph was quadratic:
    // 1 MB of prose without backticks took seconds). No match spans a line break, so the
    // text up to the end of the line holding `to` yields exactly the matches that start before `to`.
    const lineEnd = text.indexOf('\n', to);
    const base = from;
    const seg = text.slice(base, lineEnd < 0 ? text.length : lineEnd);
    const runs = new BacktickRuns();
    const runRe = /`+/g;
    let r: RegExpExecArray | null;
    while ((r = runRe.exec(seg)) !== null && base + r.index < to) runs.add(base + r.index, r[0].length);
    INLINE.lastIndex = Math.max(from, skipTo) - base;
    let m: RegExpExecArray | null;
    while (INLINE.lastIndex <= seg.length && (m = INLINE.exec(seg)) !== null && base + m.index < to) {
      const at = base + m.index;
      if (m[0] === '<!--') {
        const close = text.indexOf('-->', at + 4);
        const end = close < 0 ? text.length : close + 3;
        comments.push({ start: at, end, inclusiveEnd: close < 0, unclosed: close < 0 ? 'HTML comment' : undefined });
        skipTo = end;
        INLINE.lastIndex = end - base;
        continue;
      }
      if (m[0][0] === '<') {
        code.push({ start: at, end: at + m[0].length, inclusiveEnd: false });
        continue;
      }
      if (at > 0 && text[at - 1] === '\\') continue; // escaped backtick
      const closed = runs.closing(m[0].length, at);
      if (closed >= 0 && closed < to) {
        code.push({ start: at, end: closed + m[0].length, inclusiveEnd: false });
        INLINE.lastIndex = closed + m[0].length - base;
      }
    }
  }
}

/** Markdown structures that hold no citation: code (front matter, code, autolinks, link definitions) and comments. */
export function markdownRegions(text: string): { code: Region[]; comments: Region[] } {
  const { code, prose } = markdownBlocks(text);
  const comments: Region[] = [];
  markdownInlines(text, prose, code, comments);
  return { code, comments };
}

/** End of the line holding `pos` (before its line break). */
function lineEndFrom(text: string, pos: number): number {
  const nl = /[\r\n]/g;
  nl.lastIndex = pos;
  const m = nl.exec(text);
  return m ? m.index : text.length;
}

const LATEX_VERBATIM = /^\\begin\{(verbatim\*?|Verbatim\*?|lstlisting|minted|comment|alltt)\}/;

/**
 * LaTeX, in one pass: `%` comments (to the end of the line), verbatim-like environments and
 * `\verb|…|` (code). A `\begin{verbatim}` inside a comment opens nothing.
 */
export function latexRegions(text: string): { code: Region[]; comments: Region[] } {
  const code: Region[] = [];
  const comments: Region[] = [];
  const special = /[%\\]/g;
  let m: RegExpExecArray | null;
  while ((m = special.exec(text)) !== null) {
    const p = m.index;
    if (m[0] === '%') {
      const end = lineEndFrom(text, p);
      comments.push({ start: p, end, inclusiveEnd: true });
      special.lastIndex = end;
      continue;
    }
    const rest = text.slice(p, p + 40);
    const env = LATEX_VERBATIM.exec(rest);
    if (env) {
      const endTag = `\\end{${env[1]}}`;
      const close = text.indexOf(endTag, p + env[0].length);
      const end = close < 0 ? text.length : close + endTag.length;
      code.push({ start: p, end, inclusiveEnd: close < 0, unclosed: close < 0 ? `${env[1]} environment` : undefined });
      special.lastIndex = end;
      continue;
    }
    const verb = /^\\verb\*?([^A-Za-z*\s])/.exec(rest);
    if (verb) {
      // \verb|…| ends at its delimiter, or (unclosed) at the end of the line; one forward search.
      const stop = new RegExp(`[${verb[1].replace(/[\\\]^-]/g, '\\$&')}\\r\\n]`, 'g');
      stop.lastIndex = p + verb[0].length;
      const m = stop.exec(text);
      const end = !m ? text.length : m[0] === verb[1] ? m.index + 1 : m.index;
      code.push({ start: p, end, inclusiveEnd: false });
      special.lastIndex = end;
      continue;
    }
    special.lastIndex = p + 2; // `\\`, `\%`, `\{`…: the escaped character is not special
  }
  return { code, comments };
}
