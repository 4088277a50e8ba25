// What every feature module needs, built once at activation and passed to each `register*` function.
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KnowledgeBase } from '../core/knowledge';
import { CitationFormatter } from '../core/citations';
import { TermMatcher } from '../core/termMatcher';
import { KnowledgeSearch } from '../core/search';
import { detectConvention, detectMarkup, scanDocument, type DocumentScan } from '../core/documentCitations';
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

export function isProse(document: vscode.TextDocument): boolean {
  return settingsFor(document).languages.includes(document.languageId);
}

/** The citation style in effect for a document (or the active editor), falling back to the default. */
export function currentStyle(s: Services, document = vscode.window.activeTextEditor?.document): string {
  const wanted = settingsFor(document).style;
  try {
    if (s.formatter.hasStyle(wanted)) return wanted;
    const fallback = s.formatter.styles()[0]?.id ?? 'american-medical-association';
    s.log.warn(`Citation style "${wanted}" is not shipped; using "${fallback}".`);
    return fallback;
  } catch {
    return wanted;
  }
}

/** The convention to write in: the setting, or `auto` → what the document and its language say. */
export function conventionFor(document: vscode.TextDocument, text = document.getText()): Convention {
  const setting = settingsFor(document).convention;
  return setting === 'auto' ? detectConvention(document.languageId, text) : setting;
}

/** Scans the document in its convention; undefined (and logged) if the scanner throws. */
export function scan(s: Services, document: vscode.TextDocument, text = document.getText()): DocumentScan | undefined {
  try {
    return scanDocument(text, conventionFor(document, text), { knownKeys: s.kb.keys(), markup: detectMarkup(document.languageId) });
  } catch (error) {
    s.log.warn(`Could not scan ${document.uri.toString(true)}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
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
