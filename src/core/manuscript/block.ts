// The managed reference list block: its syntax per flavor, finding it, rendering it.
import { lineOf } from './text';
import type { RegionSet } from './regions';
import type { BlockFlavor, ManagedList } from './types';

interface BlockSyntax {
  flavor: BlockFlavor;
  header: RegExp;
  footer: RegExp;
}

export const BLOCK_SYNTAX: Record<BlockFlavor, BlockSyntax> = {
  markdown: {
    flavor: 'markdown',
    header: /^[ \t]*<!--[ \t]*iscls-references\b([^\r\n]*?)-->[ \t]*$/gm,
    footer: /^[ \t]*<!--[ \t]*\/iscls-references[ \t]*-->[ \t]*$/gm,
  },
  latex: {
    flavor: 'latex',
    header: /^[ \t]*%[ \t]*iscls-references\b([^\r\n]*)$/gm,
    footer: /^[ \t]*%[ \t]*\/iscls-references\b[^\r\n]*$/gm,
  },
  plain: {
    flavor: 'plain',
    header: /^[ \t]*\[iscls-references\b([^\]\r\n]*)\][ \t]*$/gm,
    footer: /^[ \t]*\[\/iscls-references\][ \t]*$/gm,
  },
};

export function findBlock(
  text: string,
  flavors: BlockFlavor[],
  code: RegionSet,
): { list?: ManagedList; problem?: string } {
  let best: { list?: ManagedList; problem?: string; at: number } | undefined;
  for (const flavor of flavors) {
    const syn = BLOCK_SYNTAX[flavor];
    const header = new RegExp(syn.header.source, 'gm');
    let h: RegExpExecArray | null;
    while ((h = header.exec(text)) !== null) {
      if (code.covers(h.index + h[0].search(/\S/))) continue;
      if (best && best.at < h.index) break;
      const attrs = h[1];
      const style = /(?:^|\s)style=(\S*)/.exec(attrs)?.[1] ?? '';
      const keys = (/(?:^|\s)keys=(\S*)/.exec(attrs)?.[1] ?? '').split(',').filter((k) => k !== '');
      const footer = new RegExp(syn.footer.source, 'gm');
      footer.lastIndex = h.index + h[0].length;
      let f: RegExpExecArray | null;
      let end = -1;
      while ((f = footer.exec(text)) !== null) {
        if (!code.covers(f.index)) {
          end = f.index + f[0].length;
          break;
        }
      }
      best =
        end < 0
          ? {
              at: h.index,
              problem: `The reference list block opened on line ${lineOf(text, h.index)} is not closed; add its closing line or delete the block.`,
            }
          : { at: h.index, list: { start: h.index, end, style, keys, flavor } };
      break;
    }
  }
  return best ? { list: best.list, problem: best.problem } : {};
}

function latexEscape(s: string): string {
  const map: Record<string, string> = {
    '\\': '\\textbackslash{}',
    '&': '\\&',
    '%': '\\%',
    $: '\\$',
    '#': '\\#',
    _: '\\_',
    '{': '\\{',
    '}': '\\}',
    '~': '\\textasciitilde{}',
    '^': '\\textasciicircum{}',
  };
  return s.replace(/[\\&%$#_{}~^]/g, (c) => map[c]);
}

export function renderBlock(flavor: BlockFlavor, style: string, keys: string[], entries: string[], eol: string): string {
  const attrs = `style=${style} keys=${keys.join(',')}`;
  const clean = entries.map((e) => e.replace(/\s*(?:\r\n|\n|\r)\s*/g, ' ').trim());
  switch (flavor) {
    case 'markdown':
      return [
        `<!-- iscls-references ${attrs} -->`,
        ...clean.map((e, i) => `${i + 1}. ${e}`),
        '<!-- /iscls-references -->',
      ].join(eol);
    case 'plain':
      return [`[iscls-references ${attrs}]`, ...clean.map((e, i) => `${i + 1}. ${e}`), '[/iscls-references]'].join(eol);
    case 'latex':
      return [
        `% iscls-references ${attrs}`,
        '\\begin{thebibliography}{99}',
        ...clean.map((e, i) => `\\bibitem{${keys[i]}} ${latexEscape(e)}`),
        '\\end{thebibliography}',
        '% /iscls-references',
      ].join(eol);
  }
}
