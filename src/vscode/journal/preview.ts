// The Markdown preview plugin (contributed with `"markdown.markdownItPlugins": true` and returned from
// `activate()` as `extendMarkdownIt`): citations and the managed list as the style prints them.
import * as vscode from 'vscode';
import type MarkdownIt from 'markdown-it';
import { isclsCitations, type PreviewEngine } from '../../core/preview/markdownItCitations';
import { authorNamesInText } from '../../core/preview/authorInText';
import type { Services } from '../shared/services';

/** The style for the document VS Code renders (`env.currentDocument`), the setting if shipped. */
function styleFor(s: Services, env: unknown): string {
  const uri = (env as { currentDocument?: vscode.Uri } | undefined)?.currentDocument;
  const wanted = vscode.workspace.getConfiguration('iscls', uri).get<string>('citationStyle', 'american-medical-association');
  return s.formatter.hasStyle(wanted) ? wanted : s.formatter.styles()[0].id;
}

export function previewEngine(s: Services, styleTree: (style: string) => unknown): PreviewEngine {
  return {
    knownKeys: s.kb.keys(),
    style: (env) => styleFor(s, env),
    isNumeric: (style) => s.formatter.isNumeric(style),
    styleTree,
    inText: (keys, style, scope) => s.formatter.inText(keys, style, scope),
    textCitation: (key, style, scope, page) => s.formatter.textCitation(key, style, scope, page),
    namesInText: (key) => {
      const reference = s.kb.reference(key);
      return reference ? authorNamesInText(reference) : undefined;
    },
    entriesHtml: (keys, style) => s.formatter.entriesInOrder(keys, style, 'html'),
    listOrder: (keys, style) => s.formatter.listOrder(keys, style),
  };
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
