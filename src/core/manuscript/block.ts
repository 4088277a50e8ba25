// The managed reference list block: its syntax per flavor, finding it, rendering it.
import { lineOf } from './text';
import type { RegionSet } from './regions';
import type { BlockFlavor, ManagedList } from './types';

interface BlockSyntax {
  flavor: BlockFlavor;
  header: RegExp;
  footer: RegExp;
}

/** A whole-line pattern: `^…$` by our own line breaks (CR, LF, CRLF), after a leading BOM too. */
function wholeLine(body: string): RegExp {
  return new RegExp(`(?<=^|^\\uFEFF|[\\r\\n])${body}(?=[\\r\\n]|$)`, 'g');
}

export const BLOCK_SYNTAX: Record<BlockFlavor, BlockSyntax> = {
  markdown: {
    flavor: 'markdown',
    header: wholeLine('[ \\t]*<!--[ \\t]*iscls-references\\b([^\\r\\n]*?)-->[ \\t]*'),
    footer: wholeLine('[ \\t]*<!--[ \\t]*\\/iscls-references[ \\t]*-->[ \\t]*'),
  },
  latex: {
    flavor: 'latex',
    header: wholeLine('[ \\t]*%[ \\t]*iscls-references\\b([^\\r\\n]*)'),
    footer: wholeLine('[ \\t]*%[ \\t]*\\/iscls-references\\b[^\\r\\n]*'),
  },
  plain: {
    flavor: 'plain',
    header: wholeLine('[ \\t]*\\[iscls-references\\b([^\\]\\r\\n]*)\\][ \\t]*'),
    footer: wholeLine('[ \\t]*\\[\\/iscls-references\\][ \\t]*'),
  },
};

/** The first match of `re` at or after `from` that is not inside code, or undefined. */
function nextOutsideCode(re: RegExp, text: string, from: number, code: RegionSet): RegExpExecArray | undefined {
  const r = new RegExp(re.source, 'g');
  r.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = r.exec(text)) !== null) {
    if (!code.covers(m.index + Math.max(0, m[0].search(/\S/)))) return m;
  }
  return undefined;
}

/**
 * The managed block: the first header (of the flavors, in the document's order) and its closing
 * line. A header whose closing line comes only after another header is not closed: pairing it
 * with the next block's closing line would swallow the writer's text between them.
 */
export function findBlock(
  text: string,
  flavors: BlockFlavor[],
  code: RegionSet,
): { list?: ManagedList; problem?: string } {
  let best: { list?: ManagedList; problem?: string; at: number } | undefined;
  for (const flavor of flavors) {
    const syn = BLOCK_SYNTAX[flavor];
    const h = nextOutsideCode(syn.header, text, 0, code);
    if (!h || (best && best.at < h.index)) continue;
    const attrs = h[1];
    const style = /(?:^|\s)style=(\S*)/.exec(attrs)?.[1] ?? '';
    const keys = (/(?:^|\s)keys=(\S*)/.exec(attrs)?.[1] ?? '').split(',').filter((k) => k !== '');
    const bodyFrom = h.index + h[0].length;
    const f = nextOutsideCode(syn.footer, text, bodyFrom, code);
    const again = f ? nextOutsideCode(syn.header, text, bodyFrom, code) : undefined;
    best =
      !f || (again && again.index < f.index)
        ? {
            at: h.index,
            problem: `The reference list block opened on line ${lineOf(text, h.index)} is not closed; add its closing line or delete the block.`,
          }
        : { at: h.index, list: { start: h.index, end: f.index + f[0].length, style, keys, flavor } };
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
