// citeproc-js behind a small typed surface, loaded on first use. Pure: no `vscode` here.
import type { CitationFormat, StyleLoader } from './citationTypes';

// citeproc ships no type declarations; this is the part of its API we use.
interface CiteprocSys {
  retrieveLocale(lang: string): unknown;
  retrieveItem(id: string): unknown;
}
export interface CiteprocEngine {
  setOutputFormat(format: string): void;
  updateItems(ids: string[]): void;
  makeBibliography(): false | [{ entry_ids: string[][] }, string[]];
  /** Items may carry citeproc-js options: `author-only`, `suppress-author`, `locator`, `label`. */
  makeCitationCluster(items: { id: string; [option: string]: unknown }[]): string;
}
type CiteprocModule = { Engine: new (sys: CiteprocSys, style: unknown, lang?: string) => CiteprocEngine; parseXml(xml: string): unknown };
let citeprocModule: CiteprocModule | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
let loadCiteproc: () => unknown = () => require('citeproc');

/**
 * citeproc-js, loaded on first use: most work (every numeric style, any single reference) is served
 * from the entries formatted at build time, so activation and the CLI do not pay for loading it.
 * The bundles take it from `dist/citeproc.js` (scripts/build.mjs) with `require`, unless a host that
 * cannot require a file (the web worker) gave its own loader ({@link provideCiteproc}).
 */
function citeproc(): CiteprocModule {
  return (citeprocModule ??= loadCiteproc() as CiteprocModule);
}

/** Where citeproc-js comes from when first needed, instead of `require('citeproc')`; called at most once, lazily. */
export function provideCiteproc(load: () => unknown): void {
  loadCiteproc = load;
  citeprocModule = undefined;
}

/** A `.csl` text as the tree citeproc-js formats with (its own XML reader). */
export function parseStyleXml(xml: string): unknown {
  return citeproc().parseXml(xml);
}

/**
 * A citeproc engine for one style (its tree, or its `.csl` text) and output format. Locales come from
 * the shipped CSL folder (en-US when the style's own is missing); items from `retrieveItem`.
 */
export function newEngine(loadFile: StyleLoader, style: unknown, format: CitationFormat, retrieveItem: (id: string) => unknown): CiteprocEngine {
  const sys: CiteprocSys = {
    retrieveLocale: (lang) => {
      try {
        return loadFile(`locales-${lang}.json`);
      } catch {
        return loadFile('locales-en-US.json');
      }
    },
    retrieveItem,
  };
  const engine = new (citeproc().Engine)(sys, style);
  engine.setOutputFormat(format);
  return engine;
}
