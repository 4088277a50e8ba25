// `iscls`: the extension's engine on the command line, for pandoc pipelines and scripts.
// Errors are one line on stderr with exit code 2, and nothing is written.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { KnowledgeBase } from './core/knowledge';
import { CitationFormatter } from './core/citations';
import { TermMatcher } from './core/termMatcher';
import { countTermsInFile } from './node/termFile';
import { KnowledgeSearch } from './core/search';
import { exportReferences } from './core/export';
import { applyEdits, detectMarkup, planListUpdate, scanDocument, type CitationContext } from './core/documentCitations';
import { checkConvention, detectConvention, planConversion } from './core/manuscript';
import { referenceShortLabel } from './core/hoverContent';
import type { Convention, ExportFormat, Reference } from './core/types';
import { styleToCslXml, type XmlJsonNode } from './core/cslXml';
import { exportManuscript } from './node/pandocExport';
import { PandocError } from './node/pandoc';
import { FileRefusal, readManuscript, writeManuscript } from './node/safeFile';
import { detectLatexBibliography, type LatexBibliography } from './core/latexBibliography';
import { planLatexBibUpdate, writeBibExport } from './node/bibExport';

const USAGE = `usage: iscls <command> [options]

  refs [--json | --style S]                 list the 72 references (formatted in style S)
  styles [S --csl]                          list the citation styles; with --csl, style S as a .csl file
  terms FILE [--json | --count]             ISCLS terms found in FILE (start, end, text, concept),
                                            or hits per concept (any file size)
  cite KEY... [--style S] [--format F]      a citation of KEYs (F: pandoc, latex, numeric) and its references
  bib FILE [--style S] [--format F] [--write]
                                            renumber FILE's citations and create/update its reference list;
                                            prints the result, or replaces FILE atomically with --write
  convert FILE --to pandoc|latex|numeric [--marker brackets|superscript] [--style S] [--write]
                                            rewrite every citation of FILE in another convention (numbers
                                            map through the list's keys=); the list follows
  export (FILE | --all) --to bibtex|ris|csljson|cslyaml
                                            the references FILE cites (or all) in an exchange format
  docx FILE [--out F] [--style S] [--reference-doc D] [--pandoc P]
                                            FILE as Word through pandoc: citations and one reference list
                                            in style S (default FILE.docx beside FILE)
  search QUERY [--json]                     fuzzy search of sections, terms and references

Default style: american-medical-association. Reference material, not medical advice.`;

class UsageError extends Error {}

interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set(['--style', '--format', '--to', '--out', '--reference-doc', '--pandoc', '--marker']);
const BOOLEAN_FLAGS = new Set(['--json', '--write', '--all', '--help', '-h', '--csl', '--count']);

function parseArgs(args: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (VALUE_FLAGS.has(arg)) {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      flags.set(arg, value);
    } else if (BOOLEAN_FLAGS.has(arg)) {
      flags.set(arg, true);
    } else if (arg.startsWith('--')) {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  return { positional, flags };
}

function loadEngine() {
  const root = join(__dirname, '..');
  const kb = KnowledgeBase.load(join(root, 'data'));
  const cslDir = join(__dirname, 'csl');
  const formatter = new CitationFormatter([...kb.references], (file: string) => JSON.parse(readFileSync(join(cslDir, file), 'utf8')));
  return { kb, formatter };
}

type Engine = ReturnType<typeof loadEngine>;

function styleOf(parsed: Parsed, engine: Engine): string {
  const style = (parsed.flags.get('--style') as string | undefined) ?? 'american-medical-association';
  if (!engine.formatter.hasStyle(style)) {
    throw new UsageError(`unknown style '${style}' (try: ${engine.formatter.styles().map((s) => s.id).join(', ')})`);
  }
  return style;
}

function conventionFor(parsed: Parsed, file?: string, text?: string): Convention {
  const format = parsed.flags.get('--format');
  if (typeof format === 'string') {
    if (format !== 'pandoc' && format !== 'latex' && format !== 'numeric') throw new UsageError(`unknown format '${format}' (pandoc, latex or numeric)`);
    return format;
  }
  const language = file ? languageOf(file) : 'plaintext';
  // With the text: its markers win over the extension (a .md file citing [1] is numeric).
  if (text !== undefined) return detectConvention(language, text);
  return language === 'markdown' ? 'pandoc' : language === 'latex' ? 'latex' : 'numeric';
}

/** The VS Code language a file would open as, from its extension. */
function languageOf(file: string): 'markdown' | 'latex' | 'plaintext' {
  const extension = extname(file).toLowerCase();
  if (['.md', '.markdown', '.qmd', '.rmd'].includes(extension)) return 'markdown';
  if (['.tex', '.ltx', '.latex'].includes(extension)) return 'latex';
  return 'plaintext';
}

function readInput(file: string | undefined, what: string, read = true): string {
  if (!file) throw new UsageError(`${what} needs a FILE`);
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  if (statSync(file).isDirectory()) throw new UsageError(`${file} is a folder, not a file`);
  if (!read) return '';
  try {
    return readManuscript(file); // regular UTF-8 files only: one-line refusals, nothing changed
  } catch (error) {
    throw new UsageError(error instanceof FileRefusal ? error.message : `cannot read ${file}: ${(error as Error).message}`);
  }
}


function citationContext(engine: Engine, style: string, file: string): CitationContext {
  return {
    knownKeys: engine.kb.keys(),
    markup: detectMarkup(languageOf(file)),
    style,
    formatEntries: (keys: string[], s: string) => engine.formatter.entriesInOrder(keys, s, 'text'),
    listOrder: (keys: string[], s: string) => engine.formatter.listOrder(keys, s),
  };
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

/** `bib` for a LaTeX document that prints its own .bib (biblatex, natbib): the cited entries go to iscls-references.bib. */
function latexBibUpdate(parsed: Parsed, engine: Engine, file: string, text: string, ownBib: LatexBibliography): void {
  const scan = scanDocument(text, 'latex', { knownKeys: engine.kb.keys() });
  const byKey = new Map(engine.kb.references.map((r) => [r.id, r]));
  const update = planLatexBibUpdate(file, text, ownBib, scan.order, byKey, scan.list);
  const note = `${update.keys.length} entries for ${basename(update.bibFile)}${update.inWriterLibrary.length ? ` (already in your .bib: ${update.inWriterLibrary.join(', ')})` : ''}`;
  if (!parsed.flags.has('--write')) {
    process.stdout.write(update.text);
    process.stderr.write(`${file}: ${ownBib.package} document; with --write: ${note}\n`);
    return;
  }
  const written = writeBibExport(update.bibFile, update.bibText);
  if (update.text !== text) writeManuscript(file, update.text);
  process.stderr.write(`${file}: ${ownBib.package} document${update.text !== text ? ` updated (${update.edits} edits)` : ''}; ${written.changed ? 'wrote' : 'unchanged'} ${note}\n`);
}

/** The shipped style S as `.csl` XML. */
function cslOf(style: string, engine: Engine): string {
  if (!style) throw new UsageError('styles --csl needs a style id (see iscls styles)');
  const info = engine.formatter.styles().find((s) => s.id === style);
  if (!info) throw new UsageError(`unknown style '${style}' (try: ${engine.formatter.styles().map((s) => s.id).join(', ')})`);
  return styleToCslXml(JSON.parse(readFileSync(join(__dirname, 'csl', `${style}.json`), 'utf8')) as XmlJsonNode, { id: info.id, title: info.label });
}

async function docx(parsed: Parsed, engine: Engine): Promise<void> {
  const file = parsed.positional[0];
  const text = readInput(file, 'docx');
  const style = styleOf(parsed, engine);
  const info = engine.formatter.styles().find((s) => s.id === style)!;
  const outFile = (parsed.flags.get('--out') as string | undefined) ?? join(dirname(file), `${basename(file, extname(file))}.docx`);
  const format = parsed.flags.get('--format');
  try {
    const result = await exportManuscript({
      text,
      languageId: languageOf(file),
      convention: typeof format === 'string' ? conventionFor(parsed, file) : undefined,
      markup: detectMarkup(languageOf(file)),
      style,
      styleLabel: info.label,
      styleTree: JSON.parse(readFileSync(join(__dirname, 'csl', `${style}.json`), 'utf8')) as XmlJsonNode,
      references: engine.kb.references,
      outFile,
      resourceDir: dirname(file),
      referenceDoc: parsed.flags.get('--reference-doc') as string | undefined,
      pandocPath: (parsed.flags.get('--pandoc') as string | undefined) ?? process.env.ISCLS_PANDOC,
    });
    for (const note of result.notes) process.stderr.write(`iscls: ${note}\n`);
    process.stderr.write(`${file}: wrote ${result.outFile} (pandoc ${result.pandocVersion}, ${result.input.citeproc ? `${result.input.keys.length} references in ${style}` : 'numbers as written'})\n`);
  } catch (error) {
    if (error instanceof PandocError) {
      if (error.stderr.trim()) process.stderr.write(error.stderr.trimEnd() + '\n');
      throw new UsageError(error.message);
    }
    throw error;
  }
}

function run(args: string[], out: (text: string) => void): void | Promise<void> {
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(USAGE);
    return;
  }
  const parsed = parseArgs(rest);
  if (parsed.flags.has('--help') || parsed.flags.has('-h')) {
    out(USAGE);
    return;
  }
  const engine = loadEngine();
  switch (command) {
    case 'refs': {
      if (parsed.flags.has('--json')) {
        out(JSON.stringify(engine.kb.references, null, 2));
        return;
      }
      const style = parsed.flags.has('--style') ? styleOf(parsed, engine) : undefined;
      for (const r of engine.kb.references) {
        out(style ? `${r.number}. ${engine.formatter.reference(r['citation-key'], style, 'text')}` : `${r.number}\t${r['citation-key']}\t${referenceShortLabel(r)}\t${r.title}`);
      }
      return;
    }
    case 'styles': {
      if (parsed.flags.has('--csl') || parsed.positional.length) {
        out(cslOf(parsed.positional[0] ?? '', engine).trimEnd());
        return;
      }
      for (const s of engine.formatter.styles()) out(`${s.id}\t${s.label}${s.numeric ? '\t(numeric)' : ''}`);
      return;
    }
    case 'terms': {
      if (parsed.flags.has('--count')) {
        readInput(parsed.positional[0], 'terms', false);
        const counts = countTermsInFile(new TermMatcher([...engine.kb.terms]), parsed.positional[0]);
        for (const [id, n] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) out(`${n}\t${id}`);
        return;
      }
      const text = readInput(parsed.positional[0], 'terms');
      const hits = new TermMatcher([...engine.kb.terms]).findAll(text);
      if (parsed.flags.has('--json')) {
        out(JSON.stringify(hits.map((h) => ({ start: h.start, end: h.end, text: h.text, concept: h.termId })), null, 2));
        return;
      }
      for (const hit of hits) {
        const before = text.slice(0, hit.start);
        const line = before.split('\n').length;
        const column = hit.start - before.lastIndexOf('\n');
        out(`${line}:${column}\t${hit.text}\t${hit.termId}`);
      }
      return;
    }
    case 'cite': {
      const keys = parsed.positional;
      if (keys.length === 0) throw new UsageError('cite needs at least one KEY');
      for (const key of keys) if (!engine.kb.reference(key)) throw new UsageError(`unknown reference key '${key}'`);
      const style = styleOf(parsed, engine);
      const convention = conventionFor(parsed);
      const unique = [...new Set(keys)];
      if (convention === 'pandoc') out(`[${unique.map((k) => `@${k}`).join('; ')}]`);
      else if (convention === 'latex') out(`\\cite{${unique.join(',')}}`);
      else out(`[${unique.map((_, i) => i + 1).join(',')}]`);
      engine.formatter.bibliography(unique, style, 'text').forEach((entry, i) => out(`${i + 1}. ${entry}`));
      return;
    }
    case 'bib': {
      const file = parsed.positional[0];
      const text = readInput(file, 'bib');
      const style = styleOf(parsed, engine);
      const convention = conventionFor(parsed, file, text);
      const ownBib = convention === 'latex' ? detectLatexBibliography(text) : undefined;
      if (ownBib) return latexBibUpdate(parsed, engine, file, text, ownBib);
      const context = citationContext(engine, style, file);
      const mismatch = checkConvention(text, convention, context);
      if (mismatch) {
        throw new UsageError(
          `${file} cites with ${mismatch.found} markers (${mismatch.count}), not ${convention} ones: the list would lose them. ` +
            `Convert first: iscls convert ${file} --to ${convention} --write`,
        );
      }
      const edits = planListUpdate(text, convention, context, { create: true });
      writeResult(parsed, file, text, applyEdits(text, edits), `updated (${edits.length} edits)`, 'reference list already up to date');
      return;
    }
    case 'convert': {
      const file = parsed.positional[0];
      const text = readInput(file, 'convert');
      const to = parsed.flags.get('--to');
      if (to !== 'pandoc' && to !== 'latex' && to !== 'numeric') throw new UsageError('convert needs --to pandoc, latex or numeric');
      const marker = parsed.flags.get('--marker') ?? 'brackets';
      if (marker !== 'brackets' && marker !== 'superscript') throw new UsageError(`unknown marker '${String(marker)}' (brackets or superscript)`);
      const style = styleOf(parsed, engine);
      const from = conventionFor(parsed, file, text);
      const conversion = planConversion(text, from, to, { ...citationContext(engine, style, file), numericMarker: marker });
      for (const note of conversion.notes) process.stderr.write(`iscls: ${note}\n`);
      const list = conversion.list === 'none' ? '' : `, reference list ${conversion.list}`;
      writeResult(parsed, file, text, applyEdits(text, conversion.edits), `converted ${conversion.converted} citations from ${from} to ${to}${list}`, 'nothing to convert');
      return;
    }
    case 'export': {
      const to = parsed.flags.get('--to');
      if (to !== 'bibtex' && to !== 'ris' && to !== 'csljson' && to !== 'cslyaml') throw new UsageError(`export needs --to bibtex, ris, csljson or cslyaml`);
      let references: Reference[];
      if (parsed.flags.has('--all')) {
        references = [...engine.kb.references];
      } else {
        const file = parsed.positional[0];
        const text = readInput(file, 'export');
        const scan = scanDocument(text, conventionFor(parsed, file), { knownKeys: engine.kb.keys(), markup: detectMarkup(languageOf(file)) });
        references = scan.order.map((key) => engine.kb.reference(key)!).filter(Boolean);
        if (references.length === 0) throw new UsageError(`${file} cites no ISCLS reference (use --all for the whole list)`);
      }
      out(exportReferences(references, to as ExportFormat).trimEnd());
      return;
    }
    case 'docx':
      return docx(parsed, engine);
    case 'search': {
      const query = parsed.positional.join(' ').trim();
      if (!query) throw new UsageError('search needs a QUERY');
      const search = new KnowledgeSearch({ references: [...engine.kb.references], sections: [...engine.kb.sections], terms: [...engine.kb.terms] });
      const hits = search.search(query, { limit: 15 });
      if (parsed.flags.has('--json')) {
        out(JSON.stringify(hits, null, 2));
        return;
      }
      for (const hit of hits) out(`${hit.kind}\t${hit.id}\t${hit.label}`);
      return;
    }
    default:
      throw new UsageError(`unknown command '${command}' (see iscls --help)`);
  }
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`iscls: ${message.split('\n')[0]}\n`);
  process.exitCode = 2;
}

try {
  void Promise.resolve(run(process.argv.slice(2), (text) => process.stdout.write(text + '\n'))).catch(fail);
} catch (error) {
  fail(error);
}
