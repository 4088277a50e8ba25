// RIS writer for the review's references (journal articles) and the writer's own (books, chapters,
// conference papers, theses, reports, web pages…). Pure: no `vscode`, no I/O.
// Replaces Citation.js (a large bundle that was slow to load) and writes what it wrote for the review's 72, byte for byte, except
// that each value stays on one line (Citation.js wrapped values at 70 characters, which RIS readers
// join back with a space, corrupting titles).
import { text, writtenType, yearMonth, type ExportItem, type WrittenType } from './exportItem';
import type { CslName } from '../types';

/** RIS values cannot span lines: fold any line break into a space. */
function oneLine(value: string): string {
  return value.replace(/\s*[\r\n]+\s*/g, ' ');
}

function name(n: CslName): string {
  if (n.literal !== undefined) return n.literal;
  return n.given ? `${n.family ?? ''}, ${n.given}` : (n.family ?? '');
}

const RIS_TYPES: Record<WrittenType, string> = {
  article: 'JOUR', book: 'BOOK', chapter: 'CHAP', conference: 'CONF', thesis: 'THES', report: 'RPRT', webpage: 'ELEC', generic: 'GEN',
};

type Line = [tag: string, value: string | undefined];

/**
 * The tags of one record in the order Citation.js wrote a journal article's, so the review's 72 come
 * out byte for byte; then what other works carry. A chapter's or a conference paper's editors are
 * `A2` (the book's editors, as Zotero and EndNote write them), other works' `ED`.
 */
function linesOf(ref: ExportItem, kind: WrittenType): Line[] {
  const lines: Line[] = [['TY', RIS_TYPES[kind]]];
  for (const author of ref.author ?? []) lines.push(['AU', name(author)]);
  if (ref['authors-truncated']) lines.push(['AU', 'et al.']);
  const inBook = kind === 'chapter' || kind === 'conference';
  for (const editor of ref.editor ?? []) lines.push([inBook ? 'A2' : 'ED', name(editor)]);
  const { year, month } = yearMonth(ref.issued);
  const da = year === undefined ? undefined : `${year}/${month === undefined ? '' : String(month).padStart(2, '0')}//`;
  lines.push(['DA', da], ['PY', year]);
  lines.push(['ID', ref['citation-key'] || ref.id], ['J2', text(ref['container-title-short'])]);
  const range = /^(\w+)\s*[-\u2013]\s*(\w+)$/.exec(ref.page ?? '');
  if (range) lines.push(['SP', range[1]], ['EP', range[2]]);
  else lines.push(['SP', ref.page]);
  lines.push(['T2', text(ref['container-title'])], ['TI', ref.title], ['VL', text(ref.volume)]);
  lines.push(['IS', text(ref.issue ?? (kind === 'article' ? ref.number : undefined))]);
  if (kind !== 'article') lines.push(['M1', text(ref.number)]);
  lines.push(['T3', text(ref['collection-title'])], ['ET', text(ref.edition)]);
  lines.push(['PB', text(ref.publisher)], ['CY', text(ref['publisher-place'])]);
  if (kind === 'thesis' || kind === 'report') lines.push(['M3', text(ref.genre)]);
  lines.push(['SN', text(ref.ISBN ?? ref.ISSN)], ['DO', text(ref.DOI)]);
  if (text(ref.PMID)) lines.push(['AN', text(ref.PMID)], ['DP', 'NLM']);
  lines.push(['C2', text(ref.PMCID)], ['UR', text(ref.URL)], ['Y2', accessed(ref.accessed)], ['N1', text(ref.note)]);
  return lines;
}

/** "2020/01/02" (RIS's date form) for the access date. */
function accessed(date: ExportItem['accessed']): string | undefined {
  const parts = date?.['date-parts']?.[0];
  if (!parts || parts[0] === undefined) return undefined;
  return parts.map((p, i) => (i === 0 ? String(p) : String(p).padStart(2, '0'))).join('/');
}

/**
 * One `TY  - …` … `ER  - ` record per reference, blank line between records: `JOUR` for a journal
 * article, `BOOK`, `CHAP`, `CONF`, `THES`, `RPRT`, `ELEC`, else `GEN`. `ID` is the citation key. A
 * truncated author list ends in its own line `AU  - et al.`: RIS has no et-al tag; Citation.js reads
 * the line back as the literal name "et al.", Zotero as an author whose last name is "et al.", and
 * both print it after the known authors. A PMID goes in `AN` with `DP  - NLM` (as EndNote writes a
 * PubMed record).
 */
export function toRis(refs: readonly ExportItem[]): string {
  const records = refs.map((ref) => {
    const text = linesOf(ref, writtenType(ref))
      .filter(([, v]) => v)
      .map(([tag, v]) => `${tag}  - ${oneLine(v as string)}`);
    return [...text, 'ER  - '].join('\n');
  });
  return records.join('\n\n') + '\n';
}
