// Shared helpers of the benchmarks: whole-process timings in paired, alternating runs (the machine is
// shared: trust the ratios, not the absolute times), medians, peak memory of a child process.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cli = join(root, 'dist', 'cli.js');
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const has = (tool, args = ['--version']) => spawnSync(tool, args).status === 0;

const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/**
 * Run `cmd args` once: wall time in ms, stdout, and CPU time in ms (user + system, from GNU time's
 * wait4 rusage, when /usr/bin/time exists: what other work on a shared machine does not inflate).
 * Throws when it fails.
 */
export function timed(cmd, args, options = {}) {
  const cpuFile = gnuTime && join(tmpdir(), `iscls-bench-cpu-${process.pid}.txt`);
  const [file, argv] = cpuFile ? [gnuTime, ['-f', '%U %S', '-o', cpuFile, cmd, ...args]] : [cmd, args];
  const t = performance.now();
  const r = spawnSync(file, argv, { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${String(r.stderr).slice(0, 300)}`);
  let cpu;
  if (cpuFile) {
    const [user, system] = readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    rmSync(cpuFile, { force: true });
    cpu = (user + system) * 1000;
  }
  return { ms, cpu, stdout: r.stdout };
}

/**
 * Ours and the anchor alternately, `runs` pairs (after one warm-up of each, so both read warm files):
 * medians of each and the median of the per-pair ratios anchor/ours (> 1: ours is faster).
 */
export function paired(ours, anchor, runs = 5) {
  ours();
  anchor();
  const a = [];
  const b = [];
  const ratios = [];
  const cpu = { a: [], b: [], ratios: [] };
  for (let i = 0; i < runs; i++) {
    let x;
    let y;
    if (i % 2 === 0) {
      x = ours();
      y = anchor();
    } else {
      y = anchor();
      x = ours();
    }
    a.push(x.ms);
    b.push(y.ms);
    ratios.push(y.ms / x.ms);
    if (x.cpu !== undefined && y.cpu !== undefined) {
      cpu.a.push(x.cpu);
      cpu.b.push(y.cpu);
      cpu.ratios.push(y.cpu / Math.max(x.cpu, 10)); // GNU time reports 10 ms steps
    }
  }
  const cpuMedians = cpu.ratios.length ? { ours: median(cpu.a), anchor: median(cpu.b), ratio: median(cpu.ratios) } : undefined;
  return { ours: median(a), anchor: median(b), ratio: median(ratios), runs, cpu: cpuMedians };
}

/**
 * Peak resident memory (bytes) of a process: GNU time's %M when /usr/bin/time exists, else for a
 * Node script our own exit hook (scripts/bench/maxrss.cjs). Undefined when neither applies.
 */
export function peakMemory(cmd, args) {
  if (gnuTime) {
    const r = spawnSync(gnuTime, ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const kb = Number(String(r.stderr).trim().split('\n').pop());
    return Number.isFinite(kb) ? kb * 1024 : undefined;
  }
  if (cmd !== process.execPath) return undefined;
  const out = join(root, 'test-results', 'bench', `maxrss-${process.pid}.txt`);
  spawnSync(cmd, ['-r', join(root, 'scripts', 'bench', 'maxrss.cjs'), ...args], { env: { ...process.env, ISCLS_MAXRSS: out }, maxBuffer: 1 << 30 });
  if (!existsSync(out)) return undefined;
  const bytes = Number(readFileSync(out, 'utf8'));
  rmSync(out);
  return bytes;
}

export const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
export const fmtMiB = (b) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
export const fmtRatio = (r) => (r >= 1 ? `${r.toFixed(r >= 10 ? 0 : 1)}× faster` : `${(1 / r).toFixed(1)}× slower`);
