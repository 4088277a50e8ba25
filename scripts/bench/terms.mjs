// Goal 1 (issue 11): the term scan against ripgrep on the same text and the same surface forms.
import { writeFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cli, has, paired, peakMemory, timed } from './util.mjs';
import { surfaceForms, terms, writeCorpus } from './corpus.mjs';

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/’/g, "'").toLowerCase();

/** ripgrep's matches (`-o`) mapped back to our term ids through the surface forms they match. */
function ripgrepCounts(patterns, file) {
  const byForm = new Map();
  for (const t of terms) for (const f of [t.name, ...(t.forms ?? []), ...(t.abbreviations ?? [])]) if (!byForm.has(fold(f))) byForm.set(fold(f), t.id);
  const out = timed('rg', ['-o', '-I', '-N', '--no-filename', '-i', '-F', '-w', '-f', patterns, file]).stdout;
  const counts = new Map();
  for (const line of out.split('\n')) {
    if (!line) continue;
    const id = byForm.get(fold(line)) ?? `?${line}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

function ourCounts(file) {
  const counts = new Map();
  for (const line of timed(process.execPath, [cli, 'terms', file, '--count']).stdout.split('\n')) {
    const [n, id] = line.split('\t');
    if (id) counts.set(id, Number(n));
  }
  return counts;
}

const total = (m) => [...m.values()].reduce((a, b) => a + b, 0);

export function runTerms(dir, { quick = false } = {}) {
  const rows = [];
  const details = {};
  if (!has('rg')) {
    rows.push({ what: 'term scan, 10 MB', ours: '—', anchor: 'ripgrep not installed (npm run setup)', ratio: '—' });
    return { rows, details };
  }
  const patterns = join(dir, 'patterns.txt');
  writeFileSync(patterns, surfaceForms().join('\n') + '\n');
  const mixed = join(dir, 'terms-10mb.txt');
  const mb = writeCorpus(mixed, 10e6, 'mixed') / 1e6;
  const ours = () => timed(process.execPath, [cli, 'terms', mixed, '--count']);
  const rg = () => timed('rg', ['-c', '-i', '-F', '-w', '-f', patterns, mixed]);
  const speed = paired(ours, rg, quick ? 3 : 5);
  rows.push({
    what: `term scan, ${mb.toFixed(0)} MB (half hard-wrapped), whole process`,
    ours: `${(mb / (speed.ours / 1000)).toFixed(1)} MB/s`,
    anchor: `\`rg -c -i -F -w\`: ${(mb / (speed.anchor / 1000)).toFixed(1)} MB/s`,
    ratio: speed.ratio,
    goal: 0.5,
  });
  details.speed = speed;

  // Hit counts per term on single-line paragraphs (ripgrep cannot see a term split over two lines).
  const flat = join(dir, 'terms-flat.txt');
  writeCorpus(flat, quick ? 2e6 : 10e6, 'flat');
  const a = ourCounts(flat);
  const b = ripgrepCounts(patterns, flat);
  const diffs = [...new Set([...a.keys(), ...b.keys()])].filter((id) => a.get(id) !== b.get(id)).map((id) => ({ term: id, ours: a.get(id) ?? 0, ripgrep: b.get(id) ?? 0 }));
  rows.push({
    what: 'hits, single-line paragraphs (total)',
    ours: String(total(a)),
    anchor: `ripgrep: ${total(b)}`,
    ratio: diffs.length ? `${diffs.length} terms differ` : 'identical per term',
  });
  details.flatDiffs = diffs;
  const wa = ourCounts(mixed);
  const wb = ripgrepCounts(patterns, mixed);
  rows.push({
    what: 'hits, half hard-wrapped (total)',
    ours: String(total(wa)),
    anchor: `ripgrep: ${total(wb)}`,
    ratio: `ripgrep misses ${total(wa) - total(wb)} split over lines`,
  });
  details.wrappedDiffs = [...new Set([...wa.keys(), ...wb.keys()])].filter((id) => wa.get(id) !== wb.get(id)).map((id) => ({ term: id, ours: wa.get(id) ?? 0, ripgrep: wb.get(id) ?? 0 }));

  if (!quick) {
    const big = join(dir, 'terms-100mb.txt');
    const size = writeCorpus(big, 100e6, 'mixed');
    const mem = peakMemory(process.execPath, [cli, 'terms', big, '--count']);
    const rgMem = peakMemory('rg', ['-c', '-i', '-F', '-w', '-f', patterns, big]);
    const t = timed(process.execPath, [cli, 'terms', big, '--count']).ms;
    const r = timed('rg', ['-c', '-i', '-F', '-w', '-f', patterns, big]).ms;
    rows.push({
      what: `term scan, ${(size / 1e6).toFixed(0)} MB: speed; peak memory (goal < 2× the file)`,
      ours: mem ? `${((size / 1e6) / (t / 1000)).toFixed(1)} MB/s; ${(mem / 2 ** 20).toFixed(0)} MiB` : `${((size / 1e6) / (t / 1000)).toFixed(1)} MB/s`,
      anchor: `ripgrep: ${((size / 1e6) / (r / 1000)).toFixed(1)} MB/s${rgMem ? `; ${(rgMem / 2 ** 20).toFixed(0)} MiB` : ''}`,
      ratio: mem ? `${(mem / statSync(big).size).toFixed(2)}× the file` : 'memory not measured',
    });
    details.big = { bytes: size, ours: { ms: t, peak: mem }, ripgrep: { ms: r, peak: rgMem } };
  }
  return { rows, details };
}
