// Small text helpers shared by the manuscript engine: lines, line numbers, backslash escapes.

export interface Line {
  start: number;
  /** End of content (before the line break). */
  end: number;
  /** Start of the next line. */
  next: number;
}

/** Lines of `text`; `\r\n`, `\n` and a lone `\r` all end a line. */
export function lines(text: string): Line[] {
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

/** 1-based line number of `pos`. */
export function lineOf(text: string, pos: number): number {
  let n = 1;
  for (let i = 0; i < pos; i++) if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) n++;
  return n;
}

export function precededByOddBackslashes(text: string, pos: number): boolean {
  let n = 0;
  while (pos - n - 1 >= 0 && text[pos - n - 1] === '\\') n++;
  return n % 2 === 1;
}

/** Whether `pos` is preceded on its line only by at most `max` spaces (a bounded look back). */
export function indentedAtLineStart(text: string, pos: number, max: number): boolean {
  for (let p = pos - 1; p >= pos - max - 1; p--) {
    if (p < 0 || text[p] === '\n' || text[p] === '\r') return true;
    if (text[p] !== ' ') return false;
  }
  return false;
}

/** The document's line break: CRLF if it has any, else CR if it has only CRs, else LF. */
export function detectEol(text: string): '\n' | '\r\n' | '\r' {
  if (text.includes('\r\n')) return '\r\n';
  if (text.includes('\r') && !text.includes('\n')) return '\r';
  return '\n';
}
