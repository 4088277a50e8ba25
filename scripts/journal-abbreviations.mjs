#!/usr/bin/env node
// Derives data/journal-abbreviations.json from the JabRef abbreviation lists (https://github.com/JabRef/abbrv.jabref.org,
// CC0 1.0): its two MEDLINE lists, journals/journal_abbreviations_medicus.csv (Index Medicus) and
// journals/journal_abbreviations_entrez.csv (NCBI Entrez, the NLM catalogue's titles), both "full title",
// "NLM abbreviation" per line. Offline: it reads a local clone (`--git DIR`, a bare or work-tree git
// directory) at `--commit` (default HEAD) and records that commit in the file.
//
//   node scripts/journal-abbreviations.mjs --git /path/to/abbrv.jabref.org [--commit SHA]
//
// Keys are the titles normalised as the extension looks them up (src/core/format/journalAbbreviations.ts,
// bundled here so both use one rule). A key the lists give two different abbreviations (the same title
// for two journals, or an old and a new form) is left out: the writer's record then prints as written.
// The NLM catalogue's subtitles ("American journal of kidney diseases : the official journal of …") also
// give the title before them, unless that title is itself listed or ambiguous.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FILES = ['journals/journal_abbreviations_medicus.csv', 'journals/journal_abbreviations_entrez.csv'];
const REPOSITORY = 'https://github.com/JabRef/abbrv.jabref.org';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const gitDir = arg('--git');
if (!gitDir) {
  console.error('usage: node scripts/journal-abbreviations.mjs --git <clone of abbrv.jabref.org> [--commit SHA]');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const commit = git('rev-parse', arg('--commit', 'HEAD')).trim();

/** RFC 4180 rows (quoted fields, doubled quotes). */
function csvRows(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') (field += '"'), i++;
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

const bundled = await esbuild.build({ entryPoints: [join(root, 'src', 'core', 'format', 'journalAbbreviations.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'error' });
const module = { exports: {} };
new Function('module', 'exports', 'require', bundled.outputFiles[0].text)(module, module.exports, () => undefined);
const { journalKey } = module.exports;

const exact = new Map();
const beforeSubtitle = new Map();
const add = (map, key, abbreviation) => key && map.set(key, (map.get(key) ?? new Set()).add(abbreviation));
let rows = 0;
for (const file of FILES) {
  for (const [title, abbreviation] of csvRows(git('show', `${commit}:${file}`))) {
    if (!title?.trim() || !abbreviation?.trim()) continue;
    rows++;
    add(exact, journalKey(title), abbreviation.trim());
    const cut = title.search(/ [:/] /);
    if (cut > 0) add(beforeSubtitle, journalKey(title.slice(0, cut)), abbreviation.trim());
  }
}

const abbreviations = {};
const unchanged = [];
let ambiguous = 0;
const take = (key, values) => {
  if (values.size > 1) return void ambiguous++;
  const [abbreviation] = values;
  if (journalKey(abbreviation) === key) unchanged.push(key);
  else abbreviations[key] = abbreviation;
};
for (const [key, values] of exact) take(key, values);
for (const [key, values] of beforeSubtitle) if (!exact.has(key)) take(key, values);

const sorted = Object.fromEntries(Object.entries(abbreviations).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const data = {
  origin: {
    repository: REPOSITORY,
    commit,
    files: FILES,
    licence: 'CC0-1.0',
    derivedBy: 'scripts/journal-abbreviations.mjs: titles normalised as src/core/format/journalAbbreviations.ts looks them up; titles the lists abbreviate two ways left out',
  },
  abbreviations: sorted,
  unchanged: unchanged.sort(),
};
// One entry a line, so that a new snapshot of the lists reads as a diff.
const lines = (entries) => entries.map((e) => `    ${e}`).join(',\n');
const text = `{
  "origin": ${JSON.stringify(data.origin)},
  "abbreviations": {
${lines(Object.entries(sorted).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`))}
  },
  "unchanged": [
${lines(data.unchanged.map((k) => JSON.stringify(k)))}
  ]
}
`;
JSON.parse(text);
writeFileSync(join(root, 'data', 'journal-abbreviations.json'), text);
console.log(`data/journal-abbreviations.json: ${Object.keys(sorted).length} abbreviations, ${unchanged.length} titles kept as they are, ${ambiguous} ambiguous titles left out (${rows} rows of ${FILES.length} lists at ${commit.slice(0, 8)})`);
