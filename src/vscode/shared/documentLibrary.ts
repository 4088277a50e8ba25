// One document's library: the review's 72 merged with the library files that apply to it (the
// `iscls.library` setting of its workspace folder, then the files it declares), with a formatter and
// a search over exactly that merge. Built on first use and shared by every document with the same
// files; the formatter and the search are built lazily (a search index only on the first query), so
// a library change never rebuilds anything until a document asks. Documents without a library share
// the base objects (the 72).
import type * as vscode from 'vscode';
import { CitationFormatter, type StyleLoader } from '../../core/format/citations';
import { KnowledgeSearch } from '../../core/search/search';
import { MergedLibrary, REVIEW_SOURCE, baseName, formatterItems } from '../../core/library/merge';
import type { LibraryFile, LibraryProblem } from '../../core/library';
import type { KnowledgeBase } from '../../core/knowledge/knowledge';
import type { Reference } from '../../core/types';
import type { JournalAbbreviationList } from './journalAbbreviations';

export interface DocumentLibrary {
  /** The review's 72 merged with the document's library files: the document's `ReferenceResolver`. */
  readonly merged: MergedLibrary;
  /** Formats every key of `merged` (the 72 and the library's, keyed as cited). */
  readonly formatter: CitationFormatter;
  /** Searches the works of `merged` (index built on first use). */
  readonly search: KnowledgeSearch;
  /** The library files that apply, in priority order. */
  readonly uris: readonly vscode.Uri[];
  /** Their names ("refs.bib"), in the same order; empty for the base. */
  readonly sources: readonly string[];
  /** True when no library file applies: the shared objects of the 72. */
  readonly isBase: boolean;
  /** Where a key comes from: "ISCLS review", "refs.bib, line 12"; undefined when it does not resolve. */
  sourceOf(key: string): string | undefined;
  /** Problems of the merge itself (key conflicts between files or with the review). */
  readonly problems: readonly LibraryProblem[];
}

/** What every document library is made of: the review and the shipped styles. */
export interface LibraryBase {
  readonly kb: KnowledgeBase;
  readonly styles: StyleLoader;
  /** The formatter and the search of the 72 (the services' own). */
  readonly formatter: CitationFormatter;
  readonly search: KnowledgeSearch;
  /** NLM journal abbreviations for the writer's records (read before a library file is first published). */
  readonly journalAbbreviations: JournalAbbreviationList;
}

function sourceOf(merged: MergedLibrary, key: string): string | undefined {
  const resolved = merged.get(key);
  if (!resolved) return undefined;
  return resolved.entry ? `${resolved.source}, line ${resolved.entry.line}` : resolved.source;
}

/** The 72 alone: the services' formatter and search, shared by every document without a library. */
export function baseLibrary(base: LibraryBase): DocumentLibrary {
  const merged = new MergedLibrary(base.kb.references, []);
  return {
    merged,
    formatter: base.formatter,
    search: base.search,
    uris: [],
    sources: [],
    isBase: true,
    problems: [],
    sourceOf: (key) => sourceOf(merged, key),
  };
}

class MergedDocumentLibrary implements DocumentLibrary {
  readonly isBase = false;
  readonly sources: readonly string[];
  private formatterValue?: CitationFormatter;
  private searchValue?: KnowledgeSearch;

  constructor(
    private readonly base: LibraryBase,
    readonly merged: MergedLibrary,
    readonly uris: readonly vscode.Uri[],
  ) {
    this.sources = uris.map((uri) => baseName(uri.path));
  }

  get formatter(): CitationFormatter {
    if (!this.formatterValue) {
      this.formatterValue = new CitationFormatter(formatterItems(this.merged), this.base.styles, { addedStyles: this.base.formatter.addedStyles });
      this.formatterValue.journalAbbreviation = this.base.journalAbbreviations.abbreviation;
    }
    return this.formatterValue;
  }

  get search(): KnowledgeSearch {
    if (!this.searchValue) {
      const kb = this.base.kb;
      const search = new KnowledgeSearch({ references: [...kb.references], sections: [...kb.sections], terms: [...kb.terms] });
      search.setReferences(this.merged.works);
      this.searchValue = search;
    }
    return this.searchValue;
  }

  get problems(): readonly LibraryProblem[] {
    return this.merged.problems;
  }

  sourceOf(key: string): string | undefined {
    return sourceOf(this.merged, key);
  }
}

/** The review merged with `files` (priority order); `uris` are the files' own, for names and events. */
export function mergedLibrary(base: LibraryBase, files: readonly LibraryFile[], uris: readonly vscode.Uri[], nameOf: (file: string) => string): DocumentLibrary {
  return new MergedDocumentLibrary(base, new MergedLibrary(base.kb.references, files, nameOf), uris);
}

/** The same library merged in slices, `pause()` awaited between them (a large library loading). */
export async function mergedLibraryInSlices(
  base: LibraryBase,
  files: readonly LibraryFile[],
  uris: readonly vscode.Uri[],
  nameOf: (file: string) => string,
  pause: () => Promise<void>,
): Promise<DocumentLibrary> {
  return new MergedDocumentLibrary(base, await MergedLibrary.inSlices(base.kb.references, files, nameOf, pause), uris);
}

export { REVIEW_SOURCE };
