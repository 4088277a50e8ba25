// The style a CLI run or a Word export asks for, resolved with the files it names (core/styles/resolveStyle.ts):
// `.csl` paths are read from disk, the journal index from dist/journals.json beside the bundle, on first use.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { CitationFormatter } from '../core/format/citations';
import { JournalIndex, type JournalData } from '../core/styles/journalIndex';
import { isCslPath, resolveStyle, type ResolvedStyle } from '../core/styles/resolveStyle';

let journals: JournalIndex | undefined;

/** dist/journals.json beside the bundle (`distDir`), read once. */
export function journalIndexAt(distDir: string): JournalIndex | undefined {
  if (!journals) {
    try {
      journals = new JournalIndex(JSON.parse(readFileSync(join(distDir, 'journals.json'), 'utf8')) as JournalData);
    } catch {
      return undefined;
    }
  }
  return journals;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Resolves `request` (a style id or a `.csl` path relative to `baseDir`) and registers it with the
 * formatter; returns the style id to format with. Throws CslFileError with the writer's message.
 */
export function useStyle(formatter: CitationFormatter, request: string, baseDir: string, distDir: string): ResolvedStyle {
  const wanted = isCslPath(request) && !isAbsolute(request) ? resolve(baseDir, request) : request;
  const style = resolveStyle(wanted, { shipped: formatter.shippedStyles(), journals: () => journalIndexAt(distDir), readFile: readText });
  formatter.addStyle(style);
  return style;
}

/** A style's `.csl` text for pandoc: the shipped file in `cslDir`, or the text the style came from. */
export function styleCslText(formatter: CitationFormatter, style: string, cslDir: string): string {
  const layout = formatter.styleLayout(style);
  return 'shipped' in layout ? readFileSync(join(cslDir, `${layout.shipped}.csl`), 'utf8') : layout.xml;
}
