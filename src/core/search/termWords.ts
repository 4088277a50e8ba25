// The word-level pieces of the term matcher: character classes, the first-word hash, lazy
// tokens and normalised forms. Split from termMatcher.ts so each file reads in one sitting. Pure.
import { lazyRegExp } from '../lazyRegExp';

export interface Token {
  start: number;
  /** End of the word itself (without a possessive suffix). */
  end: number;
  /** End including a possessive suffix ("'s", "’s", or the "'" of "Clarksons'"). */
  possEnd: number;
  /** End of the regular-expression word match: where the next token is searched from. */
  next: number;
  /** Exact (NFC) words this token may stand for: the word, plus "Clarkson" for "Clarksons'". */
  exact: string[];
  /** Folded (case/accent-insensitive) variants, parallel to `exact`. */
  folded: string[];
}

export interface Entry {
  termId: string;
  /** Exact words for case-sensitive entries (abbreviations); undefined for forms. */
  exactWords?: string[];
  /** Order of declaration, for deterministic tie-breaking. */
  rank: number;
}

export interface TrieNode {
  children: Map<string, TrieNode>;
  entries: Entry[];
}

/** Receives one hit: offsets into the scanned text and the term's id. */
export type HitSink = (start: number, end: number, termId: string) => void;

const WORD_SRC = String.raw`[\p{L}\p{M}\p{N}]+(?:['\u2019][\p{L}\p{M}\p{N}]+)*`;
/** A word: letters, marks and digits, with inner apostrophes (built on first use: lazyRegExp.ts). */
export const wordRe = lazyRegExp(WORD_SRC, 'gu');
/** A word that starts the text given (a word cut at the end of a range). */
const wordAtStartRe = lazyRegExp(`^${WORD_SRC}`, 'u');
/** One word character. */
export const wordCharRe = lazyRegExp(String.raw`[\p{L}\p{M}\p{N}]`, 'u');
const markRe = lazyRegExp(String.raw`\p{M}`, 'gu');
export const POSSESSIVE_S_RE = /['\u2019][sS]$/;
export const SEPARATOR_RE = /^[ \t\u00a0]*(?:(?:\r\n|\n|\r)[ \t\u00a0]*)?(?:[-\u2010\u2011][ \t\u00a0]*(?:(?:\r\n|\n|\r)[ \t\u00a0]*)?)?$/;
export const APOSTROPHE = 0x27;
export const CURLY_APOSTROPHE = 0x2019;

export function fold(word: string): string {
  return word.normalize('NFD').replace(markRe(), '').replace(/\u2019/g, "'").toLowerCase();
}

export function exactNorm(word: string): string {
  return word.normalize('NFC').replace(/\u2019/g, "'");
}

export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && wordCharRe().test(ch);
}

/**
 * Word-character class of each UTF-16 code unit, filled on first sight: 1 word (letter, mark,
 * digit), 2 not a word character, 0 not yet known. Surrogates are decided per code point.
 */
export const unitClass = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) unitClass[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 2;

/** 1 for the ASCII letters and digits, else 0. */
export const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = unitClass[c] === 1 ? 1 : 0;

/** Length in code units of the word character at `i` (1, or 2 for a surrogate pair), or 0. */
export function wordCharLength(text: string, i: number, to: number): number {
  const c = text.charCodeAt(i);
  let k = unitClass[c];
  if (k === 1) return 1;
  if (k === 2) return 0;
  if (c >= 0xd800 && c <= 0xdbff) {
    const cp = i + 1 < to ? (text.codePointAt(i) as number) : c;
    return cp > 0xffff && wordCharRe().test(String.fromCodePoint(cp)) ? 2 : 0;
  }
  k = wordCharRe().test(String.fromCharCode(c)) ? 1 : 2;
  unitClass[c] = k;
  return k === 1 ? 1 : 0;
}

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;
export const BITMAP_BITS = 20;

export function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** The part of a folded word that the first-word filter hashes: up to its first apostrophe. */
export function filterPrefix(folded: string): string {
  const apostrophe = folded.indexOf("'");
  return apostrophe < 0 ? folded : folded.slice(0, apostrophe);
}

/** The word at `m` (a `wordRe()` match), with possessive handling, as a token. */
export function makeToken(text: string, m: RegExpExecArray, base: number, to: number): Token {
  const start = base + m.index;
  let word = m[0];
  let end = start + word.length;
  const next = end;
  let possEnd = end;
  const exact: string[] = [];
  if (POSSESSIVE_S_RE.test(word) && word.length > 2) {
    word = word.slice(0, -2);
    end -= 2;
    exact.push(word);
  } else {
    exact.push(word);
    const after = text[end];
    if ((after === "'" || after === '’') && /[sS]$/.test(word) && !isWordChar(text[end + 1]) && end + 1 <= to) {
      // Plural possessive "Clarksons'": the word may be "Clarksons" or "Clarkson".
      possEnd = end + 1;
      if (word.length > 1) exact.push(word.slice(0, -1));
    }
  }
  if (exact.length === 1) {
    const forms = normalized(exact[0]);
    return { start, end, possEnd, next, exact: forms.exact, folded: forms.folded };
  }
  const ex = exact.map(exactNorm);
  return { start, end, possEnd, next, exact: ex, folded: ex.map(fold) };
}

/** Exact and folded forms of a word, remembered: the words that reach the trie are few and recur. */
export const normalCache = new Map<string, { exact: string[]; folded: string[] }>();
export function normalized(word: string): { exact: string[]; folded: string[] } {
  let forms = normalCache.get(word);
  if (!forms) {
    const exact = exactNorm(word);
    forms = { exact: [exact], folded: [fold(exact)] };
    if (normalCache.size >= 4096) normalCache.clear();
    normalCache.set(word, forms);
  }
  return forms;
}

/** All tokens of text[from, to): used for the forms themselves. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const words = wordRe();
  words.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = words.exec(text)) !== null) tokens.push(makeToken(text, m, 0, text.length));
  return tokens;
}

/** Tokens from a word start onwards, read only as far as the trie walk asks for them. */
export class LazyTokens {
  private readonly tokens: Token[] = [];
  constructor(
    private readonly text: string,
    private readonly from: number,
    private readonly to: number,
  ) {}

  get(j: number): Token | undefined {
    while (this.tokens.length <= j) {
      const last = this.tokens[this.tokens.length - 1];
      const at = last ? last.next : this.from;
      if (at >= this.to) return undefined;
      const words = wordRe();
      words.lastIndex = at;
      const m = words.exec(this.text);
      if (!m || m.index >= this.to) return undefined;
      // A word that runs past `to` is cut there, as if the text ended at `to`.
      if (m.index + m[0].length > this.to) {
        const cut = wordAtStartRe().exec(m[0].slice(0, this.to - m.index));
        if (!cut) return undefined;
        cut.index = m.index;
        this.tokens.push(makeToken(this.text, cut, 0, this.to));
      } else {
        this.tokens.push(makeToken(this.text, m, 0, this.to));
      }
    }
    return this.tokens[j];
  }
}

/** Trie-key prefix for a separator between two words: '' when flexible (spaces/hyphen/one EOL). */
export function separatorKey(sep: string): string {
  if (SEPARATOR_RE.test(sep)) return '';
  return '\u0001' + sep.replace(/\u2019/g, "'").replace(/\s+/g, ' ') + '\u0001';
}

/** Words of a form/abbreviation as the trie stores them (possessive suffixes dropped), each with
 * the separator key that must precede it. */
export function formWords(form: string): Array<{ word: string; sep: string }> {
  const toks = tokenize(form);
  return toks.map((t, i) => ({ word: t.exact[0], sep: i === 0 ? '' : separatorKey(form.slice(toks[i - 1].possEnd, t.start)) }));
}
