// How a numeric CSL style prints its in-text citation numbers, read from the style itself (its
// `<citation collapse>` and `<layout prefix suffix delimiter vertical-align>`): AMA `<sup>1,2</sup>`,
// Vancouver `(1,2)`, BMJ `[1,2]`. Pure.
import type { XmlJsonNode } from '../format/citationTypes';
import { compressNumbers } from '../manuscript/render';

export interface CitationLayout {
  prefix: string;
  suffix: string;
  delimiter: string;
  superscript: boolean;
  /** `collapse="citation-number"`: three or more consecutive numbers print as a range "1–3". */
  collapse: boolean;
}

function child(node: XmlJsonNode | undefined, name: string): XmlJsonNode | undefined {
  return node?.children.find((c): c is XmlJsonNode => typeof c !== 'string' && c.name === name);
}

/** The citation layout of a style's citeproc-js tree (defaults: brackets, comma). */
export function citationLayout(styleTree: unknown): CitationLayout {
  const citation = child(styleTree as XmlJsonNode, 'citation');
  const layout = child(citation, 'layout');
  const attrs = layout?.attrs ?? {};
  // AMA wraps the number in a group of its own only for locators; the layout carries the form.
  const hasAffixes = 'prefix' in attrs || 'suffix' in attrs;
  return {
    prefix: hasAffixes ? (attrs.prefix ?? '') : attrs['vertical-align'] === 'sup' ? '' : '[',
    suffix: hasAffixes ? (attrs.suffix ?? '') : attrs['vertical-align'] === 'sup' ? '' : ']',
    delimiter: attrs.delimiter ?? ',',
    superscript: attrs['vertical-align'] === 'sup',
    collapse: citation?.attrs.collapse === 'citation-number',
  };
}

/** [1,2,3,5] → "1–3,5" (collapse) or "1,2,3,5". */
export function collapseNumbers(numbers: readonly number[], delimiter: string, collapse: boolean): string {
  return collapse ? compressNumbers(numbers, delimiter, '\u2013') : numbers.join(delimiter);
}
