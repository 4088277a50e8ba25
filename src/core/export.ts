// Export of the review's references as BibTeX, RIS or CSL-JSON, through Citation.js.
// Pure: no `vscode`, no file system, no network. Citation.js is only ever handed CSL-JSON objects
// (never identifiers or URLs), so its fetch helpers are never called.
import type { ExportFormat, Reference } from './types';

// @citation-js/* ship no type declarations; this is the part of the API we use.
interface CiteInstance {
  format(format: 'bibtex', options?: Record<string, unknown>): string;
  format(format: 'ris', options: { format: 'object' }): Record<string, string | string[]>[];
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Cite } = require('@citation-js/core') as { Cite: new (data: unknown) => CiteInstance };
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('@citation-js/plugin-bibtex');
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('@citation-js/plugin-ris');

/** The export formats, with a file extension and a label for pickers. */
export const EXPORT_FORMATS: readonly { format: ExportFormat; extension: string; label: string }[] = [
  { format: 'bibtex', extension: 'bib', label: 'BibTeX' },
  { format: 'ris', extension: 'ris', label: 'RIS' },
  { format: 'csljson', extension: 'json', label: 'CSL-JSON' },
];

/** Our fields that are not CSL-JSON (`number` is, but means something else there). `citation-key` is kept. */
const CUSTOM_FIELDS = ['number', 'authors-truncated', 'title-translated', 'review-listing'] as const;

/**
 * A reference as clean CSL-JSON: our custom fields removed, `citation-key` kept (Citation.js uses
 * it as the BibTeX key), `id` equal to the citation key. Truncated author lists keep the known
 * authors only: nothing invented.
 */
export function toCslJson(ref: Reference): Record<string, unknown> {
  const item: Record<string, unknown> = { ...ref };
  for (const f of CUSTOM_FIELDS) delete item[f];
  item['citation-key'] = ref['citation-key'] || ref.id;
  return item;
}

/**
 * Serialize references in an interchange format.
 *
 * - `bibtex`: `@article{<citation key>, …}`; a list the source truncated with "et al." ends in
 *   BibTeX's `and others`. BibTeX has no field for the journal abbreviation; `journal` holds it
 *   (it is all the review gives).
 * - `ris`: one tag per line, each value on one line (Citation.js would wrap values at 70 characters,
 *   which RIS readers join back with a space, corrupting titles). `ID` is the citation key; truncated
 *   author lists list the known authors only.
 * - `csljson`: a pretty-printed JSON array of {@link toCslJson} items.
 *
 * Entries are written in the order given. Ends with a newline.
 */
export function exportReferences(refs: readonly Reference[], format: ExportFormat): string {
  switch (format) {
    case 'csljson':
      return JSON.stringify(refs.map(toCslJson), null, 2) + '\n';
    case 'bibtex':
      return exportBibtex(refs);
    case 'ris':
      return exportRis(refs);
    default:
      throw new Error(`Unknown export format "${String(format)}" (expected bibtex, ris or csljson)`);
  }
}

/** The literal name standing for "et al." while Citation.js writes BibTeX. */
const OTHERS = 'others';

function exportBibtex(refs: readonly Reference[]): string {
  if (refs.length === 0) return '';
  const items = refs.map((ref) => {
    const item = toCslJson(ref);
    if (ref['authors-truncated'] && ref.author?.length) item.author = [...ref.author, { literal: OTHERS }];
    return item;
  });
  const out = new Cite(items).format('bibtex', { format: 'text' });
  // Citation.js protects a literal name with braces ("and {others}"), which BibTeX would print as a
  // name; BibTeX's et-al keyword is the bare word.
  return out.replace(/ and \{others\}\}/g, ' and others}').trim() + '\n';
}

function exportRis(refs: readonly Reference[]): string {
  if (refs.length === 0) return '';
  const records = new Cite(refs.map(toCslJson)).format('ris', { format: 'object' });
  return (
    records
      .map((record) => {
        const lines = [`TY  - ${String(record.TY)}`];
        for (const [tag, value] of Object.entries(record)) {
          if (tag === 'TY') continue;
          for (const v of ([] as string[]).concat(value)) lines.push(`${tag}  - ${oneLine(String(v))}`);
        }
        lines.push('ER  - ');
        return lines.join('\n');
      })
      .join('\n\n') + '\n'
  );
}

/** RIS values cannot span lines: fold any line break into a space. */
function oneLine(value: string): string {
  return value.replace(/\s*[\r\n]+\s*/g, ' ');
}
