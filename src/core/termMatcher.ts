// Finds glossary terms in prose. Pure TypeScript: no `vscode` here.
//
// How it works
// ------------
// One pass over the text, character by character, with no object per word: each word's first
// segment (up to an inner apostrophe) is lower-cased and hashed on the fly, and only a word whose
// hash is in a bitmap of the forms' first words (a few hundred of ~1M bits) is looked at closely.
// There the words are tokenized lazily and matched against a trie keyed by normalized words
// (leftmost-longest, hits never overlap). Words with non-ASCII letters take the slow path (Unicode
// normalization) only for their hash. The cost is O(characters) plus O(candidates x longest form in
// words) whatever the glossary size; memory does not grow with the text. {@link TermStream} scans a
// text that arrives in chunks (a file read piece by piece) with the same results.
//
// Matching rules
// --------------
// * Whole words only: a form never matches inside a longer word ("hypotension" does not hit in
//   "hypotensive", "IgG" does not hit in "IgG1").
// * `forms` are case-insensitive and accent-insensitive ("Svensjo" matches "Svensjö"), compared
//   after NFD + removal of combining marks + lower-casing. `abbreviations` are case-sensitive and
//   compared exactly (after NFC): "MGUS" yes, "mgus" no.
// * Between two words of a form the text may use any mix of spaces/tabs, at most one line break
//   and at most one hyphen (-, U+2010, U+2011): "capillary-leak syndrome" and
//   "capillary leak\nsyndrome" both match "capillary leak syndrome". Other punctuation (commas,
//   en dashes, slashes, a blank line) breaks a multi-word match, unless the form itself has that
//   punctuation there: "cyclic adenosine 3',5'-monophosphate" must be written with "',".
// * Possessives: a word written "X's", "X’s" (curly apostrophe) or "Xs'" / "Xs’" matches the
//   form word "X". An apostrophe inside a form ("Clarkson's disease") is normalized the same way,
//   so forms may be written with or without it.
//   Offsets: when the possessive is on the LAST word of a hit, the hit stops before the suffix
//   ("Clarkson's" -> hit text "Clarkson"; "Clarksons'" -> hit text "Clarksons"). When it is on
//   an inner word the hit covers everything written ("Clarkson's disease").
// * Offsets are JavaScript string (UTF-16 code unit) offsets into the given text; end exclusive.
import type { Term, TermHit } from './types';

interface Token {
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

interface Entry {
  termId: string;
  /** Exact words for case-sensitive entries (abbreviations); undefined for forms. */
  exactWords?: string[];
  /** Order of declaration, for deterministic tie-breaking. */
  rank: number;
}

interface TrieNode {
  children: Map<string, TrieNode>;
  entries: Entry[];
}

/** Receives one hit: offsets into the scanned text and the term's id. */
export type HitSink = (start: number, end: number, termId: string) => void;

const WORD_RE = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;
const WORD_CHAR_RE = /[\p{L}\p{M}\p{N}]/u;
const POSSESSIVE_S_RE = /['’][sS]$/;
const SEPARATOR_RE = /^[ \t\u00a0]*(?:(?:\r\n|\n|\r)[ \t\u00a0]*)?(?:[-\u2010\u2011][ \t\u00a0]*(?:(?:\r\n|\n|\r)[ \t\u00a0]*)?)?$/;
const APOSTROPHE = 0x27;
const CURLY_APOSTROPHE = 0x2019;

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').replace(/’/g, "'").toLowerCase();
}

function exactNorm(word: string): string {
  return word.normalize('NFC').replace(/’/g, "'");
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && WORD_CHAR_RE.test(ch);
}

/**
 * Word-character class of each UTF-16 code unit, filled on first sight: 1 word (letter, mark,
 * digit), 2 not a word character, 0 not yet known. Surrogates are decided per code point.
 */
const unitClass = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) unitClass[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 2;

/** 1 for the ASCII letters and digits, else 0. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = unitClass[c] === 1 ? 1 : 0;

/** Length in code units of the word character at `i` (1, or 2 for a surrogate pair), or 0. */
function wordCharLength(text: string, i: number, to: number): number {
  const c = text.charCodeAt(i);
  let k = unitClass[c];
  if (k === 1) return 1;
  if (k === 2) return 0;
  if (c >= 0xd800 && c <= 0xdbff) {
    const cp = i + 1 < to ? (text.codePointAt(i) as number) : c;
    return cp > 0xffff && WORD_CHAR_RE.test(String.fromCodePoint(cp)) ? 2 : 0;
  }
  k = WORD_CHAR_RE.test(String.fromCharCode(c)) ? 1 : 2;
  unitClass[c] = k;
  return k === 1 ? 1 : 0;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const BITMAP_BITS = 20;

function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** The part of a folded word that the first-word filter hashes: up to its first apostrophe. */
function filterPrefix(folded: string): string {
  const apostrophe = folded.indexOf("'");
  return apostrophe < 0 ? folded : folded.slice(0, apostrophe);
}

/** The word at `m` (a WORD_RE match), with possessive handling, as a token. */
function makeToken(text: string, m: RegExpExecArray, base: number, to: number): Token {
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
const normalCache = new Map<string, { exact: string[]; folded: string[] }>();
function normalized(word: string): { exact: string[]; folded: string[] } {
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
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(text)) !== null) tokens.push(makeToken(text, m, 0, text.length));
  return tokens;
}

/** Tokens from a word start onwards, read only as far as the trie walk asks for them. */
class LazyTokens {
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
      WORD_RE.lastIndex = at;
      const m = WORD_RE.exec(this.text);
      if (!m || m.index >= this.to) return undefined;
      // A word that runs past `to` is cut there, as if the text ended at `to`.
      if (m.index + m[0].length > this.to) {
        const cut = /^[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/u.exec(m[0].slice(0, this.to - m.index));
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
function separatorKey(sep: string): string {
  if (SEPARATOR_RE.test(sep)) return '';
  return '\u0001' + sep.replace(/’/g, "'").replace(/\s+/g, ' ') + '\u0001';
}

/** Words of a form/abbreviation as the trie stores them (possessive suffixes dropped), each with
 * the separator key that must precede it. */
function formWords(form: string): Array<{ word: string; sep: string }> {
  const toks = tokenize(form);
  return toks.map((t, i) => ({ word: t.exact[0], sep: i === 0 ? '' : separatorKey(form.slice(toks[i - 1].possEnd, t.start)) }));
}

export class TermMatcher {
  private readonly root: TrieNode = { children: new Map(), entries: [] };
  /** Longest form, in characters: bounds the window `findAround` needs. */
  private maxFormChars = 0;
  /** Bitmap over hashes of the forms' first words (their {@link filterPrefix}). */
  private readonly firstWords = new Uint32Array(1 << (BITMAP_BITS - 5));

  constructor(terms: Term[]) {
    let rank = 0;
    for (const term of terms) {
      const seen = new Set<string>();
      const add = (surface: string, caseSensitive: boolean) => {
        const parts = formWords(surface);
        if (parts.length === 0) return;
        const words = parts.map((p) => p.word);
        const id = (caseSensitive ? 'A:' : 'F:') + parts.map((p) => p.sep + p.word).join(' ');
        if (seen.has(id)) return;
        seen.add(id);
        this.maxFormChars = Math.max(this.maxFormChars, surface.length);
        this.setFirstWord(hashString(filterPrefix(fold(words[0]))));
        let node = this.root;
        for (const { word, sep } of parts) {
          const key = sep + fold(word);
          let child = node.children.get(key);
          if (!child) {
            child = { children: new Map(), entries: [] };
            node.children.set(key, child);
          }
          node = child;
        }
        node.entries.push({ termId: term.id, exactWords: caseSensitive ? words : undefined, rank: rank++ });
      };
      add(term.name, false);
      for (const f of term.forms ?? []) add(f, false);
      for (const a of term.abbreviations ?? []) add(a, true);
    }
  }

  /** Every term occurrence in `text`, in document order, non-overlapping (leftmost-longest). */
  findAll(text: string): TermHit[] {
    const hits: TermHit[] = [];
    this.scan(text, (start, end, termId) => hits.push({ start, end, text: text.slice(start, end), termId }));
    return hits;
  }

  /** Every hit of {@link findAll}, handed to `sink` without building hit objects. */
  scan(text: string, sink: HitSink): void {
    this.scanRange(text, 0, text.length, text.length, true, sink);
  }

  /** Hits per term id over `text` (what `iscls terms --count` prints). */
  count(text: string): Map<string, number> {
    const counts = new Map<string, number>();
    this.scan(text, (_s, _e, id) => counts.set(id, (counts.get(id) ?? 0) + 1));
    return counts;
  }

  /**
   * The hit covering `offset` (start <= offset < end, or offset === end for a cursor just after
   * a term), scanning only a window around the offset (no full-document scan).
   */
  findAround(text: string, offset: number): TermHit | undefined {
    if (!(offset >= 0 && offset <= text.length)) return undefined;
    const radius = Math.max(200, this.maxFormChars * 2 + 20);
    let from = Math.max(0, offset - radius);
    let to = Math.min(text.length, offset + radius);
    // Snap outwards to whitespace so that no word (or possessive) is cut in half.
    while (from > 0 && !/\s/.test(text[from - 1]) && offset - from < radius + 100) from--;
    while (to < text.length && !/\s/.test(text[to]) && to - offset < radius + 100) to++;
    let after: TermHit | undefined;
    let found: TermHit | undefined;
    const window = text.slice(from, to);
    this.scanRange(window, 0, window.length, window.length, true, (s, e, termId) => {
      if (found) return;
      const hit = { start: from + s, end: from + e, text: text.slice(from + s, from + e), termId };
      if (hit.start <= offset && offset < hit.end) found = hit;
      else if (hit.end === offset) after = hit;
    });
    return found ?? after;
  }

  /**
   * Scan the words of text[from, to) that start before `stop`, reporting hits to `sink`; a hit may
   * run on up to `to`. When `final` is false the text goes on after `to`: a word that reaches `to`
   * is left for later. Returns where to go on: at or after `stop`, or the start of a word left unread.
   */
  scanRange(text: string, from: number, stop: number, to: number, final: boolean, sink: HitSink): number {
    const bits = this.firstWords;
    let p = from;
    while (p < stop) {
      let c = text.charCodeAt(p);
      let n = c < 128 ? ASCII_WORD[c] : wordCharLength(text, p, to);
      if (n === 0) {
        p++;
        continue;
      }
      // One word: letters, marks, digits, with inner apostrophes. Hash its first segment.
      const start = p;
      let h = FNV_OFFSET;
      let hBeforeLast = h;
      let ascii = true;
      let segmentEnd = -1;
      for (;;) {
        if (segmentEnd < 0) {
          if (c >= 128) ascii = false;
          hBeforeLast = h;
          h = Math.imul(h ^ (c >= 65 && c <= 90 ? c | 32 : c), FNV_PRIME);
        }
        p += n;
        if (p >= to) break;
        c = text.charCodeAt(p);
        n = c < 128 ? ASCII_WORD[c] : wordCharLength(text, p, to);
        if (n > 0) continue;
        if ((c === APOSTROPHE || c === CURLY_APOSTROPHE) && p + 1 < to && (n = wordCharLength(text, p + 1, to)) > 0) {
          if (segmentEnd < 0) segmentEnd = p;
          p++;
          c = text.charCodeAt(p);
          continue;
        }
        break;
      }
      // What follows a word decides it (an apostrophe and a letter, a possessive): wait for more text.
      if (!final && p + 2 >= to) return start;
      if (segmentEnd < 0) segmentEnd = p;
      let candidate: boolean;
      if (ascii) {
        candidate = has(bits, h >>> 0);
        // "Clarksons'": the form word may be "Clarkson".
        const last = text.charCodeAt(p - 1);
        if (!candidate && (last === 115 || last === 83) && segmentEnd === p) {
          const after = text.charCodeAt(p);
          if (after === APOSTROPHE || after === CURLY_APOSTROPHE) candidate = has(bits, hBeforeLast >>> 0);
        }
      } else {
        candidate = this.slowCandidate(text, start, segmentEnd, p);
      }
      if (!candidate) continue;
      const resume = this.matchAt(text, start, to, sink);
      if (resume > p) p = resume;
    }
    return p;
  }

  /** The first-word filter for a word with non-ASCII characters: fold it properly, then hash. */
  private slowCandidate(text: string, start: number, segmentEnd: number, end: number): boolean {
    const prefix = filterPrefix(fold(text.slice(start, segmentEnd)));
    if (has(this.firstWords, hashString(prefix))) return true;
    const after = text[end];
    if (segmentEnd === end && (after === "'" || after === '’') && /[sS]$/.test(prefix)) {
      return has(this.firstWords, hashString(prefix.slice(0, -1)));
    }
    return false;
  }

  /** The longest hit starting at the word at `start`, if any: reports it, returns where to go on. */
  private matchAt(text: string, start: number, to: number, sink: HitSink): number {
    const tokens = new LazyTokens(text, start, to);
    const best = this.longestAt(text, tokens);
    if (!best) return start;
    const first = tokens.get(0) as Token;
    const last = tokens.get(best.lastToken) as Token;
    sink(first.start, last.end, best.termId);
    return last.next;
  }

  /** Longest match starting at token 0. Explores the (rare) alternatives of plural possessives. */
  private longestAt(text: string, tokens: LazyTokens): { lastToken: number; termId: string } | undefined {
    let best: { lastToken: number; termId: string; rank: number } | undefined;
    // Depth-first over (node, token index, exact words so far).
    const walk = (node: TrieNode, j: number, words: string[], sepKey: string) => {
      const tok = tokens.get(j) as Token;
      for (let v = 0; v < tok.folded.length; v++) {
        const child = node.children.get(sepKey + tok.folded[v]);
        if (!child) continue;
        const w = [...words, tok.exact[v]];
        for (const e of child.entries) {
          if (e.exactWords && !sameWords(e.exactWords, w)) continue;
          if (!best || j > best.lastToken || (j === best.lastToken && e.rank < best.rank)) {
            best = { lastToken: j, termId: e.termId, rank: e.rank };
          }
        }
        if (child.children.size > 0) {
          const next = tokens.get(j + 1);
          if (next) walk(child, j + 1, w, separatorKey(text.slice(tok.possEnd, next.start)));
        }
      }
    };
    if (tokens.get(0)) walk(this.root, 0, [], '');
    return best && { lastToken: best.lastToken, termId: best.termId };
  }

  private setFirstWord(hash: number): void {
    const bit = hash >>> (32 - BITMAP_BITS);
    this.firstWords[bit >>> 5] |= 1 << (bit & 31);
  }
}

function has(bits: Uint32Array, hash: number): boolean {
  const bit = hash >>> (32 - BITMAP_BITS);
  return (bits[bit >>> 5] & (1 << (bit & 31))) !== 0;
}

/**
 * Scans a text that arrives in pieces (a file read chunk by chunk) with the results of
 * {@link TermMatcher.scan} over the whole text: offsets count from the start of the first piece.
 * Keeps only the unfinished tail between pieces, so memory stays flat whatever the text's size.
 * A multi-word form spread over more than `margin` characters of spaces is not found across a
 * piece boundary (no prose does that).
 */
export class TermStream {
  private buffer = '';
  private base = 0;

  constructor(
    private readonly matcher: TermMatcher,
    private readonly sink: HitSink,
    private readonly margin = 4096,
  ) {}

  push(piece: string): void {
    const text = this.buffer + piece;
    const stop = text.length - this.margin;
    if (stop <= 0) {
      this.buffer = text;
      return;
    }
    const resume = this.matcher.scanRange(text, 0, stop, text.length, false, (s, e, id) => this.sink(this.base + s, this.base + e, id));
    this.buffer = text.slice(resume);
    this.base += resume;
  }

  end(): void {
    const text = this.buffer;
    this.matcher.scanRange(text, 0, text.length, text.length, true, (s, e, id) => this.sink(this.base + s, this.base + e, id));
    this.buffer = '';
    this.base += text.length;
  }
}

function sameWords(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
