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
  const scanner = new Scanner(text, from, macros, EXPANSION_FACTOR * (to - from) + EXPANSION_BASE);
  scanner.readUpTo(to);
  return { entries: scanner.entries, problems: scanner.problems, end: scanner.pos };
}

/**
 * Macro expansion a slice may do: four times its own length and a megabyte, plus ENTRY_ALLOWANCE per
 * entry. A real file expands its journal names well within this; `@string{b = a # a}` doubled 30
 * times would make a gigabyte. Once the slice's budget is spent, an entry still expands its first
 * ENTRY_ALLOWANCE characters, so one bad macro costs only the entries that use it.
 */
const EXPANSION_FACTOR = 4;
const EXPANSION_BASE = 1_000_000;
const ENTRY_ALLOWANCE = 1024;

/** Where an entry may start: "@", optional blanks, a type name, then "{" or "(". */
const ENTRY_HEAD = /^@[ \t]*[A-Za-z][A-Za-z_]*[ \t\r\n]*[{(]/;

/** The reading position over one text, with one method per piece of BibTeX's grammar. */
class Scanner {
  readonly entries: RawEntry[] = [];
  readonly problems: SyntaxProblem[] = [];
  private readonly n: number;
  /** Where the next entry starts (at a line beginning): no value of the current entry runs past it. */
  private limit: number;
  /** Characters macros may expand to in the current entry before the slice's budget is drawn on. */
  private entryAllowance = ENTRY_ALLOWANCE;
  /** Where the search that found `limit` began. */
  private limitFrom = Infinity;

  constructor(
    private readonly text: string,
    public pos: number,
    private readonly macros: Map<string, string>,
    /** Characters macros may still expand to in this slice. */
    private expansionLeft: number,
  ) {
    this.n = text.length;
    this.limit = this.n;
  }

  /** Reads every entry whose "@" lies before `to`; a malformed one is reported and skipped. */
  readUpTo(to: number): void {
    const { text, n } = this;
    for (;;) {
      const at = text.indexOf('@', this.pos);
      if (at < 0 || at >= to) {
        this.pos = at < 0 ? n : Math.max(this.pos, to);
        return;
      }
      if (!ENTRY_HEAD.test(text.slice(at, at + 40))) {
        this.pos = at + 1; // an "@" outside entries (an e-mail address in a comment): not an entry
        continue;
      }
      try {
        this.entry(at);
      } catch (error) {
        if (!(error instanceof Malformed)) throw error;
        this.problems.push({ offset: at, severity: 'error', message: `malformed entry${entryKeyShown(text, at)} skipped: ${error.message}` });
        this.pos = this.nextEntryStart(Math.max(at + 1, Math.min(error.offset, n)) - 1);
        if (this.pos <= at) this.pos = this.nextEntryStart(at + 1);
      }
    }
  }

  private skipSpace(): void {
    const { text, n } = this;
    let pos = this.pos;
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else break;
    }
    this.pos = pos;
  }

  private identifier(stop = STOP): string {
    const { text, n } = this;
    const start = this.pos;
    let pos = start;
    while (pos < n && !stop[text.charCodeAt(pos)]) pos++;
    this.pos = pos;
    return text.slice(start, pos);
  }

  /** Offset of the next entry start at a line beginning after `from`, or the text's length. */
  private nextEntryStart(from: number): number {
    ENTRY_START.lastIndex = from;
    const m = ENTRY_START.exec(this.text);
    return m ? m.index + 1 : this.n;
  }

  /** A `{…}` value (at its "{"), nested braces included; its content. */
  private braced(): string {
    const { text, n, limit } = this;
    const start = this.pos;
    let depth = 0;
    for (let pos = start; pos < n; pos++) {
      const c = text[pos];
      if (c === '\\') pos++;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        this.pos = pos + 1;
        return text.slice(start + 1, pos);
      }
      if (pos >= limit) break;
    }
    throw new Malformed(start, 'unbalanced braces in a field value');
  }

  /** A `"…"` value (at its opening quote); a quote inside braces does not end it. */
  private quoted(): string {
    const { text, n, limit } = this;
    const start = this.pos;
    let depth = 0;
    for (let pos = start + 1; pos < n && pos < limit; pos++) {
      const c = text[pos];
      if (c === '\\') pos++;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '"' && depth === 0) {
        this.pos = pos + 1;
        return text.slice(start + 1, pos);
      }
    }
    throw new Malformed(start, 'a quoted field value is not closed');
  }

  /** A field value: braced, quoted, number or macro parts joined by `#`. */
  private value(): string {
    const { text } = this;
    let result = '';
    for (;;) {
      this.skipSpace();
      const c = text[this.pos];
      if (c === '{') result += this.braced();
      else if (c === '"') result += this.quoted();
      else if (c !== undefined && c >= '0' && c <= '9') result += this.identifier();
      else result += this.macro(c);
      this.skipSpace();
      if (text[this.pos] !== '#') return result;
      this.pos++;
    }
  }

  /** A macro name in a value, expanded; an undefined one is reported and reads as empty. */
  private macro(c: string | undefined): string {
    const at = this.pos;
    const name = this.identifier();
    if (!name) throw new Malformed(at, `expected a field value, found ${describe(c)}`);
    const expansion = this.macros.get(name.toLowerCase());
    if (expansion === undefined) this.problems.push({ offset: at, severity: 'warning', message: `undefined @string macro "${name}"` });
    const cost = expansion?.length ?? 0;
    const fromEntry = Math.min(cost, this.entryAllowance);
    this.entryAllowance -= fromEntry;
    if (cost > fromEntry) {
      this.expansionLeft -= cost - fromEntry;
      if (this.expansionLeft < 0) throw new Malformed(at, `@string macros expand to more text than the file could hold ("${name}")`);
    }
    return expansion ?? '';
  }

  /** Skips blanks, then one of `chars` (returned); anything else is malformed, described by `what()`. */
  private expect(chars: string, what: () => string): string {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === undefined || !chars.includes(c)) throw new Malformed(this.pos, `expected ${what()}, found ${describe(c)}`);
    this.pos++;
    return c;
  }

  /** One `@type{…}` or `@type(…)` starting at `at`. */
  private entry(at: number): void {
    const { text } = this;
    this.pos = at + 1;
    this.entryAllowance = ENTRY_ALLOWANCE;
    // The next line-start entry after `at` is the one found before, if that search began at or before
    // `at` and found one after it: entries sharing one line would otherwise each search to its end.
    if (!(this.limitFrom <= at && this.limit > at)) {
      this.limitFrom = at;
      this.limit = this.nextEntryStart(at);
    }
    this.skipSpace();
    const type = this.identifier().toLowerCase();
    this.skipSpace();
    const open = text[this.pos];
    if (open !== '{' && open !== '(') throw new Malformed(this.pos, `expected "{" after @${type}`);
    const close = open === '{' ? '}' : ')';
    if (type === 'comment') {
      if (open === '{') this.braced();
      else this.pos = text.indexOf(')', this.pos) + 1 || this.n;
      return;
    }
    this.pos++;
    if (type === 'preamble') {
      this.value();
      this.expect(close, () => `"${close}"`);
    } else if (type === 'string') {
      this.skipSpace();
      const name = this.identifier();
      this.expect('=', () => '"=" in @string');
      this.macros.set(name.toLowerCase(), this.value());
      this.expect(close, () => `"${close}"`);
    } else {
      this.skipSpace();
      const key = this.identifier(KEY_STOP);
      if (!key) throw new Malformed(this.pos, `@${type} has no citation key`);
      this.entries.push({ type, key, fields: this.fields(type, key, close), offset: at });
    }
  }

  /** The `, name = value` list of an entry, up to and including its closing delimiter. */
  private fields(type: string, key: string, close: string): Map<string, string> {
    const fields = new Map<string, string>();
    // Built once per entry, not per field: a 20,000-entry library has 200,000 fields.
    const separators = close === '}' ? ',}' : ',)';
    const separatorWanted = () => `"," or "${close}" after a field`;
    for (;;) {
      const sep = this.expect(separators, separatorWanted);
      if (sep === close) return fields;
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        return fields;
      }
      const fieldAt = this.pos;
      const name = this.identifier().toLowerCase();
      if (!name) throw new Malformed(this.pos, `expected a field name in @${type}{${key}`);
      this.expect('=', () => `"=" after field "${name}"`);
      const v = this.value();
      if (fields.has(name)) this.problems.push({ offset: fieldAt, severity: 'warning', message: `${key}: field "${name}" given twice; the first is used` });
      else fields.set(name, v);
    }
  }
}

function describe(c: string | undefined): string {
  return c === undefined ? 'the end of the file' : `"${c}"`;
}

/** 1-based line numbers of offsets, computed once per text. */
export function lineIndex(text: string): (offset: number) => number {
  // Line starts are found as far as asked: a file read in slices pays for its lines slice by slice.
  const starts = [0];
  let scanned = 0;
  return (offset) => {
    while (scanned <= offset && scanned < text.length) {
      const newline = text.indexOf('\n', scanned);
      if (newline < 0) scanned = text.length;
      else {
        starts.push(newline + 1);
        scanned = newline + 1;
      }
    }
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
