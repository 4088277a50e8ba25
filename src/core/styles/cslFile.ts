// What a `.csl` file says about itself, read before any engine sees it: its id and title, whether it
// cites by number, and, for a dependent style (a journal's file that only names its parent), which
// parent it needs. A file that is not a CSL style is refused with one message naming what is wrong.
// Pure: the caller reads the file.

export type CslFile =
  | { kind: 'independent'; id: string; title: string; numeric: boolean; xml: string }
  | { kind: 'dependent'; id: string; title: string; parent: string; parentUrl: string; numeric: boolean };

/** A `.csl` the writer named cannot be used; the message says why, in the writer's terms. */
export class CslFileError extends Error {}

const CSL_NAMESPACE = 'http://purl.org/net/xbiblio/csl';

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

function element(info: string, name: string): string | undefined {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`).exec(info);
  return m ? unescapeXml(m[1]).trim().replace(/\s+/g, ' ') : undefined;
}

/** The last path segment of a style URI (`http://www.zotero.org/styles/vancouver` → `vancouver`). */
export function styleIdOf(uri: string): string {
  return uri.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop() ?? uri;
}

/** A style id usable in a list marker: no spaces or odd characters. */
function cleanId(raw: string): string {
  return raw.toLowerCase().replace(/\.csl$/, '').replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'style';
}

/**
 * Reads a `.csl` file. `name` is how the writer named it (for messages and as the id when the style
 * gives none). Throws {@link CslFileError} when it is not a CSL style, names no parent although it is
 * dependent, or has no bibliography (a reference list needs one).
 */
export function readCslFile(xml: string, name: string): CslFile {
  const text = xml.replace(/^\uFEFF/, '');
  const root = /<style\b([^>]*)>/.exec(text);
  if (!root || !/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<style\b/.test(text)) {
    throw new CslFileError(`${name} is not a CSL style: a .csl file is XML whose root element is <style>.`);
  }
  if (!root[1].includes(CSL_NAMESPACE)) throw new CslFileError(`${name} is not a CSL style: its <style> lacks the CSL namespace ${CSL_NAMESPACE}.`);
  if (!/<\/style>\s*$/.test(text)) throw new CslFileError(`${name} is cut short: it does not end with </style>.`);
  const infoMatch = /<info>([\s\S]*?)<\/info>/.exec(text);
  const info = infoMatch?.[1] ?? '';
  const title = element(info, 'title') ?? name;
  const idUri = element(info, 'id');
  const id = cleanId(idUri ? styleIdOf(idUri) : name.split(/[\\/]/).pop() ?? name);
  const numeric = /<category\s+citation-format="numeric"\s*\/>/.test(info);
  const parentLink = /<link\s+[^>]*rel="independent-parent"[^>]*>/.exec(info)?.[0];
  const body = text.replace(/<info>[\s\S]*?<\/info>/, '');
  if (parentLink && !/<citation\b/.test(body)) {
    const href = /href="([^"]+)"/.exec(parentLink)?.[1];
    if (!href) throw new CslFileError(`${name} is a dependent style whose parent link has no address.`);
    const parentUrl = unescapeXml(href);
    return { kind: 'dependent', id, title, parent: cleanId(styleIdOf(parentUrl)), parentUrl, numeric };
  }
  if (!/<citation\b[\s\S]*<layout\b/.test(body)) throw new CslFileError(`${name} is not a usable CSL style: it has no <citation> layout and names no parent style.`);
  if (!/<bibliography\b[\s\S]*<layout\b/.test(body)) throw new CslFileError(`${name} has no <bibliography>: it cannot print a reference list.`);
  return { kind: 'independent', id, title, numeric, xml: text };
}
