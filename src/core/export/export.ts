// Export of the review's references as BibTeX, RIS, CSL-JSON or CSL-YAML.
// Pure: no `vscode`, no file system, no network. BibTeX and RIS have small writers of their own
// (bibtexWriter.ts, risWriter.ts) in place of Citation.js (a large bundle that was slow to load).
import type { CslItem, ExportFormat, Reference } from '../types';
import { REVIEW_SOURCE, type ResolvedReference } from '../manuscript/resolver';

import { toBibtex } from './bibtexWriter';
import { toRis } from './risWriter';
import type { ExportItem } from './exportItem';
import { submissionRecord } from '../knowledge/submission';

/** The export formats, with a file extension and a label for pickers. */
export const EXPORT_FORMATS: readonly { format: ExportFormat; extension: string; label: string }[] = [
  { format: 'bibtex', extension: 'bib', label: 'BibTeX' },
  { format: 'ris', extension: 'ris', label: 'RIS' },
  { format: 'csljson', extension: 'json', label: 'CSL-JSON' },
  { format: 'cslyaml', extension: 'yaml', label: 'CSL-YAML' },
];

/**
 * What the exporters take: any CSL item (the writer's library entry, keyed as cited), one of the built-in
 * works among them, with our own fields (the review's list position, its truncated author lists).
 */
export type ExportRecord = CslItem & Partial<Pick<Reference, 'number' | 'citation-key' | 'authors-truncated' | 'author'>>;

/**
 * Our fields that are not CSL-JSON. `citation-key` is kept. `number` is CSL's too (a report's number,
 * a string), but ours is the review's list position (a number): only that one is removed.
 */
const CUSTOM_FIELDS = ['number', 'authors-truncated', 'title-translated', 'review-listing', 'origin', 'provenance', 'completed'] as const;

/**
 * The name that stands for "et al." in CSL data: a literal last author. pandoc (citeproc), Zotero and
 * citeproc-js print it as is after the known authors ("Dahan L, Ressiot E, Cournede A, et al."), and
 * it is what our own formatter feeds citeproc-js, so an exported list renders like ours.
 */
export const ET_AL: Readonly<{ literal: string }> = Object.freeze({ literal: 'et al.' });

/**
 * A reference as clean CSL-JSON: our custom fields removed, `citation-key` kept (Citation.js uses
 * it as the BibTeX key), `id` equal to the citation key. An author list the source truncated
 * (`authors-truncated`) ends in the literal author {@link ET_AL}: the known authors, then "et al.",
 * nothing invented. A review entry completed from its record is exported as completed
 * ({@link submissionRecord}).
 */
export function toCslJson(printed: ExportRecord): Record<string, unknown> {
  const ref = submissionRecord(printed);
  const item: Record<string, unknown> = { ...ref };
  for (const f of CUSTOM_FIELDS) if (f !== 'number' || typeof ref.number === 'number') delete item[f];
  item['citation-key'] = ref['citation-key'] || ref.id;
  if (ref['authors-truncated']) item.author = [...(ref.author ?? []), { ...ET_AL }];
  return item;
}

/**
 * The record exported for a cited reference (files, the Word export, `iscls export`), keyed as cited:
 * the review's own record when the review answers for the key; otherwise the record our formatter
 * formats, i.e. the writer's library entry, also when it is their copy of one of the 72.
 */
export function exportRecord(r: ResolvedReference): ExportRecord {
  if (r.review && r.source === REVIEW_SOURCE) return r.review;
  return { ...r.item, id: r.key, 'citation-key': r.key };
}

/**
 * Serialize references in an interchange format.
 *
 * - `bibtex`: `@article{<citation key>, …}` (a book `@book`, a chapter `@incollection`, … see
 *   {@link toBibtex}); a list the source truncated with "et al." ends in
 *   BibTeX's `and others` (BibTeX, biber and pandoc print it as "et al."). BibTeX has no field for the journal abbreviation; `journal` holds it
 *   (it is all the review gives).
 * - `ris`: `TY  - JOUR` (a book `BOOK`, a chapter `CHAP`, … see {@link toRis}), one tag per line, each value on one line (Citation.js would wrap values at 70 characters,
 *   which RIS readers join back with a space, corrupting titles). `ID` is the citation key; a
 *   truncated author list ends in its own line `AU  - et al.` (RIS has no et-al tag: Citation.js reads
 *   it back as the literal name "et al.", Zotero as an author whose last name is "et al.").
 * - `csljson`: a pretty-printed JSON array of {@link toCslJson} items.
 * - `cslyaml`: the same items as CSL-YAML (`references:` list, as pandoc reads a `.yaml` bibliography
 *   or a document's metadata).
 *
 * Entries are written in the order given. Ends with a newline.
 */
export function exportReferences(refs: readonly ExportRecord[], format: ExportFormat): string {
  switch (format) {
    case 'csljson':
      return JSON.stringify(refs.map(toCslJson), null, 2) + '\n';
    case 'cslyaml':
      return exportYaml(refs);
    case 'bibtex':
      return exportBibtex(refs);
    case 'ris':
      return exportRis(refs);
    default:
      throw new Error(`Unknown export format "${String(format)}" (expected bibtex, ris or csljson)`);
  }
}

function exportBibtex(refs: readonly ExportRecord[]): string {
  return refs.length === 0 ? '' : toBibtex(refs.map(writerItem));
}

/** What the BibTeX and RIS writers get: CSL fields, without the review's list position. */
function writerItem(printed: ExportRecord): ExportItem {
  const ref = submissionRecord(printed);
  if (typeof ref.number !== 'number') return ref;
  const { number: _position, completed: _completed, ...item } = ref;
  return item;
}

/**
 * CSL-YAML as pandoc reads it: every string double-quoted (JSON escapes are valid YAML, so no value is
 * read as a number or date), and escaped for Markdown, because pandoc reads each YAML string as
 * Markdown (its own writer escapes the same way): otherwise `--` would turn into a dash, `*…*` into
 * emphasis. Straight quotes are left to pandoc's smart quotes: its CSL-JSON rendering prints them
 * curly too ("Clarkson’s disease"), so both files give the same list.
 */
function exportYaml(refs: readonly ExportRecord[]): string {
  const lines = ['---', refs.length ? 'references:' : 'references: []'];
  for (const ref of refs) yamlValue(toCslJson(ref), '', lines, true);
  lines.push('...');
  return lines.join('\n') + '\n';
}

/** Backslash-escape what pandoc's Markdown would read as markup (inline, or a block marker at the start). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>~^$@&|#]|-(?=-)|\.(?=\.\.)/g, '\\$&')
    .replace(/^(\d+)([.)])(?=\s)/, '$1\\$2')
    .replace(/^([-+])(?=\s)/, '\\$1');
}

function yamlScalar(value: unknown): string {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(escapeMarkdown(String(value)));
}

/** Append `value` as YAML at `indent`; `item` marks a list item ("- " before its first line). */
function yamlValue(value: unknown, indent: string, lines: string[], item = false): void {
  const lead = item ? `${indent}- ` : indent;
  const inner = item ? indent + '  ' : indent;
  if (Array.isArray(value)) {
    if (value.length === 0) lines.push(`${lead}[]`);
    // A list item that is itself a list: date-parts [[2010, 3]] → "- [2010, 3]" (flow style).
    else if (item) lines.push(`${lead}[${value.map(yamlScalar).join(', ')}]`);
    else for (const v of value) yamlValue(v, indent, lines, true);
    return;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.forEach(([key, v], i) => {
      const prefix = i === 0 ? lead : inner;
      if (v !== null && typeof v === 'object' && !(Array.isArray(v) && v.length === 0)) {
        lines.push(`${prefix}${key}:`);
        yamlValue(v, inner + '  ', lines, false);
      } else {
        lines.push(`${prefix}${key}: ${Array.isArray(v) ? '[]' : yamlScalar(v)}`);
      }
    });
    return;
  }
  lines.push(`${lead}${yamlScalar(value)}`);
}

function exportRis(refs: readonly ExportRecord[]): string {
  return refs.length === 0 ? '' : toRis(refs.map(writerItem));
}
