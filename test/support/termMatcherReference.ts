// The term matcher as it was before the one-pass rewrite: kept as a test oracle only.
// The fast matcher must give exactly its hits (test/unit/termMatcher.test.ts compares them).
// Finds glossary terms in prose. Pure TypeScript: no `vscode` here.
//
// How it works
// ------------
// The text is tokenized ONCE into words (maximal runs of Unicode letters, marks and digits, with
// internal apostrophes kept: "O'Brien", "don't"). Every term form / abbreviation is tokenized the
// same way and stored in a trie keyed by normalized words. Matching walks the trie from each word
// (leftmost-longest, hits never overlap), so the cost is O(words x longest form in words) whatever
// the glossary size: there is no regex per term.
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
import type { Term, TermHit } from '../../src/core/types';

interface Token {
  start: number;
  /** End of the word itself (without a possessive suffix). */
  end: number;
  /** End including a possessive suffix ("'s", "’s", or the "'" of "Clarksons'"). */
  possEnd: number;
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

const WORD_RE = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;
const WORD_CHAR_RE = /[\p{L}\p{M}\p{N}]/u;
const POSSESSIVE_S_RE = /['’][sS]$/;
const SEPARATOR_RE = /^[ \t\u00a0]*(?:(?:\r\n|\n|\r)[ \t\u00a0]*)?(?:[-\u2010\u2011][ \t\u00a0]*(?:(?:\r\n|\n|\r)[ \t\u00a0]*)?)?$/;

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').replace(/’/g, "'").toLowerCase();
}

function exactNorm(word: string): string {
  return word.normalize('NFC').replace(/’/g, "'");
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && WORD_CHAR_RE.test(ch);
}

/** Tokenizes text[from, to) into words with possessive handling. */
function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(slice)) !== null) {
    const start = from + m.index;
    let word = m[0];
    let end = start + word.length;
    let possEnd = end;
    const exact: string[] = [];
    if (POSSESSIVE_S_RE.test(word) && word.length > 2) {
      word = word.slice(0, -2);
      end -= 2;
      exact.push(word);
    } else {
      exact.push(word);
      const next = text[end];
      if ((next === "'" || next === '’') && /[sS]$/.test(word) && !isWordChar(text[end + 1]) && end + 1 <= to) {
        // Plural possessive "Clarksons'": the word may be "Clarksons" or "Clarkson".
        possEnd = end + 1;
        if (word.length > 1) exact.push(word.slice(0, -1));
      }
    }
    const ex = exact.map(exactNorm);
    tokens.push({ start, end, possEnd, exact: ex, folded: ex.map(fold) });
  }
  return tokens;
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

export class ReferenceTermMatcher {
  private readonly root: TrieNode = { children: new Map(), entries: [] };
  /** Longest form, in characters: bounds the window `findAround` needs. */
  private maxFormChars = 0;

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
    return this.matchTokens(text, tokenize(text));
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
    const hits = this.matchTokens(text, tokenize(text, from, to));
    let after: TermHit | undefined;
    for (const h of hits) {
      if (h.start <= offset && offset < h.end) return h;
      if (h.end === offset) after = h;
    }
    return after;
  }

  private matchTokens(text: string, tokens: Token[]): TermHit[] {
    const hits: TermHit[] = [];
    let i = 0;
    while (i < tokens.length) {
      const best = this.longestAt(text, tokens, i);
      if (best) {
        const last = tokens[best.lastToken];
        const start = tokens[i].start;
        const end = last.end;
        hits.push({ start, end, text: text.slice(start, end), termId: best.termId });
        i = best.lastToken + 1;
      } else {
        i++;
      }
    }
    return hits;
  }

  /** Longest match starting at token i. Explores the (rare) alternatives of plural possessives. */
  private longestAt(text: string, tokens: Token[], i: number): { lastToken: number; termId: string } | undefined {
    let best: { lastToken: number; termId: string; rank: number } | undefined;
    // Depth-first over (node, token index, exact words so far).
    const walk = (node: TrieNode, j: number, words: string[], sepKey: string) => {
      const tok = tokens[j];
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
        if (child.children.size > 0 && j + 1 < tokens.length) {
          const next = tokens[j + 1];
          walk(child, j + 1, w, separatorKey(text.slice(tok.possEnd, next.start)));
        }
      }
    };
    walk(this.root, i, [], '');
    return best && { lastToken: best.lastToken, termId: best.termId };
  }
}

function sameWords(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
