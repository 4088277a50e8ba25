// What every feature module needs, built once at activation and passed to each `register*` function.
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KnowledgeBase } from '../core/knowledge';
import { CitationFormatter } from '../core/citations';
import { TermMatcher } from '../core/termMatcher';
import { KnowledgeSearch } from '../core/search';
import type { Convention } from '../core/types';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly kb: KnowledgeBase;
  readonly formatter: CitationFormatter;
  readonly matcher: TermMatcher;
  readonly search: KnowledgeSearch;
  readonly log: vscode.LogOutputChannel;
}

export interface Settings {
  style: string;
  convention: 'auto' | Convention;
  numericMarker: 'brackets' | 'superscript';
  latexCommand: string;
  hoverEnabled: boolean;
  languages: string[];
  diagnosticsEnabled: boolean;
}

/** Reads the settings for a document (language-overridable ones honour `[markdown]` blocks). */
export function settingsFor(document?: vscode.TextDocument): Settings {
  const config = vscode.workspace.getConfiguration('iscls', document);
  return {
    style: config.get<string>('citationStyle', 'american-medical-association'),
    convention: config.get<'auto' | Convention>('citationConvention', 'auto'),
    numericMarker: config.get<'brackets' | 'superscript'>('numericMarker', 'brackets'),
    latexCommand: config.get<string>('latexCiteCommand', 'cite'),
    hoverEnabled: config.get<boolean>('hover.enabled', true),
    languages: config.get<string[]>('hover.languages', ['markdown', 'latex', 'tex', 'plaintext']),
    diagnosticsEnabled: config.get<boolean>('diagnostics.enabled', true),
  };
}

/** Document selector for the prose languages the user has enabled. */
export function proseSelector(document?: vscode.TextDocument): vscode.DocumentFilter[] {
  return settingsFor(document).languages.map((language) => ({ language }));
}

export function isProse(document: vscode.TextDocument): boolean {
  return settingsFor(document).languages.includes(document.languageId);
}

export function createServices(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Services {
  const started = Date.now();
  const dataDir = join(context.extensionPath, 'data');
  const cslDir = join(context.extensionPath, 'dist', 'csl');
  const kb = KnowledgeBase.load(dataDir);
  const formatter = new CitationFormatter([...kb.references], (file: string) => JSON.parse(readFileSync(join(cslDir, file), 'utf8')));
  const matcher = new TermMatcher([...kb.terms]);
  const search = new KnowledgeSearch({ references: [...kb.references], sections: [...kb.sections], terms: [...kb.terms] });
  log.info(`Knowledge base: ${kb.references.length} references, ${kb.allSections().length} sections, ${kb.terms.length} terms, ready in ${Date.now() - started} ms`);
  return { context, kb, formatter, matcher, search, log };
}
