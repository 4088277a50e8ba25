// What the BibTeX and RIS writers read of a reference: the review's (always a journal article) or a
// CSL-JSON item from the writer's own library (a book, a chapter, a conference paper…). Pure.
import type { CslName } from '../types';

/** A CSL-JSON item as the writers read it: the review's `Reference` is one, so is a library item. */
export interface ExportItem {
  id: string;
  'citation-key'?: string;
  type?: string;
  author?: readonly CslName[];
  editor?: readonly CslName[];
  /** The author list ends in "et al.": the source knowingly left authors out. */
  'authors-truncated'?: boolean;
  title?: string;
  'container-title'?: string;
  'container-title-short'?: string;
  'collection-title'?: string;
  issued?: { 'date-parts'?: readonly (readonly (number | string)[])[]; literal?: string; raw?: string };
  accessed?: { 'date-parts'?: readonly (readonly (number | string)[])[] };
  volume?: string | number;
  issue?: string | number;
  number?: string | number;
  page?: string;
  edition?: string | number;
  publisher?: string;
  'publisher-place'?: string;
  genre?: string;
  ISBN?: string;
  ISSN?: string;
  DOI?: string;
  PMID?: string;
  PMCID?: string;
  URL?: string;
  note?: string;
}

/** A field's value as text, or undefined when it is missing or blank. */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s ? s : undefined;
}

/** Year and month of the date, when it has date-parts (or a 4-digit year in its literal/raw form). */
export function yearMonth(date: ExportItem['issued']): { year?: string; month?: number } {
  const parts = date?.['date-parts']?.[0];
  if (parts && parts[0] !== undefined && String(parts[0]) !== '') {
    const month = Number(parts[1]);
    return { year: String(parts[0]), month: month >= 1 && month <= 12 ? month : undefined };
  }
  const year = /\b\d{4}\b/.exec(String(date?.literal ?? date?.raw ?? ''))?.[0];
  return { year };
}

/** The CSL types the writers tell apart; every other type is written as a generic work. */
export type WrittenType = 'article' | 'book' | 'chapter' | 'conference' | 'thesis' | 'report' | 'webpage' | 'generic';

export function writtenType(item: ExportItem): WrittenType {
  switch (item.type ?? 'article-journal') {
    case 'article-journal':
      return 'article';
    case 'book':
      return 'book';
    case 'chapter':
      return 'chapter';
    case 'paper-conference':
      return 'conference';
    case 'thesis':
      return 'thesis';
    case 'report':
      return 'report';
    case 'webpage':
    case 'post-weblog':
      return 'webpage';
    default:
      return 'generic';
  }
}
