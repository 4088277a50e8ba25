#!/usr/bin/env node
// Regenerates vendor/csl/journals/ from Debian's `citation-style-language-styles` package (the CSL
// project's style repository as installed under /usr/share/citation-style-language/styles; `npm run
// setup` installs it). Not part of the build: its output is committed, so the build needs only npm.
//
//   journals.tsv   one journal a line: title, short title, ISSN, e-ISSN, style id, parent style id.
//                  Every medicine or biology journal of the repository: its dependent styles (whose
//                  parent is named) and its journal-specific independent styles (parent column empty);
//                  and every other journal whose parent is one of the 7 shipped styles.
//   parents/*.csl  the independent styles those dependents name, unchanged (the 7 shipped styles are
//                  not repeated: vendor/csl/styles/ has them).
//
// Usage: node scripts/journal-index.mjs [--check]   (--check: exit 1 if the committed files differ)
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEBIAN_STYLES = '/usr/share/citation-style-language/styles';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'vendor', 'csl', 'journals');
const shipped = new Set(readdirSync(join(root, 'vendor', 'csl', 'styles')).map((f) => f.replace(/\.csl$/, '')));
const FIELDS = /<category field="(medicine|biology)"\/>/;

const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const tag = (xml, name) => unescape(new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1]?.trim() ?? '').replace(/[\t\n]+/g, ' ');
const parentOf = (xml) => /<link href="https?:\/\/www\.zotero\.org\/styles\/([^"]+)" rel="independent-parent"\/>/.exec(xml)?.[1];

/** The index rows and the parents they need, read from a CSL styles folder. */
export function readRepository(dir = DEBIAN_STYLES) {
  const rows = [];
  const parents = new Set();
  const info = (xml) => xml.slice(0, xml.indexOf('</info>'));
  for (const file of readdirSync(join(dir, 'dependent')).filter((f) => f.endsWith('.csl')).sort()) {
    const xml = info(readFileSync(join(dir, 'dependent', file), 'utf8'));
    const parent = parentOf(xml);
    // Medicine and biology, and any journal whose parent we ship anyway (Mayo Clinic Proceedings, AMA).
    if (!parent || !existsSync(join(dir, `${parent}.csl`)) || !(FIELDS.test(xml) || shipped.has(parent))) continue;
    rows.push([tag(xml, 'title'), tag(xml, 'title-short'), tag(xml, 'issn'), tag(xml, 'eissn'), file.replace(/\.csl$/, ''), parent]);
    if (!shipped.has(parent)) parents.add(parent);
  }
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csl')).sort()) {
    const xml = info(readFileSync(join(dir, file), 'utf8'));
    // A journal's own style names its ISSN; generic styles (Vancouver, AMA) name none.
    if (!FIELDS.test(xml) || !/<e?issn>/.test(xml)) continue;
    rows.push([tag(xml, 'title'), tag(xml, 'title-short'), tag(xml, 'issn'), tag(xml, 'eissn'), file.replace(/\.csl$/, ''), '']);
  }
  rows.sort((a, b) => a[0].localeCompare(b[0], 'en') || a[4].localeCompare(b[4]));
  return { rows, parents: [...parents].sort() };
}

function expectedFiles(dir) {
  const { rows, parents } = readRepository(dir);
  const files = new Map([['journals.tsv', rows.map((r) => r.join('\t')).join('\n') + '\n']]);
  for (const p of parents) files.set(`parents/${p}.csl`, readFileSync(join(dir, `${p}.csl`), 'utf8'));
  return files;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  if (!existsSync(DEBIAN_STYLES)) {
    console.error(`${DEBIAN_STYLES} is missing: apt-get install citation-style-language-styles (npm run setup does)`);
    process.exit(2);
  }
  const files = expectedFiles(DEBIAN_STYLES);
  if (process.argv.includes('--check')) {
    const committed = [join(outDir, 'journals.tsv'), ...readdirSync(join(outDir, 'parents')).map((f) => join(outDir, 'parents', f))];
    const stale = [...files].filter(([name, text]) => !existsSync(join(outDir, name)) || readFileSync(join(outDir, name), 'utf8') !== text).map(([name]) => name);
    const extra = committed.filter((f) => !files.has(f.slice(outDir.length + 1)));
    if (stale.length || extra.length) {
      console.error(`vendor/csl/journals is not what ${DEBIAN_STYLES} gives: ${[...stale, ...extra].slice(0, 10).join(', ')}`);
      process.exit(1);
    }
    console.log('vendor/csl/journals matches the Debian package');
  } else {
    rmSync(join(outDir, 'parents'), { recursive: true, force: true });
    mkdirSync(join(outDir, 'parents'), { recursive: true });
    for (const [name, text] of files) writeFileSync(join(outDir, name), text);
    console.log(`wrote ${files.get('journals.tsv').split('\n').length - 1} journals and ${files.size - 1} parent styles to ${outDir}`);
  }
}
