// `iscls styles S --csl` and `iscls docx FILE`: the shipped styles as .csl files, and Word output
// through pandoc (src/node/pandocExport.ts).
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { exportManuscript } from '../node/pandocExport';
import { styleCslText } from '../node/styleFiles';
import { PandocError } from '../node/pandoc';
import { readInput, UsageError, type Parsed } from './args';
import { manuscriptOf, styleOf, type Engine } from './engine';

/** The shipped style's official `.csl` file, beside the bundle in dist/csl/ (scripts/extract-styles.mjs). */
function styleCsl(style: string): string {
  return readFileSync(join(__dirname, 'csl', `${style}.csl`), 'utf8');
}

/** The shipped style S as `.csl` XML. */
export function cslOf(style: string, engine: Engine): string {
  if (!style) throw new UsageError('styles --csl needs a style id (see iscls styles)');
  const info = engine.formatter.styles().find((s) => s.id === style);
  if (!info) throw new UsageError(`unknown style '${style}' (try: ${engine.formatter.styles().map((s) => s.id).join(', ')})`);
  return styleCsl(info.id);
}

export async function docx(parsed: Parsed, engine: Engine): Promise<void> {
  const file = parsed.positional[0];
  const text = readInput(file, 'docx');
  const path = file!;
  const style = styleOf(parsed, engine, { path, text });
  const outFile = (parsed.flags.get('--out') as string | undefined) ?? join(dirname(path), `${basename(path, extname(path))}.docx`);
  // The file's model as the other commands read it: `--library FILE` (repeatable) and the libraries
  // the document declares (`bibliography:`, `\addbibresource`) resolve beside the review's 72.
  const model = manuscriptOf(engine, parsed, path, text, style);
  const referenceDoc = parsed.flags.get('--reference-doc') as string | undefined;
  // Ctrl-C or SIGTERM stops pandoc; the temporary files are removed before the exit.
  const abort = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals) => {
    stoppedBy = signal;
    abort.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const result = await exportManuscript({
      model,
      style,
      numeric: engine.formatter.isNumeric(style),
      styleCsl: styleCslText(engine.formatter, style, join(__dirname, 'csl')),
      outFile,
      resourceDir: dirname(path),
      referenceDoc,
      pandocPath: (parsed.flags.get('--pandoc') as string | undefined) ?? process.env.ISCLS_PANDOC,
      signal: abort.signal,
      journalAbbreviation: engine.formatter.journalAbbreviation,
      protect: [path, ...(referenceDoc ? [referenceDoc] : []), ...parsed.libraries],
    });
    for (const note of result.notes) process.stderr.write(`iscls: ${note}\n`);
    process.stderr.write(`${file}: wrote ${result.outFile} (pandoc ${result.pandocVersion}, ${result.input.citeproc ? `${result.input.keys.length} references in ${style}` : 'numbers as written'})\n`);
  } catch (error) {
    if (stoppedBy) {
      process.stderr.write(`iscls: interrupted; nothing was written\n`);
      process.exit(stoppedBy === 'SIGINT' ? 130 : 143);
    }
    if (error instanceof PandocError) {
      if (error.stderr.trim()) process.stderr.write(error.stderr.trimEnd() + '\n');
      throw new UsageError(error.message);
    }
    throw error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
