// A markdown-it plugin that renders a manuscript's citations and managed reference list the way the
// citation style prints them, for VS Code's Markdown preview (contributed through `extendMarkdownIt`).
// Pure: no `vscode`; markdown-it is the instance the host passes in (only its types are imported).
//
// The document is read through the one manuscript model (core/manuscript/model.ts) the editor and the
// CLI use: the same keys (the review's and the writer's library's), the same works (two keys of one work
// share a number and an entry), the same numbers and list as `iscls bib` and the Word export.
//
// - pandoc `[@key; @key2]` citations: numeric styles get the numbers by first appearance over the whole
//   document (the numbers `Update Reference List` and pandoc give), in the style's own form (AMA, Nature,
//   The Lancet: superscript; Vancouver `(1,2)`; BMJ `[1]`), ranges of three or more collapsed with an en
//   dash; author-date styles get citeproc's cluster, e.g. "(Gousseff et al., 2011)". A superscript takes
//   the space before it, as pandoc does. Unknown keys stay as written, marked.
// - pandoc's bare in-text `@key` ("@gousseff2011 reported", `@key [p. 3]`): author-date styles get
//   citeproc's author-in-text form, as pandoc prints it ("Gousseff et al. (2011)"); numeric styles the
//   names the reference holds, then its number ("Gousseff et al.¹", "Gousseff et al. (1)"), as the Word
//   export writes it (core/preview/authorInText.ts; pandoc alone would print the number only). Unknown
//   keys and e-mail addresses (`a@b.org`) stay as written.
// - the managed list (`<!-- iscls-references … -->` … `<!-- /iscls-references -->`) becomes the formatted
//   list (italics and all): for a pandoc document the list its current citations give, for a numeric
//   document the list its header records (its numbers point into it). A pandoc document with citations
//   and no managed list gets the list at its end, where pandoc puts it.
// - numbers the writer typed are already the text: `[1]` stays, pandoc's superscript `^1^` is a
//   superscript (as in the Word file) in a document that cites.
import type MarkdownIt from 'markdown-it';
import { scanDocument } from '../manuscript';
import { numbersByWork, workOf } from '../manuscript/scan';
import type { Manuscript } from '../manuscript/model';
import type { CitationFormatter } from '../format/citations';
import { citationLayout, collapseNumbers, type CitationLayout } from './citationLayout';
import { authorNamesInText } from './authorInText';
import { lazyRegExp } from '../lazyRegExp';

type StateCore = MarkdownIt.StateCore;
type StateInline = MarkdownIt.StateInline;
type Token = MarkdownIt.Token;

/** Formats the keys of a manuscript's resolver (the review's and the writer's library's). */
export type PreviewFormatter = Pick<CitationFormatter, 'inText' | 'textCitation' | 'entriesInOrder' | 'listOrder' | 'isNumeric'>;

/** The text being rendered as the editor and the CLI see it. */
export interface PreviewManuscript {
  /** The one manuscript model of the text (its style is `model.settings.style`). */
  model: Manuscript;
  formatter: PreviewFormatter;
}

/** What the plugin needs of its host. */
export interface PreviewEngine {
  /** The model of `src`, the text rendered (`env.currentDocument` is VS Code's Uri of its document). */
  manuscript(src: string, env: unknown): PreviewManuscript | undefined;
  /** The style's citeproc-js tree (to read its citation layout). */
  styleTree(style: string): unknown;
}

interface DocumentState {
  model: Manuscript;
  formatter: PreviewFormatter;
  style: string;
  numeric: boolean;
  layout?: CitationLayout;
  /** The work a key stands for: keys of one work share a number and an entry. */
  work: (key: string) => string;
  /** Every cited work's first key, first appearance order (the model's `scan.order`). */
  order: string[];
  /** The document cites or holds a managed list: pandoc's `^superscript^` is rendered. */
  manuscript: boolean;
}

const STATE = Symbol('iscls-citations');
type Env = Record<string | symbol, unknown>;

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The scan options of the model: its keys and works (the library's included). */
function keyOptions(doc: DocumentState) {
  return { knownKeys: doc.model.resolver.keys(), canonical: doc.model.resolver.canonical };
}

function stateOf(state: StateCore | StateInline): DocumentState | undefined {
  return (state.env as Env)?.[STATE] as DocumentState | undefined;
}

/** Install the plugin; returns `md` for chaining. */
export function isclsCitations(md: MarkdownIt, engine: PreviewEngine): MarkdownIt {
  md.core.ruler.before('block', 'iscls_scan', (state: StateCore) => {
    try {
      scanState(state, engine);
    } catch {
      // Never break the preview: without the document's state the plugin leaves everything as written.
    }
  });

  md.inline.ruler.before('link', 'iscls_citation', (state: StateInline, silent: boolean) => {
    const doc = stateOf(state);
    if (!doc || doc.model.convention !== 'pandoc') return false;
    const start = state.pos;
    if (state.src.charCodeAt(start) !== 0x5b /* [ */) return false;
    const close = state.src.indexOf(']', start);
    if (close < 0) return false;
    const raw = state.src.slice(start, close + 1);
    if (!raw.includes('@') || raw.slice(1).includes('[') || state.src[close + 1] === '(') return false;
    const marker = scanDocument(raw, 'pandoc', keyOptions(doc)).markers[0];
    if (!marker || marker.start !== 0 || marker.end !== raw.length) return false;
    if (!silent) {
      const token = state.push('iscls_citation', '', 0);
      token.content = raw;
      token.meta = { keys: marker.keys, unknown: marker.unknown };
    }
    state.pos = close + 1;
    return true;
  });

  md.inline.ruler.before('link', 'iscls_intext', (state: StateInline, silent: boolean) => {
    const doc = stateOf(state);
    if (!doc || doc.model.convention !== 'pandoc' || state.src.charCodeAt(state.pos) !== 0x40 /* @ */) return false;
    const found = bareCitation(state, doc);
    if (!found) return false;
    if (!silent) {
      const token = state.push('iscls_citation', '', 0);
      token.content = state.src.slice(state.pos, found.end);
      token.meta = { keys: [found.key], unknown: [], inText: true, page: found.page };
    }
    state.pos = found.end;
    return true;
  });

  md.inline.ruler.before('emphasis', 'iscls_superscript', (state: StateInline, silent: boolean) => {
    const doc = stateOf(state);
    if (!doc?.manuscript || state.src.charCodeAt(state.pos) !== 0x5e /* ^ */) return false;
    const content = pandocSuperscript(state.src, state.pos, state.posMax);
    if (content === undefined) return false;
    if (!silent) {
      const token = state.push('iscls_citation', '', 0);
      token.content = `^${content}^`;
      token.meta = { html: `<sup>${escapeHtml(content.replace(/\\(.)/g, '$1'))}</sup>` };
    }
    state.pos += content.length + 2;
    return true;
  });

  md.core.ruler.push('iscls_list', (state: StateCore) => {
    const doc = stateOf(state);
    if (!doc) return;
    try {
      renderCitations(state.tokens, doc);
      trimSpaceBeforeSuperscript(state.tokens, doc);
      replaceManagedList(state, doc);
    } catch {
      // Never break the preview: the list stays as written.
    }
  });

  // The HTML is made while the document's state is at hand (core rule above) and kept on the token:
  // VS Code renders with another `env` than it parses with, and caches tokens between renders.
  md.renderer.rules.iscls_citation = (tokens: Token[], idx: number) => {
    const meta = tokens[idx].meta as { html?: string };
    return meta.html ?? escapeHtml(tokens[idx].content);
  };
  return md;
}

/**
 * pandoc's `^text^` at `pos`: the text, or undefined. As pandoc reads it: not empty, no unescaped
 * space or line break inside.
 */
function pandocSuperscript(src: string, pos: number, max: number): string | undefined {
  for (let i = pos + 1; i < max; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === ' ' || c === '\t' || c === '\n') return undefined;
    else if (c === '^') return i > pos + 1 ? src.slice(pos + 1, i) : undefined;
  }
  return undefined;
}

/** A page locator pandoc reads after a bare citation: `[p. 3]`, `[pp. 3-5]` → "3", "3-5". */
const PAGE = /^(?:pp?\.?\s*)?(\d[\w\u2013-]*)$/;

/** A character that makes an `@` part of a word or an address, not a citation. */
const keyCharBeforeRe = lazyRegExp(String.raw`[\p{L}\p{N}_\\@]`, 'u');

/**
 * A bare `@key` of a known key at `state.pos` (not inside a link's text, not part of a word or an
 * e-mail address), with a following `[locator]` taken along as pandoc does. Same key rules as the
 * engine: the marker is the engine's own scan of the text from here.
 */
function bareCitation(state: StateInline, doc: DocumentState): { key: string; end: number; page?: string } | undefined {
  if (((state as { linkLevel?: number }).linkLevel ?? 0) > 0) return undefined;
  if (state.pos > 0 && keyCharBeforeRe().test(state.src[state.pos - 1])) return undefined;
  const rest = state.src.slice(state.pos, Math.min(state.posMax, state.pos + 300));
  const marker = scanDocument(rest, 'pandoc', keyOptions(doc)).markers[0];
  if (!marker || marker.start !== 0 || marker.form !== 'pandoc-intext' || marker.unknown.length > 0) return undefined;
  let end = state.pos + marker.end;
  const locator = /^[ \t]?\[([^\[\]@]*)\](?![(\[:])/.exec(state.src.slice(end, state.posMax));
  if (locator) end += locator[0].length;
  return { key: marker.keys[0], end, page: locator ? PAGE.exec(locator[1].trim())?.[1] : undefined };
}

/** The document's model, once per render: style, convention, numbers (kept in `env`). */
function scanState(state: StateCore, engine: PreviewEngine): void {
  const env = (state.env ?? {}) as Env;
  delete env[STATE];
  if (!state.env) state.env = env;
  const found = engine.manuscript(state.src, env);
  if (!found) return;
  const { model, formatter } = found;
  const style = model.settings.style;
  const numeric = formatter.isNumeric(style);
  const order = [...model.scan.order];
  env[STATE] = {
    model,
    formatter,
    style,
    numeric,
    layout: numeric ? citationLayout(engine.styleTree(style)) : undefined,
    work: workOf(model.analysis),
    order,
    manuscript: model.scan.markers.length > 0 || !!model.scan.list,
  } satisfies DocumentState;
}

interface CitationMeta {
  keys: string[];
  unknown: string[];
  /** A bare `@key` (author-in-text). */
  inText?: boolean;
  page?: string;
  html?: string;
}

/** Numeric styles: the names printed before a bare `@key`'s number, as the Word export prints them. */
function namesInText(doc: DocumentState, key: string): string | undefined {
  const item = doc.model.resolver.get(key)?.item;
  return item ? authorNamesInText(item) : undefined;
}

/** The HTML of one citation, as the style prints it. */
function citationHtml(raw: string, meta: CitationMeta, doc: DocumentState): string {
  const { keys, unknown } = meta;
  const title = escapeHtml(keys.join('; '));
  if (unknown.length > 0) {
    return `<span class="iscls-citation iscls-citation-unknown" title="Unknown citation key: ${escapeHtml(unknown.join(', '))}">${escapeHtml(raw)}</span>`;
  }
  if (doc.numeric && doc.layout) {
    // The numbers the editor and `iscls bib` give: each work's place in the order of first appearance.
    const number = numbersByWork(doc.order, keys, doc.work);
    const numbers = [...new Set(keys.map((k) => number.get(k) as number))].sort((a, b) => a - b);
    const l = doc.layout;
    const text = escapeHtml(`${l.prefix}${collapseNumbers(numbers, l.delimiter, l.collapse)}${l.suffix}`);
    const names = meta.inText ? namesInText(doc, keys[0]) : undefined;
    const before = names ? `${escapeHtml(names)}${l.superscript ? '' : ' '}` : '';
    return `<span class="iscls-citation" title="${title}">${before}${l.superscript ? `<sup>${text}</sup>` : text}</span>`;
  }
  const f = doc.formatter;
  const text = meta.inText ? f.textCitation(keys[0], doc.style, doc.order, meta.page) : f.inText(keys, doc.style, doc.order);
  return `<span class="iscls-citation" title="${title}">${escapeHtml(text)}</span>`;
}

function renderCitations(tokens: Token[], doc: DocumentState): void {
  for (const block of tokens) {
    for (const token of block.children ?? []) {
      if (token.type !== 'iscls_citation') continue;
      const meta = token.meta as CitationMeta;
      if (!meta.keys) continue; // a superscript: made when read
      try {
        meta.html = citationHtml(token.content, meta, doc);
      } catch {
        // Never break the preview: the citation shows as written.
      }
    }
  }
}

/** A superscript citation takes the space before it ("1960 [@a]" → "1960¹"), as pandoc prints it. */
function trimSpaceBeforeSuperscript(tokens: Token[], doc: DocumentState): void {
  if (!doc.numeric || !doc.layout?.superscript) return;
  for (const block of tokens) {
    const children = block.children ?? [];
    for (let i = 1; i < children.length; i++) {
      const prev = children[i - 1];
      const meta = children[i].meta as CitationMeta;
      // A bare `@key` prints names first: the space before them stays. A typed `^1^` is the writer's.
      if (children[i].type === 'iscls_citation' && meta.keys && !meta.unknown.length && !meta.inText && prev.type === 'text') {
        prev.content = prev.content.replace(/[ \t]+$/, '');
      }
    }
  }
}

const HEADER = /^\s*<!--\s*iscls-references\b/;
const FOOTER = /<!--\s*\/iscls-references\s*-->/;

/**
 * The keys the list shows, in its order. A numeric document: the keys its managed list records (its
 * typed numbers are positions in it, as in the Word file). A pandoc document: the list `iscls bib` and
 * *Update Reference List* write and pandoc prints, one entry per cited work in the style's order.
 */
function listKeys(doc: DocumentState): string[] {
  if (doc.model.convention === 'numeric') return doc.model.scan.list?.keys ?? [];
  return doc.model.convention === 'pandoc' ? doc.formatter.listOrder(doc.order, doc.style) : [];
}

/** Replace the managed block's tokens (header comment … footer comment) by the formatted list. */
function replaceManagedList(state: StateCore, doc: DocumentState): void {
  const tokens = state.tokens;
  const start = tokens.findIndex((t) => t.type === 'html_block' && HEADER.test(t.content));
  const keys = listKeys(doc);
  if (start < 0) {
    if (doc.model.convention === 'pandoc' && keys.length > 0) tokens.push(listToken(state, doc, keys));
    return;
  }
  let end = start;
  if (!FOOTER.test(tokens[start].content)) {
    end = tokens.findIndex((t, i) => i > start && t.type === 'html_block' && FOOTER.test(t.content));
    if (end < 0) return; // an unclosed block is shown as written (the engine reports it)
  }
  const token = listToken(state, doc, keys);
  token.map = tokens[start].map;
  tokens.splice(start, end - start + 1, token);
}

/** The list as HTML: every key keeps its place (a number points at it), an unknown one says so. */
function listToken(state: StateCore, doc: DocumentState, keys: string[]): Token {
  const token = new state.Token('html_block', '', 0);
  const resolver = doc.model.resolver;
  const known = keys.filter((k) => resolver.has(k));
  const entries = known.length ? doc.formatter.entriesInOrder(known, doc.style, 'html') : [];
  const entryOf = new Map(known.map((k, i) => [k, entries[i]]));
  const items = keys
    .map((k) =>
      entryOf.has(k)
        ? `<li data-key="${escapeHtml(k)}">${entryOf.get(k)}</li>`
        : `<li data-key="${escapeHtml(k)}" class="iscls-citation-unknown">Unknown citation key: ${escapeHtml(k)}</li>`,
    )
    .join('\n');
  token.content = doc.numeric || doc.model.convention === 'numeric'
    ? `<ol class="iscls-references">\n${items}\n</ol>\n`
    : `<ul class="iscls-references" style="list-style: none; padding-left: 2em; text-indent: -2em">\n${items}\n</ul>\n`;
  return token;
}
