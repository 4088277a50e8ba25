// What every feature needs, built once at activation: the knowledge base, the formatter, the term
// matcher, the search index, the log and the manuscript models.
import * as vscode from 'vscode';
import type { KnowledgeBase } from '../../core/knowledge';
import type { ContentNotes } from '../../core/caveats';
import { CitationFormatter, type StyleLoader } from '../../core/citations';
import { TermMatcher } from '../../core/termMatcher';
import { KnowledgeSearch } from '../../core/search';
import { reviewResolver } from '../../core/model/resolver';
import { Manuscripts } from './manuscripts';
import { LibraryService } from '../library/service';
import { formatterItems } from '../../core/library/merge';
import { currentStyle } from './style';
import type { Log } from './log';
import { readJson, readKnowledgeBase, readStyles } from './extensionFiles';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly kb: KnowledgeBase;
  readonly formatter: CitationFormatter;
  readonly matcher: TermMatcher;
  readonly search: KnowledgeSearch;
  readonly log: Log;
  /** The manuscript model of each document, cached per version. */
  readonly manuscripts: Manuscripts;
  /** The writer's own library (setting `iscls.library`, documents' `bibliography:`), merged with the 72. */
  readonly library: LibraryService;
  /** data/about.json: the literature years and the caveat on incomplete entries. */
  readonly notes: ContentNotes;
  /** The shipped CSL folder's files by name (styles, locales), read at activation through vscode.workspace.fs. */
  readonly styles: StyleLoader;
}

/**
 * Reads the shipped data and CSL styles through vscode.workspace.fs from the extension's own folder
 * (the same in the Node.js and the web worker host) and builds the services.
 */
export async function createServices(context: vscode.ExtensionContext, log: Log): Promise<Services> {
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
  const services: Services = {
    context,
    kb,
    formatter,
    matcher,
    search,
    log,
    manuscripts: new Manuscripts(reviewResolver(kb.references), formatter, log, (document) => currentStyle(services, document)),
    library: new LibraryService(kb.references, log),
    notes,
    styles,
  };
  context.subscriptions.push(services.manuscripts, services.library);
  // The library loads after activation; every change (a Zotero export rewritten) reaches the
  // resolver, the formatter and the search, and the features refresh on `library.onDidChange`.
  services.library.onDidChange((merged) => {
    formatter.setReferences(formatterItems(merged));
    search.setReferences(merged.works);
    services.manuscripts.setResolver(merged);
  });
  void services.library.refresh();
  log.info(`Knowledge base: ${kb.references.length} references, ${kb.allSections().length} sections, ${kb.terms.length} terms, ready in ${Date.now() - started} ms (files read in ${read} ms)`);
  return services;
}
