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
import type { Term, TermHit } from '../types';
import type { HitSink } from './termWords';
export type { HitSink } from './termWords';
import { Token, TrieNode, APOSTROPHE, CURLY_APOSTROPHE, fold, ASCII_WORD, wordCharLength, FNV_OFFSET, FNV_PRIME, BITMAP_BITS, hashString, filterPrefix, LazyTokens, separatorKey, formWords } from './termWords';

export class TermMatcher {
  private readonly root: TrieNode = { children: new Map(), entries: [] };
  /** Longest form, in characters: bounds the window `findAround` needs. */
  private maxFormChars = 0;
  /** Bitmap over hashes of the forms' first words (their {@link filterPrefix}). */
  private readonly firstWords = new Uint32Array(1 << (BITMAP_BITS - 5));

  /** The glossary, until the first scan builds the trie from it (not at activation, which it would slow). */
  private pending: Term[] | undefined;

  constructor(terms: Term[]) {
    this.pending = terms;
  }

  /** Builds the tables now (the extension does it when idle after activation, before the first hover). */
  warm(): void {
    this.build();
  }

  /** Builds the trie and the first-word bitmap (once, on the first scan). */
  private build(): void {
    const terms = this.pending;
    if (!terms) return;
    this.pending = undefined;
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
    this.build();
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
    if (this.pending) this.build();
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
