// Shared shapes of the knowledge base and the citation engine. Pure data: no `vscode` here.

/** A CSL-JSON name as the review prints it: family name plus initials (given as dotted initials). */
export interface CslName {
  family?: string;
  given?: string;
  literal?: string;
}

/** Where an added work's record was read: the address consulted and the day it was checked (YYYY-MM-DD). */
export interface Provenance {
  url: string;
  checked: string;
}

/** What a work's record adds to (or corrects in) the printed entry, and the record it was read from. */
export interface Completion {
  from: Provenance;
  /** Every author as the record lists them (initials). */
  author?: CslName[];
  /** At least one of PMID, DOI and PMCID: the record that identifies the work. */
  PMID?: string;
  DOI?: string;
  PMCID?: string;
  issue?: string;
  page?: string;
  /** Only where the record differs from the printed line. */
  volume?: string;
  issued?: { 'date-parts': number[][] };
  title?: string;
  'container-title'?: string;
  /** One sentence on a disagreement between the record and the printed line. */
  note?: string;
}

/**
 * A CSL-JSON item as citeproc reads it: the one record shape of every reference, built-in or the
 * writer's. `id` is the citation key.
 */
export interface CslItem {
  id: string;
  type?: string;
  [field: string]: unknown;
}

/**
 * One built-in work as a CSL-JSON item plus our own fields: an entry of the review's numbered list
 * (no `origin`), or a later work added from its record (`origin: 'literature-update'`): a paper read in
 * its PubMed/PMC/journal record, or a regulator's communication read on its web page.
 */
export interface Reference extends CslItem {
  /** The review's number (1..72); added works continue after the review's last number. */
  number: number;
  /** CSL id; equal to the citation key. */
  id: string;
  'citation-key': string;
  /** A journal article (the review's entries, added papers), or a regulator's communication read on its page. */
  type: 'article-journal' | 'webpage';
  /** A regulator's communication: who published the page read (the regulator, or an office relaying it). */
  publisher?: string;
  /** A regulator's communication: the page's address as read. */
  URL?: string;
  author?: CslName[];
  /** The review printed "et al." after these authors: the list is knowingly incomplete. */
  'authors-truncated'?: boolean;
  title: string;
  /** Title printed in square brackets: an English translation of a non-English title. */
  'title-translated'?: boolean;
  /**
   * The journal (the review gives only the NLM abbreviation, so both hold it there). A regulator's
   * communication has none: its author is the issuing body and the short form names that body in lists.
   */
  'container-title'?: string;
  'container-title-short': string;
  issued: { 'date-parts': number[][] };
  volume?: string;
  issue?: string;
  page?: string;
  /** The entry exactly as the review's list printed it (the review's entries only). */
  'review-listing'?: string;
  /** Absent for the review's entries; an added work says so (our field, not CSL's `source`). */
  origin?: 'literature-update';
  /** Identifiers as the work's record prints them (added works; CSL-JSON names). */
  PMID?: string;
  DOI?: string;
  PMCID?: string;
  /** The record an added work was read from. */
  provenance?: Provenance;
  /** A review entry completed from its record (applied by submissionRecord in submission.ts). */
  completed?: Completion;
}

/**
 * A topic section. Paragraph text is written in our own words and cites its support inline with
 * pandoc markers, e.g. "... first described in 1960 [@clarkson1960]."
 */
export interface Section {
  id: string;
  title: string;
  /** One sentence shown as the tree item's description/tooltip. */
  summary: string;
  paragraphs: string[];
  children?: Section[];
}

/** A glossary concept with every surface form a writer may use for it. */
export interface Term {
  id: string;
  /** Preferred name, e.g. "Hemoconcentration". */
  name: string;
  definition: string;
  /** Case-insensitive word forms: spellings (US and UK), plurals, eponyms. Possessives and hyphen/space variants are matched automatically. */
  forms: string[];
  /** Case-sensitive abbreviations, e.g. "ISCLS", "MGUS". */
  abbreviations?: string[];
  /** Ids of the sections the concept belongs to. */
  sections: string[];
  /** Citation keys of its key references. */
  references: string[];
  /** Ids of related terms. */
  related?: string[];
}

export interface KnowledgeData {
  references: Reference[];
  sections: Section[];
  terms: Term[];
}

/** A term occurrence in a text. Offsets are UTF-16 code unit offsets, end exclusive. */
export interface TermHit {
  start: number;
  end: number;
  text: string;
  termId: string;
}

/** How a document writes citations. */
export type Convention = 'pandoc' | 'latex' | 'numeric';

/** A replacement of text[start, end) by newText. Edits of one plan never overlap. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export type SearchKind = 'section' | 'term' | 'reference';

export interface SearchHit {
  kind: SearchKind;
  /** Section id, term id or citation key. */
  id: string;
  label: string;
  detail: string;
  /** 0 is a perfect match, 1 no match. */
  score: number;
  /** References: where the record comes from ("ISCLS review", "refs.bib"). */
  source?: string;
}

export type ExportFormat = 'bibtex' | 'ris' | 'csljson' | 'cslyaml';
