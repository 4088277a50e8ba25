// TeX in BibTeX values → the text a reader of the typeset paper sees: accents ({\"u}, \'{e}), special
// letters and symbols (\ss, \slash, \cdot), math ($\chi^2$ → χ², PaCO$_2$ → PaCO₂, HbA$_{1c}$ →
// HbA<sub>1c</sub>), spacing (5\,mg), quotation marks (``…'', \enquote), dashes, ~, and the
// formatting commands citeproc understands as rich text (\textit → <i>). Braces that only protect
// case are dropped. A command we do not know is reported (its argument kept), never dropped
// silently; braces nested beyond MAX_DEPTH are read as plain text, so no value costs more than
// linear time or overflows the stack. Pure.
import { DROPPED, SYMBOLS, TRANSPARENT, script } from './texSymbols';

const ACCENTS: Record<string, string> = {
  '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030c', H: '\u030b', c: '\u0327', k: '\u0328', r: '\u030a', d: '\u0323', b: '\u0331', t: '\u0361',
};

/** Formatting commands → CSL rich-text tags (citeproc-js renders them in every output format). */
const FORMATTING: Record<string, [string, string]> = {
  textit: ['<i>', '</i>'], emph: ['<i>', '</i>'], textsl: ['<i>', '</i>'], it: ['<i>', '</i>'], em: ['<i>', '</i>'],
  textbf: ['<b>', '</b>'], bf: ['<b>', '</b>'],
  textsuperscript: ['<sup>', '</sup>'], textsubscript: ['<sub>', '</sub>'],
  textsc: ['<span style="font-variant:small-caps;">', '</span>'],
  mkbibquote: ['“', '”'], enquote: ['“', '”'], textquote: ['“', '”'], mkbibemph: ['<i>', '</i>'], mkbibitalic: ['<i>', '</i>'],
  mkbibbold: ['<b>', '</b>'], mkbibsuperscript: ['<sup>', '</sup>'],
};

/** Groups and commands nested deeper than this are read as plain text (no real title comes close). */
export const MAX_DEPTH = 50;

/** Where what could not be read is reported (a `Set<string>` will do). */
export interface WarningSink {
  add(message: string): unknown;
}

export interface TexOptions {
  /** `--` and `---` as dashes, ``…'' as quotation marks (not in pages or DOIs). */
  dashes?: boolean;
  /** Collects what could not be read as a reader would see it ("TeX command \foo is not known…"). */
  warnings?: WarningSink;
}

interface Context {
  dashes: boolean;
  math: boolean;
  depth: number;
  warnings?: WarningSink;
}

/** Index of the brace that closes the one at `open`, or -1. */
export function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** A command's argument at `at`: `{…}` or one character (after spaces), with the index after it. */
function argument(s: string, at: number): [string, number] {
  let i = at;
  while (s[i] === ' ') i++;
  if (s[i] === '{') {
    const close = matchingBrace(s, i);
    if (close < 0) return [s.slice(i + 1), s.length];
    return [s.slice(i + 1, close), close + 1];
  }
  if (s[i] === '\\') {
    const end = commandNameEnd(s, i + 1);
    if (end >= 0) return [s.slice(i, end), end];
  }
  return [s[i] ?? '', Math.min(i + 1, s.length)];
}

function deeperThan(s: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 123 && ++depth > limit) return true;
    else if (c === 125) depth--;
  }
  return false;
}

/** The characters of a value without its commands and braces: what is left when TeX cannot be read. */
function plain(s: string): string {
  return s.replace(/\\[A-Za-z]+ *|\\(.)/g, '$1').replace(/[{}$]/g, '');
}

// The patterns of the hot paths, made once: a regular expression literal is a new object each time
// it is evaluated, and a library converts a dozen values an entry.
const TEX_CHARACTER = /[\\{}~$`'-]/;
const SPACE_TO_COLLAPSE = /\s\s|[\t\r\n]/;
const SPACES = /\s+/g;
const NOT_ASCII = /[^\x00-\x7f]/;
const BREAK_TO_COLLAPSE = /[ \t\r\n]{2}|[\t\r\n]/;
const BREAKS = /[ \t\r\n]+/g;
const NO_OPTIONS: TexOptions = Object.freeze({});
const DOTLESS_I = /^\u0131/;
const DOTLESS_J = /^\u0237/;

/** Converts a BibTeX field value (outer delimiters removed) to Unicode text with CSL rich-text tags. */
export function texToUnicode(value: string, options: TexOptions = NO_OPTIONS): string {
  if (!TEX_CHARACTER.test(value)) return SPACE_TO_COLLAPSE.test(value) ? value.replace(SPACES, ' ').trim() : value.trim();
  let out: string;
  if (deeperThan(value, MAX_DEPTH)) {
    options.warnings?.add(`braces nested more than ${MAX_DEPTH} deep; read as plain text`);
    out = plain(value);
  } else {
    out = convert(value, { dashes: options.dashes !== false, math: false, depth: 0, warnings: options.warnings });
  }
  return tidy(out);
}

/**
 * NFC with runs of spaces and line breaks as one space, trimmed. Each step only where it can change
 * something: a library has a dozen values an entry, and most are plain ASCII with single spaces.
 */
function tidy(out: string): string {
  const composed = NOT_ASCII.test(out) ? out.normalize('NFC') : out;
  return (BREAK_TO_COLLAPSE.test(composed) ? composed.replace(BREAKS, ' ') : composed).trim();
}

/** `s` converted one level deeper; beyond MAX_DEPTH (a chain of `{\em` without braces) as plain text. */
function nested(s: string, context: Context, math = context.math): string {
  if (context.depth >= MAX_DEPTH) {
    context.warnings?.add(`braces nested more than ${MAX_DEPTH} deep; read as plain text`);
    return plain(s);
  }
  return convert(s, { dashes: context.dashes, math, depth: context.depth + 1, warnings: context.warnings });
}

/** Where the math that starts at `from` ends (`$`, or `\)` / `\]`), or -1. */
function mathEnd(s: string, from: number, close: string): number {
  for (let i = from; i < s.length; i++) {
    if (s.startsWith(close, i)) return i;
    if (s[i] === '\\') i++;
  }
  return -1;
}

function convert(s: string, context: Context): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === '\\') {
      const nameEnd = commandNameEnd(s, i + 1);
      if (nameEnd < 0) { i++; continue; }
      const [text, next] = command(s, nameEnd, s.slice(i + 1, nameEnd), context);
      out += text;
      i = next;
    } else if (c === '{') {
      // A group: converted on its own, so {\em …} ends with it; the braces (case protection) go.
      const close = matchingBrace(s, i);
      if (close < 0) { i++; continue; }
      out += nested(s.slice(i + 1, close), context);
      i = close + 1;
    } else if (c === '$') {
      const display = s[i + 1] === '$';
      const from = i + (display ? 2 : 1);
      const end = mathEnd(s, from, display ? '$$' : '$');
      if (end < 0 || context.math) { i = from; continue; }
      out += nested(s.slice(from, end), context, true);
      i = end + (display ? 2 : 1);
    } else if (context.math && (c === '^' || c === '_')) {
      const [arg, next] = argument(s, i + 1);
      out += script(nested(arg, context), c === '^' ? 'sup' : 'sub');
      i = next;
    } else if (c === '}') {
      i++;
    } else if (c === '~') {
      out += '\u00a0';
      i++;
    } else if (context.math && (c === '-' || c === "'")) {
      out += c === '-' ? '−' : '′';
      i++;
    } else if (context.dashes && c === '-' && s[i + 1] === '-') {
      const em = s[i + 2] === '-';
      out += em ? '—' : '–';
      i += em ? 3 : 2;
    } else if (context.dashes && (c === '`' || c === "'") && s[i + 1] === c) {
      out += c === '`' ? '“' : '”';
      i += 2;
    } else {
      // A run of characters that mean nothing to TeX here, copied at once.
      const end = plainRunEnd(s, i + 1, context.math);
      out += end === i + 1 ? c : s.slice(i, end);
      i = end;
    }
  }
  return out;
}

/** Where the run of ordinary characters from `i` ends: at the next one `convert` reads as TeX. */
function plainRunEnd(s: string, i: number, math: boolean): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // \ { } $ ~ - ' ` and, in math, ^ _
    if (c === 92 || c === 123 || c === 125 || c === 36 || c === 126 || c === 45 || c === 39 || c === 96) return i;
    if (math && (c === 94 || c === 95)) return i;
  }
  return i;
}

/**
 * Where the name of the command whose backslash precedes `at` ends: after its letters (at most 39),
 * or after the one other character; -1 when the backslash ends the text or precedes a line break.
 */
function commandNameEnd(s: string, at: number): number {
  if (at >= s.length || s[at] === '\n' || s[at] === '\r' || s[at] === '\u2028' || s[at] === '\u2029') return -1;
  let end = at;
  while (end < s.length && end < at + 39 && isAsciiLetter(s.charCodeAt(end))) end++;
  return end === at ? at + 1 : end;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** The text of the command `name` whose name ends at `i`, and the index after what it consumed. */
function command(s: string, i: number, name: string, context: Context): [string, number] {
  const letters = isAsciiLetter(name.charCodeAt(0));
  if (name in ACCENTS) {
    const [arg, next] = argument(s, i);
    const base = nested(arg, context).replace(DOTLESS_I, 'i').replace(DOTLESS_J, 'j'); // \'\i → í (dotless ı, ȷ)
    return [base ? base[0] + ACCENTS[name] + base.slice(1) : ACCENTS[name], next];
  }
  if (name === '(' || name === '[') {
    const close = name === '(' ? '\\)' : '\\]';
    const end = mathEnd(s, i, close);
    if (end < 0) return ['', i];
    return [nested(s.slice(i, end), context, true), end + close.length];
  }
  if (name === ')' || name === ']') return ['', i];
  if (name in SYMBOLS) {
    // \ss e → ße as TeX reads it; in math the writer's spaces are kept (TeX spaces operators itself).
    if (letters && !context.math) while (s[i] === ' ') i++;
    if (letters && s.startsWith('{}', i)) i += 2;
    return [SYMBOLS[name], i];
  }
  if (name in FORMATTING) {
    const [open, close] = FORMATTING[name];
    if (s[i] === '{' || (s[i] === ' ' && s[i + 1] === '{')) {
      const [arg, next] = argument(s, i);
      return [open + nested(arg, context) + close, next];
    }
    // {\em text}: the rest of the group
    return [open + nested(s.slice(i).replace(/^ +/, ''), context) + close, s.length];
  }
  if (!letters) return [name === '\\' ? ' ' : name, i]; // \& \% \$ \# \_ \{ \} and \\ (line break)
  while (s[i] === ' ') i++;
  if (DROPPED.has(name)) return ['', argument(s, i)[1]];
  if (name === 'href') i = argument(s, i)[1]; // \href{url}{text} → text
  else if (!TRANSPARENT.has(name)) {
    context.warnings?.add(`TeX command \\${name} is not known; ${s[i] === '{' ? 'its argument is kept' : 'left out'}`);
  }
  if (s[i] !== '{') return ['', i];
  const [arg, next] = argument(s, i);
  return [nested(arg, context), next];
}
