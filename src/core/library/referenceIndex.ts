// A word/prefix index over references for the pick: each keystroke looks words up instead of
// scoring every record, so it stays fast at tens of thousands of entries (fuse.js alone takes
// ~300 ms a keystroke at 10,000). Indexed: author names, year, citation keys, title words, journal,
// DOI and PMID. A query's words must all match (as words or word prefixes, a typo allowed in longer
// words); glossary relatives count ("IVIG" also finds "intravenous immunoglobulin"). A first author
// outranks a co-author of the same name, as a writer typing a name means "X et al."; given names
// count too ("robichaud jasmine"), below family names. Pure.
import { editDistance } from './suggest';
import { foldWord, foldWords, QueryExpander } from './queryExpansion';

/** What the index needs of one reference. */
export interface IndexInput {
  key: string;
  keys?: readonly string[];
  /** Family names (or literal names), first author first. */
  authors: readonly string[];
  /** Given names, in any order. */
  givenNames?: readonly string[];
  title: string;
  journals: readonly string[];
  year?: number;
  doi?: string;
  pmid?: string;
}

export interface IndexHit {
  /** Position of the reference in the input list. */
  index: number;
  /** Higher is better; 1 is every word matched exactly in the best field. */
  score: number;
}

const FIELD_WEIGHT = [3, 2.5, 2, 1, 1.5, 3, 2.4, 1.5] as const; // first author, key, title, journal, year, id, co-author, given name
const enum Field { Author, Key, Title, Journal, Year, Id, CoAuthor, Given }
const MAX_WEIGHT = 3;

/** Postings encode document and field in one number: doc * 8 + field. */
type Postings = number[];

export class ReferenceIndex {
  private readonly postings = new Map<string, Postings>();
  private readonly sorted: string[];
  private readonly byInitial = new Map<string, string[]>();
  private readonly dois: string[] = [];
  private readonly years: number[] = [];

  constructor(items: readonly IndexInput[], private readonly expander = new QueryExpander()) {
    items.forEach((item, doc) => {
      const add = (token: string, field: Field) => {
        if (!token) return;
        const code = doc * 8 + field;
        const list = this.postings.get(token);
        if (!list) this.postings.set(token, [code]);
        else if (list[list.length - 1] !== code) list.push(code);
      };
      item.authors.forEach((author, i) => {
        for (const w of foldWords(author)) add(w, i === 0 ? Field.Author : Field.CoAuthor);
      });
      for (const given of item.givenNames ?? []) for (const w of foldWords(given)) add(w, Field.Given);
      for (const key of item.keys ?? [item.key]) {
        add(foldWord(key), Field.Key);
        for (const w of foldWords(key.replace(/(\d+)/g, ' $1 '))) add(w, Field.Key);
      }
      for (const w of foldWords(item.title)) add(w, Field.Title);
      for (const journal of item.journals) for (const w of foldWords(journal)) add(w, Field.Journal);
      if (item.year) add(String(item.year), Field.Year);
      if (item.pmid) add(item.pmid, Field.Id);
      this.dois.push((item.doi ?? '').toLowerCase());
      this.years.push(item.year ?? 0);
    });
    this.sorted = [...this.postings.keys()].sort();
    for (const token of this.sorted) {
      const initial = token[0];
      let list = this.byInitial.get(initial);
      if (!list) this.byInitial.set(initial, (list = []));
      list.push(token);
    }
  }

  get size(): number {
    return this.years.length;
  }

  /** Best matches first (higher score; ties: newer first), at most `limit`. */
  search(query: string, limit = 50): IndexHit[] {
    const doi = /\b(10\.\d{4,}\/\S*)/i.exec(query.replace(/^\s*(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)/i, ''));
    if (doi) return this.byDoi(doi[1].toLowerCase(), limit);
    const words = [...new Set(foldWords(query))];
    if (words.length === 0) return [];
    let total: Float32Array | undefined;
    for (const word of words) {
      const scores = this.matchWord(word);
      if (!total) total = scores;
      else for (let d = 0; d < total.length; d++) total[d] = scores[d] > 0 && total[d] > 0 ? total[d] + scores[d] : 0;
    }
    const all = total as Float32Array;
    // Scores take few distinct values: find the lowest one that still fills `limit`, sort only those.
    const counts = new Map<number, number>();
    for (let d = 0; d < all.length; d++) if (all[d] > 0) counts.set(all[d], (counts.get(all[d]) ?? 0) + 1);
    let threshold = 0;
    let taken = 0;
    for (const value of [...counts.keys()].sort((a, b) => b - a)) {
      threshold = value;
      taken += counts.get(value) as number;
      if (taken >= limit) break;
    }
    const hits: IndexHit[] = [];
    for (let d = 0; d < all.length; d++) if (all[d] > 0 && all[d] >= threshold) hits.push({ index: d, score: all[d] / words.length });
    hits.sort((a, b) => b.score - a.score || this.years[b.index] - this.years[a.index] || a.index - b.index);
    return hits.length > limit ? hits.slice(0, limit) : hits;
  }

  private byDoi(doi: string, limit: number): IndexHit[] {
    const hits: IndexHit[] = [];
    this.dois.forEach((d, index) => {
      if (d && (d === doi || d.startsWith(doi))) hits.push({ index, score: d === doi ? 1 : 0.8 });
    });
    return hits.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  /** Each document's best score (0..1, 0 = no match) for one query word or one of its alternatives. */
  private matchWord(word: string): Float32Array {
    const result = new Float32Array(this.size);
    this.expander.expand(word).forEach((alternative, i) => {
      const factor = i === 0 ? 1 : 0.8;
      let docs: Float32Array | undefined;
      for (const w of alternative) {
        const m = this.matchToken(w, alternative.length === 1);
        if (!docs) docs = m;
        else for (let d = 0; d < docs.length; d++) docs[d] = Math.min(docs[d], m[d]);
      }
      const found = docs as Float32Array;
      for (let d = 0; d < found.length; d++) if (found[d] * factor > result[d]) result[d] = found[d] * factor;
    });
    return result;
  }

  /** Documents with a token equal to `word` (1), starting with it (0.75) or, failing both, one typo away (0.5). */
  private matchToken(word: string, fuzzy: boolean): Float32Array {
    const result = new Float32Array(this.size);
    let any = false;
    const collect = (token: string, quality: number) => {
      const list = this.postings.get(token);
      if (!list) return;
      any = true;
      for (const posting of list) {
        const doc = posting >>> 3;
        const s = (quality * FIELD_WEIGHT[posting & 7]) / MAX_WEIGHT;
        if (result[doc] < s) result[doc] = s;
      }
    };
    collect(word, 1);
    let lo = lowerBound(this.sorted, word);
    if (this.sorted[lo] === word) lo++;
    for (let i = lo; i < this.sorted.length && this.sorted[i].startsWith(word); i++) collect(this.sorted[i], 0.75);
    if (any || !fuzzy || word.length < 5 || /\d/.test(word)) return result;
    const max = word.length < 8 ? 1 : 2;
    for (const token of this.byInitial.get(word[0]) ?? []) {
      if (Math.abs(token.length - word.length) > max) continue;
      if (editDistance(word, token, max) <= max) collect(token, 0.5);
    }
    return result;
  }
}

function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
