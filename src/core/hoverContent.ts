// Markdown of the hover cards (terms and citation markers) and the small helpers the browsing UI
// shares: short reference labels and PubMed search links. Pure: no `vscode` here, so node unit tests
// cover it. Every piece of data text goes through `escapeMarkdown`; the only markdown we emit is
// our own (bold, links, separators), and links only ever use `command:` URIs the hover trusts.
import type { Reference, Section, Term } from './types';

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

/** Publication year of a reference ("" when unknown). */
export function referenceYear(reference: Reference): string {
  const year = reference.issued?.['date-parts']?.[0]?.[0];
  return year ? String(year) : '';
}

/** First author's family name; the journal for entries without an author (e.g. the Lancet editorial). */
export function firstAuthor(reference: Reference): string {
  const first = reference.author?.[0];
  return first?.family ?? first?.literal ?? reference['container-title-short'] ?? reference['container-title'];
}

/** "Clarkson 1960" — how writers refer to a paper in passing. */
export function referenceShortLabel(reference: Reference): string {
  return [firstAuthor(reference), referenceYear(reference)].filter(Boolean).join(' ');
}

/** "Ann Intern Med 2011;154:464" — journal, year, volume and page as far as the list gives them. */
export function sourceLine(reference: Reference): string {
  let source = `${reference['container-title-short'] || reference['container-title']} ${referenceYear(reference)}`.trim();
  if (reference.volume) source += `;${reference.volume}`;
  if (reference.page) source += `:${reference.page}`;
  return source;
}

/** "1. Clarkson 1960" — the review's number plus the short label (tree items, pickers). */
export function referenceNumberedLabel(reference: Reference): string {
  return `${reference.number}. ${referenceShortLabel(reference)}`;
}

/**
 * A PubMed query for a reference built from what the citation says — first author, title words,
 * journal and year — never a guessed PMID. Field tags keep it precise; title words stay untagged
 * (translated titles and punctuation differ between sources), so PubMed matches them in any field.
 */
export function pubmedQuery(reference: Reference): string {
  const clean = (s: string) => s.replace(/[[\]()"{}:;,.?!*]/g, ' ').replace(/\s+/g, ' ').trim();
  const parts: string[] = [];
  const first = reference.author?.[0]?.family;
  if (first) parts.push(`${clean(first)}[au]`);
  parts.push(clean(reference.title));
  const journal = reference['container-title-short'] || reference['container-title'];
  if (journal) parts.push(`"${clean(journal)}"[ta]`);
  const year = referenceYear(reference);
  if (year) parts.push(`${year}[dp]`);
  return parts.filter(Boolean).join(' ');
}

/** `https://pubmed.ncbi.nlm.nih.gov/?term=…`: a search, so it works whatever the paper's PMID is. */
export function pubmedSearchUrl(reference: Reference): string {
  return `https://pubmed.ncbi.nlm.nih.gov/?term=${encodeURIComponent(pubmedQuery(reference))}`;
}

/**
 * The other names of a term worth showing: abbreviations first, then word forms that are not just the
 * preferred name in another case or a plural of a name already listed.
 */
export function otherNames(term: Term): string[] {
  // The name without a qualifier such as "(eponym)" counts as the name itself.
  const seen = new Set<string>([term.name.toLowerCase(), term.name.replace(/\s*\([^)]*\)$/, '').toLowerCase()]);
  const names: string[] = [];
  for (const abbreviation of term.abbreviations ?? []) {
    if (!seen.has(abbreviation.toLowerCase())) names.push(abbreviation);
    seen.add(abbreviation.toLowerCase());
  }
  const isPluralOfSeen = (form: string) => {
    const f = form.toLowerCase();
    return (
      (f.endsWith('s') && seen.has(f.slice(0, -1))) ||
      (f.endsWith('es') && seen.has(f.slice(0, -2))) ||
      (f.endsWith('ies') && seen.has(`${f.slice(0, -3)}y`))
    );
  };
  // Singular forms first, so that plurals can be recognised whatever the order in the data.
  const forms = [...term.forms].sort((a, b) => a.length - b.length);
  for (const form of forms) {
    const f = form.toLowerCase();
    if (seen.has(f) || isPluralOfSeen(f)) continue;
    seen.add(f);
    names.push(form);
  }
  // Keep the data's order among what survived.
  return names.sort((a, b) => order(term, a) - order(term, b));
}

function order(term: Term, name: string): number {
  const abbreviation = term.abbreviations?.indexOf(name) ?? -1;
  if (abbreviation >= 0) return abbreviation;
  return 1000 + term.forms.indexOf(name);
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
  /** The reference when the key is known. */
  reference?: Reference;
  /** Full reference formatted in the current style (plain text). */
  formatted?: string;
  /** The number the document gives it (numeric convention). */
  number?: number;
}

/** Hover card of a citation marker: one block per cited reference, with copy/PubMed links. */
export function citationHoverMarkdown(entries: readonly CitationCardEntry[], styleLabel?: string): string {
  const blocks: string[] = [];
  for (const entry of entries) {
    const prefix = entry.number !== undefined ? `**[${entry.number}]** ` : '';
    if (!entry.reference || entry.formatted === undefined) {
      blocks.push(`${prefix}$(warning) Unknown citation key *${escapeMarkdown(entry.key)}*`);
      continue;
    }
    const actions = [
      link('Copy', 'iscls.copyReference', [entry.key], 'Copy the formatted reference'),
      link('Search PubMed', 'iscls.openPubMed', [entry.key], 'Search PubMed for this paper'),
    ].join(' · ');
    blocks.push(`${prefix}${escapeMarkdown(entry.formatted)}  \n$(copy) ${actions}`);
  }
  if (styleLabel && entries.some((e) => e.formatted !== undefined)) blocks.push(`*${escapeMarkdown(styleLabel)}*`);
  return blocks.join('\n\n---\n\n');
}
