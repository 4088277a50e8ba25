// A markdown-it plugin that renders a manuscript's citations and managed reference list the way the
// citation style prints them, for VS Code's Markdown preview (contributed through `extendMarkdownIt`).
// Pure: no `vscode`; markdown-it is the instance the host passes in (only its types are imported).
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
// - numbers the writer typed (`[1]`, `^1^`) are already the text: left as they are.
import type MarkdownIt from 'markdown-it';
import { detectConvention, scanDocument } from '../manuscript';
import { citationLayout, collapseNumbers, type CitationLayout } from './citationLayout';
import { lazyRegExp } from '../lazyRegExp';

type StateCore = MarkdownIt.StateCore;
type StateInline = MarkdownIt.StateInline;
type Token = MarkdownIt.Token;

/** What the plugin needs of the citation engine (CitationFormatter and the shipped style trees). */
export interface PreviewEngine {
  knownKeys: ReadonlySet<string>;
  /** The style in force for the document being rendered (`env.currentDocument` is VS Code's Uri). */
  style(env: unknown): string;
  isNumeric(style: string): boolean;
  /** The style's citeproc-js tree (to read its citation layout). */
  styleTree(style: string): unknown;
  /** Author-date in-text cluster, e.g. "(Gousseff et al., 2011)"; `scope` is every cited key. */
  inText(keys: string[], style: string, scope: string[]): string;
  /** Author-date author-in-text form of `@key`, e.g. "Gousseff et al. (2011)"; `page` a page locator. */
  textCitation(key: string, style: string, scope: string[], page?: string): string;
  /** Numeric styles: the names printed before a bare `@key`'s number (undefined: the number alone). */
  namesInText(key: string): string | undefined;
  /** HTML entries for keys in the order given. */
  entriesHtml(keys: string[], style: string): string[];
  /** Keys in the style's list order (numeric: as given; APA: alphabetical). */
  listOrder(keys: string[], style: string): string[];
}

interface DocumentState {
  style: string;
  numeric: boolean;
  layout?: CitationLayout;
  /** Citation number of each key (numeric styles). */
  numbers: Map<string, number>;
  /** Every cited known key, first appearance order. */
  order: string[];
  /** The managed list's keys when the document is numeric (its numbers are positions in it). */
  listKeys?: string[];
  convention: 'pandoc' | 'latex' | 'numeric';
}

const STATE = Symbol('iscls-citations');
type Env = Record<string | symbol, unknown>;

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
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
    const doc = (state.env as Env)?.[STATE] as DocumentState | undefined;
    if (!doc || doc.convention !== 'pandoc') return false;
    const start = state.pos;
    if (state.src.charCodeAt(start) !== 0x5b /* [ */) return false;
    const close = state.src.indexOf(']', start);
    if (close < 0) return false;
    const raw = state.src.slice(start, close + 1);
    if (!raw.includes('@') || raw.slice(1).includes('[') || state.src[close + 1] === '(') return false;
    const marker = scanDocument(raw, 'pandoc', { knownKeys: engine.knownKeys }).markers[0];
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
    const doc = (state.env as Env)?.[STATE] as DocumentState | undefined;
    if (!doc || doc.convention !== 'pandoc' || state.src.charCodeAt(state.pos) !== 0x40 /* @ */) return false;
    const found = bareCitation(state, engine);
    if (!found) return false;
    if (!silent) {
      const token = state.push('iscls_citation', '', 0);
      token.content = state.src.slice(state.pos, found.end);
      token.meta = { keys: [found.key], unknown: [], inText: true, page: found.page };
    }
    state.pos = found.end;
    return true;
  });

  md.core.ruler.push('iscls_list', (state: StateCore) => {
    const doc = (state.env as Env)?.[STATE] as DocumentState | undefined;
    if (!doc) return;
    try {
      renderCitations(state.tokens, doc, engine);
      trimSpaceBeforeSuperscript(state.tokens, doc);
      replaceManagedList(state, doc, engine);
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


/** A page locator pandoc reads after a bare citation: `[p. 3]`, `[pp. 3-5]` → "3", "3-5". */
const PAGE = /^(?:pp?\.?\s*)?(\d[\w\u2013-]*)$/;

/** A character that makes an `@` part of a word or an address, not a citation. */
const keyCharBeforeRe = lazyRegExp(String.raw`[\p{L}\p{N}_\\@]`, 'u');

/**
 * A bare `@key` of a known key at `state.pos` (not inside a link's text, not part of a word or an
 * e-mail address), with a following `[locator]` taken along as pandoc does. Same key rules as the
 * engine: the marker is the engine's own scan of the text from here.
 */
function bareCitation(state: StateInline, engine: PreviewEngine): { key: string; end: number; page?: string } | undefined {
  if (((state as { linkLevel?: number }).linkLevel ?? 0) > 0) return undefined;
  if (state.pos > 0 && keyCharBeforeRe().test(state.src[state.pos - 1])) return undefined;
  const rest = state.src.slice(state.pos, Math.min(state.posMax, state.pos + 300));
  const marker = scanDocument(rest, 'pandoc', { knownKeys: engine.knownKeys }).markers[0];
  if (!marker || marker.start !== 0 || marker.form !== 'pandoc-intext' || marker.unknown.length > 0) return undefined;
  let end = state.pos + marker.end;
  const locator = /^[ \t]?\[([^\[\]@]*)\](?![(\[:])/.exec(state.src.slice(end, state.posMax));
  if (locator) end += locator[0].length;
  return { key: marker.keys[0], end, page: locator ? PAGE.exec(locator[1].trim())?.[1] : undefined };
}

/** Scan the whole document once: style, convention, numbers by first appearance (kept in `env`). */
function scanState(state: StateCore, engine: PreviewEngine): void {
  const env = (state.env ?? {}) as Env;
  const style = engine.style(env);
  const convention = detectConvention('markdown', state.src);
  const scan = scanDocument(state.src, convention, { knownKeys: engine.knownKeys, markup: 'markdown' });
  const numeric = engine.isNumeric(style);
  const order = scan.order;
  const docState: DocumentState = {
    style,
    numeric,
    layout: numeric ? citationLayout(engine.styleTree(style)) : undefined,
    numbers: new Map(order.map((k, i) => [k, i + 1])),
    order,
    listKeys: convention === 'numeric' ? scan.list?.keys : undefined,
    convention,
  };
  env[STATE] = docState;
  if (!state.env) state.env = env;
}

interface CitationMeta {
  keys: string[];
  unknown: string[];
  /** A bare `@key` (author-in-text). */
  inText?: boolean;
  page?: string;
  html?: string;
}

/** The HTML of one citation, as the style prints it. */
function citationHtml(raw: string, meta: CitationMeta, doc: DocumentState, engine: PreviewEngine): string {
  const { keys, unknown } = meta;
  const title = escapeHtml(keys.join('; '));
  if (unknown.length > 0) {
    return `<span class="iscls-citation iscls-citation-unknown" title="Unknown citation key: ${escapeHtml(unknown.join(', '))}">${escapeHtml(raw)}</span>`;
  }
  if (doc.numeric && doc.layout) {
    const numbers = [...new Set(keys.map((k) => doc.numbers.get(k) as number))].sort((a, b) => a - b);
    const l = doc.layout;
    const text = escapeHtml(`${l.prefix}${collapseNumbers(numbers, l.delimiter, l.collapse)}${l.suffix}`);
    const names = meta.inText ? engine.namesInText(keys[0]) : undefined;
    const before = names ? `${escapeHtml(names)}${l.superscript ? '' : ' '}` : '';
    return `<span class="iscls-citation" title="${title}">${before}${l.superscript ? `<sup>${text}</sup>` : text}</span>`;
  }
  const text = meta.inText ? engine.textCitation(keys[0], doc.style, doc.order, meta.page) : engine.inText(keys, doc.style, doc.order);
  return `<span class="iscls-citation" title="${title}">${escapeHtml(text)}</span>`;
}

function renderCitations(tokens: Token[], doc: DocumentState, engine: PreviewEngine): void {
  for (const block of tokens) {
    for (const token of block.children ?? []) {
      if (token.type !== 'iscls_citation') continue;
      const meta = token.meta as CitationMeta;
      try {
        meta.html = citationHtml(token.content, meta, doc, engine);
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
      // A bare `@key` prints names first: the space before them stays.
      if (children[i].type === 'iscls_citation' && !meta.unknown.length && !meta.inText && prev.type === 'text') {
        prev.content = prev.content.replace(/[ \t]+$/, '');
      }
    }
  }
}

const HEADER = /^\s*<!--\s*iscls-references\b/;
const FOOTER = /<!--\s*\/iscls-references\s*-->/;

/** Replace the managed block's tokens (header comment … footer comment) by the formatted list. */
function replaceManagedList(state: StateCore, doc: DocumentState, engine: PreviewEngine): void {
  const tokens = state.tokens;
  const start = tokens.findIndex((t) => t.type === 'html_block' && HEADER.test(t.content));
  const keys = doc.listKeys ?? engine.listOrder(doc.order, doc.style);
  if (start < 0) {
    if (doc.convention === 'pandoc' && keys.length > 0) tokens.push(listToken(state, doc, engine, keys));
    return;
  }
  let end = start;
  if (!FOOTER.test(tokens[start].content)) {
    end = tokens.findIndex((t, i) => i > start && t.type === 'html_block' && FOOTER.test(t.content));
    if (end < 0) return; // an unclosed block is shown as written (the engine reports it)
  }
  const token = listToken(state, doc, engine, keys);
  token.map = tokens[start].map;
  tokens.splice(start, end - start + 1, token);
}

function listToken(state: StateCore, doc: DocumentState, engine: PreviewEngine, keys: string[]): Token {
  const token = new state.Token('html_block', '', 0);
  const known = keys.filter((k) => engine.knownKeys.has(k));
  const entries = known.length ? engine.entriesHtml(known, doc.style) : [];
  const items = entries.map((e, i) => `<li data-key="${escapeHtml(known[i])}">${e}</li>`).join('\n');
  token.content = doc.numeric
    ? `<ol class="iscls-references">\n${items}\n</ol>\n`
    : `<ul class="iscls-references" style="list-style: none; padding-left: 2em; text-indent: -2em">\n${items}\n</ul>\n`;
  return token;
}
