// NLM (MEDLINE) journal abbreviations for a writer's records that carry only the journal's full name:
// AMA and Vancouver print the abbreviation ("J Allergy Clin Immunol"), so a record without one gets it
// from the list bundled in data/journal-abbreviations.json (scripts/journal-abbreviations.mjs derives it
// from the JabRef abbreviation lists, CC0). Only an exact match of the whole name, after the
// normalisation below, is used: a name the list does not hold prints as written (never guessed).
// The list is read on first need (never at activation); pure: no `vscode` here.

import { lazyRegExp } from '../lazyRegExp';

/** data/journal-abbreviations.json (schema: data/schema/journal-abbreviations.schema.json). */
export interface JournalAbbreviationData {
  origin: { repository: string; commit: string; files: string[]; licence: string; derivedBy: string };
  /** Normalised full title ({@link journalKey}) → NLM abbreviation. */
  abbreviations: Record<string, string>;
  /** Normalised titles NLM abbreviates to themselves ("Blood", "Chest"): printed as written, and known. */
  unchanged: string[];
}

const marksRe = lazyRegExp(String.raw`\p{M}+`, 'gu');
const nonWordRe = lazyRegExp(String.raw`[^\p{L}\p{N}]+`, 'gu');
/** Leading articles NLM titles keep and writers' records often drop ("La Presse medicale", "The Lancet"). */
const ARTICLE = /^(the|la|le|les|l|der|die|das) /;

/**
 * A journal name as the list is keyed: accents, case, punctuation and a leading article dropped, `&`
 * read as "and" ("The Journal of Allergy & Clinical Immunology" → "journal of allergy and clinical immunology").
 */
export function journalKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(marksRe(), '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(nonWordRe(), ' ')
    .trim()
    .replace(ARTICLE, '');
}

/** The bundled list: a lookup by full journal name. */
export class JournalAbbreviations {
  private readonly byKey: Map<string, string>;
  private readonly unchanged: Set<string>;
  private abbreviationKeys: Set<string> | undefined;

  constructor(readonly data: JournalAbbreviationData) {
    this.byKey = new Map(Object.entries(data.abbreviations));
    this.unchanged = new Set(data.unchanged);
  }

  get size(): number {
    return this.byKey.size + this.unchanged.size;
  }

  /** The NLM abbreviation of a journal's full name; undefined when the list does not hold it or it is its own. */
  abbreviation(journal: string): string | undefined {
    return this.byKey.get(journalKey(journal));
  }

  /**
   * Whether a journal name needs nothing from the list: NLM keeps it as is ("Blood"), or it already is
   * an NLM abbreviation ("Ann Intern Med", "J. Allergy Clin. Immunol.").
   */
  isPrintable(journal: string): boolean {
    const key = journalKey(journal);
    if (this.unchanged.has(key)) return true;
    this.abbreviationKeys ??= new Set([...this.byKey.values()].map(journalKey));
    return this.abbreviationKeys.has(key);
  }
}
