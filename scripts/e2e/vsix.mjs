// Build iscls-reference.vsix with `npm run package` when it is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { paths, repoRoot } from './setup.mjs';

/** Sources whose change makes the VSIX stale (media/screenshots is written by the E2E run itself). */
const SOURCES = ['src', 'data', 'media', 'syntaxes', 'snippets', 'package.json', 'package-lock.json', 'scripts/build.mjs', 'scripts/extract-styles.mjs', 'vendor', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE'];
const IGNORE = [/^media\/screenshots\//];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (IGNORE.some((re) => re.test(relative(repoRoot, path)))) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, e)));
  return newest;
}

export function vsixIsStale(vsix = paths.vsix) {
  if (!existsSync(vsix)) return 'missing';
  const built = statSync(vsix).mtimeMs;
  const newest = Math.max(...SOURCES.map((s) => newestMtime(join(repoRoot, s))));
  return newest > built ? 'older than its sources' : '';
}

/** Returns { vsix, ms, built }. Throws with npm's output tail when the build fails. */
export function ensureVsix({ force = false, log = console.log } = {}) {
  const why = force ? 'forced' : vsixIsStale();
  if (!why) {
    log(`[vsix] ${relative(repoRoot, paths.vsix)} is up to date`);
    return { vsix: paths.vsix, ms: 0, built: false };
  }
  log(`[vsix] ${relative(repoRoot, paths.vsix)} ${why}: npm run package`);
  const t = Date.now();
  const r = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'warn' } });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !existsSync(paths.vsix)) {
    const err = new Error(`building the VSIX failed: \`npm run package\` exited with ${r.status}. Its output (tail):\n${out.split('\n').slice(-40).join('\n')}`);
    err.output = out;
    throw err;
  }
  log(`[vsix] built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return { vsix: paths.vsix, ms: Date.now() - t, built: true, output: out };
}
