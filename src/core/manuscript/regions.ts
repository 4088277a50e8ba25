// Regions of a manuscript that never contain citations: code, comments, front matter.
import { lines, precededByOddBackslashes } from './text';

export interface Region {
  start: number;
  end: number;
  /** Whether an insertion at `end` still lands inside (comments and fenced blocks run to EOL). */
  inclusiveEnd: boolean;
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

/** Markdown: YAML front matter, fenced code, inline code (code) and HTML comments (comments). */
export function markdownRegions(text: string): { code: Region[]; comments: Region[] } {
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

/** LaTeX: verbatim-like environments (code) and % comments (comments). */
export function latexRegions(text: string): { code: Region[]; comments: Region[] } {
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
