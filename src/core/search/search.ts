// Search over the knowledge base and the writer's library. Pure TypeScript: no `vscode` here.
//
// * References (the review's 72 and, once given, the writer's library): a word/prefix index
//   (`library/referenceIndex.ts`) over authors, year, key, title words, journal, DOI and PMID, so a
//   keystroke stays fast at 20,000 entries. Every query word must match; a typo is allowed in longer
//   words; British/American spellings and glossary relatives count ("IVIG", "paediatric").
//   A query that is a reference number ("14" or "#14") puts the review's reference 14 first
//   (score 0); a DOI finds its reference.
// * Terms and sections (a few hundred records): fuse.js, fuzzy. Terms: name, forms, abbreviations;
//   definition with a lower weight. Sections (flattened): title, summary; paragraphs lower.
// * Diacritics are ignored on both sides ("svensjo" finds "Svensjö"), case too.
import Fuse, { type IFuseOptions } from 'fuse.js';
import type { Reference, SearchHit, SearchKind, Section, Term } from '../types';
import { referenceShortLabel, referenceYear, sourceLine } from '../presentation/labels';
import { ReferenceIndex, type IndexInput } from '../library/referenceIndex';
import { QueryExpander } from '../library/queryExpansion';
import { firstAuthorName, itemYear } from '../library/keys';
import type { CslItem } from '../types';
import { isBuiltIn, REVIEW_SOURCE } from '../manuscript/resolver';
import { lazyRegExp } from '../lazyRegExp';

interface Doc {
  kind: SearchKind;
  id: string;
  label: string;
  detail: string;
  name?: string;
  forms?: string[];
  abbreviations?: string[];
  definition?: string;
  sectionTitle?: string;
  summary?: string;
  paragraphs?: string[];
}

/** A reference as the search lists it: the review's, the writer's, or one work that is both. */
export interface SearchableWork {
  /** The key to insert. */
  key: string;
  /** Every key that resolves to the work (a library entry that is one of the 72 has two). */
  keys?: readonly string[];
  item: CslItem;
  /** "ISCLS review" or the library file's name. */
  source: string;
  /** Every file the work was read from (a work in two library files is listed once, with both). */
  sources?: readonly string[];
  /** The review's record, when the work is one of the 72. */
  review?: Reference;
}

export interface SearchOptions {
  kinds?: SearchKind[];
  /** Maximum number of hits, default 50. */
  limit?: number;
}

const TITLE_LABEL_MAX = 60;

function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '') + ' …';
}

/** "Atkinson 1977 — Systemic capillary leak syndrome and …" */
export function referenceLabel(ref: Reference): string {
  return `${referenceShortLabel(ref)} — ${truncate(ref.title, TITLE_LABEL_MAX)}`;
}

/** "#14 · Am J Med 1960;29:193" */
export function referenceDetail(ref: Reference): string {
  return `#${ref.number} · ${sourceLine(ref)}`;
}

/** Two words with something between them (the query is a phrase). */
const multiWordRe = lazyRegExp(String.raw`[\p{L}\p{N}][^\p{L}\p{N}]+[\p{L}\p{N}]`, 'u');
const plain = (s: unknown) => String(s ?? '').replace(/<[^>]+>/g, '');

/** "Eo 2017" for any CSL item: first author (else the journal) and year, as writers say it in passing. */
export function itemShortLabel(item: CslItem): string {
  const who = firstAuthorName(item) || plain(item['container-title-short'] ?? item['container-title']);
  return [who, itemYear(item)].filter(Boolean).join(' ');
}

/** "Eo 2017 — Capillary leak in adults …" for any CSL item. */
export function itemLabel(item: CslItem): string {
  return `${itemShortLabel(item)} — ${truncate(plain(item.title), TITLE_LABEL_MAX)}`;
}

/** "refs.bib · J Allergy Clin Immunol Pract 2017;5:1023-1031" (with "#1 · " for one of the 72). */
export function workDetail(work: SearchableWork): string {
  const item = work.item;
  let line = `${plain(item['container-title-short'] || item['container-title'] || item.publisher)} ${itemYear(item) ?? ''}`.trim();
  if (item.volume) line += `;${item.volume}`;
  if (item.page) line += `:${item.page}`;
  const from = (work.sources ?? [work.source]).join(' + ');
  return [work.review ? `#${work.review.number}` : '', isBuiltIn(work) ? '' : from, line].filter(Boolean).join(' · ');
}

function flatten(sections: Section[], out: Section[] = []): Section[] {
  for (const s of sections) {
    out.push(s);
    if (s.children?.length) flatten(s.children, out);
  }
  return out;
}

const OPTIONS: IFuseOptions<Doc> = {
  includeScore: true,
  ignoreDiacritics: true,
  ignoreLocation: true,
  threshold: 0.34,
  minMatchCharLength: 2,
  keys: [
    { name: 'name', weight: 3 },
    { name: 'forms', weight: 2.5 },
    { name: 'abbreviations', weight: 3 },
    { name: 'definition', weight: 0.5 },
    { name: 'sectionTitle', weight: 3 },
    { name: 'summary', weight: 1.5 },
    { name: 'paragraphs', weight: 0.4 },
  ],
};

interface RefDoc {
  key: string;
  label: string;
  detail: string;
  source: string;
}

/** The records fuse.js searches: every term, then every section (depth first). */
function fuseDocs(terms: readonly Term[], sections: Section[]): Doc[] {
  const docs: Doc[] = [];
  for (const t of terms) {
    docs.push({ kind: 'term', id: t.id, label: t.name, detail: truncate(t.definition ?? '', 120), name: t.name, forms: t.forms ?? [], abbreviations: t.abbreviations ?? [], definition: t.definition });
  }
  for (const s of flatten(sections)) {
    docs.push({ kind: 'section', id: s.id, label: s.title, detail: s.summary ?? '', sectionTitle: s.title, summary: s.summary, paragraphs: s.paragraphs ?? [] });
  }
  return docs;
}

/** Label and detail of a work, as the pick shows it. */
function refDoc(work: SearchableWork): RefDoc {
  const review = work.review;
  const fromReview = review && isBuiltIn(work);
  return {
    key: work.key,
    label: fromReview ? referenceLabel(review) : itemLabel(work.item),
    detail: fromReview ? referenceDetail(review) : workDetail(work),
    source: work.source,
  };
}

export class KnowledgeSearch {
  /** Sections and terms, made and indexed by fuse.js on the first search, not at activation (it would slow every start). */
  private fuseDocsMade?: Doc[];
  private get fuseDocs(): Doc[] {
    return (this.fuseDocsMade ??= fuseDocs(this.terms, this.sections));
  }
  private fuseIndex?: Fuse<Doc>;
  private tokenFuseIndex?: Fuse<Doc>;
  /** One fuse.js index, built once, shared by both searchers (token search adds its inverted index). */
  private sharedIndex?: ReturnType<typeof Fuse.createIndex<Doc>>;
  private get fuseRecords(): ReturnType<typeof Fuse.createIndex<Doc>> {
    return (this.sharedIndex ??= Fuse.createIndex(OPTIONS.keys!, this.fuseDocs));
  }
  private get fuse(): Fuse<Doc> {
    return (this.fuseIndex ??= new Fuse(this.fuseDocs, OPTIONS, this.fuseRecords));
  }
  /** Multi-word queries: every word must match somewhere in the record (any field). */
  private get tokenFuse(): Fuse<Doc> {
    return (this.tokenFuseIndex ??= new Fuse(this.fuseDocs, { ...OPTIONS, useTokenSearch: true, tokenMatch: 'all' }, this.fuseRecords));
  }
  private readonly byNumber = new Map<number, string>();
  private readonly terms: Term[];
  private readonly sections: Section[];
  private expanderBuilt?: QueryExpander;
  private works: readonly SearchableWork[] = [];
  /** Labels are made for hits only (a 20,000-entry library would otherwise build 20,000 of them). */
  private readonly docs = new Map<number, RefDoc>();
  /** Built on the first search or by {@link warm} after activation, not at activation (it would slow every start). */
  private indexBuilt?: ReferenceIndex;
  private get expander(): QueryExpander {
    return (this.expanderBuilt ??= new QueryExpander(this.terms));
  }
  private get index(): ReferenceIndex {
    return (this.indexBuilt ??= this.indexWorks(this.works));
  }

  constructor(data: { references: Reference[]; sections: Section[]; terms: Term[] }) {
    this.terms = data.terms ?? [];
    this.sections = data.sections ?? [];
    for (const ref of data.references ?? []) this.byNumber.set(ref.number, ref['citation-key'] ?? ref.id);
    this.works = (data.references ?? []).map((ref) => ({ key: ref['citation-key'] ?? ref.id, item: ref, source: REVIEW_SOURCE, review: ref }));
  }

  /**
   * Builds what the first search needs (the reference index, the query expander, the fuse.js index
   * of terms and sections), so that it is not the first keystroke that pays for it. The extension
   * calls it when idle after activation; calling it again does nothing.
   */
  warm(): void {
    void this.index;
    void this.fuse;
  }

  /**
   * Replaces the searchable references with `works` (the review's merged with the writer's
   * library, each work once). Cheap enough to call on every library change.
   */
  setReferences(works: readonly SearchableWork[]): void {
    this.works = works;
    this.docs.clear();
    // Rebuilt on the next search; at once if the previous one was already in use (kept warm).
    const wasBuilt = this.indexBuilt !== undefined;
    this.indexBuilt = undefined;
    if (wasBuilt) void this.index;
  }

  /** Number of searchable references. */
  get referenceCount(): number {
    return this.works.length;
  }

  private doc(index: number): RefDoc {
    let doc = this.docs.get(index);
    if (!doc) this.docs.set(index, (doc = refDoc(this.works[index])));
    return doc;
  }

  private indexWorks(works: readonly SearchableWork[]): ReferenceIndex {
    const inputs = works.map((work): IndexInput => {
      const item = work.item;
      const names = (item.author as { family?: string; given?: string; literal?: string }[] | undefined) ?? [];
      return {
        key: work.key,
        keys: work.keys ?? [work.key],
        authors: names.map((a) => a.family ?? a.literal ?? '').filter(Boolean),
        givenNames: names.map((a) => a.given ?? '').filter(Boolean),
        title: plain(item.title),
        journals: [item['container-title'], item['container-title-short']].filter(Boolean).map(plain),
        year: itemYear(item),
        doi: typeof item.DOI === 'string' ? item.DOI : undefined,
        pmid: item.PMID !== undefined ? String(item.PMID) : undefined,
      };
    });
    return new ReferenceIndex(inputs, this.expander);
  }

  search(query: string, opts: SearchOptions = {}): SearchHit[] {
    const q = (query ?? '').trim();
    if (q === '') return [];
    const limit = Math.max(0, opts.limit ?? 50);
    if (limit === 0) return [];
    const kinds = opts.kinds && opts.kinds.length > 0 ? new Set(opts.kinds) : undefined;
    const allowed = (k: SearchKind) => !kinds || kinds.has(k);
    const hits: SearchHit[] = [];
    const seen = new Set<string>();
    const add = (hit: SearchHit) => {
      const id = `${hit.kind}:${hit.id}`;
      if (seen.has(id) || !allowed(hit.kind)) return;
      seen.add(id);
      hits.push(hit);
    };
    const num = /^#?\s*(\d+)$/.exec(q);
    const numbered = num ? this.byNumber.get(Number(num[1])) : undefined;
    if (numbered) {
      const index = this.works.findIndex((w) => w.review?.number === Number(num?.[1]));
      const doc = index >= 0 ? this.doc(index) : undefined;
      if (doc) add({ kind: 'reference', id: doc.key, label: doc.label, detail: doc.detail, score: 0, source: doc.source });
    }
    const pattern = num ? num[1] : q;
    const found: SearchHit[] = [];
    if (allowed('reference')) {
      for (const h of this.index.search(pattern, limit)) {
        const doc = this.doc(h.index);
        found.push({ kind: 'reference', id: doc.key, label: doc.label, detail: doc.detail, score: Math.max(0, Math.min(1, 1 - h.score)), source: doc.source });
      }
    }
    if (allowed('term') || allowed('section')) {
      const multiWord = multiWordRe().test(pattern);
      // Multi-word: records with every word first, then whole-phrase fuzzy matches ("leak phase").
      const engines = multiWord ? [this.tokenFuse, this.fuse] : [this.fuse];
      const fuseSeen = new Set<string>();
      for (const engine of engines) {
        for (const r of engine.search(pattern, { limit })) {
          if (fuseSeen.has(r.item.id) || !allowed(r.item.kind)) continue;
          fuseSeen.add(r.item.id);
          found.push({ kind: r.item.kind, id: r.item.id, label: r.item.label, detail: r.item.detail, score: r.score ?? 1 });
        }
      }
    }
    // A stable sort: equal scores keep references (best first) ahead of terms and sections.
    found.sort((a, b) => a.score - b.score);
    for (const hit of found) {
      if (hits.length >= limit) break;
      add(hit);
    }
    return hits.slice(0, limit);
  }
}
