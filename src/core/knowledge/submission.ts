// The review's entries as a writer submits them: the printed fields overlaid with what the work's own
// record (PubMed, PMC, the journal) gives. The printed fields stay as the review printed them; the
// completion is kept beside them (`completed`) and applied here, the one place every formatter and
// export takes a built-in record from. Pure: no `vscode`.
import type { Completion, CslItem } from '../types';

export type { Completion } from '../types';

/** The CSL fields a completion may set, in the order the summary names them. */
const COMPLETED_FIELDS = ['author', 'title', 'container-title', 'issued', 'volume', 'issue', 'page', 'PMID', 'DOI', 'PMCID'] as const;

/** The field names as the summary says them. */
const FIELD_WORDS: Record<(typeof COMPLETED_FIELDS)[number], string> = {
  author: 'authors',
  title: 'title',
  'container-title': 'journal',
  issued: 'year',
  volume: 'volume',
  issue: 'issue',
  page: 'pages',
  PMID: 'PMID',
  DOI: 'DOI',
  PMCID: 'PMCID',
};

function completionOf(item: CslItem): Completion | undefined {
  const completed = item.completed as Completion | undefined;
  return completed && typeof completed === 'object' ? completed : undefined;
}

/**
 * The record to format or export: the printed fields with the completion's fields laid over them, and
 * without `completed` itself (it is not CSL). A completed author list is the whole list, so the
 * printed "et al." (`authors-truncated`) no longer applies. Anything without a completion is returned
 * as it is (the same object).
 */
export function submissionRecord<T extends CslItem>(item: T): T {
  const completed = completionOf(item);
  if (!completed) return item;
  const out: Record<string, unknown> = { ...item };
  delete out.completed;
  for (const field of COMPLETED_FIELDS) if (completed[field] !== undefined) out[field] = completed[field];
  if (completed.author) delete out['authors-truncated'];
  return out as T;
}

/**
 * One short line on what was completed from which record, for hover, pick and sidebar:
 * "Completed from PubMed 20634497 (checked 2026-12-05): authors, issue, pages, PMID, DOI, PMCID."
 * and the record's disagreement with the printed line, if any (unless `note: false`, for a one-line
 * pick detail). Undefined when nothing was completed.
 */
export function completionSummary(item: CslItem, options: { note?: boolean } = {}): string | undefined {
  const completed = completionOf(item);
  if (!completed) return undefined;
  const fields = COMPLETED_FIELDS.filter((f) => completed[f] !== undefined).map((f) => FIELD_WORDS[f]);
  const note = completed.note && options.note !== false ? ` ${completed.note}` : '';
  return `Completed from ${recordName(completed.from.url)} (checked ${completed.from.checked}): ${fields.join(', ')}.${note}`;
}

/** "PubMed 20634497", "PMC PMC2947962", or the address's host. */
function recordName(url: string): string {
  const pubmed = /pubmed\.ncbi\.nlm\.nih\.gov\/(\d+)/.exec(url);
  if (pubmed) return `PubMed ${pubmed[1]}`;
  const pmc = /(PMC\d+)/.exec(url);
  if (pmc) return `PMC ${pmc[1]}`;
  const host = /^https?:\/\/([^/]+)/.exec(url);
  return host ? host[1] : url;
}
