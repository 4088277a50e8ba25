// One manuscript to Word: scan, plan the pandoc input, write the style as `.csl`, run pandoc.
// Shared by the CLI (`iscls docx`) and the VS Code command, so both give the same file.
import { detectConvention, scanDocument, type Markup } from '../core/documentCitations';
import { styleToCslXml, type XmlJsonNode } from '../core/cslXml';
import { exportReferences } from '../core/export';
import { planPandocInput, type PandocInput } from '../core/pandocInput';
import type { Convention, Reference } from '../core/types';
import type { CslItem } from '../core/library';
import { correctionsFor } from './pandocFilter';
import { exportDocx, type DocxResult } from './pandoc';

export interface ManuscriptExport {
  /** The manuscript's text. */
  text: string;
  /** VS Code language id of the manuscript ("markdown", "latex", "plaintext" …). */
  languageId: string;
  /** Convention, if the caller already knows it (a setting); default: detected from the text. */
  convention?: Convention;
  markup: Markup;
  /** CSL style id, e.g. "american-medical-association". */
  style: string;
  styleLabel: string;
  /** The style's citeproc-js XmlJSON tree (the shipped `<style>.json`). */
  styleTree: XmlJsonNode;
  /** The review's references. */
  references: readonly Reference[];
  /** The writer's library (CSL-JSON items, `id` = citation key); the review's references win a shared key. */
  library?: readonly CslItem[];
  outFile: string;
  resourceDir: string;
  referenceDoc?: string;
  pandocPath?: string;
  signal?: AbortSignal;
}

export interface ManuscriptExportResult extends DocxResult {
  input: PandocInput;
  /** Notes for the writer (no citations, unknown keys), one line each. */
  notes: string[];
}

/** Plan only (no pandoc): what would be sent, for previews and tests. */
export function planManuscript(job: Pick<ManuscriptExport, 'text' | 'languageId' | 'convention' | 'markup' | 'references' | 'library'>): PandocInput {
  const known = new Set([...job.references.map((r) => r.id), ...(job.library ?? []).map((i) => i.id)]);
  const convention = job.convention ?? detectConvention(job.languageId, job.text);
  const scan = scanDocument(job.text, convention, { knownKeys: known, markup: job.markup });
  return planPandocInput(job.text, convention, scan);
}

export async function exportManuscript(job: ManuscriptExport): Promise<ManuscriptExportResult> {
  const input = planManuscript(job);
  const byKey = new Map(job.references.map((r) => [r.id, r]));
  const cited = input.keys.map((k) => byKey.get(k)).filter((r): r is Reference => !!r);
  const libraryById = new Map((job.library ?? []).map((i) => [i.id, i]));
  const fromLibrary = input.keys.filter((k) => !byKey.has(k) && libraryById.has(k)).map((k) => libraryItemForPandoc(libraryById.get(k)!));
  const result = await exportDocx({
    input,
    outFile: job.outFile,
    resourceDir: job.resourceDir,
    cslXml: input.citeproc ? styleToCslXml(job.styleTree, { id: job.style, title: job.styleLabel }) : undefined,
    // Exactly what *Export Cited References* writes as CSL-JSON (with "et al." as pandoc reads it).
    references: [...(JSON.parse(exportReferences(cited, 'csljson') || '[]') as Record<string, unknown>[]), ...fromLibrary],
    corrections: correctionsFor(cited),
    referenceDoc: job.referenceDoc,
    pandocPath: job.pandocPath,
    signal: job.signal,
  });
  const notes: string[] = [];
  if (input.note) notes.push(input.note);
  if (input.unknown.length) notes.push(`Unknown citation keys, printed by pandoc as "key?": ${input.unknown.join(', ')}`);
  return { ...result, input, notes };
}

/** A library item as pandoc reads it: a list the source ended in "and others" ends in a literal "et al.". */
function libraryItemForPandoc(item: CslItem): Record<string, unknown> {
  const out: Record<string, unknown> = { ...item };
  if (out['authors-truncated'] && Array.isArray(out.author)) out.author = [...(out.author as unknown[]), { literal: 'et al.' }];
  delete out['authors-truncated'];
  return out;
}
