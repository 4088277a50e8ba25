// The `.bib` export of a LaTeX document that prints its own bibliography (biblatex, natbib, BibTeX):
// `iscls-references.bib` beside the document, written atomically (temporary file, then rename).
// The writer's own `.bib` files are only ever read, to leave out keys they already define.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { readManuscript, writeManuscript } from './safeFile';
import { bibKeys, EXPORT_BIB, exportBibText, planBibExport, type LatexBibliography } from '../core/latexBibliography';
import { exportReferences } from '../core/export';
import type { Reference } from '../core/types';

/** Keys defined by the writer's own `.bib` files (ours excluded); unreadable files are skipped. */
export function writerBibKeys(documentDir: string, bib: LatexBibliography): Set<string> {
  const keys = new Set<string>();
  for (const file of bib.bibFiles) {
    if (basename(file) === EXPORT_BIB) continue;
    const path = resolve(documentDir, file);
    try {
      for (const k of bibKeys(readFileSync(path, 'utf8'))) keys.add(k);
    } catch {
      // a .bib that does not exist (yet) or cannot be read defines nothing here
    }
  }
  return keys;
}

/** Write the export (atomically). Returns whether it changed; an export already right is not rewritten. */
export function writeBibExport(file: string, content: string): { file: string; changed: boolean } {
  if (existsSync(file) && readManuscript(file) === content) return { file, changed: false };
  if (existsSync(file)) {
    writeManuscript(file, content); // keeps mode, owner, symlink, hard links; refuses a FIFO or read-only file
    return { file, changed: true };
  }
  const temporary = `${file}.iscls-${process.pid}.tmp`;
  writeFileSync(temporary, content, 'utf8');
  renameSync(temporary, file);
  return { file, changed: true };
}

export interface LatexBibUpdate {
  /** The document after the update (loads the export, no managed block). */
  text: string;
  edits: number;
  /** Keys written to the export. */
  keys: string[];
  /** Cited keys the writer's own .bib already defines (not written). */
  inWriterLibrary: string[];
  bibFile: string;
  /** The export's content. */
  bibText: string;
}

/**
 * *Update Reference List* for a LaTeX document that prints its own `.bib` bibliography: the plan for
 * the document and the export's content (nothing written; see {@link writeBibExport}).
 */
export function planLatexBibUpdate(
  documentPath: string,
  text: string,
  bib: LatexBibliography,
  cited: readonly string[],
  references: ReadonlyMap<string, Reference>,
  managedBlock?: { start: number; end: number },
): LatexBibUpdate {
  const plan = planBibExport(text, bib, cited, writerBibKeys(resolve(documentPath, '..'), bib), managedBlock);
  let out = text;
  for (const edit of [...plan.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  const refs = plan.keys.map((k) => references.get(k)).filter((r): r is Reference => !!r);
  return {
    text: out,
    edits: plan.edits.length,
    keys: plan.keys,
    inWriterLibrary: plan.inWriterLibrary,
    bibFile: join(resolve(documentPath, '..'), EXPORT_BIB),
    bibText: exportBibText(basename(documentPath), refs.length ? exportReferences(refs, 'bibtex') : ''),
  };
}
