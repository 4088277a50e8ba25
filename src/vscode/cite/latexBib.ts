// *Update Reference List* in a LaTeX document that prints its own `.bib` bibliography (biblatex,
// natbib, BibTeX): the cited ISCLS references go to `iscls-references.bib` beside the document (a file
// the extension owns) and the document loads it, instead of a `thebibliography` block. The writer's own
// `.bib` files are only read (keys they define are not written again). Logic: core/manuscript/listUpdate.ts.
import * as vscode from 'vscode';
import { bibKeys, EXPORT_BIB, type LatexBibliography } from '../../core/manuscript/latexBibliography';
import type { Manuscript } from '../../core/manuscript/model';
import { planOwnBibUpdate } from '../../core/manuscript/listUpdate';
import type { Services } from '../shared/services';
import type { CommandResult } from '../shared/commands';
import { documentName } from '../shared/documents';
import { applyPlan } from '../shared/applyPlan';

function sibling(document: vscode.TextDocument, name: string): vscode.Uri {
  return vscode.Uri.joinPath(document.uri, '..', name);
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

async function writerKeys(document: vscode.TextDocument, bib: LatexBibliography): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const file of bib.bibFiles) {
    if (file === EXPORT_BIB || file.endsWith(`/${EXPORT_BIB}`)) continue;
    const text = await readText(file.startsWith('/') ? vscode.Uri.file(file) : sibling(document, file));
    if (text !== undefined) for (const k of bibKeys(text)) keys.add(k);
  }
  return keys;
}

/** Write the export if its content changed: a temporary file, then a rename over it. */
async function writeExport(uri: vscode.Uri, content: string): Promise<boolean> {
  if ((await readText(uri)) === content) return false;
  const temporary = uri.with({ path: `${uri.path}.iscls-tmp` });
  await vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(content));
  await vscode.workspace.fs.rename(temporary, uri, { overwrite: true });
  return true;
}

/**
 * Update the `.bib` export of a document that prints its own bibliography. With `create: false` (after
 * an insertion) only a document that already loads the export is updated: the document is never
 * changed unasked.
 */
export async function updateLatexBibExport(
  s: Services,
  document: vscode.TextDocument,
  editor: vscode.TextEditor | undefined,
  model: Manuscript,
  bib: LatexBibliography,
  options: { create?: boolean; quiet?: boolean },
): Promise<CommandResult> {
  if (options.create === false && !bib.loadsExport) return { ok: true, reason: 'unchanged' };
  const reference = (key: string) => s.kb.reference(key);
  const plan = planOwnBibUpdate(model, bib, reference, await writerKeys(document, bib), documentName(document));
  const uri = sibling(document, EXPORT_BIB);
  const changed = await writeExport(uri, plan.bibText);
  if (plan.edits.length > 0) {
    // Planned again against the text at the moment of the edit (the document may have changed meanwhile).
    const keys = await writerKeys(document, bib);
    const edited = await applyPlan(document, editor, () => {
      const current = s.manuscripts.get(document) ?? model;
      return { edits: planOwnBibUpdate(current, bib, reference, keys, documentName(document)).edits };
    });
    if (!edited.ok) return edited;
  }
  const count = plan.keys.length;
  const already = plan.inWriterLibrary.length ? ` (${plan.inWriterLibrary.join(', ')} already in your .bib)` : '';
  const message = `${EXPORT_BIB}: ${count} reference${count === 1 ? '' : 's'}${already}${plan.edits.length ? `; the document now loads it (${bib.package})` : ''}.`;
  s.log.info(`${documentName(document)}: ${message}`);
  if (!changed && plan.edits.length === 0) {
    if (!options.quiet) void vscode.window.showInformationMessage(`The reference list is already up to date (${EXPORT_BIB}).`);
    return { ok: true, reason: 'unchanged', uri, count };
  }
  if (!options.quiet) void vscode.window.showInformationMessage(message);
  return { ok: true, uri, count, message };
}
