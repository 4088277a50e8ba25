// What *Update Reference List* (editor) and `iscls bib` (command line) do with a manuscript: one
// decision, taken in one order, so the two front ends never answer differently for one document.
// They only carry it out: show or print, write the document or the `.bib` export. Pure: no `vscode`.
import { checkConvention, PlanRefusal, type CitationContext, type ConventionMismatch, type RefusalReason } from './';
import { exportReferences } from '../export/export';
import { detectLatexBibliography, exportBibText, planBibExport, type BibExportPlan, type LatexBibliography } from './latexBibliography';
import type { Reference, TextEdit } from '../types';
import { nothingToList, planListUpdateIn, type Manuscript } from './model';

export type ListDecision =
  /** The markers are written in a convention the document is not read in: convert first. */
  | { kind: 'mismatch'; mismatch: ConventionMismatch }
  /** It cites none of ours and has no list: there is no list to write, not even an empty one. */
  | { kind: 'nothing' }
  /** A LaTeX document that prints its own `.bib`: the cited entries go to the export beside it. */
  | { kind: 'own-bib'; bib: LatexBibliography }
  /** The edits of the document; none when its list is already up to date. */
  | { kind: 'edits'; edits: TextEdit[] }
  /** The plan refused: the document has something the writer must repair first. */
  | { kind: 'refused'; reason: RefusalReason; message: string };

/**
 * The one decision. A mismatch comes first: markers the convention cannot read mean the document
 * does cite (so "cites nothing" would be wrong) and an export or a list would leave them out.
 * Errors that are not refusals (a bug, a broken formatter) are thrown.
 */
export function decideListUpdate(m: Manuscript, context: CitationContext, options: { create?: boolean } = {}): ListDecision {
  // The model's own scan options: the analyses checkConvention needs are then the model's.
  const mismatch = checkConvention(m.text, m.convention, { knownKeys: m.resolver.keys(), markup: m.markup, canonical: m.resolver.canonical });
  if (mismatch) return { kind: 'mismatch', mismatch };
  if (nothingToList(m)) return { kind: 'nothing' };
  const bib = m.convention === 'latex' ? detectLatexBibliography(m.text) : undefined;
  if (bib) return { kind: 'own-bib', bib };
  try {
    return { kind: 'edits', edits: planListUpdateIn(m, context, { create: options.create ?? true }) };
  } catch (error) {
    if (error instanceof PlanRefusal) return { kind: 'refused', reason: error.reason, message: error.message };
    throw error;
  }
}

/** The own-`.bib` update: the document's edits, and the export's text. */
export interface OwnBibUpdate extends BibExportPlan {
  /** The export's whole content (header and BibTeX entries). */
  bibText: string;
}

/**
 * Plans the `.bib` export of a document that prints its own bibliography. `writerKeys` are the keys
 * its own `.bib` files define (each front end reads them its way); `reference` looks a cited key up
 * among the review's references, the ones the export holds.
 */
export function planOwnBibUpdate(
  m: Manuscript,
  bib: LatexBibliography,
  reference: (key: string) => Reference | undefined,
  writerKeys: ReadonlySet<string>,
  documentName: string,
): OwnBibUpdate {
  const cited = m.scan.order.map(reference).filter((r): r is Reference => !!r);
  const plan = planBibExport(m.text, bib, cited.map((r) => r.id), writerKeys, m.scan.list);
  const byKey = new Map(cited.map((r) => [r.id, r]));
  const refs = plan.keys.map((k) => byKey.get(k)!);
  return { ...plan, bibText: exportBibText(documentName, refs.length ? exportReferences(refs, 'bibtex') : '') };
}
