// The entries formatted at build time for every shipped style, stored once in dist/pack.json rather
// than as seven entries-<style>.json files (which the CLI reads). Pure.
//
// Each style's file repeats the same titles, authors and journals, and the fingerprints whole, while
// deflate (the VSIX) sees only 32 KB back: side by side per reference, and with the plain text left
// out wherever it is the HTML's text, they take 7 KB less in the VSIX.
import { decodeEntities } from './citationFixes';
import type { PrecomputedEntries } from './precomputedEntries';

/** Per reference, per style (in `styles` order): an entry in one string, two or none. */
type PackedEntry = string | [html: string | null, text: string | null] | null;

export interface PackedEntries {
  styles: string[];
  /** The fingerprints every style's entries were formatted from (the same items for all styles). */
  fingerprints: Record<string, string>;
  /**
   * By citation key, per style: the HTML entry when the text entry is its text ({@link textOfHtml}),
   * else `[html, text]` (null for one missing), or null when the style has neither.
   */
  entries: Record<string, PackedEntry[]>;
}

/** An HTML entry's text: tags dropped, entities decoded (as `text` entries are). */
export function textOfHtml(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ''));
}

/** Every style's tables in one; throws when the styles' fingerprints differ (then they cannot be shared). */
export function packEntries(tables: Record<string, PrecomputedEntries>): PackedEntries {
  const styles = Object.keys(tables);
  const fingerprints = styles.length ? tables[styles[0]].fingerprints : {};
  const same = JSON.stringify(fingerprints);
  for (const style of styles) {
    if (JSON.stringify(tables[style].fingerprints) !== same) throw new Error(`packEntries: the fingerprints of ${style} differ from those of ${styles[0]}`);
  }
  const keys = new Set(styles.flatMap((style) => [...Object.keys(tables[style].text), ...Object.keys(tables[style].html)]));
  const entries: Record<string, PackedEntry[]> = {};
  for (const key of keys) {
    entries[key] = styles.map((style) => {
      const html = Object.hasOwn(tables[style].html, key) ? tables[style].html[key] : null;
      const text = Object.hasOwn(tables[style].text, key) ? tables[style].text[key] : null;
      if (html !== null && text !== null && textOfHtml(html) === text) return html;
      return html === null && text === null ? null : [html, text];
    });
  }
  return { styles, fingerprints, entries };
}

/** One style's tables as its entries-<style>.json holds them; undefined when the pack has no such style. */
export function unpackEntries(packed: PackedEntries, style: string): PrecomputedEntries | undefined {
  const at = packed.styles.indexOf(style);
  if (at < 0) return undefined;
  const table: PrecomputedEntries = { fingerprints: packed.fingerprints, text: {}, html: {} };
  for (const [key, perStyle] of Object.entries(packed.entries)) {
    const entry = perStyle[at];
    if (typeof entry === 'string') {
      table.html[key] = entry;
      table.text[key] = textOfHtml(entry);
    } else if (entry) {
      if (entry[0] !== null) table.html[key] = entry[0];
      if (entry[1] !== null) table.text[key] = entry[1];
    }
  }
  return table;
}
