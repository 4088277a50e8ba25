// Goal 4 (issue 11): what a user downloads and what VS Code loads at activation.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { root } from './util.mjs';

const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;

export function runSizes() {
  const rows = [];
  const ext = join(root, 'dist', 'extension.js');
  const size = statSync(ext).size;
  rows.push({ what: 'bundle `dist/extension.js` (what activation loads)', ours: `${kib(size)} (gzip ${kib(gzipSync(readFileSync(ext)).length)})`, anchor: 'goal ≤ 450 KiB', ratio: size <= 450 * 1024 ? 'met' : 'missed' });
  const citeproc = join(root, 'dist', 'citeproc.js');
  if (existsSync(citeproc)) rows.push({ what: '  citeproc-js, `dist/citeproc.js`, loaded on first use', ours: kib(statSync(citeproc).size), anchor: '', ratio: '' });
  // The VSIX as `npm run package` makes it (vsce, no dependencies), built here into test-results.
  const vsix = join(root, 'test-results', 'bench', 'bench.vsix');
  mkdirSync(dirname(vsix), { recursive: true });
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '--out', vsix], { cwd: root, encoding: 'utf8' });
  if (r.status === 0 && existsSync(vsix)) {
    const bytes = statSync(vsix).size;
    const shots = ['citation-pick', 'document', 'hover', 'section', 'sidebar'].map((f) => join(root, 'media', 'screenshots', `${f}.png`)).filter(existsSync).reduce((n, f) => n + statSync(f).size, 0);
    rows.push({ what: 'VSIX', ours: `${(bytes / 1000).toFixed(0)} KB (screenshots ${(shots / 1000).toFixed(0)} KB)`, anchor: 'goal ≤ 400 KB', ratio: bytes <= 400e3 ? 'met' : 'missed' });
  } else {
    rows.push({ what: 'VSIX', ours: '—', anchor: `vsce package failed: ${String(r.stderr).split('\n')[0]}`, ratio: '—' });
  }
  return { rows, details: {} };
}
