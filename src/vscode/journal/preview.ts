// The Markdown preview plugin (contributed with `"markdown.markdownItPlugins": true` and returned from
// `activate()` as `extendMarkdownIt`): citations and the managed list as the style prints them, read
// from the same manuscript model as the editor, `iscls bib` and the Word export.
import * as vscode from 'vscode';
import type MarkdownIt from 'markdown-it';
import { isclsCitations, type PreviewEngine, type PreviewManuscript } from '../../core/preview/markdownItCitations';
import { analyseManuscript } from '../../core/manuscript/model';
import { settingsFor } from '../shared/settings';
import { currentStyle } from '../shared/style';
import type { Services } from '../shared/services';

/**
 * The document whose text VS Code renders. VS Code's preview names it (`env.currentDocument`) only when
 * it renders tokens, not when it parses them: then it is the open Markdown document holding this text
 * (the active editor's first).
 */
function documentOf(src: string, env: unknown): vscode.TextDocument | undefined {
  const named = uriOf((env as { currentDocument?: unknown } | undefined)?.currentDocument);
  // The language server names documents by its own spelling of the address: compare as paths too,
  // and fall back to the text, so a document is never rendered without its library.
  const byUri = named && vscode.workspace.textDocuments.find((d) => d.uri.toString() === named.toString() || (d.uri.scheme === named.scheme && d.uri.path === named.path));
  if (byUri) return byUri;
  const active = vscode.window.activeTextEditor?.document;
  const candidates = [active, ...vscode.workspace.textDocuments.filter((d) => d !== active && d.languageId === 'markdown')];
  return candidates.find((d) => d !== undefined && d.getText() === src);
}

function uriOf(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  try {
    if (typeof value === 'string') return vscode.Uri.parse(value);
    if (value && typeof value === 'object' && typeof (value as { scheme?: unknown }).scheme === 'string') return vscode.Uri.from(value as vscode.Uri);
  } catch {
    // Not an address: the text decides.
  }
  return undefined;
}

/**
 * The model of the text VS Code renders. The document as it stands: the editor's own model (analysed
 * once per version, its library included). Any other text (`markdown.api.render` of a string): the same
 * analysis with the settings and library of the document named, if any.
 */
export function previewManuscript(s: Services, src: string, env: unknown): PreviewManuscript {
  const document = documentOf(src, env);
  const library = s.library.forDocument(document);
  const model = document && document.getText() === src ? s.manuscripts.get(document) : undefined;
  if (model) return { model, formatter: library.formatter };
  const settings = { ...settingsFor(document), style: currentStyle(s, document) };
  return { model: analyseManuscript(src, document?.languageId ?? 'markdown', settings, library.merged), formatter: library.formatter };
}

export function previewEngine(s: Services, styleTree: (style: string) => unknown): PreviewEngine {
  return { manuscript: (src, env) => previewManuscript(s, src, env), styleTree };
}

/** `extendMarkdownIt` for the extension's API. A failure is logged and the preview renders as before. */
export function markdownItExtender(s: Services, styleTree: (style: string) => unknown): (md: MarkdownIt) => MarkdownIt {
  return (md) => {
    try {
      return isclsCitations(md, previewEngine(s, styleTree));
    } catch (error) {
      s.log.error('Markdown preview plugin failed to install', error);
      return md;
    }
  };
}

/**
 * VS Code's preview keeps a document's tokens until its next edit: when the library (keys, entries)
 * or the style changes, the preview is rendered again, or it would show the old numbers and list.
 */
export function refreshPreviewOnChange(s: Services): vscode.Disposable[] {
  const refresh = () => void vscode.commands.executeCommand('markdown.api.reloadPlugins').then(undefined, () => undefined);
  return [
    s.library.onDidChange(refresh),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('iscls')) refresh();
    }),
  ];
}
