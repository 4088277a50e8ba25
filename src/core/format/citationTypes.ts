// The shapes the citation formatter (core/format/citations.ts) shares with its callers and helpers. Pure.

/** One shipped style, as listed in `styles.json`. */
export interface StyleInfo {
  /** CSL style id and file name stem, e.g. "american-medical-association". */
  id: string;
  /** Human label, e.g. "AMA (11th edition)". */
  label: string;
  /** Numeric styles cite by number; the others (APA) are author-date. */
  numeric: boolean;
}

/**
 * Reads one file of the shipped CSL folder by name and returns its parsed JSON, e.g.
 * `"american-medical-association.json"`, `"locales-en-US.json"` or `"styles.json"`.
 * Throws if the file does not exist.
 */
export type StyleLoader = (file: string) => unknown;

export type CitationFormat = 'text' | 'html';

/** A node of citeproc-js XmlJSON (a style or locale as `CSL.parseXml` gives it): an element with attributes and children. */
export interface XmlJsonNode {
  name: string;
  attrs: Record<string, string>;
  children: (XmlJsonNode | string)[];
}

/** A bibliography entry together with the citation key it renders. */
export interface BibliographyEntry {
  key: string;
  entry: string;
}
