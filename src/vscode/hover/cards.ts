// Markdown of the hover cards (terms and citation markers): VS Code's own markdown, with theme icons
// (`$(book)`) and `command:` links, so it lives beside the hover; it imports no `vscode`, so node unit
// tests cover it. Knowledge-base text goes through `escapeMarkdown`; text from the writer's document
// goes through `literalCode` (it can never become a link or HTML); links only ever use `command:`
// URIs the hover trusts.
import type { Reference, Section, Term } from '../../core/types';
import { otherNames, referenceShortLabel } from '../../core/presentation/labels';
import { REVIEW_SOURCE } from '../../core/manuscript/resolver';


/** Commands the hover cards link to; the hover's `isTrusted.enabledCommands` must list exactly these. */
export const HOVER_COMMANDS = [
  'iscls.openSection',
  'iscls.insertTermReferences',
  'iscls.copyReference',
  'iscls.openPubMed',
  'iscls.showTerm',
] as const;
export type HoverCommand = (typeof HOVER_COMMANDS)[number];

/**
 * Escapes text for CommonMark so it renders literally: every punctuation character that can start
 * markup gets a backslash — `<`/`>` too (no HTML), `$` too (no theme icons), the dot of a leading
 * "1." (no list) — and line breaks become spaces (data text is one paragraph). Safe in link text.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-!|<>~&$]/g, '\\$&')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/**
 * Text from the writer's document (a citation key as typed), shown so that it can never become a
 * link, an autolink, HTML or a theme icon: a code span whose backtick fence is longer than any run
 * of backticks in the text (CommonMark renders its content literally), padded with spaces when the
 * text starts or ends with a backtick. Line breaks become spaces; `$(` is split by a zero-width
 * space so VS Code's theme-icon syntax cannot apply.
 */
export function literalCode(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ').replace(/\$\(/g, '$\u200b(');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || /^ .* $/.test(flat) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Removes the backslashes `escapeMarkdown` added (for tests and for comparing rendered text). */
export function unescapeMarkdown(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** `command:` URI with JSON arguments, as VS Code expects them in trusted markdown. */
export function commandUri(command: HoverCommand, ...args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

function link(text: string, command: HoverCommand, args: unknown[], title?: string): string {
  const t = title ? ` "${title.replace(/["\\]/g, '')}"` : '';
  return `[${escapeMarkdown(text)}](${commandUri(command, ...args)}${t})`;
}

export interface TermCardInput {
  term: Term;
  /** The term's sections with their root-to-section path, in the term's order (unknown ids dropped). */
  sections: { section: Section; path: Section[] }[];
  /** The term's key references (unknown keys dropped). */
  references: Reference[];
}

/** Hover card of a recognised term. */
export function termHoverMarkdown({ term, sections, references }: TermCardInput): string {
  const lines: string[] = [];
  lines.push(`**${escapeMarkdown(term.name)}**`);
  const names = otherNames(term);
  if (names.length) lines.push(`*Also:* ${names.map(escapeMarkdown).join(' · ')}`);
  const blocks = [lines.join('  \n'), escapeMarkdown(term.definition)];
  if (sections.length) {
    const links = sections.map(({ section, path }) =>
      link(section.title, 'iscls.openSection', [section.id], `Open ${path.map((s) => s.title).join(' › ')}`),
    );
    blocks.push(`$(book) ${links.join(' · ')}`);
  }
  if (references.length) {
    const labels = references.map((r) => escapeMarkdown(referenceShortLabel(r))).join('; ');
    const insert = link(
      references.length === 1 ? 'Insert key reference' : `Insert ${references.length} key references`,
      'iscls.insertTermReferences',
      [term.id],
    );
    blocks.push(`$(references) ${labels} — ${insert}`);
  }
  return blocks.join('\n\n');
}

export interface CitationCardEntry {
  key: string;
  /** The review's reference when the key is one of the 72. */
  reference?: Reference;
  /**
   * Where the key resolves, e.g. "ISCLS review" or "refs.bib, line 12" (the document's library);
   * a key with a source is known even without a review reference.
   */
  source?: string;
  /** A built-in work's origin, shown in place of the source: "ISCLS review (to 2014)", "literature update (checked …)". */
  origin?: string;
  /** Full reference formatted in the current style (plain text). */
  formatted?: string;
  /** The number the document gives it (numeric convention). */
  number?: number;
  /** A caveat on the entry itself, e.g. authors truncated in the source (core/knowledge/caveats). */
  caveat?: string;
  /** What was completed from which record, for a review entry completed from its record (core/knowledge/submission). */
  completion?: string;
  /** What the style prints differently from the writer's record (a journal abbreviation supplied, a title in sentence case). */
  formNotes?: readonly string[];
  /** The key does not resolve yet, but a library file of the document is still being read. */
  loading?: boolean;
}

/** Hover card of a citation marker: one block per cited reference, with copy/PubMed links. */
export function citationHoverMarkdown(entries: readonly CitationCardEntry[], styleLabel?: string): string {
  const blocks: string[] = [];
  for (const entry of entries) {
    const prefix = entry.number !== undefined ? `**[${entry.number}]** ` : '';
    if ((!entry.reference && !entry.source) || entry.formatted === undefined) {
      // The key is the document's text: literal, never markup (a typed key could hold a link).
      if (entry.loading) {
        blocks.push(`${prefix}$(sync~spin) ${literalCode(entry.key)}: loading your library…`);
        continue;
      }
      blocks.push(`${prefix}$(warning) Unknown citation key ${literalCode(entry.key)}`);
      continue;
    }
    const actions = [
      link('Copy', 'iscls.copyReference', [entry.key], 'Copy the formatted reference'),
      link('Search PubMed', 'iscls.openPubMed', [entry.key], 'Search PubMed for this paper'),
    ].join(' · ');
    const caveat = entry.caveat ? `  \n$(warning) *${escapeMarkdown(entry.caveat)}*` : '';
    const completion = entry.completion ? `  \n$(pass) *${escapeMarkdown(entry.completion)}*` : '';
    const formNotes = (entry.formNotes ?? []).map((note) => `  \n$(info) *${escapeMarkdown(note)}*`).join('');
    const from = entry.origin ?? entry.source;
    const source = from ? `  \n$(${entry.origin || entry.source === REVIEW_SOURCE ? 'book' : 'library'}) *From ${escapeMarkdown(from)}*` : '';
    blocks.push(`${prefix}${escapeMarkdown(entry.formatted)}${caveat}${completion}${formNotes}${source}  \n$(copy) ${actions}`);
  }
  if (styleLabel && entries.some((e) => e.formatted !== undefined)) blocks.push(`*${escapeMarkdown(styleLabel)}*`);
  return blocks.join('\n\n---\n\n');
}
