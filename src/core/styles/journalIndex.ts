// The journals of the CSL style repository, searchable by name, abbreviation or ISSN, with the parent
// styles their dependent styles need (dist/journals.json, built from vendor/csl/journals/ by
// scripts/build.mjs; read on first use only). Pure.

export interface JournalStyle {
  title: string;
  /** The journal's short title when the style gives one (often its abbreviation). */
  short: string;
  issn: string;
  eissn: string;
  /** The journal's style id in the CSL repository, e.g. "mayo-clinic-proceedings". */
  style: string;
  /** The independent style it takes its layout from; '' when the journal's own style is independent. */
  parent: string;
}

/** dist/journals.json: the index as TSV lines and the parents that are not shipped styles, by id. */
export interface JournalData {
  journals: string;
  parents: Record<string, string>;
}

const STOP_WORDS = new Set(['the', 'of', 'and', 'for', 'in', 'on', 'de', 'la', 'le', 'der', 'und', 'et', 'a', 'an']);

function words(s: string): string[] {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether each query word starts a later significant word of the title, in order (an abbreviation). */
function abbreviates(query: string[], title: string[]): 'all' | 'some' | undefined {
  let t = 0;
  for (const q of query) {
    while (t < title.length && !title[t].startsWith(q)) t++;
    if (t === title.length) return undefined;
    t++;
  }
  return title.slice(t).length === 0 ? 'all' : 'some';
}

const ISSN = /^\s*(\d{4})-?(\d{3}[\dxX])\s*$/;

export class JournalIndex {
  readonly journals: JournalStyle[];
  /** Each journal's words, made on the first search (resolving a style id needs none). */
  private keysValue: { title: string[]; significant: string[]; short: string[] }[] | undefined;
  private readonly byId = new Map<string, JournalStyle>();

  constructor(private readonly data: JournalData) {
    this.journals = data.journals
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [title = '', short = '', issn = '', eissn = '', style = '', parent = ''] = line.split('\t');
        return { title, short, issn, eissn, style, parent };
      });
    for (const j of this.journals) if (!this.byId.has(j.style)) this.byId.set(j.style, j);
  }

  private get keys(): { title: string[]; significant: string[]; short: string[] }[] {
    return (this.keysValue ??= this.journals.map((j) => {
      const title = words(j.title);
      return { title, significant: title.filter((w) => !STOP_WORDS.has(w)), short: words(j.short) };
    }));
  }

  /** The journal whose style id this is. */
  byStyle(id: string): JournalStyle | undefined {
    return this.byId.get(id);
  }

  /** The `.csl` of a bundled parent style (not one of the shipped styles). */
  parentXml(id: string): string | undefined {
    return Object.prototype.hasOwnProperty.call(this.data.parents, id) ? this.data.parents[id] : undefined;
  }

  /**
   * Journals matching what the writer typed: an ISSN (print or electronic), the full title, the
   * beginning of it, or an abbreviation whose words start the title's words in order
   * ("J Allergy Clin Immunol"). Best first; at most `limit`.
   */
  search(query: string, limit = 50): JournalStyle[] {
    const issn = ISSN.exec(query);
    if (issn) {
      const wanted = `${issn[1]}-${issn[2].toUpperCase()}`;
      return this.journals.filter((j) => j.issn.toUpperCase() === wanted || j.eissn.toUpperCase() === wanted).slice(0, limit);
    }
    const q = words(query);
    if (q.length === 0) return [];
    const joined = q.join(' ');
    const significant = q.filter((w) => !STOP_WORDS.has(w));
    const scored: { j: JournalStyle; score: number }[] = [];
    const keys = this.keys;
    this.journals.forEach((j, i) => {
      const k = keys[i];
      const title = k.title.join(' ');
      let score = 0;
      if (title === joined || k.short.join(' ') === joined) score = 100;
      else if (title.startsWith(joined)) score = 80;
      else {
        const abbreviation = significant.length ? abbreviates(significant, k.significant) : undefined;
        if (abbreviation === 'all') score = 70;
        else if (abbreviation === 'some' && k.significant[0]?.startsWith(significant[0])) score = 50;
        else if (q.every((w) => k.title.some((t) => t.startsWith(w)))) score = 20;
      }
      if (score) scored.push({ j, score });
    });
    scored.sort((a, b) => b.score - a.score || a.j.title.length - b.j.title.length || a.j.title.localeCompare(b.j.title));
    return scored.slice(0, limit).map((s) => s.j);
  }
}
