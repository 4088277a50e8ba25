// BibTeX and BibLaTeX → CSL-JSON: the fields medical writers' reference managers export (Zotero
// Better BibTeX, Mendeley, EndNote, JabRef), each entry with its file and line. Pure.
import { defaultMacros, readBibtex, lineIndex, type RawEntry } from './bibtexSyntax';
import { InheritanceResolver } from './inheritance';
import { parseNames } from './names';
import { texToUnicode, type WarningSink } from './tex';
import type { CslItem, LibraryEntry, LibraryFile, LibraryProblem } from './types';
import { runInSlices, type Steps } from './slices';

const TYPES: Record<string, string> = {
  article: 'article-journal', book: 'book', mvbook: 'book', booklet: 'pamphlet', inbook: 'chapter',
  incollection: 'chapter', inreference: 'entry-encyclopedia', collection: 'book', mvcollection: 'book',
  proceedings: 'book', inproceedings: 'paper-conference', conference: 'paper-conference', manual: 'report',
  techreport: 'report', report: 'report', phdthesis: 'thesis', mastersthesis: 'thesis', thesis: 'thesis',
  online: 'webpage', electronic: 'webpage', www: 'webpage', unpublished: 'manuscript', patent: 'patent',
  dataset: 'dataset', software: 'software', misc: 'document', periodical: 'periodical', standard: 'standard',
  // biblatex's other types, as pandoc maps them
  video: 'motion_picture', movie: 'motion_picture', audio: 'song', music: 'song', artwork: 'graphic', image: 'graphic',
  legislation: 'legislation', jurisdiction: 'legal_case', legal: 'legal_case', letter: 'personal_communication',
  review: 'review', bookinbook: 'chapter', suppbook: 'chapter', suppcollection: 'chapter', suppperiodical: 'article-journal',
  reference: 'book', mvreference: 'book', mvproceedings: 'book', article_journal: 'article-journal',
  // Mendeley's own types (its BibTeX export writes them as they are named in Mendeley)
  book_section: 'chapter', web_page: 'webpage', magazine_article: 'article-magazine', newspaper_article: 'article-newspaper',
  encyclopedia_article: 'entry-encyclopedia', conference_proceedings: 'paper-conference', working_paper: 'report',
  computer_program: 'software', film: 'motion_picture', television_broadcast: 'broadcast', statute: 'legislation',
  case: 'legal_case', bill: 'bill', hearing: 'hearing', generic: 'document', journal: 'article-journal',
};

/** BibTeX field → CSL variable, for fields copied as (TeX-decoded) text. */
const TEXT_FIELDS: Record<string, string> = Object.assign(Object.create(null), {
  title: 'title', shorttitle: 'title-short', journaltitle: 'container-title', journal: 'container-title',
  shortjournal: 'container-title-short', journalabbreviation: 'container-title-short', booktitle: 'container-title',
  volume: 'volume', edition: 'edition', publisher: 'publisher', address: 'publisher-place',
  location: 'publisher-place', institution: 'publisher', school: 'publisher', organization: 'publisher',
  series: 'collection-title', note: 'note', language: 'language', langid: 'language', chapter: 'chapter-number',
  isbn: 'ISBN', issn: 'ISSN', pmcid: 'PMCID', version: 'version', eventtitle: 'event-title', howpublished: 'medium',
});

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// Patterns used for every entry, made once (a regular expression literal is a new object each time).
const MONTH_NUMBER = /^\d{1,2}$/;
const ISO_DATE = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/;
const YEAR = /\d{4}/;
const PAGE_DASH = /\s*(?:-+|\u2013|\u2014)\s*/g;
const PUBMED_EPRINT = /^(pubmed|pmid)$/i;
const PMID = /^\s*\d+\s*$/;
const URL_DATE = /^\d{4}-\d{2}-\d{2}/;
const COMMAND_BEFORE = /\\[A-Za-z]+\s*$/;

function month(value: string): number | undefined {
  const v = value.trim().toLowerCase();
  if (MONTH_NUMBER.test(v)) {
    const m = Number(v);
    return m >= 1 && m <= 12 ? m : undefined;
  }
  const i = MONTH_NAMES.indexOf(v.slice(0, 3));
  return i >= 0 ? i + 1 : undefined;
}

/** `date` (ISO 8601, a range with "/"), else `year` + `month` → CSL date-parts. */
function issued(fields: Map<string, string>): { 'date-parts': number[][] } | { literal: string } | undefined {
  const date = fields.get('date');
  if (date) {
    const ends = date.split('/').map((d) => ISO_DATE.exec(d.trim()));
    if (ends[0]) {
      return { 'date-parts': ends.filter((m): m is RegExpExecArray => !!m).map((m) => m.slice(1).filter(Boolean).map(Number)) };
    }
  }
  const year = fields.get('year');
  if (!year) return undefined;
  const y = YEAR.exec(year);
  if (!y) return { literal: texToUnicode(year) };
  const m = fields.has('month') ? month(texToUnicode(fields.get('month') as string)) : undefined;
  return { 'date-parts': [m ? [Number(y[0]), m] : [Number(y[0])]] };
}

function withSubtitle(title: string, subtitle: string): string {
  return /[:?!.]\s*$/.test(title.trim()) ? `${title.trim()} ${subtitle}` : `${title.trim()}: ${subtitle}`;
}

/** "10.1000/x", from a DOI field that may hold a URL or a "doi:" prefix. */
export function normaliseDoi(value: string): string {
  return value.trim().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '');
}

/** A title and its subtitle ("Space and Beyond: The Frontier Theme in Science Fiction"), as biblatex prints them. */
const SUBTITLE_OF: Record<string, string | undefined> = Object.assign(Object.create(null), {
  title: 'subtitle', booktitle: 'booksubtitle', journaltitle: 'journalsubtitle', journal: 'journalsubtitle',
});

/**
 * The brace groups of a title that are not a command's argument (`{DNA}`, `{European}`): BibTeX and
 * biblatex print them exactly as written whatever case the style applies, so sentence case keeps them.
 */
export function protectedGroups(raw: string): string[] {
  const groups: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') {
      if (depth === 0 && !COMMAND_BEFORE.test(raw.slice(Math.max(0, i - 40), i))) start = i + 1;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0 && start >= 0) {
        groups.push(raw.slice(start, i));
        start = -1;
      }
    }
  }
  return groups;
}

/** BibTeX name lists → CSL roles (a chapter's `bookauthor` is the author of the book it is in). */
const ROLES: [field: string, role: string][] = [['author', 'author'], ['editor', 'editor'], ['translator', 'translator'], ['bookauthor', 'container-author']];

function toCsl(type: string, key: string, fields: Map<string, string>, warnings?: WarningSink): CslItem {
  const known = Object.hasOwn(TYPES, type);
  if (!known) warnings?.add(`entry type @${type} is not known; read as a document`);
  const item: CslItem = { id: key, 'citation-key': key, type: known ? TYPES[type] : 'document' };
  const tex = { warnings };
  fields.forEach((raw, field) => {
    const variable = TEXT_FIELDS[field];
    if (variable === undefined || item[variable] !== undefined) return;
    const subtitle = SUBTITLE_OF[field];
    const text = texToUnicode(subtitle && fields.has(subtitle) ? withSubtitle(raw, fields.get(subtitle) as string) : raw, tex);
    if (text) item[variable] = text;
    if (variable === 'title' && text) {
      const kept = protectedGroups(raw).map((g) => texToUnicode(g)).filter(Boolean);
      if (kept.length) item['title-protected'] = kept.slice();
    }
  });
  for (const [field, role] of ROLES) {
    const raw = fields.get(field);
    if (!raw) continue;
    const { names, truncated } = parseNames(raw);
    if (names.length) item[role] = names;
    if (truncated && role === 'author') item['authors-truncated'] = true;
  }
  // An article's `number` is its issue; another work's is its own number (a report's, a series').
  const number = fields.get('number');
  const issue = fields.get('issue');
  if (type === 'article') {
    if (number ?? issue) item.issue = texToUnicode((number ?? issue) as string);
  } else {
    if (number) item.number = texToUnicode(number);
    if (issue) item.issue = texToUnicode(issue);
  }
  const pages = fields.get('pages');
  if (pages) item.page = texToUnicode(pages, { dashes: false }).replace(PAGE_DASH, '-');
  const date = issued(fields);
  if (date) item.issued = date;
  const doi = fields.get('doi');
  if (doi) item.DOI = normaliseDoi(texToUnicode(doi, { dashes: false }));
  const url = fields.get('url');
  if (url) item.URL = url.trim();
  const pmid = fields.get('pmid') ?? (PUBMED_EPRINT.test(fields.get('eprinttype') ?? '') ? fields.get('eprint') : undefined);
  if (pmid && PMID.test(pmid)) item.PMID = pmid.trim();
  const accessed = fields.get('urldate');
  if (accessed && URL_DATE.test(accessed)) item.accessed = { 'date-parts': [accessed.slice(0, 10).split('-').map(Number)] };
  if (item.type === 'thesis' && !item.genre) item.genre = type === 'mastersthesis' ? "Master's thesis" : type === 'phdthesis' ? 'PhD thesis' : undefined;
  if (item.genre === undefined) delete item.genre;
  return item;
}

/** Parses the text of a .bib file. Every well-formed entry loads, whatever else the file holds. */
export function parseBibtex(text: string, file: string): LibraryFile {
  const reader = new BibtexReader(text, file);
  reader.read(text.length);
  return reader.result();
}

/** Characters read between checkpoints: small enough that a checkpoint comes every few milliseconds. */
const CHECKPOINT_CHARS = 20_000;

/**
 * Parses a .bib file in slices of a few milliseconds, awaiting `pause()` between them, so a
 * 20,000-entry library never blocks the extension host for long. Same result as {@link parseBibtex}.
 */
export function parseBibtexInSlices(
  text: string,
  file: string,
  pause: () => Promise<void>,
  options: { sliceMs?: number; checkpointChars?: number } = {},
): Promise<LibraryFile> {
  return runInSlices(bibtexSteps(text, file, options.checkpointChars ?? CHECKPOINT_CHARS), pause, options.sliceMs);
}

function* bibtexSteps(text: string, file: string, checkpointChars: number): Steps<LibraryFile> {
  const reader = new BibtexReader(text, file);
  while (!reader.done) {
    reader.read(checkpointChars);
    yield;
  }
  return reader.result();
}

/**
 * The string as a copy of its own. V8 keeps a substring of 13 or more characters as a view into the
 * string it was cut from, so a title kept as read would keep the whole file's text alive (7 MB for
 * 20,000 entries) for as long as the library is loaded.
 */
function ownCopy(s: string): string {
  return s.length >= 13 ? (JSON.parse(JSON.stringify(s)) as string) : s;
}

/** Name parts shorter than this are kept once per file however often they occur. */
const POOLED_LENGTH = 32;

/**
 * One copy of each name part of a file: a library names the same authors and initials again and
 * again, and each copy would be kept for as long as the library is loaded (a sixth of a generated
 * 20,000-entry library's heap). Other fields repeat too seldom to pay for the lookup.
 */
class StringPool {
  private readonly strings = new Map<string, string>();

  own(s: string): string {
    if (s.length >= POOLED_LENGTH) return ownCopy(s);
    const kept = this.strings.get(s);
    if (kept !== undefined) return kept;
    const copy = ownCopy(s);
    this.strings.set(copy, copy);
    return copy;
  }
}

/** The item with its strings (fields, names, protected words) made copies of their own, names pooled; its key is already one. */
function ownStrings(item: CslItem, pool: StringPool): CslItem {
  for (const field of Object.keys(item)) {
    const value = item[field];
    if (typeof value === 'string') {
      item[field] = value === item.id ? item.id : ownCopy(value);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const part: unknown = value[i];
        if (typeof part === 'string') value[i] = ownCopy(part);
        else if (part && typeof part === 'object') {
          const name = part as Record<string, unknown>;
          for (const k of Object.keys(name)) if (typeof name[k] === 'string') name[k] = pool.own(name[k] as string);
        }
      }
    }
  }
  return item;
}

/** An entry's warnings, each once, in order; the set is made only for the rare entry that has one. */
class EntryWarnings implements WarningSink {
  private seen: Set<string> | undefined;

  add(message: string): void {
    (this.seen ??= new Set()).add(message);
  }

  get messages(): Iterable<string> {
    return this.seen ?? [];
  }
}

/** Where an entry was read, to find a crossref parent again. */
interface Seen {
  line: number;
  offset: number;
}

/** A child whose inherited fields are filled in at the end, when every possible parent has been read. */
interface Deferred {
  index: number;
  raw: RawEntry;
}

class BibtexReader {
  private pos = 0;
  private readonly macros = defaultMacros();
  private readonly pool = new StringPool();
  private readonly line: (offset: number) => number;
  private readonly entries: LibraryEntry[] = [];
  private readonly problems: LibraryProblem[] = [];
  private readonly seen = new Map<string, Seen>();
  private readonly deferred: Deferred[] = [];
  private resolved = false;
  private folded: Map<string, Seen> | undefined;

  constructor(private readonly text: string, private readonly file: string) {
    this.line = lineIndex(text);
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  read(size: number): void {
    const { entries: raw, problems, end } = readBibtex(this.text, this.pos, Math.min(this.text.length, this.pos + size), this.macros);
    this.pos = Math.max(end, Math.min(this.text.length, this.pos + size));
    const file = this.file;
    for (const p of problems) this.problems.push({ file, line: this.line(p.offset), severity: p.severity, message: p.message });
    for (const r of raw) {
      const at = this.line(r.offset);
      const first = this.seen.get(r.key);
      if (first !== undefined) {
        this.problems.push({ file, line: at, severity: 'error', message: `duplicate key "${r.key}" (first defined on line ${first.line}); this entry is ignored` });
        continue;
      }
      this.seen.set(r.key, { line: at, offset: r.offset });
      if (r.type === 'xdata') continue; // a store of fields for other entries, not a work
      const inherits = r.fields.has('crossref') || r.fields.has('xdata');
      if (inherits) this.deferred.push({ index: this.entries.length, raw: r });
      // A child's TeX is reported once, when it is converted again with what it inherits.
      const item = this.convert(r, r.fields, !inherits);
      this.entries.push({ key: item.id, item, file, line: at });
    }
  }

  result(): LibraryFile {
    if (!this.resolved) this.resolveInheritance();
    const problems = [...this.problems].sort((a, b) => a.line - b.line);
    return { file: this.file, format: 'bibtex', entries: this.entries, problems };
  }

  /** Fills in what each crossref/xdata child inherits, now that every parent has been read. */
  private resolveInheritance(): void {
    this.resolved = true;
    const reread = new Map<string, RawEntry | undefined>();
    const lookup = (key: string) => {
      if (!reread.has(key)) reread.set(key, this.reread(key));
      return reread.get(key);
    };
    const warn = (key: string, message: string) => {
      this.problems.push({ file: this.file, line: this.seen.get(key)?.line ?? 0, severity: 'warning', message });
    };
    const resolver = new InheritanceResolver(lookup, warn);
    for (const { index, raw } of this.deferred) {
      reread.set(raw.key, raw);
      const entry = this.entries[index];
      entry.item = this.convert(raw, resolver.fieldsOf(raw), true);
    }
  }

  /** The CSL item of an entry; what its TeX could not say as a reader sees it is a warning on its line. */
  private convert(raw: RawEntry, fields: Map<string, string>, report: boolean): CslItem {
    const warnings = report ? new EntryWarnings() : undefined;
    const item = ownStrings(toCsl(raw.type, ownCopy(raw.key), fields, warnings), this.pool);
    const line = this.seen.get(raw.key)?.line ?? 0;
    for (const message of warnings?.messages ?? []) this.problems.push({ file: this.file, line, severity: 'warning', message: `${raw.key}: ${message}` });
    return item;
  }

  /** The raw fields of the entry `key`, read again from where it starts (each parent once). */
  private reread(key: string): RawEntry | undefined {
    // BibTeX matches crossref keys without regard to case.
    this.folded ??= new Map([...this.seen].map(([k, v]) => [k.toLowerCase(), v]));
    const at = this.seen.get(key) ?? this.folded.get(key.toLowerCase());
    if (!at) return undefined;
    // An entry defines no macro, so the macros as they stand at the end of the file are not copied.
    return readBibtex(this.text, at.offset, at.offset + 1, this.macros).entries[0];
  }
}
