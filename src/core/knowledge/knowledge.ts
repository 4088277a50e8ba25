// The knowledge base: references, topic sections and glossary terms, loaded once and indexed.
import { scanDocument, type CitationMarker } from '../manuscript';
import type { KnowledgeData, Reference, Section, Term } from '../types';
import { coverageOf, originLabel, type Coverage } from './coverage';

/** The bracketed pandoc citations of a paragraph, e.g. "[@a; @b]", with their offsets and keys. */
export function paragraphCitations(text: string): CitationMarker[] {
  return scanDocument(text, 'pandoc').markers.filter((marker) => marker.form === 'pandoc-bracket');
}

/** Pandoc citation keys in a paragraph, e.g. "[@a; @b]" → ["a", "b"], in order of appearance. */
export function citationKeysIn(text: string): string[] {
  return paragraphCitations(text).flatMap((marker) => marker.keys);
}

function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

export class KnowledgeBase {
  readonly references: readonly Reference[];
  readonly sections: readonly Section[];
  readonly terms: readonly Term[];
  private readonly referencesByKey = new Map<string, Reference>();
  private readonly referencesByNumber = new Map<number, Reference>();
  private readonly sectionsById = new Map<string, Section>();
  private readonly parents = new Map<string, Section>();
  private readonly termsById = new Map<string, Term>();
  /** Sections by the keys they cite: scanned on first use (it scans every paragraph). */
  private citingSections: Map<string, Section[]> | undefined;
  private readonly keySet: ReadonlySet<string>;
  /** What the built-in literature covers (the review's years and count, the update's count and date). */
  readonly coverage: Coverage;

  constructor(data: KnowledgeData) {
    this.references = [...data.references].sort((a, b) => a.number - b.number);
    this.sections = data.sections;
    this.terms = data.terms;
    for (const reference of this.references) {
      this.referencesByKey.set(reference['citation-key'], reference);
      this.referencesByNumber.set(reference.number, reference);
    }
    this.keySet = new Set(this.referencesByKey.keys());
    this.coverage = coverageOf(this.references);
    const visit = (section: Section, parent?: Section) => {
      this.sectionsById.set(section.id, section);
      if (parent) this.parents.set(section.id, parent);
      for (const child of section.children ?? []) visit(child, section);
    };
    for (const root of this.sections) visit(root);
    for (const term of this.terms) this.termsById.set(term.id, term);
  }

  /** "ISCLS review (to 2014)" or "literature update (checked 2026-12-04)": where a built-in work comes from. */
  origin(reference: Reference): string {
    return originLabel(reference, this.coverage.reviewTo);
  }

  /**
   * The knowledge base from data/references.json, sections.json and terms.json, read by the caller:
   * `vscode.workspace.fs` in the extension (Node.js and web worker hosts), node:fs in the CLI and
   * tests (src/node/dataFiles.ts).
   */
  static async read(readJson: (name: string) => Promise<unknown>): Promise<KnowledgeBase> {
    const [references, sections, terms] = await Promise.all(['references.json', 'sections.json', 'terms.json'].map(readJson));
    return new KnowledgeBase({ references: references as Reference[], sections: sections as Section[], terms: terms as Term[] });
  }

  reference(key: string): Reference | undefined {
    return this.referencesByKey.get(key);
  }

  referenceByNumber(number: number): Reference | undefined {
    return this.referencesByNumber.get(number);
  }

  /** Every citation key, for validating keys written in documents. */
  keys(): ReadonlySet<string> {
    return this.keySet;
  }

  section(id: string): Section | undefined {
    return this.sectionsById.get(id);
  }

  /** All sections, depth first, parents before children. */
  allSections(): Section[] {
    return [...this.sectionsById.values()];
  }

  parent(id: string): Section | undefined {
    return this.parents.get(id);
  }

  /** Root-to-section path, e.g. [Treatment, Prophylaxis]. */
  sectionPath(id: string): Section[] {
    const path: Section[] = [];
    for (let s = this.section(id); s; s = this.parent(s.id)) path.unshift(s);
    return path;
  }

  /** Keys cited in a section's own paragraphs, in order of first appearance. */
  ownCitations(section: Section): string[] {
    return unique(section.paragraphs.flatMap(citationKeysIn));
  }

  /** Sections whose own paragraphs cite a key, in tree order. */
  sectionsCiting(key: string): Section[] {
    if (!this.citingSections) {
      const citing = new Map<string, Section[]>();
      const visit = (section: Section) => {
        for (const k of this.ownCitations(section)) {
          const list = citing.get(k) ?? [];
          list.push(section);
          citing.set(k, list);
        }
        for (const child of section.children ?? []) visit(child);
      };
      for (const root of this.sections) visit(root);
      this.citingSections = citing;
    }
    return this.citingSections.get(key) ?? [];
  }

  term(id: string): Term | undefined {
    return this.termsById.get(id);
  }

  /** Terms that belong to a section. */
  termsOf(sectionId: string): Term[] {
    return this.terms.filter((term) => term.sections.includes(sectionId));
  }
}
