#!/usr/bin/env node
// `npm run bench`: one table "what / ours / anchor / ratio" against the tools writers would use
// instead (issue 11) — ripgrep for the term scan, `pandoc --citeproc` for reference lists, an empty
// extension for activation — plus sizes and the writer's library at scale (scripts/bench/library.mjs).
// Uses ripgrep and pandoc when present (`npm run setup` installs them from Debian), installs nothing.
// Benchmarks print figures and write test-results/bench/bench.json; they assert nothing.
// Options: --quick (fewer runs, no 100 MB file), --only terms|bib|renumber|activation|sizes|vscode|web|editor|editor-web|library.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fmtMs, fmtRatio, root } from './bench/util.mjs';
import { runTerms } from './bench/terms.mjs';
import { runBib } from './bench/bib.mjs';
import { runRenumber } from './bench/renumber.mjs';
import { runActivation } from './bench/activation.mjs';
import { runSizes } from './bench/sizes.mjs';

const quick = process.argv.includes('--quick');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const want = (part) => !only || only === part;
const dir = mkdtempSync(join(tmpdir(), 'iscls-bench-'));
const sections = [];
const tool = (cmd, args = ['--version']) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0].trim() : 'not installed';
};
const machine = {
  cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
  memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
  node: process.version,
  ripgrep: tool('rg'),
  pandoc: tool('pandoc'),
  os: tool('sh', ['-c', '. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"']),
  load: tool('cat', ['/proc/loadavg']),
  freshMemory: freshMemoryCost(),
  date: new Date().toISOString(),
};

/**
 * What writing to memory costs the first time (pages the kernel, or a VM's host, must fault in) and
 * again: garbage collection copies into fresh pages, so its pauses scale with the first figure.
 */
function freshMemoryCost() {
  const script = `const mib = 64; const t0 = performance.now(); const b = Buffer.alloc(mib * 2 ** 20, 1);
    const t1 = performance.now(); b.fill(2); const t2 = performance.now();
    console.log(((t1 - t0) / mib).toFixed(2) + ' ms per MiB written the first time, ' + ((t2 - t1) / mib).toFixed(3) + ' again');`;
  return tool(process.execPath, ['-e', script]);
}

function section(title, run) {
  const t = Date.now();
  process.stderr.write(`[bench] ${title} …\n`);
  try {
    const result = run();
    sections.push({ title, ...result });
  } catch (error) {
    sections.push({ title, rows: [{ what: title, ours: '—', anchor: `failed: ${error.message.split('\n')[0]}`, ratio: '—' }], details: {} });
  }
  process.stderr.write(`[bench] ${title}: ${((Date.now() - t) / 1000).toFixed(0)} s\n`);
}

try {
  if (want('terms')) section('term scan vs ripgrep', () => runTerms(dir, { quick }));
  if (want('bib')) section('reference lists vs pandoc --citeproc', () => runBib(dir, { quick }));
  if (want('renumber')) section('numeric renumbering by manuscript size', () => runRenumber({ quick }));
  if (want('activation')) section('activation', () => runActivation({ quick }));
  if (want('sizes')) section('sizes', () => runSizes());
  // Activation as VS Code itself reports it (code-server + Chromium, Running Extensions), against an
  // empty extension activated by the same event in the same run: the Node.js host (issue 11) and the
  // web worker host (issue 14). `--only vscode` or `--only web`.
  for (const [part, host, title] of [['vscode', 'node', 'VS Code, Node.js extension host'], ['web', 'web', 'web worker host']]) {
    if (!want(part)) continue;
    section(title, () => {
      const env = { ...process.env, ISCLS_BENCH_JSON: join(dir, `${part}.json`) };
      const args = [join(root, 'scripts', 'bench', 'web.mjs'), '--host', host, ...(quick ? ['--runs', '1'] : [])];
      const r = spawnSync(process.execPath, args, { encoding: 'utf8', env, maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(r.stderr || `exit ${r.status}`);
      return JSON.parse(readFileSync(env.ISCLS_BENCH_JSON, 'utf8'));
    });
  }
  // What the writer feels in the editor (scripts/bench/editor.mjs): open → ready against the same
  // manuscript without a library, typing against code-server without the extension, insertion by
  // manuscript size, the longest block and the heap while a 20,000-entry library loads. `--only editor`
  // (Node.js host) or `--only editor-web` (open → ready in the web worker host).
  for (const [part, host, title] of [['editor', 'node', 'editor latency, Node.js host'], ['editor-web', 'web', 'editor latency, web worker host']]) {
    if (!want(part)) continue;
    section(title, () => {
      const env = { ...process.env, ISCLS_BENCH_JSON: join(dir, `${part}.json`) };
      const args = [join(root, 'scripts', 'bench', 'editor.mjs'), '--host', host, '--runs', quick ? '1' : '3'];
      const r = spawnSync(process.execPath, args, { encoding: 'utf8', env, maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(r.stderr || `exit ${r.status}`);
      return JSON.parse(readFileSync(env.ISCLS_BENCH_JSON, 'utf8'));
    });
  }
  if (want('library')) {
    const library = join(root, 'scripts', 'bench', 'library.mjs');
    // The writer's library at scale (issue 8) has its own script; its figures go in this table.
    section('library at scale', () => {
      if (!existsSync(library)) return { rows: [{ what: 'search at 20,000 references (issue 8)', ours: '—', anchor: 'scripts/bench/library.mjs not present', ratio: '—' }], details: {} };
      const env = { ...process.env, ISCLS_BENCH_JSON: join(dir, 'library.json') };
      const r = spawnSync(process.execPath, [library], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(r.stderr || `exit ${r.status}`);
      if (existsSync(env.ISCLS_BENCH_JSON)) return JSON.parse(readFileSync(env.ISCLS_BENCH_JSON, "utf8"));
      return { rows: [], details: { output: r.stdout } , text: r.stdout };
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// The table: ratios are what count (paired, alternating runs on a shared machine).
const cell = (v) => (typeof v === 'number' ? fmtMs(v) : String(v ?? ''));
const ratioCell = (row) => {
  if (typeof row.ratio !== 'number') return String(row.ratio ?? '');
  const met = row.goal === undefined ? '' : row.ratio >= row.goal ? ` (goal ≥ ${row.goal < 1 ? '½' : `${row.goal}×`}: met)` : ` (goal ≥ ${row.goal < 1 ? '½' : `${row.goal}×`}: missed)`;
  return row.goal !== undefined && row.goal < 1 ? `${row.ratio.toFixed(2)} of its speed${met}` : `${fmtRatio(row.ratio)}${met}`;
};
const lines = ['| what | ours | anchor | ratio |', '|---|---|---|---|'];
for (const s of sections) for (const row of s.rows) lines.push(`| ${row.what} | ${cell(row.ours)} | ${cell(row.anchor)} | ${ratioCell(row)} |`);
const table = lines.join('\n');
console.log(`\nISCLS Reference benchmarks — ${machine.cpu}, ${machine.memory}, ${machine.os}, node ${machine.node}, ${machine.ripgrep}, ${machine.pandoc}; load ${machine.load.split(' ').slice(0, 3).join(' ')}; memory: ${machine.freshMemory}\n`);
console.log(table);
for (const s of sections) if (s.text) console.log(`\n${s.title}:\n${s.text}`);
const out = join(root, 'test-results', 'bench');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'bench.json'), JSON.stringify({ machine, quick, sections }, null, 2) + '\n');
writeFileSync(join(out, 'bench.md'), `${table}\n`);
console.log(`\n(JSON: ${join('test-results', 'bench', 'bench.json')}; the table as Markdown: ${join('test-results', 'bench', 'bench.md')})`);
