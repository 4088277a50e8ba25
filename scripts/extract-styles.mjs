// Build-time preparation of the official CSL styles and locales the citation engine ships.
//
// Source: the `.csl` and locale files vendored in vendor/csl/ (taken unchanged from Debian's
// `citation-style-language-styles` and `citation-style-language-locales` packages; see
// vendor/csl/README.md). They are the Citation Style Language project's own files, so the build
// depends on nothing but npm and an upgrade of another package cannot change our styles.
//
// Output (all in `outDir`):
//   <style-id>.json        citeproc-js XmlJSON of the style (what `new CSL.Engine(sys, style)` accepts)
//   <style-id>.csl         the official file itself, for pandoc and the Export command
//   locales-<lang>.json     citeproc-js XmlJSON of the locale (en-US, plus en-GB for UK styles)
//   styles.json             manifest [{ id, label, numeric }] in display order, default first
//   NOTICE-CSL.txt          attribution (CC BY-SA 3.0, Citation Style Language project)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Styles to ship, in manifest order (the first is the default). Missing files fail the build. */
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

export const vendorDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'vendor', 'csl');

/**
 * citeproc-js's own XML reader (`CSL.parseXml`), which gives the XmlJSON its engine takes; the
 * whitespace-only text between elements and the namespace are dropped (they never format and would
 * only fill the pack).
 */
export function parseCsl(xml) {
  const CSL = createRequire(import.meta.url)('citeproc');
  const tree = dropBlankText(CSL.parseXml(xml));
  delete tree.attrs.xmlns;
  // The engine needs only the categories of <info>; the full block ships in the .csl beside it.
  for (const info of tree.children.filter((c) => typeof c !== 'string' && c.name === 'info')) info.children = info.children.filter((c) => typeof c !== 'string' && c.name === 'category');
  return tree;
}

function dropBlankText(node) {
  const elements = node.children.some((c) => typeof c !== 'string');
  return {
    name: node.name,
    attrs: node.attrs,
    children: node.children.filter((c) => !(elements && typeof c === 'string' && c.trim() === '')).map((c) => (typeof c === 'string' ? c : dropBlankText(c))),
  };
}

/** Whether a parsed style declares `<category citation-format="numeric"/>`. */
function isNumeric(style) {
  const info = style.children.find((x) => typeof x !== 'string' && x.name === 'info');
  return (info?.children ?? []).some((x) => typeof x !== 'string' && x.name === 'category' && x.attrs['citation-format'] === 'numeric');
}

/**
 * Write the shipped CSL styles, locales, manifest and attribution notice into `outDir`.
 * @param {string} outDir target folder (created if missing), e.g. `dist/csl`
 * @returns {Promise<{ styles: {id: string, label: string, numeric: boolean}[], locales: string[] }>}
 */
export async function extractStyles(outDir) {
  mkdirSync(outDir, { recursive: true });
  const manifest = [];
  const wantedLocales = new Set(BASE_LOCALES);
  for (const { id, label } of SHIPPED_STYLES) {
    const xml = readFileSync(join(vendorDir, 'styles', `${id}.csl`), 'utf8');
    const tree = parseCsl(xml);
    writeFileSync(join(outDir, `${id}.json`), JSON.stringify(tree));
    writeFileSync(join(outDir, `${id}.csl`), xml);
    manifest.push({ id, label, numeric: isNumeric(tree) });
    const def = tree.attrs['default-locale'];
    if (def) wantedLocales.add(def);
  }
  for (const lang of wantedLocales) {
    const xml = readFileSync(join(vendorDir, 'locales', `locales-${lang}.xml`), 'utf8');
    writeFileSync(join(outDir, `locales-${lang}.json`), JSON.stringify(parseCsl(xml)));
  }
  writeFileSync(join(outDir, 'styles.json'), JSON.stringify(manifest, null, 2) + '\n');
  const origin = readFileSync(join(vendorDir, 'README.md'), 'utf8').match(/^Origin: (.*)$/m)?.[1] ?? 'see vendor/csl/README.md';
  writeFileSync(
    join(outDir, 'NOTICE-CSL.txt'),
    [
      'Citation styles and locales',
      '===========================',
      '',
      'The CSL styles and locale files used here come from the Citation Style Language project',
      '(https://citationstyles.org), unchanged. They are licensed under the Creative Commons',
      'Attribution-ShareAlike 3.0 Unported license (CC BY-SA 3.0,',
      'https://creativecommons.org/licenses/by-sa/3.0/). Credit: the Citation Style Language project and',
      "the authors and contributors of each style, named in the <info> block of each .csl file.",
      '',
      `Source: ${origin}.`,
      '',
      'Styles shipped:',
      ...manifest.map((s) => `  ${s.id}  (${s.label})`),
      `Locales shipped: ${[...wantedLocales].join(', ')}`,
      '',
    ].join('\n'),
  );
  return { styles: manifest, locales: [...wantedLocales] };
}

// Allow `node scripts/extract-styles.mjs [outDir]` on its own.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const out = process.argv[2] || join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'csl');
  const { styles, locales } = await extractStyles(out);
  console.log(`wrote ${styles.length} styles and ${locales.length} locales to ${out}`);
}
