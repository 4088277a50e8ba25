// Check Reference List: what a journal's reference editor would send back about a manuscript's cited
// references, as findings on the list's lines (or, without a managed list, on the first citation of each
// work). One check for the editor's command and `iscls check`. Pure: no `vscode` here.
//
// - `unknown-key` (error): a cited key that resolves to nothing (the diagnostics' own finding).
// - `missing-field` (warning): an article without year, volume, pages, or DOI/PMID.
// - `first-page-only` (warning): pages give the first page without the range ("193").
// - `et-al` (warning): a writer's record ending in "and others" with six names or fewer (AMA and
//   Vancouver list every author up to six, so the style cannot print it right).
// - `needs-verification` (warning): one of the review's entries printed with "et al." that no record completed.
// - `duplicate-work` (warning): two cited keys are the same work (same record, DOI or PMID).
// - `journal-unabbreviated` (warning): a style that abbreviates journals, a record without an
//   abbreviation, and a name the NLM list does not hold: it prints in full.
// - `title-converted`, `abbreviation-supplied` (information): what the style prints differently from the
//   writer's record (core/format/titleForm.ts).
import type { CslItem } from '../types';
import type { FormChanges, TitleForm } from '../format/titleForm';
import { describeFormChanges } from '../format/titleForm';
import { submissionRecord } from '../knowledge/submission';
import { referenceShortLabel } from '../presentation/labels';
import { itemShortLabel } from '../search/search';
import { REVIEW_SOURCE, type ResolvedReference } from './resolver';
import { entryLines, lineAt, manuscriptFindings } from './findings';
import type { Manuscript } from './model';
import type { CitationContext } from './types';

export type CheckCode =
  | 'unknown-key'
  | 'missing-field'
  | 'first-page-only'
  | 'et-al'
  | 'needs-verification'
  | 'duplicate-work'
  | 'journal-unabbreviated'
  | 'title-converted'
  | 'abbreviation-supplied';

export interface CheckFinding {
  /** Offsets in the manuscript's text, end exclusive. */
  start: number;
  end: number;
  severity: 'error' | 'warning' | 'information';
  code: CheckCode;
  message: string;
  /** The cited key the finding is about. */
  key?: string;
}

export interface CheckSources {
  /** What the style prints differently from a writer's record, and the style's title form. */
  formatter: { formChanges(key: string, style: string): FormChanges; styleTitleForm(style: string): TitleForm };
  /** The NLM list, when read: names it holds or that are already abbreviations are printable as they are. */
  journals?: { isPrintable(journal: string): boolean };
  /** The caveat of a review entry nobody could complete, or undefined (core/knowledge/caveats.ts). */
  caveat(reference: NonNullable<ResolvedReference['review']>): string | undefined;
}

/** AMA and Vancouver list every author up to this many. */
const ALL_AUTHORS_UP_TO = 6;
const ARTICLE_TYPES = new Set(['article-journal', 'article', 'review']);

const present = (value: unknown) => value !== undefined && value !== null && String(value).trim() !== '';

/** The record as it is formatted: a review entry completed from its record as submitted. */
function recordOf(r: ResolvedReference): CslItem {
  return r.review && r.source === REVIEW_SOURCE && !r.entry ? submissionRecord(r.review) : r.item;
}

function yearOf(item: CslItem): unknown {
  const issued = item.issued as { 'date-parts'?: unknown[][]; literal?: string; raw?: string } | undefined;
  return issued?.['date-parts']?.[0]?.[0] ?? issued?.literal ?? issued?.raw;
}

/** "Xie 2015": how a finding names a reference (the review's label for its own records). */
function labelOf(m: Manuscript, key: string): string {
  const r = m.resolver.get(key);
  return r?.review && !r.entry ? referenceShortLabel(r.review) : r ? itemShortLabel(r.item) : key;
}

/** What an editor checks in one reference: its fields and the form the style prints it in. */
function referenceFindings(r: ResolvedReference, style: string, sources: CheckSources, name: string): Omit<CheckFinding, 'start' | 'end'>[] {
  const item = recordOf(r);
  const out: Omit<CheckFinding, 'start' | 'end'>[] = [];
  const warn = (code: CheckCode, message: string) => out.push({ severity: 'warning', code, message, key: r.key });
  const fromReview = !!r.review && r.source === REVIEW_SOURCE && !r.entry;
  const caveat = fromReview ? sources.caveat(r.review!) : undefined;
  if (caveat) warn('needs-verification', `${name}: ${caveat}`);
  if (ARTICLE_TYPES.has(String(item.type))) {
    const missing = [
      !present(yearOf(item)) && 'year',
      !present(item.volume) && 'volume',
      !present(item.page) && 'pages',
      !present(item.DOI) && !present(item.PMID) && 'DOI or PMID',
    ].filter((field): field is string => !!field);
    if (missing.length) warn('missing-field', `${name}: no ${missing.join(', ')} in the record${fromReview ? ' (the review printed none)' : ''}.`);
    if (present(item.page) && /^\s*\d{1,4}\s*$/.test(String(item.page))) warn('first-page-only', `${name}: pages give the first page only (${String(item.page).trim()}): journals print the range (unless it is the article's number).`);
  }
  const authors = Array.isArray(item.author) ? item.author : [];
  if (!fromReview && item['authors-truncated'] && authors.length <= ALL_AUTHORS_UP_TO) {
    warn('et-al', `${name}: the record ends in "and others" after ${authors.length} name${authors.length === 1 ? '' : 's'}: the style lists every author up to ${ALL_AUTHORS_UP_TO}; add the others.`);
  }
  const changes = sources.formatter.formChanges(r.key, style);
  const [journalNote, titleNote] = [describeFormChanges({ journal: changes.journal })[0], describeFormChanges({ title: changes.title })[0]];
  if (journalNote) out.push({ severity: 'information', code: 'abbreviation-supplied', message: `${name}: ${journalNote}`, key: r.key });
  if (titleNote) out.push({ severity: 'information', code: 'title-converted', message: `${name}: ${titleNote}`, key: r.key });
  const journal = item['container-title'];
  const own = present(item['container-title-short']) || present(item.journalAbbreviation);
  if (!changes.journal && !own && typeof journal === 'string' && ARTICLE_TYPES.has(String(item.type)) && sources.journals && sources.formatter.styleTitleForm(style).abbreviateJournals && !sources.journals.isPrintable(journal)) {
    warn('journal-unabbreviated', `${name}: "${journal}" is not in the NLM abbreviation list and the record gives no abbreviation: the style prints it in full. Add the journal's abbreviation to the record.`);
  }
  return out;
}

/** Cited keys that are one work: same record (the review and a library), DOI or PMID. */
function duplicateFindings(m: Manuscript, keys: readonly string[], where: (key: string) => { start: number; end: number }, label: (key: string) => string): CheckFinding[] {
  const seen = new Map<string, string>();
  const out: CheckFinding[] = [];
  for (const key of keys) {
    const r = m.resolver.get(key);
    if (!r) continue;
    const item = recordOf(r);
    const ids = [`work:${m.resolver.canonical?.(key) ?? key}`];
    if (present(item.DOI)) ids.push(`doi:${String(item.DOI).trim().toLowerCase()}`);
    if (present(item.PMID)) ids.push(`pmid:${String(item.PMID).trim()}`);
    const first = ids.map((id) => seen.get(id)).find((k) => k !== undefined && k !== key);
    if (first) {
      const why = ids.find((id) => seen.get(id) === first)!.replace(/^work:.*/, 'the same record').replace(/^doi:/, 'DOI ').replace(/^pmid:/, 'PMID ');
      out.push({ ...where(key), severity: 'warning', code: 'duplicate-work', key, message: `'${key}' and '${first}' (${label(first)}) are the same work (${why}): cite one key.` });
    }
    for (const id of ids) if (!seen.has(id)) seen.set(id, key);
  }
  return out;
}

/** Every finding of Check Reference List for a manuscript, in the order of the text. */
export function checkReferenceList(m: Manuscript, context: CitationContext, sources: CheckSources): CheckFinding[] {
  const style = m.settings.style;
  const label = (key: string) => labelOf(m, key);
  const unknown: CheckFinding[] = manuscriptFindings(m, context, label)
    .filter((f) => f.code === 'unknown-key')
    .map((f) => ({ start: f.start, end: f.end, severity: 'error', code: 'unknown-key', message: f.message, key: m.text.slice(f.start, f.end) }));
  const lines = m.scan.list ? entryLines(m) : new Map<string, { start: number; end: number }>();
  const firstMarker = new Map<string, { start: number; end: number }>();
  const written: string[] = [];
  for (const marker of m.scan.markers) {
    for (const key of marker.keys) {
      if (!firstMarker.has(key)) firstMarker.set(key, { start: marker.start, end: marker.end });
      if (m.resolver.has(key) && !written.includes(key)) written.push(key);
    }
  }
  const fallback = m.scan.list ? lineAt(m.text, m.scan.list.start) : { start: 0, end: 0 };
  const canonical = (key: string) => m.resolver.canonical?.(key) ?? key;
  const where = (key: string) => lines.get(key) ?? [...lines].find(([k]) => canonical(k) === canonical(key))?.[1] ?? firstMarker.get(key) ?? fallback;
  const out = [...unknown, ...duplicateFindings(m, written, (key) => firstMarker.get(key) ?? where(key), label)];
  for (const r of m.cited) for (const finding of referenceFindings(r, style, sources, label(r.key))) out.push({ ...where(r.key), ...finding });
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Whether the findings hold a problem (an error or a warning), not only notes. */
export function hasProblems(findings: readonly CheckFinding[]): boolean {
  return findings.some((f) => f.severity !== 'information');
}
