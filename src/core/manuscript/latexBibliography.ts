// LaTeX documents that print a `.bib` bibliography themselves (biblatex, natbib, plain BibTeX). Pure.
//
// Such a document must not get a `thebibliography` block beside its own bibliography. Instead the
// references it cites go into a `.bib` file the extension owns, `iscls-references.bib` beside the
// document (never a library the writer maintains), and the document loads that file alongside its own:
// biblatex `\addbibresource{iscls-references.bib}` after its last `\addbibresource`; BibTeX/natbib
// `\bibliography{refs,iscls-references}`. A managed `thebibliography` block left from before is removed.
// New citations use the package's command: biblatex `\autocite`, natbib `\citep`, else `\cite`.
import { latexRegions, RegionSet } from './regions';
import type { TextEdit } from '../types';

export type LatexBibPackage = 'biblatex' | 'natbib' | 'bibtex';

export interface LatexBibliography {
  package: LatexBibPackage;
  /** `.bib` files the document loads, as written (with `.bib` added where BibTeX leaves it out). */
  bibFiles: string[];
  /** Whether our own export is already loaded. */
  loadsExport: boolean;
}

/** File name of the extension's `.bib` export, beside the document. */
export const EXPORT_BIB = 'iscls-references.bib';
const EXPORT_STEM = EXPORT_BIB.replace(/\.bib$/, '');

interface Command {
  start: number;
  end: number;
  /** The braced argument's start and end (inside the braces). */
  argStart: number;
  argEnd: number;
  arg: string;
}

function commands(text: string, name: string, skip: RegionSet): Command[] {
  const re = new RegExp(`\\\\${name}\\*?\\s*(?:\\[[^\\]]*\\]\\s*)?\\{([^{}]*)\\}`, 'g');
  const out: Command[] = [];
  for (const m of text.matchAll(re)) {
    const start = m.index ?? 0;
    if (skip.covers(start)) continue;
    const argStart = start + m[0].lastIndexOf('{') + 1;
    out.push({ start, end: start + m[0].length, argStart, argEnd: start + m[0].length - 1, arg: m[1] });
  }
  return out;
}

function excluded(text: string): RegionSet {
  const r = latexRegions(text);
  return new RegionSet([...r.code, ...r.comments]);
}

function usesPackage(text: string, name: string, skip: RegionSet): boolean {
  return commands(text, 'usepackage', skip).some((c) => c.arg.split(',').map((s) => s.trim()).includes(name));
}

/**
 * The document's own `.bib` bibliography, if it loads a `.bib` and prints it: biblatex
 * (`\addbibresource` + `\printbibliography`) or BibTeX (`\bibliography{…}`, which loads and prints;
 * natbib when `\usepackage{natbib}`). Otherwise undefined (the document gets a managed list).
 */
export function detectLatexBibliography(text: string): LatexBibliography | undefined {
  const skip = excluded(text);
  const resources = commands(text, 'addbibresource', skip);
  if (resources.length > 0 && printCount(text, skip) > 0) {
    const bibFiles = resources.map((c) => c.arg.trim());
    return { package: 'biblatex', bibFiles, loadsExport: bibFiles.includes(EXPORT_BIB) };
  }
  const bibliography = commands(text, 'bibliography', skip)[0];
  if (bibliography) {
    const stems = bibliography.arg.split(',').map((s) => s.trim()).filter(Boolean);
    return {
      package: usesPackage(text, 'natbib', skip) ? 'natbib' : 'bibtex',
      bibFiles: stems.map((s) => (s.endsWith('.bib') ? s : `${s}.bib`)),
      loadsExport: stems.some((s) => s === EXPORT_STEM || s === EXPORT_BIB),
    };
  }
  return undefined;
}

/** `\printbibliography` takes no braced argument; count its bare uses outside comments. */
function printCount(text: string, skip: RegionSet): number {
  return [...text.matchAll(/\\printbibliography\b/g)].filter((m) => !skip.covers(m.index ?? 0)).length;
}

/** The LaTeX citation command for new citations: the setting, or (`auto`) the package's own. */
export function resolveLatexCommand(setting: string | undefined, bib: LatexBibliography | undefined): string {
  if (setting && setting !== 'auto') return setting;
  if (bib?.package === 'biblatex') return 'autocite';
  if (bib?.package === 'natbib') return 'citep';
  return 'cite';
}

/**
 * The edits that make the document load our export (none if it already does). biblatex: a line
 * `\addbibresource{iscls-references.bib}` after its last `\addbibresource`; BibTeX/natbib: the stem
 * added to `\bibliography{…}`.
 */
export function planLoadExport(text: string, bib: LatexBibliography): TextEdit[] {
  if (bib.loadsExport) return [];
  const skip = excluded(text);
  if (bib.package === 'biblatex') {
    const last = commands(text, 'addbibresource', skip).pop()!;
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const lineEnd = text.indexOf('\n', last.end);
    const at = lineEnd < 0 ? text.length : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    return [{ start: at, end: at, newText: `${eol}\\addbibresource{${EXPORT_BIB}}` }];
  }
  const command = commands(text, 'bibliography', skip)[0];
  const sep = command.arg.trim() === '' ? '' : ',';
  return [{ start: command.argEnd, end: command.argEnd, newText: `${sep}${EXPORT_STEM}` }];
}

/** The export's text: a header saying who writes it, then the entries (BibTeX from core/export/export). */
export function exportBibText(documentName: string, bibtex: string): string {
  return [
    `% ${EXPORT_BIB}: the ISCLS references ${documentName} cites, written by ISCLS Reference`,
    '% (Update Reference List). It is rewritten on every update: edit your own .bib files, not this one.',
    '',
    bibtex.trimEnd(),
    '',
  ].join('\n');
}

/** Citation keys defined in a `.bib` text (to leave out keys the writer's own library already has). */
export function bibKeys(bib: string): Set<string> {
  return new Set([...bib.matchAll(/@\s*(?!comment\b|string\b|preamble\b)[A-Za-z]+\s*[{(]\s*([^,\s]+)\s*,/gi)].map((m) => m[1]));
}

export interface BibExportPlan {
  /** Edits to the document: load the export, remove a managed `thebibliography` block left from before. */
  edits: TextEdit[];
  /** Keys to write to the export, in order of first appearance (minus keys the writer's .bib files define). */
  keys: string[];
  /** Cited keys left out because the writer's own .bib defines them. */
  inWriterLibrary: string[];
}

/**
 * Plan an update of a document that prints its own `.bib` bibliography: `cited` are the known keys
 * in order of first appearance, `writerKeys` the keys of its own `.bib` files, `managedBlock` the
 * range of a managed list left in the document (removed with the line break before it).
 */
export function planBibExport(
  text: string,
  bib: LatexBibliography,
  cited: readonly string[],
  writerKeys: ReadonlySet<string>,
  managedBlock?: { start: number; end: number },
): BibExportPlan {
  const edits = planLoadExport(text, bib);
  if (managedBlock) {
    let start = managedBlock.start;
    while (start > 0 && (text[start - 1] === '\n' || text[start - 1] === '\r')) start--;
    edits.push({ start, end: managedBlock.end, newText: '' });
  }
  edits.sort((a, b) => a.start - b.start);
  return {
    edits,
    keys: cited.filter((k) => !writerKeys.has(k)),
    inWriterLibrary: cited.filter((k) => writerKeys.has(k)),
  };
}
