// What every feature needs, built once at activation: the knowledge base, the formatter, the term
// matcher, the search index, the log and the manuscript models.
import * as vscode from 'vscode';
import type { KnowledgeBase } from '../../core/knowledge/knowledge';
import type { ContentNotes } from '../../core/knowledge/caveats';
import { CitationFormatter, type StyleLoader } from '../../core/format/citations';
import { TermMatcher } from '../../core/search/termMatcher';
import { KnowledgeSearch } from '../../core/search/search';
import { Manuscripts } from './manuscripts';
import type { Library, LibraryFactory } from './library';
import { currentStyle } from './style';
import { StyleFiles } from './styleFiles';
import type { Log } from './log';
import { readJson, readKnowledgeBase, readStyles } from './extensionFiles';
import { JournalAbbreviationList } from './journalAbbreviations';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly kb: KnowledgeBase;
  /** Formats the review's 72 (styles, labels). A document's references: `library.forDocument(doc).formatter`. */
  readonly formatter: CitationFormatter;
  readonly matcher: TermMatcher;
  /** Searches the review (72, sections, terms). A document's library: `library.forDocument(doc).search`. */
  readonly search: KnowledgeSearch;
  readonly log: Log;
  /** The manuscript model of each document, cached per version. */
  readonly manuscripts: Manuscripts;
  /**
   * The writer's own library, per document: `library.forDocument(doc)` is the review merged with the
   * `iscls.library` files of its folder and the files it declares (`bibliography:`, `\addbibresource`).
   */
  readonly library: Library;
  /** data/about.json: the literature years and the caveat on incomplete entries. */
  readonly notes: ContentNotes;
  /** The shipped CSL folder's files by name (styles, locales), read at activation through vscode.workspace.fs. */
  readonly styles: StyleLoader;
  /** Journal styles and `.csl` files the settings or documents name, loaded on first use. */
  readonly styleFiles: StyleFiles;
  /** NLM journal abbreviations for the writer's records, read with the first library file. */
  readonly journalAbbreviations: JournalAbbreviationList;
}

/**
 * Reads the shipped data and CSL styles through vscode.workspace.fs from the extension's own folder
 * (the same in the Node.js and the web worker host) and builds the services; `createLibrary` is the
 * library feature's service.
 */
export async function createServices(context: vscode.ExtensionContext, log: Log, createLibrary: LibraryFactory): Promise<Services> {
  const started = Date.now();
  const [kb, styles, notes] = await Promise.all([
    readKnowledgeBase(context.extensionUri),
    readStyles(context.extensionUri),
    readJson<ContentNotes>(context.extensionUri, 'data', 'about.json'),
  ]);
  const read = Date.now() - started;
  const formatter = new CitationFormatter([...kb.references], styles);
  const matcher = new TermMatcher([...kb.terms]);
  const search = new KnowledgeSearch({ references: [...kb.references], sections: [...kb.sections], terms: [...kb.terms] });
  const journalAbbreviations = new JournalAbbreviationList(context.extensionUri, log);
  const library = createLibrary({ kb, styles, formatter, search, journalAbbreviations }, log);
  const services: Services = {
    context,
    kb,
    formatter,
    matcher,
    search,
    log,
    manuscripts: new Manuscripts((document) => library.forDocument(document), log, (document) => currentStyle(services, document)),
    library,
    notes,
    styles,
    styleFiles: new StyleFiles(context.extensionUri, formatter, log),
    journalAbbreviations,
  };
  context.subscriptions.push(services.manuscripts, services.library, services.styleFiles);
  // The library loads after activation. A change (a Zotero export rewritten) gives the documents using
  // that file a new library object, so their next model is analysed again; views refresh on
  // `library.onDidChange`.
  void services.library.refresh();
  log.info(`Knowledge base: ${kb.references.length} references, ${kb.allSections().length} sections, ${kb.terms.length} terms, ready in ${Date.now() - started} ms (files read in ${read} ms)`);
  return services;
}
