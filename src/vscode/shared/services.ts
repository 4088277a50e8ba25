// What every feature needs, built once at activation: the knowledge base, the formatter, the term
// matcher, the search index, the log and the manuscript models.
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KnowledgeBase } from '../../core/knowledge';
import { loadContentNotes, type ContentNotes } from '../../core/caveats';
import { CitationFormatter } from '../../core/citations';
import { TermMatcher } from '../../core/termMatcher';
import { KnowledgeSearch } from '../../core/search';
import { reviewResolver } from '../../core/model/resolver';
import { Manuscripts } from './manuscripts';
import { LibraryService } from '../library/service';
import { formatterItems } from '../../core/library/merge';
import { currentStyle } from './style';
import type { Log } from './log';

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
}

export function createServices(context: vscode.ExtensionContext, log: Log): Services {
  const started = Date.now();
  const dataDir = join(context.extensionPath, 'data');
  const cslDir = join(context.extensionPath, 'dist', 'csl');
  const kb = KnowledgeBase.load(dataDir);
  const formatter = new CitationFormatter([...kb.references], (file: string) => JSON.parse(readFileSync(join(cslDir, file), 'utf8')));
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
    notes: loadContentNotes(dataDir),
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
  log.info(`Knowledge base: ${kb.references.length} references, ${kb.allSections().length} sections, ${kb.terms.length} terms, ready in ${Date.now() - started} ms`);
  return services;
}
