// The engine the command line runs: the knowledge base, the formatter, and a file's manuscript
// model — the same analysis the extension makes of an open document.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KnowledgeBase } from '../core/knowledge';
import { CitationFormatter } from '../core/citations';
import { languageOfFile } from '../core/model/languages';
import { analyseManuscript, DEFAULT_SETTINGS, type Manuscript } from '../core/model/manuscript';
import { reviewResolver } from '../core/model/resolver';
import type { Convention } from '../core/types';
import { UsageError, type Parsed } from './args';

export function loadEngine() {
  // The bundle is dist/cli.js: the data sit beside dist/, the styles in dist/csl/.
  const root = join(__dirname, '..');
  const kb = KnowledgeBase.load(join(root, 'data'));
  const cslDir = join(__dirname, 'csl');
  const formatter = new CitationFormatter([...kb.references], (file: string) => JSON.parse(readFileSync(join(cslDir, file), 'utf8')));
  return { kb, formatter, resolver: reviewResolver(kb.references) };
}

export type Engine = ReturnType<typeof loadEngine>;

export function styleOf(parsed: Parsed, engine: Engine): string {
  const style = (parsed.flags.get('--style') as string | undefined) ?? DEFAULT_SETTINGS.style;
  if (!engine.formatter.hasStyle(style)) {
    throw new UsageError(`unknown style '${style}' (try: ${engine.formatter.styles().map((s) => s.id).join(', ')})`);
  }
  return style;
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
  const settings = { ...DEFAULT_SETTINGS, style, convention: conventionSetting(parsed) };
  return analyseManuscript(text, languageOfFile(file), settings, engine.resolver);
}
