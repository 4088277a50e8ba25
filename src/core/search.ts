// Fuzzy search over the knowledge base (references, glossary terms, topic sections) with fuse.js.
// Pure TypeScript: no `vscode` here. The index is built once, in the constructor.
//
// * References: author family names, title, journal (full and short), year, number, citation key.
//   A query that is a reference number ("14" or "#14") puts reference 14 first (score 0).
// * Terms: name, forms, abbreviations; definition with a lower weight.
// * Sections (the tree is flattened): title, summary; paragraphs with a lower weight.
// * A multi-word query matches records containing every word (fuzzily), in any field.
// * Diacritics are ignored on both sides ("svensjo" finds "Svensjö"), case too.
import Fuse, { type IFuseOptions } from 'fuse.js';
import type { Reference, SearchHit, SearchKind, Section, Term } from './types';
import { referenceShortLabel, referenceYear, sourceLine } from './hoverContent';

interface Doc {
  kind: SearchKind;
  id: string;
  label: string;
  detail: string;
  // reference fields
  authors?: string[];
  title?: string;
  journal?: string[];
  year?: string;
  number?: string;
  key?: string;
  // term fields
  name?: string;
  forms?: string[];
  abbreviations?: string[];
  definition?: string;
  // section fields
  sectionTitle?: string;
  summary?: string;
  paragraphs?: string[];
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

/** "Am J Med 1960;29:193" */
export function referenceDetail(ref: Reference): string {
  return `#${ref.number} · ${sourceLine(ref)}`;
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
    { name: 'number', weight: 3 },
    { name: 'key', weight: 2 },
    { name: 'authors', weight: 3 },
    { name: 'title', weight: 2 },
    { name: 'journal', weight: 1 },
    { name: 'year', weight: 1.5 },
    { name: 'name', weight: 3 },
    { name: 'forms', weight: 2.5 },
    { name: 'abbreviations', weight: 3 },
    { name: 'definition', weight: 0.5 },
    { name: 'sectionTitle', weight: 3 },
    { name: 'summary', weight: 1.5 },
    { name: 'paragraphs', weight: 0.4 },
  ],
};

export class KnowledgeSearch {
  private readonly fuse: Fuse<Doc>;
  /** Multi-word queries: every word must match somewhere in the record (any field). */
  private readonly tokenFuse: Fuse<Doc>;
  private readonly byNumber = new Map<number, Doc>();

  constructor(data: { references: Reference[]; sections: Section[]; terms: Term[] }) {
    const docs: Doc[] = [];
    for (const ref of data.references ?? []) {
      const doc: Doc = {
        kind: 'reference',
        id: ref['citation-key'] ?? ref.id,
        label: referenceLabel(ref),
        detail: referenceDetail(ref),
        authors: (ref.author ?? []).map((a) => a.family ?? a.literal ?? '').filter((s) => s !== ''),
        title: ref.title,
        journal: [ref['container-title'], ref['container-title-short']].filter((s) => !!s),
        year: referenceYear(ref),
        number: String(ref.number),
        key: ref['citation-key'] ?? ref.id,
      };
      docs.push(doc);
      this.byNumber.set(ref.number, doc);
    }
    for (const t of data.terms ?? []) {
      docs.push({
        kind: 'term',
        id: t.id,
        label: t.name,
        detail: truncate(t.definition ?? '', 120),
        name: t.name,
        forms: t.forms ?? [],
        abbreviations: t.abbreviations ?? [],
        definition: t.definition,
      });
    }
    for (const s of flatten(data.sections ?? [])) {
      docs.push({
        kind: 'section',
        id: s.id,
        label: s.title,
        detail: s.summary ?? '',
        sectionTitle: s.title,
        summary: s.summary,
        paragraphs: s.paragraphs ?? [],
      });
    }
    this.fuse = new Fuse(docs, OPTIONS);
    this.tokenFuse = new Fuse(docs, { ...OPTIONS, useTokenSearch: true, tokenMatch: 'all' });
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
    const add = (d: Doc, score: number) => {
      const id = `${d.kind}:${d.id}`;
      if (seen.has(id) || !allowed(d.kind)) return;
      seen.add(id);
      hits.push({ kind: d.kind, id: d.id, label: d.label, detail: d.detail, score });
    };
    const num = /^#?\s*(\d+)$/.exec(q);
    if (num) {
      const d = this.byNumber.get(Number(num[1]));
      if (d) add(d, 0);
    }
    const pattern = num ? num[1] : q;
    const multiWord = /[\p{L}\p{N}][^\p{L}\p{N}]+[\p{L}\p{N}]/u.test(pattern);
    // Multi-word: records with every word first, then whole-phrase fuzzy matches ("Am J Med").
    const engines = multiWord ? [this.tokenFuse, this.fuse] : [this.fuse];
    for (const engine of engines) {
      for (const r of engine.search(pattern)) {
        if (hits.length >= limit) break;
        add(r.item, r.score ?? 1);
      }
    }
    return hits.slice(0, limit);
  }
}
