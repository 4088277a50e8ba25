// Replacements for a citation key nothing resolves, offered only when plausibly the same work: a
// key within a small edit distance (a typo: "gousef2011" → "gousseff2011"), or a key that names the
// same first author and year ("eo2017" → "Eo2017capillary"). Never an unrelated reference. Pure.
import { asciiFold, firstAuthorName, itemYear } from './keys';
import type { CslItem } from './types';
import { lazyRegExp } from '../lazyRegExp';

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}

const authorYearKeyRe = lazyRegExp(String.raw`^([\p{L}'\u2019-]+?)[_:.-]?(?:etal)?[_:.-]?((?:1[5-9]|20)\d\d)(?![0-9])`, 'iu');

/** "eo2017" / "Eo2017capillary" / "eo_2017" / "vanderberg2019a" → author and year. */
export function keyAuthorYear(key: string): { author: string; year: number } | undefined {
  const m = authorYearKeyRe().exec(key);
  return m ? { author: asciiFold(m[1]), year: Number(m[2]) } : undefined;
}

export interface Suggestion {
  key: string;
  reason: 'typo' | 'author-year';
  distance: number;
}

/** Largest edit distance counted as a typo for a key of this length: 1 up to 7 characters, then 2. */
function typoLimit(key: string): number {
  return key.length <= 7 ? 1 : 2;
}

/**
 * Keys of `works` that plausibly mean the same work as `unknown`, best first (at most `limit`).
 * `works` gives every candidate's keys and CSL item.
 */
export function suggestKeys(unknown: string, works: readonly { keys: readonly string[]; item: CslItem }[], limit = 3): Suggestion[] {
  const lower = unknown.toLowerCase();
  const wanted = keyAuthorYear(unknown);
  const max = typoLimit(unknown);
  const wantedYear = /(?:1[5-9]|20)\d\d/.exec(unknown)?.[0];
  const found: Suggestion[] = [];
  for (const work of works) {
    let best: Suggestion | undefined;
    for (const key of work.keys) {
      // A different year is a different paper, however close the keys ("kapoor2010"/"kapoor2012").
      const year = /(?:1[5-9]|20)\d\d/.exec(key)?.[0];
      if (wantedYear && year && year !== wantedYear) continue;
      const distance = editDistance(lower, key.toLowerCase(), max);
      if (distance <= max && (!best || distance < best.distance)) best = { key, reason: 'typo', distance };
    }
    if (!best && wanted) {
      const author = asciiFold(firstAuthorName(work.item));
      const familyWords = asciiFold(firstAuthorName(work.item).split(/\s+/).pop() ?? '');
      if (itemYear(work.item) === wanted.year && wanted.author.length >= 2 && (author === wanted.author || familyWords === wanted.author)) {
        best = { key: work.keys[0], reason: 'author-year', distance: max + 1 };
      }
    }
    if (best) found.push(best);
  }
  return found.sort((a, b) => a.distance - b.distance || a.key.localeCompare(b.key)).slice(0, limit);
}
