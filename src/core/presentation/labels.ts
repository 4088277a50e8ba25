// Labels of references and terms as the views show them: short labels ("Clarkson 1960"), source
// lines, author lines, shortened titles, PubMed searches, a term's other names. Pure: no `vscode`.
import type { CslItem, CslName, Reference, Term } from '../types';
import { itemYear } from '../library/keys';
import { submissionRecord } from '../knowledge/submission';

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
export function pubmedQuery(reference: CslItem): string {
  // Titles of the writer's records may hold markup (<i>in vivo</i>).
  const clean = (s: unknown) => String(s ?? '').replace(/<[^>]+>/g, '').replace(/[[\]()"{}:;,.?!*]/g, ' ').replace(/\s+/g, ' ').trim();
  const parts: string[] = [];
  const first = Array.isArray(reference.author) ? (reference.author[0] as CslName | undefined)?.family : undefined;
  if (first) parts.push(`${clean(first)}[au]`);
  parts.push(clean(reference.title));
  const journal = reference['container-title-short'] || reference['container-title'];
  if (journal) parts.push(`"${clean(journal)}"[ta]`);
  const year = itemYear(reference);
  if (year) parts.push(`${year}[dp]`);
  return parts.filter(Boolean).join(' ');
}

/** `https://pubmed.ncbi.nlm.nih.gov/?term=…`: a search, so it works whatever the paper's PMID is. */
export function pubmedSearchUrl(reference: CslItem): string {
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

/** A person's name as CSL-JSON gives it (family + given) or as one literal string. */
export interface PersonName {
  family?: string;
  given?: string;
  literal?: string;
}

/**
 * Initials of given names in Vancouver form: "Marie" → "M", "E. H." → "EH", "Jean-Pierre" → "JP",
 * "KM" (already initials) → "KM". Letters A–Z and Latin-1's À–ÿ except × and ÷ count.
 */
export function givenInitials(given: string): string {
  return given
    .split(/[\s.\-]+/)
    .map((part) => part.replace(/[^A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]/g, ''))
    .filter(Boolean)
    // A short all-capitals part is initials already ("KM"); any other word gives its first letter.
    .map((part) => (part.length <= 3 && part === part.toUpperCase() ? part : part[0].toUpperCase()))
    .join('');
}

/** "Gousseff M" from { family: "Gousseff", given: "Marie" }; a literal name as it is. */
export function vancouverName(name: PersonName): string {
  if (name.literal) return name.literal;
  const initials = givenInitials(name.given ?? '');
  return initials ? `${name.family ?? ''} ${initials}`.trim() : name.family ?? '';
}

/** "Gousseff M, Arnaud L, Lambert M" (at most `max` names, then "et al."); "" without authors. */
export function vancouverNames(names: readonly PersonName[], truncated = false, max = Infinity): string {
  const shown = names.slice(0, max).map(vancouverName).filter(Boolean);
  if (shown.length === 0) return '';
  return shown.join(', ') + (truncated || names.length > shown.length ? ', et al.' : '');
}

/** "Gousseff E, Arnaud L, Lambert M, et al." in Vancouver name form. */
export function authorLine(printed: Reference): string {
  const ref = submissionRecord(printed);
  return vancouverNames(ref.author ?? [], !!ref['authors-truncated']) || 'No author listed';
}

/** The title as the list prints it (translated titles in brackets), shortened on a word boundary. */
export function displayTitle(ref: Reference, max = 0): string {
  // Translated titles are stored with their square brackets; cut inside them, then put them back.
  let title = ref['title-translated'] ? ref.title.replace(/^\[(.*)\]$/s, '$1') : ref.title;
  if (max > 0 && title.length > max) {
    const cut = title.slice(0, max);
    const space = cut.lastIndexOf(' ');
    title = (space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.:;]+$/, '') + '…';
  }
  return ref['title-translated'] ? `[${title}]` : title;
}
