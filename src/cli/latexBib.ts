// `iscls bib` for a LaTeX document that prints its own .bib (biblatex, natbib): the cited entries
// go to iscls-references.bib beside it (src/node/bibExport.ts), the document keeps its \cite commands.
import { basename } from 'node:path';
import { writeManuscript } from '../node/safeFile';
import type { LatexBibliography } from '../core/manuscript/latexBibliography';
import type { Manuscript } from '../core/manuscript/model';
import { planLatexBibUpdate, writeBibExport } from '../node/bibExport';
import type { Parsed } from './args';
import type { Engine } from './engine';

export function latexBibUpdate(parsed: Parsed, engine: Engine, file: string, model: Manuscript, ownBib: LatexBibliography): void {
  const { text } = model;
  const update = planLatexBibUpdate(file, model, ownBib, (key) => engine.kb.reference(key));
  const note = `${update.keys.length} entries for ${basename(update.bibFile)}${update.inWriterLibrary.length ? ` (already in your .bib: ${update.inWriterLibrary.join(', ')})` : ''}`;
  if (!parsed.flags.has('--write')) {
    process.stdout.write(update.text);
    process.stderr.write(`${file}: ${ownBib.package} document; with --write: ${note}\n`);
    return;
  }
  const written = writeBibExport(update.bibFile, update.bibText);
  if (update.text !== text) writeManuscript(file, update.text);
  process.stderr.write(`${file}: ${ownBib.package} document${update.text !== text ? ` updated (${update.edits.length} edits)` : ''}; ${written.changed ? 'wrote' : 'unchanged'} ${note}\n`);
}
