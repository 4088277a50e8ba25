#!/usr/bin/env node
// Speed and size figures for the engine and the package. Prints numbers; asserts nothing.
// Run with `npm run bench` (builds and compiles first).
import { createRequire } from 'node:module';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const core = (name) => require(join(root, 'out', 'src', 'core', name));
const { loadKnowledgeBase } = require(join(root, 'out', 'src', 'node', 'dataFiles.js'));
const { CitationFormatter } = core('citations.js');
const { TermMatcher } = core('termMatcher.js');
const { KnowledgeSearch } = core('search.js');
const { planInsertion, planListUpdate, applyEdits } = core('documentCitations.js');
const { exportReferences } = core('export.js');

const rows = [];
function measure(label, fn, { runs = 1, unit = 'ms' } = {}) {
  fn(); // warm-up, so the figure is the steady state unless the label says "cold"
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  rows.push([label, unit === 'µs' ? `${(median * 1000).toFixed(1)} µs` : `${median.toFixed(2)} ms`, `median of ${runs}`]);
  return median;
}
function once(label, fn) {
  const t = performance.now();
  const result = fn();
  rows.push([label, `${(performance.now() - t).toFixed(2)} ms`, 'cold, once']);
  return result;
}

const kb = once('load knowledge base (3 JSON files)', () => loadKnowledgeBase(join(root, 'data')));
const cslDir = join(root, 'dist', 'csl');
const formatter = new CitationFormatter([...kb.references], (f) => JSON.parse(readFileSync(join(cslDir, f), 'utf8')));
const keys = kb.references.map((r) => r['citation-key']);
once('AMA bibliography of 72, cold (engine build + format)', () => formatter.bibliography(keys, 'american-medical-association'));
measure('AMA bibliography of 72, warm', () => formatter.bibliography(keys, 'american-medical-association'), { runs: 20 });
measure('one formatted reference (hover/tooltip), warm', () => formatter.reference('gousseff2011', 'american-medical-association'), { runs: 200, unit: 'µs' });
once('APA bibliography of 72, cold', () => formatter.bibliography(keys, 'apa'));

const matcher = once('build term matcher', () => new TermMatcher([...kb.terms]));
const paragraph = kb.allSections().flatMap((s) => s.paragraphs).join('\n\n');
let manuscript = '';
while (manuscript.length < 1_000_000) manuscript += paragraph + '\n\n';
let hits = 0;
const fullScan = measure(`term scan of a ${(manuscript.length / 1e6).toFixed(2)} MB manuscript`, () => { hits = matcher.findAll(manuscript).length; }, { runs: 5 });
rows.push(['  → throughput', `${(manuscript.length / 1e6 / (fullScan / 1000)).toFixed(1)} MB/s`, `${hits} hits`]);
const middle = manuscript.indexOf('hemoconcentration', manuscript.length / 2);
measure('term lookup around one position (hover)', () => matcher.findAround(manuscript, middle + 3), { runs: 500, unit: 'µs' });

const search = once('build fuse.js index (sections, terms, references)', () => new KnowledgeSearch({ references: [...kb.references], sections: [...kb.sections], terms: [...kb.terms] }));
measure('search "capilary leak" (typo)', () => search.search('capilary leak'), { runs: 50 });
measure('search "gousseff"', () => search.search('gousseff', { kinds: ['reference'] }), { runs: 50 });

// A numeric manuscript with 100 citation clusters, then one insertion near the start.
const ctx = { knownKeys: kb.keys(), style: 'american-medical-association', markup: 'plain', formatEntries: (k, s) => formatter.entriesInOrder(k, s) };
let doc = '';
for (let i = 0; i < 100; i++) doc += `Sentence ${i} about capillary leak.${i === 0 ? '' : ''} `;
const offsets = [];
for (let i = 0, at = 0; i < 100; i++) { at = doc.indexOf('.', at) + 1; offsets.push(at); }
let numeric = doc + '\n';
numeric = once('cite 100 clusters into a plain-text manuscript, one by one (cold)', () => {
  let text = numeric;
  for (let i = 99; i >= 0; i--) text = applyEdits(text, planInsertion(text, 'numeric', [offsets[i]], [keys[i % 72]], ctx));
  return text;
});
measure('insert one citation at the start of a 100-cluster numeric manuscript (renumber + list)', () => planInsertion(numeric, 'numeric', [0], [keys[71]], ctx), { runs: 20 });
measure('update check of an up-to-date 100-cluster manuscript', () => planListUpdate(numeric, 'numeric', ctx), { runs: 20 });
measure('export 72 references to BibTeX', () => exportReferences([...kb.references], 'bibtex'), { runs: 5 });
measure('export 72 references to RIS', () => exportReferences([...kb.references], 'ris'), { runs: 5 });

const size = (p) => (existsSync(p) ? statSync(p).size : 0);
const folderSize = (p) => (existsSync(p) ? readdirSync(p).reduce((n, f) => n + size(join(p, f)), 0) : 0);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sizes = [
  ['dist/extension.js', size(join(root, 'dist', 'extension.js')), existsSync(join(root, 'dist', 'extension.js')) ? gzipSync(readFileSync(join(root, 'dist', 'extension.js'))).length : 0],
  ['dist/cli.js', size(join(root, 'dist', 'cli.js')), 0],
  ['dist/csl/ (styles + locales)', folderSize(cslDir), 0],
  ['data/*.json', ['references.json', 'sections.json', 'terms.json'].reduce((n, f) => n + size(join(root, 'data', f)), 0), 0],
  ['iscls-reference.vsix', size(join(root, 'iscls-reference.vsix')), 0],
];

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\nISCLS Reference benchmarks (node ${process.version})\n`);
for (const [label, value, note] of rows) console.log(`${label.padEnd(width)}  ${value.padStart(12)}  ${note}`);
console.log('\nSizes');
for (const [label, bytes, gz] of sizes) console.log(`${label.padEnd(width)}  ${(bytes ? kib(bytes) : 'not built').padStart(12)}  ${gz ? `gzip ${kib(gz)}` : ''}`);
