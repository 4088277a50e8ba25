#!/usr/bin/env node
// Runs the mocha integration suite (out/test/integration/index.js, an `exports.run()` runner like
// any @vscode/test-electron one) INSIDE code-server's real extension host, with the repo as the
// extension under development and a temp copy of test/fixtures/workspace as the open folder.
//
// How: code-server started with `--vscode-option enable-smoke-test-driver` honours the workbench's
// `payload` URL parameter (extensionDevelopmentPath, extensionTestsPath); a headless Chromium must
// be connected for the extension host to start; when the suite ends the workbench calls
// `window.codeAutomationExit(code, logs)`, caught here with page.exposeFunction.
//
//   node scripts/e2e/run-integration.mjs [--restricted] [--no-compile]
//        [--extension PATH] [--runner PATH] [--workspace PATH] [--grep TEXT] [--keep]
//
// --restricted runs without --disable-workspace-trust (the folder then opens in Restricted Mode).
// --host node|web|both (default both): the Node.js extension host, and/or the web worker extension
// host of vscode.dev, forced by the user setting `remote.extensionKind` = ["web"] for this extension;
// there the suite runs as a browser bundle (webSuite.mjs) and the extension from its `browser` entry.
// Exit code = the suites'. The last line is `N passed, M failed` (all hosts) when mocha's counts were read.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { format } from 'node:util';
import { launchBrowser, newPage } from './browser.mjs';
import { startCodeServer } from './codeServer.mjs';
import { commandLine, repoRoot, setup } from './setup.mjs';
import { buildWebSuite } from './webSuite.mjs';

const { flag, option } = commandLine();
const TIMEOUT_MS = Number(process.env.ISCLS_INTEGRATION_TIMEOUT ?? 10 * 60_000);
const START_TIMEOUT_MS = Number(process.env.ISCLS_INTEGRATION_START_TIMEOUT ?? 120_000);
const extensionPath = resolve(option('--extension') ?? repoRoot);
const runnerPath = resolve(option('--runner') ?? join(repoRoot, 'out', 'test', 'integration', 'index.js'));
const workspaceFixture = resolve(option('--workspace') ?? join(repoRoot, 'test', 'fixtures', 'workspace'));
const resultsRoot = join(repoRoot, 'test-results', 'integration');
const webRunnerPath = join(repoRoot, 'out', 'test', 'web', 'integration.js');
const say = (...a) => console.log(...a);
const fmt = (ms) => `${(ms / 1000).toFixed(1)} s`;

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((e) => newest(join(path, e))));
}

function npmRun(script) {
  say(`[integration] npm run ${script}`);
  const r = spawnSync('npm', ['run', script], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`\`npm run ${script}\` exited with ${r.status}`);
}

/** Build the extension and compile the tests when they are missing or older than their sources. */
function ensureCompiled(hosts) {
  if (flag('--no-compile') || option('--runner') || option('--extension')) return;
  const src = newest(join(repoRoot, 'src'));
  const built = newest(join(repoRoot, 'dist', 'extension.js')); // one bundle for both hosts (scripts/build.mjs)
  if (!built || built < Math.max(src, newest(join(repoRoot, 'data')))) npmRun('build');
  const tests = Math.max(src, newest(join(repoRoot, 'test', 'integration')));
  if (!existsSync(runnerPath) || newest(join(repoRoot, 'out', 'test', 'integration')) < tests) npmRun('compile-tests');
}

/**
 * The server's real authority, as the browser sees it (`127.0.0.1:PORT`). The page's configuration
 * meta tag says "remote", a placeholder: with it the workbench matches the tests to no extension, and
 * runs them in the Node.js host whatever `remote.extensionKind` says (so the web run would silently
 * test Node).
 */
function remoteAuthority(server) {
  return new URL(server.baseUrl).host;
}

/** Mocha's spec reporter summary → counts. */
function mochaCounts(text) {
  const passing = [...text.matchAll(/^\s*(\d+) passing\b/gm)].at(-1);
  const failing = [...text.matchAll(/^\s*(\d+) failing\b/gm)].at(-1);
  const pending = [...text.matchAll(/^\s*(\d+) pending\b/gm)].at(-1);
  if (!passing && !failing) return undefined;
  return { passed: Number(passing?.[1] ?? 0), failed: Number(failing?.[1] ?? 0), pending: Number(pending?.[1] ?? 0) };
}

/** This extension's id, `publisher.name`, as `remote.extensionKind` keys it. */
function extensionId() {
  const manifest = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8'));
  return `${manifest.publisher}.${manifest.name}`.toLowerCase();
}

/** One run of the suite in one extension host ('node' or 'web'); returns { exitCode, counts }. */
async function runInHost(host) {
  const started = Date.now();
  const resultsDir = join(resultsRoot, host);
  mkdirSync(resultsDir, { recursive: true });
  const wsRoot = mkdtempSync(join(tmpdir(), 'iscls-integration-'));
  const workspace = join(wsRoot, 'workspace');
  process.once('exit', () => { if (!flag('--keep')) rmSync(wsRoot, { recursive: true, force: true }); });
  if (existsSync(workspaceFixture)) cpSync(workspaceFixture, workspace, { recursive: true });
  else mkdirSync(workspace, { recursive: true });

  const restricted = flag('--restricted');
  // Variables for the extension host: everything ISCLS_* plus --grep and the host asked for.
  const extEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('ISCLS_')));
  if (option('--grep')) extEnv.ISCLS_TEST_GREP = option('--grep');
  extEnv.ISCLS_TEST_HOST = host;
  let runner = runnerPath;
  const settings = {};
  if (host === 'web') {
    // The web worker has no process.env: the variables are compiled into the suite's bundle.
    runner = option('--runner') ? runnerPath : webRunnerPath;
    if (!option('--runner')) {
      const built = await buildWebSuite({ outfile: runner, env: extEnv });
      say(`[integration:web] bundled ${built.files} test files for the web worker in ${built.ms} ms`);
    }
    settings['remote.extensionKind'] = { [extensionId()]: ['web'] };
  }
  const server = await startCodeServer({ trust: !restricted, smokeTestDriver: true, keepTemp: flag('--keep'), settings });
  say(`[integration:${host}] code-server ${server.baseUrl}${restricted ? ' (Restricted Mode)' : ' (--disable-workspace-trust)'}; extension ${relative(process.cwd(), extensionPath) || '.'}; runner ${relative(process.cwd(), runner)}; workspace ${workspace}`);

  const output = []; // the suite's own output
  const pageConsole = [];
  let browser;
  let exitCode = 1;
  let reason = '';
  try {
    const authority = remoteAuthority(server);
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${extensionPath}`],
      // The server's real authority: with a made-up one the web worker run silently falls back to Node.
      ['extensionTestsPath', `vscode-remote://${authority}${runner}`],
    ];
    if (Object.keys(extEnv).length) payload.push(['extensionEnvironment', JSON.stringify(extEnv)]);
    browser = await launchBrowser();
    const { page } = await newPage(browser, { viewport: { width: 1280, height: 800 }, consoleLines: pageConsole });
    let logs = [];
    const done = new Promise((resolveDone) => {
      page.exposeFunction('codeAutomationExit', (code, l) => {
        logs = l ?? [];
        resolveDone(code);
      });
    });
    // Every log line of the workbench, the extension host's console (mocha's reporter) included,
    // arrives here as (level, [format, ...args]).
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args);
      output.push({ level, text, raw0: Array.isArray(args) ? args[0] : undefined });
    });
    const url = server.url(workspace, { payload: JSON.stringify(payload) });
    const suiteStarted = Date.now();
    // A loaded machine can take longer than Playwright's 30 s to serve the first page.
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: START_TIMEOUT_MS });
    let timer, startTimer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the suite did not finish within ${fmt(TIMEOUT_MS)}`)), TIMEOUT_MS);
      // Mocha's reporter prints as soon as the run starts: silence means the payload was not honoured
      // or the extension host did not start.
      startTimer = setInterval(() => {
        if (output.some((o) => o.raw0 === '%s%s')) clearInterval(startTimer);
        else if (Date.now() - suiteStarted > START_TIMEOUT_MS) {
          clearInterval(startTimer);
          reject(new Error(`the suite did not start within ${fmt(START_TIMEOUT_MS)} (no mocha output; see ${relative(process.cwd(), resultsDir)}/workbench-log.txt)`));
        }
      }, 1000);
    });
    try {
      exitCode = await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
      clearInterval(startTimer);
    }
    for (const l of logs) {
      const dest = join(resultsDir, 'vscode-logs', l.relativePath);
      mkdirSync(join(dest, '..'), { recursive: true });
      writeFileSync(dest, l.contents);
    }
    if (exitCode !== 0) await page.screenshot({ path: join(resultsDir, 'failure.png') }).catch(() => {});
  } catch (e) {
    reason = e.message;
    exitCode = 1;
  } finally {
    writeFileSync(join(resultsDir, 'page-console.log'), pageConsole.join('\n') + '\n');
    writeFileSync(join(resultsDir, 'workbench-log.txt'), output.map((o) => `${o.level}: ${o.text}`).join('\n') + '\n');
    if (exitCode !== 0) server.collectLogs(join(resultsDir, 'server-logs'));
    await browser?.close().catch(() => {});
    await server.stop();
    if (!flag('--keep')) rmSync(wsRoot, { recursive: true, force: true });
  }

  // The suite's output: mocha writes through the extension host's console, which reaches codeAutomationLog.
  const suiteText = suiteOutput(pageConsole, output);
  writeFileSync(join(resultsDir, 'suite-output.txt'), suiteText + '\n');
  say(suiteText);
  if (reason) say(`[integration:${host}] ${reason}`);
  say(`[integration:${host}] exit code ${exitCode} in ${fmt(Date.now() - started)}; logs in ${relative(process.cwd(), resultsDir)}/`);
  const counts = mochaCounts(suiteText);
  if (counts) say(`[integration:${host}] ${counts.passed} passed, ${counts.failed} failed${counts.pending ? `, ${counts.pending} skipped` : ''}`);
  return { exitCode, counts: counts ?? (exitCode !== 0 ? { passed: 0, failed: 1, pending: 0 } : undefined) };
}

async function main() {
  const hostOption = option('--host') ?? 'both';
  const hosts = hostOption === 'both' ? ['node', 'web'] : [hostOption];
  if (!hosts.every((h) => h === 'node' || h === 'web')) throw new Error(`--host must be node, web or both (got ${hostOption})`);
  await setup();
  ensureCompiled(hosts);
  if (!existsSync(runnerPath)) throw new Error(`no test runner at ${runnerPath} (compile the tests: npm run compile-tests)`);
  if (!existsSync(join(extensionPath, 'package.json'))) throw new Error(`no extension at ${extensionPath}`);
  rmSync(resultsRoot, { recursive: true, force: true });
  const total = { passed: 0, failed: 0, pending: 0 };
  let exitCode = 0;
  for (const host of hosts) {
    const r = await runInHost(host);
    if (r.exitCode !== 0) exitCode = r.exitCode;
    for (const k of Object.keys(total)) total[k] += r.counts?.[k] ?? 0;
  }
  if (hosts.length > 1) say(`[integration] hosts: ${hosts.join(', ')}`);
  say(`${total.passed} passed, ${total.failed} failed${total.pending ? `, ${total.pending} skipped` : ''}`);
  return exitCode;
}

/** Workbench noise that is not the suite's (offline gallery look-ups and their stacks). */
const NOISE = /open-vsx\.org|ENOTFOUND|ERR_NAME_NOT_RESOLVED|workbench\.js:\d+|^\[(?:Service Worker|AgentHost|AccountPolicyGate|reconnection-grace-time)\]|^(?:Resolving|Resolved) connection token|^Creating a socket|^Updating additional builtin extensions cache/;

/**
 * The suite's output: the log lines from mocha's first report line on (mocha's spec reporter opens
 * with the root suite's "%s%s" line), without the workbench's own offline noise.
 */
function suiteOutput(_pageConsole, output) {
  let start = output.findIndex((o) => o.raw0 === '%s%s');
  if (start < 0) start = 0;
  return output
    .slice(start)
    .filter((o) => !NOISE.test(o.text))
    .map((o) => o.text.replace(/\s+$/, ''))
    .join('\n')
    .replace(/^\n+/, '');
}

main()
  .then((code) => process.exit(code))
  .catch((e) => {
    console.error(`[integration] FAILED: ${e.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  });
