// The subcommands, one function each; `COMMANDS` is the table `run` dispatches on.
import { writeManuscript } from '../node/safeFile';
import { TermMatcher } from '../core/search/termMatcher';
import { countTermsInFile } from '../node/termFile';
import { latexBibUpdate } from './latexBib';
import { KnowledgeSearch } from '../core/search/search';
import { exportRecord, exportReferences, type ExportRecord } from '../core/export/export';
import { applyEdits, planConversion } from '../core/manuscript';
import { referenceShortLabel } from '../core/presentation/labels';
import { citationContextOf, DEFAULT_SETTINGS, type Manuscript } from '../core/manuscript/model';
import { decideListUpdate } from '../core/manuscript/listUpdate';
import { manuscriptFindings } from '../core/manuscript/findings';
import type { CitationContext } from '../core/manuscript';
import type { ExportFormat } from '../core/types';
import { REVIEW_SOURCE } from '../core/manuscript/resolver';
import { readInput, UsageError, type Parsed } from './args';
import { conventionSetting, manuscriptOf, styleOf, useLibrary, type Engine } from './engine';
import { journalIndexAt } from '../node/styleFiles';
import { itemShortLabel } from '../core/search/search';
import { cslOf, docx } from './docx';
import { check } from './check';

export interface Invocation {
  parsed: Parsed;
  engine: Engine;
  /** Writes one line to stdout. */
  out(text: string): void;
}

function refs({ parsed, engine, out }: Invocation): void {
  useLibrary(engine, parsed);
  const own = engine.library?.works.filter((w) => w.entry && !w.review) ?? [];
  if (parsed.flags.has('--json')) {
    out(JSON.stringify([...engine.kb.references, ...own.map((w) => w.item)], null, 2));
    return;
  }
  const style = parsed.flags.has('--style') ? styleOf(parsed, engine) : undefined;
  for (const r of engine.kb.references) {
    out(style ? `${r.number}. ${engine.formatter.reference(r['citation-key'], style, 'text')}` : `${r.number}\t${r['citation-key']}\t${referenceShortLabel(r)}\t${r.title}`);
  }
  // The writer's own references after the 72, each with its source in place of a number.
  for (const w of own) {
    out(style ? `${w.source}: ${engine.formatter.reference(w.key, style, 'text')}` : `${w.source}\t${w.key}\t${itemShortLabel(w.item)}\t${String(w.item.title ?? '')}`);
  }
}

function styles({ parsed, engine, out }: Invocation): void {
  const query = parsed.flags.get('--journal');
  if (typeof query === 'string') {
    const index = journalIndexAt(__dirname);
    if (!index) throw new UsageError('the journal index (dist/journals.json) is missing from this installation');
    const found = index.search(query, 20);
    if (found.length === 0) throw new UsageError(`no journal matches '${query}'`);
    for (const j of found) out(`${j.style}\t${j.title}\t${[j.issn, j.eissn].filter(Boolean).join(', ')}\t${j.parent ? `style of ${j.parent}` : `own style, not bundled: https://www.zotero.org/styles/${j.style}`}`);
    return;
  }
  if (parsed.flags.has('--csl') || parsed.positional.length) {
    out(cslOf(parsed.positional[0] ?? '', engine).trimEnd());
    return;
  }
  for (const s of engine.formatter.styles()) out(`${s.id}\t${s.label}${s.numeric ? '\t(numeric)' : ''}`);
}

function terms({ parsed, engine, out }: Invocation): void {
  if (parsed.flags.has('--count')) {
    readInput(parsed.positional[0], 'terms', false);
    const counts = countTermsInFile(new TermMatcher([...engine.kb.terms]), parsed.positional[0]!);
    for (const [id, n] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) out(`${n}\t${id}`);
    return;
  }
  const text = readInput(parsed.positional[0], 'terms');
  const hits = new TermMatcher([...engine.kb.terms]).findAll(text);
  if (parsed.flags.has('--json')) {
    out(JSON.stringify(hits.map((h) => ({ start: h.start, end: h.end, text: h.text, concept: h.termId })), null, 2));
    return;
  }
  // Hits come in document order: count lines from the previous hit on, not from the start each time
  // (that was quadratic: minutes on a long manuscript).
  let line = 1;
  let lineStart = 0;
  let from = 0;
  for (const hit of hits) {
    for (let nl = text.indexOf('\n', from); nl !== -1 && nl < hit.start; nl = text.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    from = Math.max(from, lineStart);
    out(`${line}:${hit.start - lineStart + 1}\t${hit.text}\t${hit.termId}`);
  }
}

function cite({ parsed, engine, out }: Invocation): void {
  const keys = parsed.positional;
  if (keys.length === 0) throw new UsageError('cite needs at least one KEY');
  useLibrary(engine, parsed);
  for (const key of keys) if (!engine.resolver.has(key)) throw new UsageError(`unknown reference key '${key}'${engine.library ? '' : ' (your own references: --library FILE)'}`);
  const style = styleOf(parsed, engine);
  const setting = conventionSetting(parsed);
  const convention = setting === 'auto' ? 'numeric' : setting;
  const unique = [...new Set(keys)];
  if (convention === 'pandoc') out(`[${unique.map((k) => `@${k}`).join('; ')}]`);
  else if (convention === 'latex') out(`\\cite{${unique.join(',')}}`);
  else out(`[${unique.map((_, i) => i + 1).join(',')}]`);
  engine.formatter.bibliography(unique, style, 'text').forEach((entry, i) => out(`${i + 1}. ${entry}`));
}

/** Prints the result, or with --write replaces FILE keeping its mode, owner, symlink and hard links. */
function writeResult(parsed: Parsed, file: string, text: string, result: string, changed: string, unchanged: string): void {
  if (!parsed.flags.has('--write')) {
    process.stdout.write(result);
    return;
  }
  if (result !== text) writeManuscript(file, result);
  process.stderr.write(`${file}: ${result === text ? unchanged : changed}\n`);
}

/**
 * Like pandoc's "citation X not found": each key the list cannot resolve, on stderr with its line,
 * by the rule the editor's diagnostics use (the exit code stays 0: the list is still written).
 */
function warnUnknownKeys(file: string, model: Manuscript, context: CitationContext): void {
  for (const finding of manuscriptFindings(model, context, (key) => key)) {
    if (finding.code !== 'unknown-key') continue;
    const line = model.text.slice(0, finding.start).split('\n').length;
    const key = model.text.slice(finding.start, finding.end);
    process.stderr.write(`${file}:${line}: warning: citation '${key}' not found (neither in the review nor in your library): it gets no entry\n`);
  }
}

function bib({ parsed, engine }: Invocation): void {
  const file = parsed.positional[0];
  const text = readInput(file, 'bib');
  const model = manuscriptOf(engine, parsed, file!, text, styleOf(parsed, engine, { path: file!, text }));
  const context = citationContextOf(model, engine.formatter);
  const decision = decideListUpdate(model, context, { create: true });
  switch (decision.kind) {
    case 'mismatch': {
      const { found, count } = decision.mismatch;
      throw new UsageError(
        `${file} cites with ${found} markers (${count}), not ${model.convention} ones: the list would lose them. ` +
          `Convert first: iscls convert ${file} --to ${model.convention} --write`,
      );
    }
    case 'nothing':
      return writeResult(parsed, file!, text, text, '', 'cites no ISCLS reference: no reference list to write');
    case 'own-bib':
      // A LaTeX document that prints its own .bib (biblatex, natbib): the cited entries go to iscls-references.bib.
      return latexBibUpdate(parsed, engine, file!, model, decision.bib);
    case 'refused':
      throw new Error(decision.message);
    case 'edits':
      warnUnknownKeys(file!, model, context);
      return writeResult(parsed, file!, text, applyEdits(text, decision.edits), `updated (${decision.edits.length} edits)`, 'reference list already up to date');
  }
}

function convert({ parsed, engine }: Invocation): void {
  const file = parsed.positional[0];
  const text = readInput(file, 'convert');
  const to = parsed.flags.get('--to');
  if (to !== 'pandoc' && to !== 'latex' && to !== 'numeric') throw new UsageError('convert needs --to pandoc, latex or numeric');
  // No --marker: the same marker the extension would write (AMA Markdown: superscript, else brackets).
  const marker = parsed.flags.get('--marker');
  if (marker !== undefined && marker !== 'brackets' && marker !== 'superscript') throw new UsageError(`unknown marker '${String(marker)}' (brackets or superscript)`);
  const model = manuscriptOf(engine, parsed, file!, text, styleOf(parsed, engine, { path: file!, text }));
  const from = model.convention;
  const context = citationContextOf(model, engine.formatter);
  const conversion = planConversion(text, from, to, marker ? { ...context, numericMarker: marker } : context);
  for (const note of conversion.notes) process.stderr.write(`iscls: ${note}\n`);
  const list = conversion.list === 'none' ? '' : `, reference list ${conversion.list}`;
  // numeric → numeric: the markers re-rendered in the style's one form (or --marker's).
  const done = from === to ? `normalised ${conversion.converted} citation markers` : `converted ${conversion.converted} citations from ${from} to ${to}${list}`;
  writeResult(parsed, file!, text, applyEdits(text, conversion.edits), done, from === to ? 'markers already in one form' : 'nothing to convert');
}

function exportCommand({ parsed, engine, out }: Invocation): void {
  const to = parsed.flags.get('--to');
  if (to !== 'bibtex' && to !== 'ris' && to !== 'csljson' && to !== 'cslyaml') throw new UsageError(`export needs --to bibtex, ris, csljson or cslyaml`);
  let references: ExportRecord[];
  if (parsed.flags.has('--all')) {
    useLibrary(engine, parsed);
    references = engine.library ? engine.library.works.map((w) => w.item) : [...engine.kb.references];
  } else {
    const file = parsed.positional[0];
    const text = readInput(file, 'export');
    const model = manuscriptOf(engine, parsed, file!, text, DEFAULT_SETTINGS.style);
    references = model.cited.map(exportRecord);
    if (references.length === 0) throw new UsageError(`${file} cites no ISCLS reference (use --all for the whole list)`);
  }
  out(exportReferences(references, to as ExportFormat).trimEnd());
}

function search({ parsed, engine, out }: Invocation): void {
  const query = parsed.positional.join(' ').trim();
  if (!query) throw new UsageError('search needs a QUERY');
  const index = new KnowledgeSearch({ references: [...engine.kb.references], sections: [...engine.kb.sections], terms: [...engine.kb.terms] });
  useLibrary(engine, parsed);
  if (engine.library) index.setReferences(engine.library.works);
  const hits = index.search(query, { limit: 15 });
  if (parsed.flags.has('--json')) {
    out(JSON.stringify(hits, null, 2));
    return;
  }
  for (const hit of hits) out(`${hit.kind}\t${hit.id}\t${hit.label}${hit.source && hit.source !== REVIEW_SOURCE ? `\t${hit.source}` : ''}`);
}

export const COMMANDS: Record<string, (invocation: Invocation) => void | Promise<void>> = {
  refs,
  styles,
  terms,
  cite,
  bib,
  convert,
  export: exportCommand,
  docx: ({ parsed, engine }) => docx(parsed, engine),
  check: ({ parsed, engine, out }) => check(parsed, engine, out),
  search,
};
