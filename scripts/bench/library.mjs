#!/usr/bin/env node
// The writer's library at scale (issue 8): a generated 20,000-entry BibTeX file read by our reader
// and, in the same run on the same file, by pandoc's BibTeX reader (`pandoc -f bibtex -t csljson`);
// merged with the 72; the pick's search per keystroke at 20,000 references (and fuse.js alone on
// the same records, the engine before the word index); memory. Prints figures; asserts nothing.
// Run after `npm run build && npm run compile-tests` (npm run bench does both), or on its own.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { syntheticBibtex } from './library-fixture.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const core = (name) => require(join(root, 'out', 'src', 'core', name));
const { parseLibrary } = core('library/index.js');
const { MergedLibrary } = core('library/merge.js');
const { loadKnowledgeBase } = require(join(root, 'out', 'src', 'node', 'dataFiles.js'));
const { KnowledgeSearch } = core('search/search.js');

const COUNT = Number(process.env.ISCLS_BENCH_LIBRARY ?? 20000);
const rows = [];
const row = (label, value, note = '') => rows.push([label, value, note]);
const ms = (t) => `${t.toFixed(t < 10 ? 2 : 0)} ms`;
const mib = (b) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'iscls-bench-library-'));
const file = join(dir, 'library.bib');
const text = syntheticBibtex(COUNT);
writeFileSync(file, text);
row(`generated .bib (${COUNT} entries)`, `${(text.length / 1e6).toFixed(1)} MB`);

// Paired, alternating runs: ours, pandoc, ours, pandoc … (the machine is shared; trust ratios).
const bytes = readFileSync(file);
const ours = [];
const oursCpu = [];
const pandoc = [];
let parsed;
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const runs = Number(process.env.ISCLS_BENCH_RUNS ?? 3);
const hasPandoc = spawnSync('pandoc', ['--version']).status === 0;
for (let i = 0; i < runs; i++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  parsed = parseLibrary(bytes, file);
  ours.push(performance.now() - t0);
  const spent = process.cpuUsage(cpu0);
  oursCpu.push((spent.user + spent.system) / 1000);
  if (hasPandoc && (i === 0 || process.env.ISCLS_BENCH_PANDOC_ALL)) {
    const p = performance.now();
    const result = spawnSync('pandoc', ['-f', 'bibtex', '-t', 'csljson', file], { maxBuffer: 1 << 30 });
    pandoc.push(performance.now() - p);
    if (result.status !== 0) row('pandoc failed', String(result.stderr).slice(0, 80));
  }
}
const heapAfter = process.memoryUsage().heapUsed;
row(`read ${parsed.entries.length} BibTeX entries (ours)`, ms(median(ours)), `median of ${runs}; CPU ${ms(median(oursCpu))}; ${parsed.problems.length} problems`);
if (pandoc.length) {
  row('pandoc -f bibtex -t csljson, same file', ms(median(pandoc)), `${pandoc.length} run(s), whole process`);
  row('  → pandoc / ours', `${(median(pandoc) / median(ours)).toFixed(1)}×`, 'goal: ours < 1 s');
} else row('pandoc', 'not installed', '');
row('heap held by the parsed library', mib(heapAfter - heapBefore), 'approximate (no forced GC)');

const kb = loadKnowledgeBase(join(root, 'data'));
let t = performance.now();
const merged = new MergedLibrary([...kb.references], [parsed]);
row('merge with the 72 (keys, duplicates)', ms(performance.now() - t), `${merged.works.length} works`);

const search = new KnowledgeSearch({ references: [...kb.references], sections: [...kb.sections], terms: [...kb.terms] });
t = performance.now();
let cpu = process.cpuUsage();
search.setReferences(merged.works);
// The extension builds it when idle after the library loads (KnowledgeSearch.warm), not on a keystroke.
search.warm();
let used = process.cpuUsage(cpu);
row(`build the reference index (${merged.works.length} works)`, ms(performance.now() - t), `CPU ${ms((used.user + used.system) / 1000)}`);

// Typing in the pick, one keystroke at a time.
const typed = ['kapoor 2013', 'capillary leak children', 'ivig', 'muller', 'eo 20', '10.1234/syn.1'];
const perKey = [];
const perKeyCpu = [];
let worst = { time: 0, query: '' };
for (const phrase of typed) {
  for (let i = 1; i <= phrase.length; i++) {
    const q = phrase.slice(0, i);
    const c = process.cpuUsage();
    const s = performance.now();
    search.search(q, { kinds: ['reference'], limit: 200 });
    const time = performance.now() - s;
    const u = process.cpuUsage(c);
    perKeyCpu.push((u.user + u.system) / 1000);
    perKey.push(time);
    if (time > worst.time) worst = { time, query: q };
  }
}
perKey.sort((a, b) => a - b);
perKeyCpu.sort((a, b) => a - b);
row(`pick search per keystroke at ${merged.works.length} references`, ms(median(perKey)), `median of ${perKey.length} keystrokes; p95 ${ms(perKey[Math.floor(perKey.length * 0.95)])}; worst ${ms(worst.time)} ("${worst.query}"); goal < 16 ms`);
row('  CPU per keystroke', ms(median(perKeyCpu)), `p95 ${ms(perKeyCpu[Math.floor(perKeyCpu.length * 0.95)])} (wall time includes waiting for a shared CPU)`);

// fuse.js alone on the same records (what the pick did before the word index), a few keystrokes.
const Fuse = require(join(root, 'node_modules', 'fuse.js')).default ?? require(join(root, 'node_modules', 'fuse.js'));
const docs = merged.works.map((w) => ({ title: String(w.item.title ?? ''), authors: (w.item.author ?? []).map((a) => a.family ?? a.literal ?? ''), key: w.key }));
t = performance.now();
const fuse = new Fuse(docs, { includeScore: true, ignoreDiacritics: true, ignoreLocation: true, threshold: 0.34, keys: ['title', 'authors', 'key'] });
row('fuse.js index of the same works', ms(performance.now() - t));
const fuseTimes = ['kapoor', 'capillary', 'ivig'].map((q) => {
  const s = performance.now();
  fuse.search(q);
  return performance.now() - s;
});
row('fuse.js alone, per keystroke (same works)', ms(median(fuseTimes)), `→ ${(median(fuseTimes) / median(perKey)).toFixed(0)}× the word index`);
const mem = process.memoryUsage();
row('process memory at the end', `${mib(mem.rss)} RSS`, `heap ${mib(mem.heapUsed)}`);
rmSync(dir, { recursive: true, force: true });

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\nWriter's library benchmarks (node ${process.version})\n`);
for (const [label, value, note] of rows) console.log(`${label.padEnd(width)}  ${String(value).padStart(12)}  ${note}`);
// Read by scripts/bench.mjs, which puts these rows in its one table (issue 11).
if (process.env.ISCLS_BENCH_JSON) {
  writeFileSync(process.env.ISCLS_BENCH_JSON, JSON.stringify({ rows: rows.map(([what, ours, note]) => ({ what, ours: String(ours), anchor: note, ratio: '' })), details: {} }));
}
