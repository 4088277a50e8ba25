// CSL-JSON (Zotero, Better BibTeX, pandoc `-t csljson`) and CSL-YAML (pandoc's `references:`) →
// library entries. Items without an id are reported and skipped; the rest load. Pure.
import { loadAll, JSON_SCHEMA } from 'js-yaml';
import { lineIndex } from './bibtexSyntax';
import type { CslItem, LibraryEntry, LibraryFile, LibraryFormat, LibraryProblem } from './types';

/** "2017", "2017-03", "2017-03-15", "2017/2018" (EDTF, as pandoc writes dates) → date-parts. */
function edtfDate(value: string): { 'date-parts': number[][] } | { literal: string } {
  const ends = value.split('/').map((d) => /^(-?\d{1,4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(d.trim()));
  if (ends.every((m) => m)) return { 'date-parts': ends.map((m) => (m as RegExpExecArray).slice(1).filter(Boolean).map(Number)) };
  return { literal: value };
}

const DATE_FIELDS = ['issued', 'accessed', 'original-date', 'event-date', 'submitted'];

/** Tidies one CSL item: string dates → date-parts, numeric strings in date-parts → numbers. */
function normaliseItem(raw: Record<string, unknown>, id: string): CslItem {
  const item: CslItem = { ...raw, id };
  // YAML and some exporters give numbers (volume: 5); CSL text variables are strings.
  for (const [field, value] of Object.entries(item)) if (typeof value === 'number') item[field] = String(value);
  if (typeof item['citation-key'] !== 'string') item['citation-key'] = id;
  for (const field of DATE_FIELDS) {
    const value = item[field];
    if (typeof value === 'string' || typeof value === 'number') item[field] = edtfDate(String(value));
    else if (value && typeof value === 'object' && Array.isArray((value as { 'date-parts'?: unknown })['date-parts'])) {
      const parts = (value as { 'date-parts': unknown[][] })['date-parts'];
      item[field] = { ...value, 'date-parts': parts.map((p) => (Array.isArray(p) ? p.map((x) => Number(x)) : p)) };
    }
  }
  // An author list that ends in a literal "et al."/"others" is truncated: our flag, as for BibTeX.
  const authors = item.author;
  if (Array.isArray(authors) && authors.length > 0) {
    const last = authors[authors.length - 1] as { literal?: string; family?: string };
    if (/^(et al\.?|others)$/i.test(String(last?.literal ?? (last?.family && Object.keys(last).length === 1 ? last.family : '')))) {
      item.author = authors.slice(0, -1);
      item['authors-truncated'] = true;
    }
  }
  return item;
}

/** Values (strings, numbers, names, date parts) one field may hold; far beyond any real item's. */
export const MAX_VALUES = 100_000;
/** Nesting one item may have (a name list of name objects of date parts is 4). */
export const MAX_NESTING = 32;

/**
 * Whether `value` stays within MAX_VALUES values and MAX_NESTING levels, walked with its own stack
 * and stopped at the bound: a YAML alias bomb (1 KB naming 10^9 strings) or 10^6 nested arrays
 * cost at most the bound, never the whole file or the stack.
 */
function bounded(value: unknown, budget: { left: number }): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (--budget.left < 0 || depth > MAX_NESTING) return false;
    if (node && typeof node === 'object') for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return true;
}

/** The record without the fields too large or too deep to be data (each named in a problem). */
function withinBounds(record: Record<string, unknown>, report: (message: string) => void): Record<string, unknown> {
  let kept = record;
  for (const [field, value] of Object.entries(record)) {
    if (bounded(value, { left: MAX_VALUES })) continue;
    if (kept === record) kept = { ...record };
    delete kept[field];
    report(`field "${field}" is nested more than ${MAX_NESTING} deep or holds more than ${MAX_VALUES} values; left out`);
  }
  return kept;
}

function collect(
  items: unknown[],
  file: string,
  format: LibraryFormat,
  lineOf: (id: string, index: number) => number,
  problems: LibraryProblem[],
): LibraryFile {
  const entries: LibraryEntry[] = [];
  const seen = new Map<string, number>();
  items.forEach((raw, index) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push({ file, line: lineOf('', index), severity: 'error', message: `item ${index + 1} is not an object; skipped` });
      return;
    }
    const given = raw as Record<string, unknown>;
    const idValue = given['citation-key'] ?? given.id;
    const id = typeof idValue === 'string' || typeof idValue === 'number' ? String(idValue).trim() : '';
    const line = lineOf(id, index);
    if (!id) {
      problems.push({ file, line, severity: 'error', message: `item ${index + 1} has no "id"; skipped` });
      return;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push({ file, line, severity: 'error', message: `duplicate key "${id}" (first defined on line ${first}); this entry is ignored` });
      return;
    }
    seen.set(id, line);
    const record = withinBounds(given, (message) => problems.push({ file, line, severity: 'warning', message: `${id}: ${message}` }));
    entries.push({ key: id, item: normaliseItem(record, id), file, line });
  });
  return { file, format, entries, problems };
}

/**
 * Line of each item: the first `"id": "<key>"` (JSON) or `id: <key>` (YAML) after the previous
 * item's, so equal texts elsewhere do not confuse it.
 */
function lineFinder(text: string, pattern: (id: string) => RegExp): (id: string, index: number) => number {
  const line = lineIndex(text);
  let from = 0;
  return (id) => {
    if (!id) return line(from);
    const re = pattern(id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) return line(from);
    from = m.index + m[0].length;
    return line(m.index);
  };
}

/** Does this object look like one CSL item (rather than a wrapper or a map of items)? */
function isItem(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return (typeof record.id === 'string' || typeof record.id === 'number' || typeof record['citation-key'] === 'string') && ('type' in record || 'title' in record || 'author' in record);
}

/**
 * The items of a parsed CSL-JSON/YAML document, or what was found instead (for the message): an
 * array; an object holding the array under `wrapper` ("items", as the Zotero API writes it; or
 * "references", as pandoc's metadata does); a single item; or a map of items keyed by id (as
 * citeproc-js test harnesses keep them; an item without an id takes its key).
 */
function itemList(data: unknown, wrapper: 'items' | 'references'): unknown[] | string {
  if (Array.isArray(data)) return data;
  // What was found is named by its kind only: a settings or credentials file must not show its
  // key names or values in the Problems view.
  if (data === null || typeof data !== 'object') return data === undefined ? 'nothing' : data === null ? 'null' : `a ${typeof data}`;
  const record = data as Record<string, unknown>;
  for (const name of [wrapper, 'items', 'references']) if (Array.isArray(record[name])) return record[name] as unknown[];
  if (isItem(record)) return [record];
  const values = Object.entries(record);
  if (values.length > 0 && values.every(([, v]) => v && typeof v === 'object' && !Array.isArray(v) && ('type' in v || 'title' in v))) {
    return values.map(([id, v]) => (isItem(v) ? v : { ...(v as object), id }));
  }
  return values.length > 0 ? `an object of ${values.length} field${values.length === 1 ? '' : 's'} that is not a list of items` : 'an empty object';
}

export function parseCslJson(text: string, file: string): LibraryFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // V8 quotes the text around the error ("…" is not valid JSON): left out, as the file's content.
    const message = (error as Error).message.replace(/,?\s*"[\s\S]*"(?: is not valid JSON)?/, '');
    const position = /position (\d+)/.exec(message);
    const line = position ? lineIndex(text)(Number(position[1])) : 1;
    return { file, format: 'csljson', entries: [], problems: [{ file, line, severity: 'error', message: `not valid JSON, nothing loaded: ${message}` }] };
  }
  const items = itemList(data, 'items');
  if (typeof items === 'string') {
    const line = lineIndex(text)(Math.max(0, text.search(/\S/)));
    return { file, format: 'csljson', entries: [], problems: [{ file, line, severity: 'error', message: `not CSL-JSON, nothing loaded: expected an array of items, found ${items}` }] };
  }
  const finder = lineFinder(text, (id) => new RegExp(`"(?:citation-key|id)"\\s*:\\s*"?${id}"?`, 'g'));
  return collect(items, file, 'csljson', finder, []);
}

export function parseCslYaml(text: string, file: string): LibraryFile {
  let data: unknown;
  try {
    // The JSON schema: dates stay strings ("2017-03-15"), keys like "no" stay strings.
    const documents = loadAll(text, null, { schema: JSON_SCHEMA });
    data = documents.find((d) => Array.isArray(d) || Array.isArray((d as { references?: unknown })?.references)) ?? documents.find((d) => d !== null);
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const line = mark?.line !== undefined ? mark.line + 1 : 1;
    return { file, format: 'cslyaml', entries: [], problems: [{ file, line, severity: 'error', message: `not valid YAML, nothing loaded: ${(error as Error).message.split('\n')[0]}` }] };
  }
  const items = itemList(data, 'references');
  if (typeof items === 'string') return { file, format: 'cslyaml', entries: [], problems: [{ file, line: 1, severity: 'error', message: `not CSL-YAML, nothing loaded: expected a "references:" list, found ${items}` }] };
  const finder = lineFinder(text, (id) => new RegExp(`^[ \\t-]*(?:citation-key|id):[ \\t]*['"]?${id}['"]?[ \\t]*$`, 'gm'));
  return collect(items, file, 'cslyaml', finder, []);
}
