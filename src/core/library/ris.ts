// RIS (EndNote, Mendeley, PubMed, Zotero exports) → library entries. Each record is read on its own:
// a broken record is reported with its line and the others load. Records without an `ID` get a key
// from first author and year ("eo2017"). Pure.
import { assignKeys } from './keys';
import { normaliseDoi } from './bibtex';
import type { CslItem, LibraryEntry, LibraryFile, LibraryProblem } from './types';
import { lazyRegExp } from '../lazyRegExp';

const TYPES: Record<string, string> = {
  JOUR: 'article-journal', JFULL: 'article-journal', EJOUR: 'article-journal', ABST: 'article-journal',
  MGZN: 'article-magazine', NEWS: 'article-newspaper', BOOK: 'book', EBOOK: 'book', EDBOOK: 'book',
  CHAP: 'chapter', ECHAP: 'chapter', CONF: 'paper-conference', CPAPER: 'paper-conference', THES: 'thesis',
  RPRT: 'report', ELEC: 'webpage', WEB: 'webpage', GEN: 'document', DATA: 'dataset', PAT: 'patent',
};

const TAG = /^([A-Z][A-Z0-9])[ \t]{1,2}-(?:[ \t](.*))?$/;

interface RisRecord {
  line: number;
  tags: Map<string, string[]>;
  closed: boolean;
}

/** "Smith, John A." / "Smith, J.A., Jr." / "Smith JA" (PubMed) / "World Health Organization" */
export function risName(value: string): { family?: string; given?: string; suffix?: string; literal?: string } {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length >= 2 && parts[0]) {
    const given = parts.slice(1).filter((p, i) => !(i === parts.length - 2 && /^(jr|sr|ii|iii|iv)\.?$/i.test(p)) && p);
    const jr = parts.length >= 3 && /^(jr|sr|ii|iii|iv)\.?$/i.test(parts[parts.length - 1]) ? parts[parts.length - 1] : undefined;
    if (given.length === 0 && !jr) return { literal: parts[0] };
    return { family: parts[0], ...(given.length ? { given: given.join(', ') } : {}), ...(jr ? { suffix: jr } : {}) };
  }
  const pubmed = /^(.+?)\s+([A-Z]{1,4})$/.exec(value.trim());
  if (pubmed) return { family: pubmed[1], given: pubmed[2] };
  return { literal: value.trim() };
}

/** "2017", "2017/09/15/", "2017///", "2017-09-15" → date-parts. */
function risDate(value: string): { 'date-parts': number[][] } | undefined {
  const m = /^(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2}))?)?/.exec(value.trim());
  if (!m) return undefined;
  return { 'date-parts': [m.slice(1).filter(Boolean).map(Number).filter((n) => n > 0)] };
}

function toCsl(r: RisRecord): CslItem {
  const get = (...tags: string[]) => tags.map((t) => r.tags.get(t)?.[0]).find((v) => v !== undefined && v !== '');
  const all = (...tags: string[]) => tags.flatMap((t) => r.tags.get(t) ?? []).filter((v) => v !== '');
  const ty = get('TY') ?? 'GEN';
  const type = TYPES[ty] ?? 'document';
  const item: CslItem = { id: '', type };
  const authors = all('AU', 'A1');
  if (authors.length) {
    const names = authors.map(risName);
    const last = names[names.length - 1];
    if (/^(et al\.?|others)$/i.test(last.literal ?? '')) {
      names.pop();
      item['authors-truncated'] = true;
    }
    item.author = names;
  }
  const editors = all('ED', ...(type === 'chapter' || type === 'paper-conference' ? ['A2'] : []));
  if (editors.length) item.editor = editors.map(risName);
  const set = (variable: string, value: string | undefined) => {
    if (value) item[variable] = value;
  };
  set('title', get('TI', 'T1', 'CT'));
  const container = type === 'chapter' || type === 'paper-conference' ? get('BT', 'T2') : get('JF', 'JO', 'T2', 'BT');
  set('container-title', container);
  set('container-title-short', get('J2', 'JA', 'J1'));
  set('volume', get('VL'));
  set('issue', get('IS'));
  const start = get('SP');
  const end = get('EP');
  set('page', start && end && !start.includes('-') ? `${start}-${end}` : start?.replace(/\s*[\u2013\u2014]\s*/g, '-'));
  // PY holds the year; DA ("2017/09/15/") may say more: the most precise one wins.
  const dates = ['PY', 'Y1', 'DA'].map((t) => risDate(get(t) ?? '')).filter((d) => d !== undefined);
  const date = dates.sort((a, b) => b['date-parts'][0].length - a['date-parts'][0].length)[0];
  if (date) item.issued = date;
  const accessed = risDate(get('Y2') ?? '');
  if (accessed && type === 'webpage') item.accessed = accessed;
  const doi = get('DO');
  if (doi) item.DOI = normaliseDoi(doi);
  set('URL', get('UR', 'L2'));
  set('publisher', get('PB'));
  set('publisher-place', get('CY', 'PP'));
  set('edition', get('ET'));
  set('collection-title', get('T3'));
  if (type === 'thesis' || type === 'report') set('genre', get('M3'));
  set('language', get('LA'));
  const sn = get('SN');
  if (sn) item[type === 'book' || type === 'chapter' ? 'ISBN' : 'ISSN'] = sn;
  const accession = get('AN');
  const fromPubMed = /pubmed|nlm/i.test(`${get('DP') ?? ''} ${get('DB') ?? ''}`);
  const pmidTagged = all('AN', 'M1', 'N1', 'C1', 'C2').map((v) => /^PMID:?\s*(\d+)$/i.exec(v)?.[1]).find(Boolean);
  const pmid = pmidTagged ?? (accession && /^\d+$/.test(accession) && fromPubMed ? accession : undefined);
  if (pmid) item.PMID = pmid;
  const pmcid = all('C2', 'M1', 'N1').map((v) => /^(?:PMCID:?\s*)?(PMC\d+)$/i.exec(v)?.[1]).find(Boolean);
  if (pmcid) item.PMCID = pmcid;
  const identifier = /^(?:PMID|PMCID):?\s*\w+$|^PMC\d+$/i;
  // M1 is EndNote's "Number" (a report's number); N1 its notes. Either may hold only an identifier.
  if (type === 'report') set('number', all('M1').find((v) => !identifier.test(v)));
  set('note', all('N1').filter((v) => !identifier.test(v)).join('\n'));
  return item;
}

function split(text: string, file: string, problems: LibraryProblem[]): RisRecord[] {
  const records: RisRecord[] = [];
  let current: RisRecord | undefined;
  let lastTag = '';
  const lines = text.split(/\r\n?|\n/);
  lines.forEach((raw, index) => {
    // U+2028/U+2029 are not line breaks in RIS, and `.` in TAG would stop at them: read as spaces.
    const line = raw.replace(/^\uFEFF/, '').replace(/[\u2028\u2029]/g, ' ');
    const m = TAG.exec(line);
    if (!m) {
      if (line.trim() === '') return;
      if (current && lastTag) {
        const values = current.tags.get(lastTag) as string[];
        values[values.length - 1] = `${values[values.length - 1]} ${line.trim()}`.trim();
      } else {
        problems.push({ file, line: index + 1, severity: 'warning', message: `text outside a record ignored: "${line.trim().slice(0, 40)}"` });
      }
      return;
    }
    const [, tag, value = ''] = m;
    if (tag === 'TY') {
      if (current && !current.closed) {
        problems.push({ file, line: current.line, severity: 'warning', message: 'record has no "ER  -" end line; read up to the next record' });
      }
      current = { line: index + 1, tags: new Map(), closed: false };
      records.push(current);
    } else if (!current || current.closed) {
      if (tag !== 'ER') problems.push({ file, line: index + 1, severity: 'error', message: `"${tag}" outside a record (no "TY  -" before it); ignored` });
      return;
    }
    if (tag === 'ER') {
      current.closed = true;
      return;
    }
    lastTag = tag;
    const list = current.tags.get(tag) ?? [];
    list.push(value.trim());
    current.tags.set(tag, list);
  });
  if (current && !current.closed) problems.push({ file, line: current.line, severity: 'warning', message: 'last record has no "ER  -" end line' });
  return records;
}

/** A label (LB) that can serve as the citation key as written. */
const labelKeyRe = lazyRegExp(String.raw`^[\p{L}\p{N}_:.-]+$`, 'u');

export function parseRis(text: string, file: string): LibraryFile {
  const problems: LibraryProblem[] = [];
  const records = split(text, file, problems);
  const entries: LibraryEntry[] = [];
  const taken = new Set<string>();
  const explicit = new Map<string, number>();
  const items = records.map((r) => ({ r, item: toCsl(r) }));
  for (const { r, item } of items) {
    if (!item.title && !item.author) {
      problems.push({ file, line: r.line, severity: 'error', message: 'record has neither title nor author; skipped' });
      continue;
    }
    const label = r.tags.get('LB')?.[0];
    const id = r.tags.get('ID')?.[0] ?? (label && labelKeyRe().test(label) ? label : undefined);
    if (id) {
      const first = explicit.get(id);
      if (first !== undefined) {
        problems.push({ file, line: r.line, severity: 'error', message: `duplicate key "${id}" (first defined on line ${first}); this record is ignored` });
        continue;
      }
      explicit.set(id, r.line);
      taken.add(id);
    }
    entries.push({ key: id ?? '', item, file, line: r.line });
  }
  assignKeys(entries, taken);
  problems.sort((a, b) => a.line - b.line);
  return { file, format: 'ris', entries, problems };
}
