// What a manuscript becomes on its way into pandoc for a Word export. Pure: no `vscode`, no files.
//
// - pandoc `[@key]` Markdown: citeproc formats the citations; the bibliography goes where the managed
//   list stands (the block is replaced by a `::: {#refs}` div), so the document has exactly one list.
//   A document that already has its own `#refs` div keeps it and loses the managed block. Without a
//   managed list, pandoc puts the bibliography at the end.
// - LaTeX `\cite{}`: citeproc as well; the managed `thebibliography` block is removed (pandoc's reader
//   ignores `\printbibliography` and puts the bibliography at the end, which is where both stand).
// - numeric documents (`[1]`, `^1^`): the numbers and the list are already the writer's text;
//   converted as they are, without citeproc, so there is no second list.
import type { Convention } from './types';
import type { DocumentScan } from './documentCitations';

/** The reader pandoc uses for the manuscript. */
export type PandocReader = 'markdown' | 'latex';

export interface PandocInput {
  /** The text to give pandoc. */
  text: string;
  reader: PandocReader;
  /** Whether pandoc runs citeproc (a style file and CSL-JSON data are then needed). */
  citeproc: boolean;
  /** Cited keys in order of first appearance (the references to pass as CSL-JSON). */
  keys: string[];
  /** Keys cited but not known (neither the review nor the writer's library): pandoc prints them as "key?". */
  unknown: string[];
  /** A one-line note for the writer, e.g. that the document cites nothing. */
  note?: string;
}

const REFS_DIV = /^[ \t]*:{3,}[ \t]*\{[^}\n]*#refs\b[^}\n]*\}[ \t]*$|<div\b[^>\n]*\bid=["']refs["']/m;

/** Replace text[start, end) and keep the line structure around it. */
function splice(text: string, start: number, end: number, replacement: string): string {
  return text.slice(0, start) + replacement + text.slice(end);
}

/**
 * Plan the pandoc input of a manuscript of the given convention, from its scan
 * (`scanDocument(text, convention, { knownKeys })`).
 */
export function planPandocInput(text: string, convention: Convention, scan: DocumentScan): PandocInput {
  const unknown = [...new Set(scan.markers.flatMap((m) => m.unknown))];
  const keys = [...scan.order];
  if (convention === 'numeric') {
    const numbered = scan.markers.length > 0;
    return {
      text,
      reader: 'markdown',
      citeproc: false,
      keys,
      unknown: [],
      note: numbered ? undefined : 'The document cites no reference: converted without a reference list.',
    };
  }
  const reader: PandocReader = convention === 'latex' ? 'latex' : 'markdown';
  if (scan.markers.length === 0) {
    return { text, reader, citeproc: false, keys, unknown, note: 'The document cites no reference: converted without a reference list.' };
  }
  let out = text;
  if (scan.list) {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const replacement = reader === 'markdown' && !REFS_DIV.test(text) ? `::: {#refs}${eol}:::` : '';
    out = splice(text, scan.list.start, scan.list.end, replacement);
  }
  return { text: out, reader, citeproc: true, keys, unknown };
}
