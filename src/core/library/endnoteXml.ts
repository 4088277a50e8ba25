// EndNote XML (File › Export › XML) → library entries, read with saxes (a strict, streaming XML
// parser with line numbers). Text inside EndNote's <style> wrappers is joined; each <record> becomes
// one entry, keyed by its <label> if it looks like a citation key, else first author + year. Pure.
import { SaxesParser } from 'saxes';
import { assignKeys } from './keys';
import { normaliseDoi } from './bibtex';
import { risName } from './ris';
import type { CslItem, LibraryEntry, LibraryFile, LibraryProblem } from './types';
import { lazyRegExp } from '../lazyRegExp';

const TYPES: Record<string, string> = {
  'journal article': 'article-journal', 'electronic article': 'article-journal', 'magazine article': 'article-magazine',
  'newspaper article': 'article-newspaper', book: 'book', 'edited book': 'book', 'electronic book': 'book',
  'book section': 'chapter', 'electronic book section': 'chapter', 'conference proceedings': 'paper-conference',
  'conference paper': 'paper-conference', thesis: 'thesis', report: 'report', 'government document': 'report',
  'web page': 'webpage', generic: 'document', dataset: 'dataset', patent: 'patent', manuscript: 'manuscript',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

interface RawRecord {
  line: number;
  type: string;
  /** Element path below <record> (without <style>) → texts, e.g. "contributors/authors/author". */
  fields: Map<string, string[]>;
}

function toCsl(r: RawRecord): CslItem {
  const get = (...paths: string[]) => paths.map((p) => r.fields.get(p)?.[0]?.trim()).find((v) => !!v);
  const all = (path: string) => (r.fields.get(path) ?? []).map((v) => v.trim()).filter(Boolean);
  const type = TYPES[r.type.toLowerCase()] ?? 'document';
  const item: CslItem = { id: '', type };
  const authors = all('contributors/authors/author').map(risName);
  if (authors.length) {
    if (/^(et al\.?|others)$/i.test(authors[authors.length - 1].literal ?? '')) {
      authors.pop();
      item['authors-truncated'] = true;
    }
    item.author = authors;
  }
  const editors = all('contributors/secondary-authors/author').map(risName);
  if (editors.length && type !== 'article-journal') item.editor = editors;
  const set = (variable: string, value: string | undefined) => {
    if (value) item[variable] = value.replace(/\s+/g, ' ');
  };
  set('title', get('titles/title'));
  set('container-title', get('periodical/full-title', 'titles/secondary-title'));
  set('container-title-short', get('periodical/abbr-1', 'titles/alt-title'));
  set('volume', get('volume'));
  set('issue', get('number', 'issue'));
  set('page', get('pages')?.replace(/\s*[\u2013\u2014-]+\s*/g, '-'));
  set('publisher', get('publisher'));
  set('publisher-place', get('pub-location'));
  set('edition', get('edition'));
  set('language', get('language'));
  const year = /\d{4}/.exec(get('dates/year') ?? '')?.[0];
  if (year) {
    const parts = [Number(year)];
    const m = MONTHS.indexOf((get('dates/pub-dates/date') ?? '').trim().slice(0, 3).toLowerCase());
    if (m >= 0) parts.push(m + 1);
    item.issued = { 'date-parts': [parts] };
  }
  const doi = get('electronic-resource-num');
  if (doi && /10\.\d{4,}\//.test(doi)) item.DOI = normaliseDoi(doi);
  set('URL', get('urls/related-urls/url', 'urls/web-urls/url'));
  const isbn = get('isbn');
  if (isbn) item[type === 'book' || type === 'chapter' ? 'ISBN' : 'ISSN'] = isbn;
  const accession = get('accession-num');
  const provider = `${get('remote-database-provider') ?? ''} ${get('remote-database-name') ?? ''}`;
  if (accession && /^\d+$/.test(accession) && /nlm|pubmed|medline/i.test(provider)) item.PMID = accession;
  const pmcid = ['custom2', 'custom6'].map((f) => get(f)).find((v) => v && /^PMC\d+$/.test(v));
  if (pmcid) item.PMCID = pmcid;
  return item;
}

/** Records of an EndNote XML file; XML errors are reported with their line and reading goes on. */
function readRecords(text: string, file: string, problems: LibraryProblem[]): RawRecord[] {
  const parser = new SaxesParser({ position: true });
  const records: RawRecord[] = [];
  const path: string[] = [];
  let record: RawRecord | undefined;
  let depth = -1;
  let buffer = '';
  parser.on('error', (error) => {
    problems.push({ file, line: parser.line, severity: 'error', message: `XML error: ${error.message.replace(/^[^:]*:\d+:\d+: /, '')}` });
  });
  parser.on('opentag', (tag) => {
    if (tag.name === 'style') return;
    if (tag.name === 'record') {
      record = { line: parser.line, type: '', fields: new Map() };
      depth = path.length;
    } else if (record && tag.name === 'ref-type') {
      record.type = String(tag.attributes.name ?? '');
    }
    path.push(tag.name);
    buffer = '';
  });
  const text_ = (t: string) => {
    if (record) buffer += t;
  };
  parser.on('text', text_);
  parser.on('cdata', text_);
  parser.on('closetag', (tag) => {
    if (tag.name === 'style') return;
    path.pop();
    if (!record) return;
    if (tag.name === 'record') {
      records.push(record);
      record = undefined;
      return;
    }
    if (buffer.trim()) {
      const key = path.slice(depth + 1).concat(tag.name).join('/');
      const list = record.fields.get(key) ?? [];
      list.push(buffer);
      record.fields.set(key, list);
    }
    buffer = '';
  });
  try {
    parser.write(text.replace(/^\uFEFF/, '')).close();
  } catch (error) {
    problems.push({ file, line: parser.line, severity: 'error', message: `XML error, reading stopped: ${(error as Error).message}` });
  }
  return records;
}

/** A label that can serve as the citation key as written. */
const labelKeyRe = lazyRegExp(String.raw`^[\p{L}\p{N}_:.#$%&+?<>~/-]+$`, 'u');

export function parseEndnoteXml(text: string, file: string): LibraryFile {
  const problems: LibraryProblem[] = [];
  const records = readRecords(text, file, problems);
  if (records.length === 0 && problems.length === 0 && !/<records?>/.test(text)) {
    problems.push({ file, line: 1, severity: 'error', message: 'not an EndNote XML export (no <record> elements)' });
  }
  const entries: LibraryEntry[] = [];
  const taken = new Set<string>();
  const labels = new Map<string, number>();
  for (const r of records) {
    const item = toCsl(r);
    if (!item.title && !item.author) {
      problems.push({ file, line: r.line, severity: 'error', message: 'record has neither title nor author; skipped' });
      continue;
    }
    const label = r.fields.get('label')?.[0]?.trim();
    let key = '';
    if (label && labelKeyRe().test(label)) {
      if (labels.has(label)) {
        problems.push({ file, line: r.line, severity: 'warning', message: `label "${label}" already used on line ${labels.get(label)}; a key is generated` });
      } else {
        labels.set(label, r.line);
        taken.add(label);
        key = label;
      }
    }
    entries.push({ key, item, file, line: r.line });
  }
  assignKeys(entries, taken);
  problems.sort((a, b) => a.line - b.line);
  return { file, format: 'endnotexml', entries, problems };
}
