// The `.bib` export of a LaTeX document that prints its own bibliography (biblatex, natbib, BibTeX):
// `iscls-references.bib` beside the document, written atomically (temporary file, then rename).
// The writer's own `.bib` files are only ever read, to leave out keys they already define.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { readManuscript, writeManuscript } from './safeFile';
import { bibKeys, EXPORT_BIB, type LatexBibliography } from '../core/manuscript/latexBibliography';
import { applyEdits } from '../core/manuscript';
import type { Manuscript } from '../core/manuscript/model';
import { planOwnBibUpdate, type OwnBibUpdate } from '../core/manuscript/listUpdate';
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

export interface LatexBibUpdate extends OwnBibUpdate {
  /** The document after the update (loads the export, no managed block). */
  text: string;
  bibFile: string;
}

/**
 * *Update Reference List* for a LaTeX document that prints its own `.bib` bibliography, planned by
 * the core (the editor's plan too) with the writer's `.bib` keys read from disk; nothing written
 * (see {@link writeBibExport}).
 */
export function planLatexBibUpdate(
  documentPath: string,
  model: Manuscript,
  bib: LatexBibliography,
  reference: (key: string) => Reference | undefined,
): LatexBibUpdate {
  const dir = resolve(documentPath, '..');
  const plan = planOwnBibUpdate(model, bib, reference, writerBibKeys(dir, bib), basename(documentPath));
  return { ...plan, text: applyEdits(model.text, plan.edits), bibFile: join(dir, EXPORT_BIB) };
}
