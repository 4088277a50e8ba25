// One manuscript to Word: plan the pandoc input from the manuscript model, hand pandoc the style's `.csl`,
// run pandoc. Shared by the CLI (`iscls docx`) and the VS Code command, so both give the same file.
import { exportRecord, toCslJson } from '../core/export/export';
import { planPandocInput, type PandocInput } from '../core/export/pandocInput';
import { authorNamesInText } from '../core/preview/authorInText';
import type { Manuscript } from '../core/manuscript/model';
import type { ResolvedReference } from '../core/manuscript/resolver';
import { initialisable } from '../core/library/merge';
import type { Reference } from '../core/types';
import { itemInForm, titleFormOf, type TitleForm } from '../core/format/titleForm';
import { parseStyleXml } from '../core/format/citeproc';
import { correctionsFor } from './pandocFilter';
import { exportDocx, type DocxResult } from './pandoc';

export interface ManuscriptExport {
  /**
   * The manuscript model (core/manuscript/model.ts): its text, convention and scan, and the cited
   * references that resolve — the review's and the writer's library's — in order of first appearance.
   */
  model: Pick<Manuscript, 'text' | 'convention' | 'scan' | 'cited' | 'resolver'>;
  /** CSL style id, e.g. "american-medical-association". */
  style: string;
  /** Whether the style cites by number (a bare `@key` then gets the names before its number). */
  numeric: boolean;
  /** The style's `.csl` file as it is (the official file we ship, or the writer's own). */
  styleCsl: string;
  outFile: string;
  resourceDir: string;
  referenceDoc?: string;
  pandocPath?: string;
  signal?: AbortSignal;
  /** A journal's NLM abbreviation, for styles that abbreviate (the formatter's own lookup). */
  journalAbbreviation?: (journal: string) => string | undefined;
  /** Files the output must never be (the manuscript, its template, its libraries). */
  protect?: readonly string[];
}

export interface ManuscriptExportResult extends DocxResult {
  input: PandocInput;
  /** Notes for the writer (no citations, unknown keys), one line each. */
  notes: string[];
}

/** Plan only (no pandoc): what would be sent, for previews and tests. */
export function planManuscript(job: Pick<ManuscriptExport, 'model' | 'numeric'>): PandocInput {
  const byKey = new Map(job.model.cited.map((r) => [r.key, r]));
  const authorInText = job.numeric ? (key: string) => { const r = byKey.get(key); return r ? authorNamesInText(r.item) : undefined; } : undefined;
  return planPandocInput(job.model.text, job.model.convention, job.model.scan, { authorInText, canonical: job.model.resolver.canonical });
}

/**
 * A cited reference as CSL-JSON for pandoc, keyed as cited: the review's record exactly as *Export
 * Cited References* writes it; a library record (or the writer's copy of one of the 72, which our
 * formatter formats in its place) as our formatter gets it, with a list the source ended in "and
 * others" ending in "et al.".
 */
export function pandocItem(r: ResolvedReference, form?: TitleForm, abbreviate?: (journal: string) => string | undefined): Record<string, unknown> {
  const record = exportRecord(r);
  if (record === r.review) return toCslJson(record);
  const protectedWords = Array.isArray(record['title-protected']) ? (record['title-protected'] as string[]) : [];
  const out: Record<string, unknown> = { ...record };
  // The names as our formatter gets them (core/library/merge.ts formatterItems): "Ji-woo" → "JW".
  for (const role of ['author', 'editor']) if (Array.isArray(out[role])) out[role] = (out[role] as Parameters<typeof initialisable>[0][]).map(initialisable);
  if (out['authors-truncated'] && Array.isArray(out.author) && !out.author.some((a) => (a as { literal?: string })?.literal === 'et al.')) {
    out.author = [...(out.author as unknown[]), { literal: 'et al.' }];
  }
  delete out['authors-truncated'];
  delete out['title-protected'];
  // Title and journal as our formatter prints them for this style (pandoc reads CSL-JSON as stored).
  return form ? itemInForm(out, form, protectedWords, abbreviate) : out;
}

export async function exportManuscript(job: ManuscriptExport): Promise<ManuscriptExportResult> {
  const input = planManuscript(job);
  const form = titleFormOf(parseStyleXml(job.styleCsl));
  const cited = job.model.cited;
  // The corrections our formatter applies to every item it formats (et al., a missing volume).
  const asFormatted = cited.map((r) => ({ ...r.item, id: r.key }));
  const result = await exportDocx({
    input,
    outFile: job.outFile,
    resourceDir: job.resourceDir,
    cslXml: input.citeproc ? job.styleCsl : undefined,
    references: cited.map((r) => pandocItem(r, form, job.journalAbbreviation)),
    corrections: correctionsFor(asFormatted),
    referenceDoc: job.referenceDoc,
    pandocPath: job.pandocPath,
    signal: job.signal,
    protect: job.protect,
  });
  const notes: string[] = [];
  if (input.note) notes.push(input.note);
  if (input.unknown.length) notes.push(`Unknown citation keys, printed by pandoc as "key?": ${input.unknown.join(', ')}`);
  if (result.leftOut.length) {
    notes.push(`Left out of the Word file (a manuscript may embed only files from its own folder, nothing from the network): ${result.leftOut.join('; ')}`);
  }
  return { ...result, input, notes };
}
