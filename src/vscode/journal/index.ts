// From draft to journal: *Export Manuscript to Word (.docx)* (pandoc) and the Markdown preview plugin.
import type MarkdownIt from 'markdown-it';
import type { FeatureContext } from '../shared/commands';
import { exportWord } from './word';
import { markdownItExtender, refreshPreviewOnChange } from './preview';

export interface JournalApi {
  /** VS Code's Markdown preview calls this with its markdown-it (`"markdown.markdownItPlugins": true`). */
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
}

export function registerJournal(ctx: FeatureContext): JournalApi {
  const s = ctx.s;
  ctx.commands({
    'iscls.exportWord': (arg?: unknown) => exportWord(s, arg),
  });
  // The style trees come from the files read at activation (vscode.workspace.fs: also in the browser).
  const styleTree = (style: string) => s.styles(`${style}.json`);
  ctx.push(...refreshPreviewOnChange(s));
  return { extendMarkdownIt: markdownItExtender(s, styleTree) };
}
