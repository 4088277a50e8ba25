// Start and stop a throwaway code-server (VS Code in the browser) for tests and `npm start`.
//
// Every server gets fresh temporary --user-data-dir, --extensions-dir, --config and XDG dirs, so
// nothing touches the home folder, and quiet user settings. A VSIX is installed with
// `--install-extension` *before* the server starts (a running server does not pick it up).
// The server runs in its own process group; stop() (and process exit / SIGINT / SIGTERM) kills
// the whole group.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerCommand, node24Env, paths } from './setup.mjs';

/** User settings for a quiet, deterministic workbench. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'files.autoSave': 'off',
  'editor.hover.delay': 150,
  'editor.minimap.enabled': false,
  'editor.accessibilitySupport': 'off',
  // Editors come back after a reload, as for a user (the section view's restore is tested).
  'window.restoreWindows': 'all',
  'window.commandCenter': false,
  // Restricted Mode without a modal on start; the banner/status item still shows it.
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'always',
};

/** A free TCP port on 127.0.0.1 (asks the OS, then releases it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const running = new Set();
let hooksInstalled = false;
function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const s of running) s.killNow();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      for (const s of running) s.killNow();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * @param {object} o
 * @param {string|string[]} [o.vsix]   VSIX (or several) to install before starting.
 * @param {boolean} [o.trust=true]     true → `--disable-workspace-trust`; false → Restricted Mode as users meet it.
 * @param {boolean} [o.smokeTestDriver] `--vscode-option enable-smoke-test-driver` (needed for the `payload` test route).
 * @param {string[]} [o.vscodeOptions] more `--vscode-option` flags.
 * @param {object} [o.env]             more environment variables for the server (and the hosts it starts).
 * @param {object} [o.settings]        extra user settings.
 * @param {number} [o.port]            fixed port (default: a free one).
 * @param {boolean} [o.keepTemp]       do not delete the temp dir on stop.
 * @param {boolean} [o.echo]           also print the server's output.
 */
export async function startCodeServer(o = {}) {
  installExitHooks();
  if (!existsSync(paths.codeServerEntry)) throw new Error('code-server is not installed: run `node scripts/e2e/setup.mjs` first');
  const tmp = mkdtempSync(join(tmpdir(), 'iscls-code-server-'));
  const dirs = {
    tmp,
    userData: join(tmp, 'user-data'),
    extensions: join(tmp, 'extensions'),
    xdgConfig: join(tmp, 'xdg-config'),
    xdgData: join(tmp, 'xdg-data'),
    config: join(tmp, 'config.yaml'),
    log: join(tmp, 'code-server.log'),
  };
  for (const d of [dirs.userData, dirs.extensions, dirs.xdgConfig, dirs.xdgData, join(dirs.userData, 'User')]) mkdirSync(d, { recursive: true });
  const port = o.port ?? (await freePort());
  writeFileSync(dirs.config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...o.settings }, null, 2));
  const env = node24Env({ XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, VSCODE_PROXY_URI: '', ...o.env });
  const common = ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  const timings = {};
  if (o.vsix) {
    const t = Date.now();
    const installs = [o.vsix].flat().flatMap((v) => ['--install-extension', v]);
    const [cmd, args] = codeServerCommand([...common, ...installs, '--force']);
    const r = spawnSync(cmd, args, { env, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0 || /Failed Installing|error/i.test(r.stderr ?? '')) {
      throw new Error(`installing ${o.vsix} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
    timings.installVsix = Date.now() - t;
  }

  const args = [
    ...common,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (o.trust !== false) args.push('--disable-workspace-trust');
  if (o.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  for (const option of o.vscodeOptions ?? []) args.push('--vscode-option', option);
  const t = Date.now();
  const [cmd, cmdArgs] = codeServerCommand(args);
  const logStream = createWriteStream(dirs.log);
  const child = spawn(cmd, cmdArgs, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const onData = (chunk) => {
    output += chunk;
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
    logStream.write(chunk);
    if (o.echo) process.stdout.write(chunk);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = false;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => { exited = true; resolve({ code, signal }); }));

  const baseUrl = `http://127.0.0.1:${port}`;
  const server = {
    port,
    baseUrl,
    dirs,
    pid: child.pid,
    timings,
    /** URL of the workbench with `folder` open (plus extra query params, e.g. payload). */
    url(folder, query = {}) {
      const q = new URLSearchParams();
      if (folder) q.set('folder', folder);
      for (const [k, v] of Object.entries(query)) q.set(k, v);
      const s = q.toString();
      return `${baseUrl}/${s ? `?${s}` : ''}`;
    },
    output: () => output,
    /** Copy the server's log and VS Code's own logs (exthost, renderer, …) into `dest`. */
    collectLogs(dest) {
      mkdirSync(dest, { recursive: true });
      try { writeFileSync(join(dest, 'code-server.log'), output); } catch {}
      try { if (existsSync(join(dirs.userData, 'logs'))) cpSync(join(dirs.userData, 'logs'), join(dest, 'vscode-logs'), { recursive: true }); } catch {}
      try { if (existsSync(join(dirs.xdgData, 'code-server', 'coder-logs'))) cpSync(join(dirs.xdgData, 'code-server', 'coder-logs'), join(dest, 'coder-logs'), { recursive: true }); } catch {}
    },
    killNow() {
      if (!exited) killGroup(child.pid, 'SIGKILL');
      running.delete(server);
      if (!o.keepTemp) try { rmSync(tmp, { recursive: true, force: true }); } catch {}
    },
    async stop() {
      running.delete(server);
      if (!exited) {
        killGroup(child.pid, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 3000);
        await exitPromise;
        clearTimeout(timer);
        // children that ignored SIGTERM
        killGroup(child.pid, 'SIGKILL');
      }
      logStream.end();
      if (!o.keepTemp) try { rmSync(tmp, { recursive: true, force: true }); } catch {}
    },
  };
  running.add(server);

  // Ready when /healthz answers.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start:\n${output.slice(-4000)}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server did not answer on ${baseUrl} within 60 s:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  timings.start = Date.now() - t;
  return server;
}
