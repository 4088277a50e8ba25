// Which work a typed reference-list entry is: fuzzy on authors, title, journal and year, against
// the review's references and the writer's library (any CSL item). Scored, explainable, fast:
// token containment rather than edit distance, because pasted entries differ from ours in
// punctuation, abbreviation and truncation ("et al."), rarely in spelling.
//
// Score (0..1): title words found 0.55, first author's family name 0.2 (another author 0.1),
// year 0.15, journal words 0.05, volume and first page 0.05. A match is sure at ≥ 0.8 with a
// lead of 0.2 over the next candidate; unsure (the writer confirms) at ≥ 0.45; else unmatched.
import type { CslItem, CslName } from '../types';

/** A work an entry may be: any CSL item (the review's record or the writer's), keyed by `citation-key` or `id`. */
export type CandidateItem = CslItem;

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

export interface Scored {
  key: string;
  score: number;
  item: CandidateItem;
}

export interface EntryMatch {
  status: 'matched' | 'unsure' | 'unmatched';
  /** Best candidates first (at most 3, score ≥ 0.2). */
  candidates: Scored[];
}

const STOP = new Set(['the', 'and', 'for', 'with', 'from', 'into', 'its', 'of', 'in', 'on', 'a', 'an', 'to', 'by', 'as', 'at', 'or', 'de', 'la', 'le', 'et', 'al']);

export function normalizeWords(s: string): string[] {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
}

/** Significant words of a candidate's field, remembered (the same candidates score every entry). */
const significant = new Map<string, string[]>();
function fieldWords(s: string): string[] {
  let words = significant.get(s);
  if (!words) {
    words = normalizeWords(s).filter((w) => w.length >= 3 && !STOP.has(w));
    if (significant.size > 20000) significant.clear();
    significant.set(s, words);
  }
  return words;
}

function containment(field: string, pool: Set<string>): number {
  const wanted = fieldWords(field);
  if (wanted.length === 0) return 0;
  return wanted.filter((w) => pool.has(w)).length / wanted.length;
}

const keyOf = (item: CandidateItem) => text(item['citation-key']) || item.id;

/** Score of `item` for an entry whose words are `pool` and years `years`. */
export function scoreCandidate(pool: Set<string>, years: Set<string>, numbers: Set<string>, item: CandidateItem): number {
  let score = 0.55 * containment(text(item.title), pool);
  const families = (Array.isArray(item.author) ? (item.author as CslName[]) : []).map((a) => normalizeWords(a?.family ?? a?.literal ?? '')).filter((f) => f.length > 0);
  if (families.length > 0 && families[0].every((w) => pool.has(w))) score += 0.2;
  else if (families.slice(1).some((f) => f.every((w) => pool.has(w)) && !(f.length === 1 && f[0] === 'al'))) score += 0.1;
  const year = String((item.issued as { 'date-parts'?: unknown[][] } | undefined)?.['date-parts']?.[0]?.[0] ?? '');
  if (year && years.has(year)) score += 0.15;
  const journal = Math.max(
    containment(text(item['container-title-short']), pool),
    containment(text(item['container-title']), pool),
  );
  if (journal >= 0.6) score += 0.05;
  const firstPage = text(item.page).split(/[-\u2013]/)[0];
  if (item.volume !== undefined && numbers.has(text(item.volume)) && firstPage && numbers.has(firstPage)) score += 0.05;
  return Math.min(1, score);
}

/** The entry's best candidates and whether the best is sure. */
export function matchEntry(entry: string, candidates: readonly CandidateItem[]): EntryMatch {
  const words = normalizeWords(entry);
  const pool = new Set(words);
  const years = new Set(words.filter((w) => /^(1[89]|20)\d\d[a-z]?$/.test(w)).map((w) => w.slice(0, 4)));
  const numbers = new Set(entry.match(/\d+/g) ?? []);
  const scored = candidates
    .map((item) => ({ key: keyOf(item), score: scoreCandidate(pool, years, numbers, item), item }))
    .filter((s) => s.score >= 0.2)
    .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
  const [best, next] = scored;
  const status = !best ? 'unmatched' : best.score >= 0.8 && (!next || best.score - next.score >= 0.2) ? 'matched' : best.score >= 0.45 ? 'unsure' : 'unmatched';
  return { status, candidates: scored.slice(0, 3) };
}
