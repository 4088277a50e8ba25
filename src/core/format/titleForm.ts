// Article titles and journal names as a style prints them, from the writer's records: sentence case for
// styles that print titles as stored (CSL stores titles in sentence case; AMA, Vancouver, APA print them
// so), abbreviated journals for styles that print the short container title. Applied at format time to
// a copy of the item, never to the library file. Pure: no `vscode` here.

import { lazyRegExp } from '../lazyRegExp';

/** What a style does with an article's title and its journal's name. */
export interface TitleForm {
  /** The style prints the title as stored (no `text-case="title"` on it): a Title Case record is converted. */
  sentenceCase: boolean;
  /** The style prints the journal's short title (`form="short"` on `container-title`). */
  abbreviateJournals: boolean;
}

interface StyleNode {
  name?: string;
  attrs?: Record<string, string>;
  children?: unknown[];
}

/** The title form of a style, from its tree as citeproc-js reads it (`{name, attrs, children}`). */
export function titleFormOf(tree: unknown): TitleForm {
  // AMA title-cases a book's title and prints an article's as stored: a title printed as stored
  // anywhere (an article's, in every style we know) makes the style a sentence-case one.
  let asStored = false;
  let short = false;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const { attrs, children } = node as StyleNode;
    const variable = attrs?.variable?.split(/\s+/) ?? [];
    if (node && (node as StyleNode).name === 'text' && variable.includes('title') && (!attrs?.['text-case'] || attrs['text-case'] === 'sentence')) asStored = true;
    if (variable.includes('container-title') && attrs?.form === 'short') short = true;
    if (Array.isArray(children)) children.forEach(visit);
  };
  visit(tree);
  return { sentenceCase: asStored, abbreviateJournals: short };
}

// Words AMA and NLM keep capitalised inside a sentence-case title: nations, peoples, continents and
// eponyms common in medical titles. A word the record protects or writes with inner capitals is kept too.
const PROPER = new Set(
  ('Africa African America American Asia Asian Australia Australian Austria Austrian Belgian Brazil Brazilian Britain British ' +
    'Canada Canadian China Chinese Danish Dutch England English Europe European Finnish France French German Germany Greek ' +
    'India Indian Irish Israel Israeli Italian Italy Japan Japanese Korea Korean Latin Mexican Nordic Norwegian Polish ' +
    'Portuguese Russian Scandinavian Scottish Spain Spanish Swedish Swiss Taiwan Turkish UK US USA Western ' +
    'Addison Alzheimer Bayesian Beh\u00e7et Castleman Clarkson Cox Crohn Cushing Down Epstein Barr Gaussian Gram Graves Guillain ' +
    'Hashimoto Hodgkin Kaplan Kawasaki Meier Parkinson Poisson Raynaud Sj\u00f6gren Still Waldenstr\u00f6m Wilson Medicare Medicaid ' +
    'COVID SARS January February March April May June July August September October November December Monday Sunday')
    .split(' '),
);
const capitalisedRe = lazyRegExp(String.raw`^\p{Lu}[\p{Ll}'\u2019]*$`, 'u');
const wordEdgesRe = lazyRegExp(String.raw`^[^\p{L}]+|[^\p{L}'\u2019]+$`, 'gu');
const upperStartRe = lazyRegExp(String.raw`^\p{Lu}`, 'u');
const tokenEdgesRe = lazyRegExp(String.raw`^[^\p{L}\p{N}{]+|[^\p{L}\p{N}}]+$`, 'gu');
const wordPartsRe = lazyRegExp(String.raw`^([^\p{L}]*)(\p{L}[\p{L}'\u2019]*)(.*)$`, 'u');
const possessiveRe = lazyRegExp(String.raw`['\u2019]s$`, 'u');
const letterStartRe = lazyRegExp(String.raw`^\p{L}`, 'u');
const SMALL = new Set('a an and as at but by for from in into nor of on or per the to vs via with'.split(' '));

/** Capital first letter, the rest lower case ("Syndrome", not "mRNA", "IgG", "ISCLS" or "Il-6"). */
function capitalisedPlain(word: string): boolean {
  return capitalisedRe().test(word) && word.length > 1;
}

/**
 * Whether a title reads as Title Case: most of its significant words after the first are capitalised.
 * A title already in sentence case ("Cyclical edema and shock due to …") is left as the record writes it.
 */
export function looksTitleCase(title: string): boolean {
  const words = title.split(/\s+/).slice(1).map((w) => w.replace(wordEdgesRe(), '')).filter((w) => w && !SMALL.has(w.toLowerCase()));
  const capitalised = words.filter((w) => upperStartRe().test(w)).length;
  return words.length >= 2 && capitalised >= 2 && capitalised / words.length > 0.6;
}

/**
 * `title` in sentence case, as AMA prints article titles: the first word and the first word after a
 * colon keep their capital; acronyms, words with inner capitals or digits (mRNA, IgG, COVID-19),
 * eponyms and nations ("European", "Crohn's") and the `protectedWords` (BibTeX `{…}`) are kept as
 * written; every other capitalised word is lowered. A title not in Title Case is returned unchanged.
 */
export function sentenceCase(title: string, protectedWords: readonly string[] = []): string {
  if (!looksTitleCase(title)) return title;
  const keep = new Set(protectedWords.flatMap((w) => w.split(/\s+/)));
  let start = true;
  return title
    .split(/(\s+)/)
    .map((token) => {
      if (/^\s+$/.test(token) || token === '') return token;
      const first = start;
      start = /[:?!.]$/.test(token) || /^[-\u2013\u2014]$/.test(token);
      if (keep.has(token.replace(tokenEdgesRe(), ''))) return token;
      return token
        .split(/([-/])/)
        .map((part, i) => {
          if (first && i === 0) return part;
          const m = wordPartsRe().exec(part);
          if (!m) return part;
          const [, lead, word, rest] = m;
          const stem = word.replace(possessiveRe(), '');
          if (!capitalisedPlain(word) || PROPER.has(stem) || keep.has(word) || letterStartRe().test(rest)) return part;
          return lead + word.toLowerCase() + rest;
        })
        .join('');
    })
    .join('');
}

// Only an article's title: AMA prints a book's title in Title Case, and a chapter or book title is more
// often a name ("… According to Al-Farabi, ibn Bajja …") than a periodical article's is.
const ARTICLE_TYPES = new Set(['article-journal', 'article-magazine', 'article-newspaper', 'article', 'review']);

/** Whether an item's title is in a language sentence case applies to (English, or not stated). */
export function englishOrUnstated(language: unknown): boolean {
  return typeof language !== 'string' || language.trim() === '' || /^en\b|^english$/i.test(language.trim());
}

/**
 * A copy of a CSL item with its article title in sentence case when the
 * style prints titles as stored and the record is in Title Case, and its journal's abbreviation set
 * when the style abbreviates and the record has none (`abbreviate` looks it up). Returns the item
 * itself when nothing changes.
 */
export function itemInForm(
  item: Record<string, unknown>,
  form: TitleForm,
  protectedWords: readonly string[] = [],
  abbreviate?: (journal: string) => string | undefined,
): Record<string, unknown> {
  let out = item;
  const set = (field: string, value: string) => {
    if (out === item) out = { ...item };
    out[field] = value;
  };
  if (form.sentenceCase && englishOrUnstated(item.language) && ARTICLE_TYPES.has(String(item.type))) {
    for (const field of ['title', 'title-short']) {
      const value = item[field];
      if (typeof value !== 'string') continue;
      const converted = sentenceCase(value, protectedWords);
      if (converted !== value) set(field, converted);
    }
  }
  const journal = item['container-title'];
  if (form.abbreviateJournals && abbreviate && typeof journal === 'string' && !item['container-title-short'] && !item['journalAbbreviation']) {
    const short = abbreviate(journal);
    if (short && short !== journal) set('container-title-short', short);
  }
  return out;
}

/** What a style's title form changed in a record: the title as printed, the journal abbreviation supplied. */
export interface FormChanges {
  title?: { from: string; to: string };
  journal?: { from: string; to: string };
}

/** The changes between a record's item and the same item in a style's form ({@link itemInForm}). */
export function formChanges(item: Record<string, unknown>, formed: Record<string, unknown>): FormChanges {
  const changes: FormChanges = {};
  if (formed === item) return changes;
  if (typeof item.title === 'string' && formed.title !== item.title) changes.title = { from: item.title, to: String(formed.title) };
  const short = formed['container-title-short'];
  if (typeof short === 'string' && short !== item['container-title-short']) changes.journal = { from: String(item['container-title']), to: short };
  return changes;
}

/** What {@link formChanges} found, as the writer reads it (hover, Check Reference List): one sentence each. */
export function describeFormChanges(changes: FormChanges): string[] {
  const notes: string[] = [];
  if (changes.journal) notes.push(`Journal abbreviation supplied from the NLM list: "${changes.journal.from}" prints as "${changes.journal.to}" (the record has no abbreviation).`);
  if (changes.title) notes.push('Title printed in sentence case, as the style asks (the record has it in Title Case).');
  return notes;
}
