// The command line's arguments: usage text, flags, positional arguments, input files.
import { existsSync, statSync } from 'node:fs';
import { FileRefusal, readManuscript } from '../node/safeFile';

export const USAGE = `usage: iscls <command> [options]

  refs [--json | --style S]                 list the 72 references (formatted in style S), then the library's
  styles [S --csl] [--journal Q]            list the citation styles; with --csl, style S as a .csl file;
                                            with --journal, the journals' styles matching a name,
                                            abbreviation or ISSN (their ids work as --style S)
  terms FILE [--json | --count]             ISCLS terms found in FILE (start, end, text, concept),
                                            or hits per concept (any file size)
  cite KEY... [--style S] [--format F]      a citation of KEYs (F: pandoc, latex, numeric) and its references
  bib FILE [--style S] [--format F] [--write]
                                            renumber FILE's citations and create/update its reference list;
                                            prints the result, or replaces FILE atomically with --write
  convert FILE --to pandoc|latex|numeric [--marker brackets|superscript] [--style S] [--write]
                                            rewrite every citation of FILE in another convention (numbers
                                            map through the list's keys=); the list follows;
                                            --marker defaults to the extension's (AMA Markdown: superscript);
                                            a numeric FILE --to numeric: every marker re-rendered in that one form
  export (FILE | --all) --to bibtex|ris|csljson|cslyaml
                                            the references FILE cites (or all) in an exchange format
  docx FILE [--out F] [--style S] [--reference-doc D] [--pandoc P] [--library F...]
                                            FILE as Word through pandoc: citations and one reference list
                                            in style S (default FILE.docx beside FILE), where the list,
                                            \\printbibliography or \\bibliography{} stands
  check FILE [--style S] [--json]           Check Reference List: unknown keys, missing volume/pages/year/
                                            DOI or PMID, first pages without range, "et al." to complete,
                                            the same work twice, abbreviations supplied, titles converted;
                                            exit code 1 when there is a problem
  search QUERY [--json]                     fuzzy search of sections, terms and references

--library FILE (repeatable; .bib, .json, .yaml, .ris, .xml) adds the writer's own library to refs,
cite, bib, convert, export, docx, check and search; a FILE's own bibliography: / \\addbibresource is read too.

--style S: a shipped style, a journal's style id (styles --journal) or a .csl file; a Markdown FILE's own
csl: in its YAML header counts when --style is not given. Default style: american-medical-association. Reference material, not medical advice.`;

/** Bad input: one line on stderr, exit code 2, nothing written. */
export class UsageError extends Error {}

export interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
  /** `--library FILE`, repeatable: the writer's own library files, in priority order. */
  libraries: string[];
}

const VALUE_FLAGS = new Set(['--journal', '--style', '--format', '--to', '--out', '--reference-doc', '--pandoc', '--marker']);
const BOOLEAN_FLAGS = new Set(['--json', '--write', '--all', '--help', '-h', '--csl', '--count']);

export function parseArgs(args: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const libraries: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--library') {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      libraries.push(value);
    } else if (VALUE_FLAGS.has(arg)) {
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
  return { positional, flags, libraries };
}

/** FILE's text; with `read` false only checks that it is a readable file (streamed elsewhere). */
export function readInput(file: string | undefined, what: string, read = true): string {
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
