// Goal 4 (issue 11): what a user downloads and what VS Code loads at activation.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { root } from './util.mjs';

const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;

export function runSizes() {
  const rows = [];
  const gz = (file) => gzipSync(readFileSync(file)).length;
  // One bundle for both extension hosts (Node.js and vscode.dev's web worker); citeproc-js apart.
  const ext = join(root, 'dist', 'extension.js');
  const size = statSync(ext).size;
  rows.push({ what: 'bundle `dist/extension.js` (what activation loads, Node.js and web worker host)', ours: `${kib(size)} (gzip ${kib(gz(ext))})`, anchor: 'goal ≤ 450 KiB', ratio: size <= 450 * 1024 ? 'met' : 'missed' });
  const citeproc = join(root, 'dist', 'citeproc.js');
  if (existsSync(citeproc)) rows.push({ what: '  citeproc-js, `dist/citeproc.js`, loaded on first use (web worker host: read with the data)', ours: `${kib(statSync(citeproc).size)} (gzip ${kib(gz(citeproc))})`, anchor: '', ratio: '' });
  const pack = join(root, 'dist', 'pack.json');
  if (existsSync(pack)) rows.push({ what: '  data and CSL styles, `dist/pack.json`, read at activation', ours: `${kib(statSync(pack).size)} (gzip ${kib(gz(pack))})`, anchor: '', ratio: '' });
  // The VSIX as `npm run package` makes it (vsce, no dependencies), built here into test-results.
  const vsix = join(root, 'test-results', 'bench', 'bench.vsix');
  mkdirSync(dirname(vsix), { recursive: true });
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '--out', vsix], { cwd: root, encoding: 'utf8' });
  if (r.status === 0 && existsSync(vsix)) {
    const bytes = statSync(vsix).size;
    const shotsDir = join(root, 'media', 'screenshots');
    const shots = (existsSync(shotsDir) ? readdirSync(shotsDir) : []).filter((f) => f.endsWith('.png')).reduce((n, f) => n + statSync(join(shotsDir, f)).size, 0);
    rows.push({ what: 'VSIX', ours: `${(bytes / 1000).toFixed(0)} KB (screenshots ${(shots / 1000).toFixed(0)} KB)`, anchor: 'goal ≤ 400 KB', ratio: bytes <= 400e3 ? 'met' : 'missed' });
  } else {
    rows.push({ what: 'VSIX', ours: '—', anchor: `vsce package failed: ${String(r.stderr).split('\n')[0]}`, ratio: '—' });
  }
  return { rows, details: {} };
}
