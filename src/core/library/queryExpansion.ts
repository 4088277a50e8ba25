// Words as the reference index compares them: case, accents and British/American spelling folded
// ("Paediatric" → "pediatric", "oedema" → "edema", "tumour" → "tumor"), and a query word widened
// to its glossary relatives ("IVIG" → "intravenous immunoglobulin"; "children" → "child",
// "pediatric"). Pure.
import { asciiFold } from './keys';
import { lazyRegExp } from '../lazyRegExp';

/** British → American spellings of medical words, applied to index and query alike. */
const SPELLING: [RegExp, string][] = [
  [/^paed/, 'ped'], [/^haem/, 'hem'], [/^anaem/, 'anem'], [/^oedem/, 'edem'], [/^oesoph/, 'esoph'], [/^oestr/, 'estr'],
  [/^aetio/, 'etio'], [/^leukaem/, 'leukem'], [/^orthopaed/, 'orthoped'], [/^foet/, 'fet'], [/^diarrhoe/, 'diarrhe'],
  [/(?<=\w)aem(?=ia)/, 'em'], [/(?<=\w)aemi/, 'emi'], [/(?<=\w)haem/, 'hem'], [/(?<=\w{2})our$/, 'or'], [/(?<=\w{2})ours$/, 'ors'],
  [/(?<=\w{3})is(e|ed|es|ing|ation|ations)$/, 'iz$1'], [/(?<=\w{2})ys(e|ed|es|ing)$/, 'yz$1'], [/tre$/, 'ter'],
];

const folded = new Map<string, string>();

/** One word as indexed: lower-case ASCII, American spelling. Remembered: a library repeats its words. */
export function foldWord(word: string): string {
  let w = folded.get(word);
  if (w !== undefined) return w;
  w = asciiFold(word);
  if (w.length >= 4) for (const [from, to] of SPELLING) if (from.test(w)) w = w.replace(from, to);
  if (folded.size > 200_000) folded.clear();
  folded.set(word, w);
  return w;
}

const nonWordRe = lazyRegExp(String.raw`[^\p{L}\p{N}]+`, 'u');

/** The words of a text, folded; an apostrophe or hyphen splits ("Ji-woo" → "ji", "woo"). */
export function foldWords(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(nonWordRe())) {
    if (!raw) continue;
    const w = foldWord(raw);
    if (w) out.push(w);
  }
  return out;
}

/** Word families a writer means interchangeably in a search (folded forms). */
const FAMILIES: string[][] = [
  ['child', 'children', 'childhood', 'pediatric', 'pediatrics', 'infant', 'infants'],
  ['adult', 'adults'],
  ['woman', 'women'],
];

/** A glossary concept: its surface forms and abbreviations (the knowledge base's `Term`). */
export interface GlossaryTerm {
  forms: string[];
  abbreviations?: string[];
}

/**
 * Alternatives of one folded query word: each alternative is a list of folded words that must
 * all match ("ivig" → [["ivig"], ["intravenous", "immunoglobulin"]]). The word itself comes first.
 */
export class QueryExpander {
  private readonly alternatives = new Map<string, string[][]>();

  constructor(terms: readonly GlossaryTerm[] = []) {
    const add = (word: string, alternative: string[]) => {
      if (alternative.length === 0 || (alternative.length === 1 && alternative[0] === word)) return;
      const list = this.alternatives.get(word) ?? [];
      if (!list.some((a) => a.join(' ') === alternative.join(' '))) list.push(alternative);
      this.alternatives.set(word, list);
    };
    for (const family of FAMILIES) for (const w of family) for (const other of family) add(w, [other]);
    for (const term of terms) {
      // Abbreviations ("IVIG") stand for the term's shortest surface form ("intravenous immunoglobulin").
      const forms = [...new Set(term.forms.map((f) => foldWords(f)).filter((f) => f.length > 0).map((f) => f.join(' ')))];
      forms.sort((a, b) => a.length - b.length);
      const abbreviations = (term.abbreviations ?? []).map((a) => foldWord(a)).filter((a) => a.length >= 2);
      for (const abbreviation of abbreviations) {
        for (const form of forms.slice(0, 2)) add(abbreviation, form.split(' '));
        for (const other of abbreviations) add(abbreviation, [other]);
      }
      // A one-word form ("haemoconcentration") relates to its other one-word spellings and the abbreviation.
      const single = forms.filter((f) => !f.includes(' '));
      for (const w of single) {
        for (const other of single) add(w, [other]);
        for (const abbreviation of abbreviations) add(w, [abbreviation]);
      }
    }
  }

  /** [[word], …alternatives] for a folded query word. */
  expand(word: string): string[][] {
    return [[word], ...(this.alternatives.get(word) ?? [])];
  }
}
