// The writer's library: one entry point that reads any supported file by its extension.
import { parseBibtex, parseBibtexInSlices } from './bibtex';
import { parseCslJson, parseCslYaml } from './csl';
import { decodeLibrary } from './decode';
import { parseEndnoteXml } from './endnoteXml';
import { parseRis } from './ris';
import type { LibraryFile, LibraryFormat } from './types';

export type { CslItem, LibraryEntry, LibraryFile, LibraryFormat, LibraryProblem } from './types';

const BY_EXTENSION: Record<string, LibraryFormat> = {
  bib: 'bibtex', bibtex: 'bibtex', biblatex: 'bibtex', json: 'csljson', yaml: 'cslyaml', yml: 'cslyaml',
  ris: 'ris', txt: 'ris', xml: 'endnotexml',
};

/** The format of a library file from its name, or undefined when the extension is not one we read. */
export function libraryFormat(file: string): LibraryFormat | undefined {
  const m = /\.([A-Za-z]+)$/.exec(file);
  return m ? BY_EXTENSION[m[1].toLowerCase()] : undefined;
}

/** The extensions of library files, for file pickers and globs. */
export const LIBRARY_EXTENSIONS = ['bib', 'json', 'yaml', 'yml', 'ris', 'xml'] as const;

/**
 * Parses the text of a library file in the given format. An empty file (or one of blanks only: a
 * reference manager caught half-way through rewriting its export) has no entries and no problems.
 */
export function parseLibraryText(text: string, file: string, format: LibraryFormat): LibraryFile {
  if (!/\S/.test(text)) return { file, format, entries: [], problems: [] };
  switch (format) {
    case 'bibtex':
      return parseBibtex(text, file);
    case 'csljson':
      return parseCslJson(text, file);
    case 'cslyaml':
      return parseCslYaml(text, file);
    case 'ris':
      return parseRis(text, file);
    case 'endnotexml':
      return parseEndnoteXml(text, file);
  }
}

/** Parses a library file's bytes (any encoding we can decode); the format comes from its name. */
export function parseLibrary(bytes: Uint8Array, file: string): LibraryFile {
  const format = libraryFormat(file);
  if (!format) {
    return { file, format: 'bibtex', entries: [], problems: [{ file, line: 0, severity: 'error', message: `unknown library format "${file}" (expected .bib, .json, .yaml, .ris or .xml)` }] };
  }
  const { text, problems, binary } = decodeLibrary(bytes, file);
  if (binary) return { file, format, entries: [], problems };
  const parsed = parseLibraryText(text, file, format);
  return { ...parsed, problems: [...problems, ...parsed.problems] };
}

/**
 * Like {@link parseLibrary}, but a BibTeX file is read in slices with `pause()` awaited between
 * them (`nextTurn` of slices.ts), so the caller's thread stays responsive.
 */
export async function parseLibraryInSlices(bytes: Uint8Array, file: string, pause: () => Promise<void>): Promise<LibraryFile> {
  if (libraryFormat(file) !== 'bibtex') return parseLibrary(bytes, file);
  // Decoded in one call: decoding in slices still ends in joining them into one string, a block as
  // long as this whole decode (one fresh allocation of the text's size), for twice the CPU.
  const { text, problems, binary } = decodeLibrary(bytes, file);
  if (binary) return { file, format: 'bibtex', entries: [], problems };
  const parsed = await parseBibtexInSlices(text, file, pause);
  return { ...parsed, problems: [...problems, ...parsed.problems] };
}
