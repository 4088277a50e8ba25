// The engine the command line runs: the knowledge base, the formatter, and a file's manuscript
// model — the same analysis the extension makes of an open document.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { declaredStyle } from '../core/styles/declaredStyle';
import { CslFileError } from '../core/styles/resolveStyle';
import { useStyle } from '../node/styleFiles';
import { CitationFormatter } from '../core/format/citations';
import { languageOfFile } from '../core/manuscript/languages';
import { analyseManuscript, DEFAULT_SETTINGS, type Manuscript } from '../core/manuscript/model';
import { reviewResolver, type ReferenceResolver } from '../core/manuscript/resolver';
import type { MergedLibrary } from '../core/library/merge';
import { cliLibrary } from '../node/library';
import type { Reference } from '../core/types';
import type { Convention } from '../core/types';
import { UsageError, type Parsed } from './args';
import { loadKnowledgeBase } from '../node/dataFiles';
import { lazyJournalAbbreviation } from '../node/journalAbbreviations';

export function loadEngine() {
  // The bundle is dist/cli.js: the data sit beside dist/, the styles in dist/csl/.
  const root = join(__dirname, '..');
  const kb = loadKnowledgeBase(join(root, 'data'));
  const cslDir = join(__dirname, 'csl');
  const formatter = new CitationFormatter([...kb.references], (file: string) => JSON.parse(readFileSync(join(cslDir, file), 'utf8')));
  // A writer's record without its journal's abbreviation gets the NLM one (the list is read on first need).
  formatter.journalAbbreviation = lazyJournalAbbreviation(join(root, 'data'), (message) => process.stderr.write(`iscls: ${message}\n`));
  const resolver: ReferenceResolver = reviewResolver(kb.references);
  return { kb, formatter, resolver, library: undefined as MergedLibrary | undefined };
}

/**
 * Adds the writer's library (`--library` files, and the ones `document` declares) to the engine:
 * its keys resolve, its entries format. Problems go to stderr as warnings; nothing is written.
 */
export function useLibrary(engine: Engine, parsed: Parsed, document?: { path: string; text: string }): void {
  if (engine.library) return;
  const { merged, warnings } = cliLibrary(engine.kb.references, engine.formatter, parsed.libraries ?? [], document);
  for (const warning of warnings) process.stderr.write(`iscls: ${warning}\n`);
  if (merged.libraryWorks().length === 0 && (parsed.libraries ?? []).length === 0) return;
  engine.library = merged;
  engine.resolver = merged;
}

export type Engine = ReturnType<typeof loadEngine>;

/**
 * The style to format with: `--style` (an id, a journal's style id or a `.csl` file), else the
 * document's own `csl:` (a path relative to it), else the default. A style that cannot be used is a
 * usage error with the reason.
 */
export function styleOf(parsed: Parsed, engine: Engine, document?: { path: string; text: string }): string {
  const flag = parsed.flags.get('--style') as string | undefined;
  const declared = flag === undefined && document ? declaredStyle(document.text) : undefined;
  const request = flag ?? declared ?? DEFAULT_SETTINGS.style;
  try {
    return useStyle(engine.formatter, request, declared !== undefined ? dirname(resolve(document!.path)) : process.cwd(), __dirname).info.id;
  } catch (error) {
    if (error instanceof CslFileError) throw new UsageError(`${declared !== undefined ? `${document!.path}: csl: ` : ''}${error.message}`);
    throw error;
  }
}

/** The convention `--format` asks for, or `auto`: the file's language and its markers decide. */
export function conventionSetting(parsed: Parsed): Convention | 'auto' {
  const format = parsed.flags.get('--format');
  if (format === undefined) return 'auto';
  if (format !== 'pandoc' && format !== 'latex' && format !== 'numeric') throw new UsageError(`unknown format '${String(format)}' (pandoc, latex or numeric)`);
  return format;
}

/** A file's manuscript model, as the extension would see the file opened in VS Code. */
export function manuscriptOf(engine: Engine, parsed: Parsed, file: string, text: string, style: string): Manuscript {
  useLibrary(engine, parsed, { path: file, text });
  const settings = { ...DEFAULT_SETTINGS, style, convention: conventionSetting(parsed) };
  return analyseManuscript(text, languageOfFile(file), settings, engine.resolver);
}
