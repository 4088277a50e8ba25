// readBibtex as it was before it was split into named functions (no function over ~80
// lines): kept as a test oracle only. test/unit/bibtexSyntax.test.ts checks the split reader gives
// exactly its entries, problems and end offsets.
// The syntax of a .bib file: entries, fields, @string macros and `#` concatenation, read into raw
// (still TeX) field values with the line each entry starts on. A malformed entry is reported and
// skipped; reading resumes at the next line that starts an entry, so every other entry loads. Pure.

export interface RawEntry {
  type: string;
  key: string;
  /** Field names lower-cased; values with their outer delimiters removed, macros expanded. */
  fields: Map<string, string>;
  /** 0-based offset of the `@`. */
  offset: number;
}

export interface SyntaxProblem {
  offset: number;
  message: string;
  severity: 'error' | 'warning';
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Characters that end an identifier (key, field name, macro, entry type). */
const STOP: boolean[] = [];
for (const c of ' \t\r\n"#%\'(),={}') STOP[c.charCodeAt(0)] = true;
/** A citation key may hold an apostrophe (`@Article{O'Keeffe_1961,`), as BibTeX allows. */
const KEY_STOP = STOP.slice();
KEY_STOP["'".charCodeAt(0)] = false;

class Malformed extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

/** An entry start at the beginning of a line: where reading resumes after a malformed entry. */
const ENTRY_START = /\n[ \t]*@[A-Za-z][A-Za-z_]*[ \t]*[{(]/g;

/** The macros every .bib file has: the month names. */
export function defaultMacros(): Map<string, string> {
  return new Map<string, string>(MONTHS.map((m, i) => [m, String(i + 1)]));
}

/**
 * Reads the entries that start in text[from, to) (all of them by default). `macros` carries the
 * @string definitions from one slice to the next; `end` is where the next slice starts.
 */
export function readBibtex(
  text: string,
  from = 0,
  to = text.length,
  macros = defaultMacros(),
): { entries: RawEntry[]; problems: SyntaxProblem[]; end: number } {
  const entries: RawEntry[] = [];
  const problems: SyntaxProblem[] = [];
  let pos = from;
  const n = text.length;
  /** Where the next entry starts (at a line beginning): no value of the current entry runs past it. */
  let limit = n;

  const skipSpace = () => {
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else break;
    }
  };
  const identifier = (stop = STOP): string => {
    const start = pos;
    while (pos < n && !stop[text.charCodeAt(pos)]) pos++;
    return text.slice(start, pos);
  };
  /** Offset of the next entry start at a line beginning after `from`, or n. */
  const nextEntryStart = (from: number): number => {
    ENTRY_START.lastIndex = from;
    const m = ENTRY_START.exec(text);
    return m ? m.index + 1 : n;
  };
  const braced = (): string => {
    const start = pos; // at '{'
    let depth = 0;
    for (; pos < n; pos++) {
      const c = text[pos];
      if (c === '\\') pos++;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        pos++;
        return text.slice(start + 1, pos - 1);
      }
      if (pos >= limit) break;
    }
    throw new Malformed(start, 'unbalanced braces in a field value');
  };
  const quoted = (): string => {
    const start = pos++;
    let depth = 0;
    for (; pos < n && pos < limit; pos++) {
      const c = text[pos];
      if (c === '\\') pos++;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '"' && depth === 0) {
        pos++;
        return text.slice(start + 1, pos - 1);
      }
    }
    throw new Malformed(start, 'a quoted field value is not closed');
  };
  const value = (): string => {
    let result = '';
    for (;;) {
      skipSpace();
      const c = text[pos];
      if (c === '{') result += braced();
      else if (c === '"') result += quoted();
      else if (c !== undefined && /[0-9]/.test(c)) result += identifier();
      else {
        const at = pos;
        const name = identifier();
        if (!name) throw new Malformed(at, `expected a field value, found ${c === undefined ? 'the end of the file' : `"${c}"`}`);
        const expansion = macros.get(name.toLowerCase());
        if (expansion === undefined) problems.push({ offset: at, severity: 'warning', message: `undefined @string macro "${name}"` });
        result += expansion ?? '';
      }
      skipSpace();
      if (text[pos] !== '#') return result;
      pos++;
    }
  };
  const expect = (chars: string, what: string) => {
    skipSpace();
    const c = text[pos];
    if (c === undefined || !chars.includes(c)) {
      throw new Malformed(pos, `expected ${what}, found ${c === undefined ? 'the end of the file' : `"${c}"`}`);
    }
    pos++;
    return c;
  };

  const entry = (at: number) => {
    pos = at + 1;
    limit = nextEntryStart(at);
    skipSpace();
    const type = identifier().toLowerCase();
    skipSpace();
    const open = text[pos];
    if (open !== '{' && open !== '(') throw new Malformed(pos, `expected "{" after @${type}`);
    const close = open === '{' ? '}' : ')';
    if (type === 'comment') {
      if (open === '{') braced();
      else pos = text.indexOf(')', pos) + 1 || n;
      return;
    }
    pos++;
    if (type === 'preamble') {
      value();
      expect(close, `"${close}"`);
      return;
    }
    if (type === 'string') {
      skipSpace();
      const name = identifier();
      expect('=', '"=" in @string');
      macros.set(name.toLowerCase(), value());
      expect(close, `"${close}"`);
      return;
    }
    skipSpace();
    const key = identifier(KEY_STOP);
    if (!key) throw new Malformed(pos, `@${type} has no citation key`);
    const fields = new Map<string, string>();
    for (;;) {
      const sep = expect(`,${close}`, `"," or "${close}" after a field`);
      if (sep === close) break;
      skipSpace();
      if (text[pos] === close) { pos++; break; }
      const fieldAt = pos;
      const name = identifier().toLowerCase();
      if (!name) throw new Malformed(pos, `expected a field name in @${type}{${key}`);
      expect('=', `"=" after field "${name}"`);
      const v = value();
      if (fields.has(name)) problems.push({ offset: fieldAt, severity: 'warning', message: `${key}: field "${name}" given twice; the first is used` });
      else fields.set(name, v);
    }
    entries.push({ type, key, fields, offset: at });
  };

  for (;;) {
    const at = text.indexOf('@', pos);
    if (at < 0 || at >= to) {
      pos = at < 0 ? n : Math.max(pos, to);
      break;
    }
    if (!/^@[ \t]*[A-Za-z][A-Za-z_]*[ \t\r\n]*[{(]/.test(text.slice(at, at + 40))) {
      pos = at + 1; // an "@" outside entries (an e-mail address in a comment): not an entry
      continue;
    }
    try {
      entry(at);
    } catch (error) {
      if (!(error instanceof Malformed)) throw error;
      problems.push({ offset: at, severity: 'error', message: `malformed entry${entryKeyShown(text, at)} skipped: ${error.message}` });
      pos = nextEntryStart(Math.max(at + 1, Math.min(error.offset, n)) - 1);
      if (pos <= at) pos = nextEntryStart(at + 1);
    }
  }
  return { entries, problems, end: pos };
}

/** 1-based line numbers of offsets, computed once per text. */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** ' "key"' for the entry starting at `at`, as far as its head can be read (the writer finds it by its key). */
function entryKeyShown(text: string, at: number): string {
  const key = /^@\s*[A-Za-z]+\s*[{(]\s*([^\s,{}()"=#%]+)/.exec(text.slice(at, at + 300))?.[1];
  return key ? ` "${key}"` : '';
}
