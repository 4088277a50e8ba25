// Shapes of the writer's own library. Pure data: no `vscode`, no file system here.

import type { CslItem } from '../types';

export type { CslItem } from '../types';

/** One reference of a library file, as CSL-JSON, with where it was read. */
export interface LibraryEntry {
  /** Citation key, as the writer cites it (`[@key]`, `\cite{key}`). */
  key: string;
  /** CSL-JSON: `id` and `citation-key` equal the key; `authors-truncated` when the list ended in "and others". */
  item: CslItem;
  /** File name as given (path or URI string). */
  file: string;
  /** 1-based line where the entry starts. */
  line: number;
}

/** Something wrong in a library file: a malformed entry, a duplicate key, an encoding guess. */
export interface LibraryProblem {
  file: string;
  /** 1-based line; 0 when the problem is the whole file (unreadable, unknown format). */
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

/** One parsed library file. */
export interface LibraryFile {
  file: string;
  format: LibraryFormat;
  entries: LibraryEntry[];
  problems: LibraryProblem[];
}

export type LibraryFormat = 'bibtex' | 'csljson' | 'cslyaml' | 'ris' | 'endnotexml';
