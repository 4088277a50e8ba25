// Numeric renumbering grows linearly with the manuscript: `iscls bib FILE` on numeric manuscripts of
// 1, 2 and 4 MB whose every citation gets a new number (the list's keys reversed), each size against
// the 1 MB case run side by side (a linear engine: ×2 and ×4; a quadratic one: ×4 and ×16), and the
// 1 MB case against `pandoc --citeproc` on the same manuscript in pandoc form (the same citations).
// Run alone: node scripts/bench/renumber.mjs [--cli path/to/cli.js]; or npm run bench -- --only renumber.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cli as builtCli, has, median, root, timed } from './util.mjs';

const STYLE = 'american-medical-association';

/** A numeric manuscript of about `bytes`: sentences citing [n] and [n,m], the managed list at the end. */
function numericManuscript(bytes, keys) {
  const reversed = [...keys].reverse();
  const sentences = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const n = (i * 7) % keys.length;
    const s = `Capillary leak with haemoconcentration and hypoalbuminaemia was reported in case ${i} [${n + 1}], and again in series ${i} [${n + 1},${((n + 3) % keys.length) + 1}].${i % 6 === 5 ? '\n\n' : ' '}`;
    sentences.push(s);
    size += s.length;
  }
  const list = [`[iscls-references style=${STYLE} keys=${reversed.join(',')}]`, ...reversed.map((k, i) => `${i + 1}. Entry ${k}.`), '[/iscls-references]'];
  return { numeric: sentences.join('') + '\n\n' + list.join('\n') + '\n', pandoc: sentences.join('').replace(/\[(\d+)(?:,(\d+))?\]/g, (_m, a, b) => `[@${reversed[a - 1]}${b ? `; @${reversed[b - 1]}` : ''}]`) };
}

export function runRenumber({ quick = false, cli = builtCli } = {}) {
  const keys = JSON.parse(readFileSync(join(root, 'data', 'references.json'), 'utf8')).map((r) => r.id);
  const dir = mkdtempSync(join(tmpdir(), 'iscls-bench-renumber-'));
  const runs = quick ? 1 : 3;
  const files = {};
  for (const mb of [1, 2, 4]) {
    const { numeric, pandoc } = numericManuscript(mb * 1e6, keys);
    files[mb] = join(dir, `numeric-${mb}mb.txt`);
    writeFileSync(files[mb], numeric);
    if (mb === 1) writeFileSync(join(dir, 'pandoc-1mb.md'), pandoc);
  }
  const bib = (mb) => timed(process.execPath, [cli, 'bib', files[mb], '--style', STYLE]);
  const rows = [];
  const base = [];
  const sized = { 2: [], 4: [] };
  // Side by side: the 1 MB case, then the larger one, alternately.
  bib(1);
  for (let i = 0; i < runs; i++) {
    for (const mb of [2, 4]) {
      base.push(bib(1).ms);
      sized[mb].push(bib(mb).ms);
    }
  }
  const one = median(base);
  rows.push({ what: '`bib` renumbering a 1 MB numeric manuscript', ours: one, anchor: 'the 1 MB case', ratio: 1 });
  for (const mb of [2, 4]) {
    rows.push({ what: `  ${mb} MB (linear: ×${mb}, quadratic: ×${mb * mb})`, ours: median(sized[mb]), anchor: `1 MB: ${(one / 1000).toFixed(2)} s`, ratio: `×${(median(sized[mb]) / one).toFixed(1)}` });
  }
  if (has('pandoc')) {
    const csl = join(dir, `${STYLE}.csl`);
    writeFileSync(csl, timed(process.execPath, [cli, 'styles', STYLE, '--csl']).stdout);
    const data = join(dir, 'references.json');
    writeFileSync(data, timed(process.execPath, [cli, 'export', '--all', '--to', 'csljson']).stdout);
    const theirs = median(Array.from({ length: runs }, () => timed('pandoc', ['--citeproc', '--csl', csl, '--bibliography', data, '-t', 'plain', join(dir, 'pandoc-1mb.md')]).ms));
    rows.push({ what: '  the same 1 MB manuscript, `pandoc --citeproc`', ours: one, anchor: `pandoc: ${(theirs / 1000).toFixed(2)} s`, ratio: (theirs / one).toFixed(1) });
  }
  return { rows, details: {} };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--cli');
  const { rows } = runRenumber({ quick: process.argv.includes('--quick'), cli: at > 0 ? process.argv[at + 1] : builtCli });
  for (const r of rows) console.log(`${r.what.padEnd(58)} ${(r.ours / 1000).toFixed(2).padStart(6)} s   ${String(r.anchor).padEnd(24)} ${r.ratio}`);
}
