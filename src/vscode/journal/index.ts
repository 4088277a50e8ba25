// From draft to journal: *Export Manuscript to Word (.docx)* (pandoc) and the Markdown preview plugin.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type MarkdownIt from 'markdown-it';
import type { FeatureContext } from '../shared/commands';
import { exportWord } from './word';
import { markdownItExtender } from './preview';

export interface JournalApi {
  /** VS Code's Markdown preview calls this with its markdown-it (`"markdown.markdownItPlugins": true`). */
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
}

export function registerJournal(ctx: FeatureContext): JournalApi {
  const s = ctx.s;
  ctx.commands({
    'iscls.exportWord': (arg?: unknown) => exportWord(s, arg),
  });
  const cslDir = join(s.context.extensionPath, 'dist', 'csl');
  const trees = new Map<string, unknown>();
  const styleTree = (style: string) => {
    if (!trees.has(style)) trees.set(style, JSON.parse(readFileSync(join(cslDir, `${style}.json`), 'utf8')));
    return trees.get(style);
  };
  return { extendMarkdownIt: markdownItExtender(s, styleTree) };
}
