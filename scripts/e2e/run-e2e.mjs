#!/usr/bin/env node
// End-to-end test of the packaged extension in a real VS Code (code-server) driven by headless
// Chromium, as a medical writer would use it. See test/e2e/scenarios.mjs for the steps and
// test/e2e/ui.mjs for every title and selector.
//
//   node scripts/e2e/run-e2e.mjs [--vsix PATH] [--no-build] [--update-screenshots]
//                                [--skip-restricted] [--only trusted|restricted] [--keep]
//                                [--host node|web|both]
//
// --host (default both): code-server's Node.js extension host, and/or the web worker extension host
// of vscode.dev, which the user setting `remote.extensionKind` = ["web"] forces for the installed VSIX.
// Sessions are named trusted/restricted (Node.js host) and web-trusted/web-restricted.
//
// Screenshots, and on failure the code-server/VS Code logs and the page console, go to
// test-results/e2e/. The last line is `N passed, M failed` (", K skipped" when steps were skipped).
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { launchBrowser, newPage } from './browser.mjs';
import { startCodeServer } from './codeServer.mjs';
import { commandLine, repoRoot, setup } from './setup.mjs';
import { ensureVsix } from './vsix.mjs';
import { restrictedSteps, trustedSteps } from '../../test/e2e/scenarios.mjs';
import { EXT, VIEWPORT } from '../../test/e2e/ui.mjs';
import { Workbench } from '../../test/e2e/workbench.mjs';
import { compressScreenshots } from '../compress-screenshots.mjs';

const { flag, option } = commandLine();
const STEP_TIMEOUT_MS = Number(process.env.ISCLS_E2E_STEP_TIMEOUT ?? 60_000);
const RUN_TIMEOUT_MS = Number(process.env.ISCLS_E2E_TIMEOUT ?? 10 * 60_000);
const resultsDir = join(repoRoot, 'test-results', 'e2e');
const fixtures = join(repoRoot, 'test', 'fixtures', 'manuscripts');
/** README screenshots: key → file name in media/screenshots/. */
const README_SHOTS = { sidebar: 'sidebar.png', section: 'section.png', 'hover-card': 'hover.png', 'citation-pick': 'citation-pick.png', 'reference-list': 'document.png', preview: 'preview.png' };

const results = []; // { session, name, status: 'passed'|'failed'|'skipped', ms, error? }
const readmeShots = {}; // key → { path, passed }
const started = Date.now();
let shotCounter = 0;

const fmt = (ms) => `${(ms / 1000).toFixed(1)} s`;
const say = (...a) => console.log(...a);

function summaryLine() {
  const passed = results.filter((r) => r.status === 'passed').length;
  const failed = results.filter((r) => r.status === 'failed').length;
  const skipped = results.filter((r) => r.status === 'skipped').length;
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

function finish(code) {
  say('');
  say('── E2E summary ──');
  for (const r of results) say(`${r.status === 'passed' ? '✔' : r.status === 'failed' ? '✘' : '-'} [${r.session}] ${r.name}  ${r.ms != null ? fmt(r.ms) : ''}`);
  const failed = results.filter((r) => r.status === 'failed');
  for (const f of failed) say(`\nFAILED [${f.session}] ${f.name}\n  ${f.error}`);
  if (failed.length) say(`\nScreenshots, logs and the page console: ${relative(process.cwd(), resultsDir) || resultsDir}/`);
  say(`total ${fmt(Date.now() - started)}`);
  say(summaryLine());
  process.exit(code ?? (failed.length ? 1 : 0));
}

/** The user setting that runs the installed extension in the web worker host. */
const WEB_HOST_SETTINGS = { 'remote.extensionKind': { [EXT.id]: ['web'] } };

async function runSession(session, { vsix, trust, makeSteps, host = 'node' }) {
  const folderRoot = mkdtempSync(join(tmpdir(), `iscls-e2e-${session}-`));
  const cleanup = () => { if (!flag('--keep')) rmSync(folderRoot, { recursive: true, force: true }); };
  process.once('exit', cleanup);
  const folder = join(folderRoot, 'manuscripts');
  cpSync(fixtures, folder, { recursive: true });
  const consoleLines = [];
  let server, browser;
  const t0 = Date.now();
  try {
    server = await startCodeServer({ vsix, trust, keepTemp: flag('--keep'), settings: host === 'web' ? WEB_HOST_SETTINGS : {} });
  } catch (e) {
    results.push({ session, name: 'start code-server with the VSIX installed', status: 'failed', ms: Date.now() - t0, error: e.message });
    return;
  }
  say(`[${session}] code-server on ${server.baseUrl} (VSIX installed in ${fmt(server.timings.installVsix ?? 0)}, server up in ${fmt(server.timings.start)})`);
  const logsDir = join(resultsDir, `logs-${session}`);
  let wroteLogs = false;
  const dumpLogs = () => {
    server.collectLogs(logsDir);
    writeFileSync(join(resultsDir, `console-${session}.log`), consoleLines.join('\n') + '\n');
    wroteLogs = true;
  };
  try {
    browser = await launchBrowser();
    const { page } = await newPage(browser, { viewport: VIEWPORT, consoleLines });
    const wb = new Workbench(page);
    const ctx = {
      wb,
      page,
      folder,
      host,
      url: server.url(folder),
      state: {},
      notes: [],
      note: (s) => ctx.notes.push(s),
      /**
       * Screenshot of the whole window to test-results/e2e/. With `readmeKey` (Node host only) it is
       * also a README screenshot: `region()` (e.g. wb.region([...])) gives the part that shows the
       * feature, captured again at 1:1 as NAME-readme.png; without a region, the whole window.
       */
      async shot(name, readmeKey, region) {
        const path = join(resultsDir, `${String(++shotCounter).padStart(2, '0')}-${session}-${name.replace(/[^\w.-]+/g, '-')}.png`);
        await page.screenshot({ path });
        if (readmeKey && host === 'node') {
          const clip = region ? await region() : undefined;
          if (region && !clip) ctx.note(`[screenshots] "${readmeKey}": its region is not on screen; the whole window is kept`);
          const readmePath = clip ? path.replace(/\.png$/, '-readme.png') : path;
          if (clip) await page.screenshot({ path: readmePath, clip });
          readmeShots[readmeKey] = { path: readmePath, step: ctx.currentStep, clip };
        }
        return path;
      },
    };
    const steps = makeSteps(ctx);
    let abort = '';
    for (const step of steps) {
      const r = { session, name: step.name };
      results.push(r);
      if (abort) {
        r.status = 'skipped';
        r.error = abort;
        continue;
      }
      if (step.needs && !ctx.state[step.needs]) {
        r.status = 'skipped';
        r.error = `needs a previous step (${step.needs})`;
        say(`- [${session}] ${step.name} — skipped (${r.error})`);
        continue;
      }
      ctx.currentStep = r;
      ctx.notes = [];
      const t = Date.now();
      let timer;
      try {
        await Promise.race([
          step.run(),
          new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`step timed out after ${fmt(step.timeout ?? STEP_TIMEOUT_MS)}`)), step.timeout ?? STEP_TIMEOUT_MS); }),
        ]);
        r.status = 'passed';
      } catch (e) {
        r.status = 'failed';
        r.error = (e?.message ?? String(e)).split('\n').slice(0, 12).join('\n  ');
        await ctx.shot(`FAILED-${step.name.slice(0, 50)}`).catch(() => {});
        dumpLogs();
        if (step.fatal) abort = `skipped: "${step.name}" failed`;
        // Reset the UI for the next step: close pickers and hovers.
        await page.keyboard.press('Escape').catch(() => {});
        await page.keyboard.press('Escape').catch(() => {});
      } finally {
        clearTimeout(timer);
      }
      r.ms = Date.now() - t;
      say(`${r.status === 'passed' ? '✔' : '✘'} [${session}] ${step.name} (${fmt(r.ms)})`);
      for (const n of ctx.notes) say(`    ${n}`);
      if (r.status === 'failed') say(`    ${r.error}`);
    }
  } catch (e) {
    results.push({ session, name: 'browser session', status: 'failed', error: e.stack || e.message });
    dumpLogs();
  } finally {
    if (!wroteLogs && results.some((r) => r.session === session && r.status === 'failed')) dumpLogs();
    await browser?.close().catch(() => {});
    await server.stop();
    cleanup();
  }
}

process.on('SIGINT', () => {
  console.log('\ninterrupted');
  console.log(summaryLine());
  setImmediate(() => process.exit(130)); // code-server's own handler (codeServer.mjs) usually exits first
});

async function main() {
  const watchdog = setTimeout(() => {
    results.push({ session: 'run', name: 'whole run', status: 'failed', error: `the E2E run exceeded ${fmt(RUN_TIMEOUT_MS)}` });
    finish(1);
  }, RUN_TIMEOUT_MS);
  watchdog.unref();

  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });

  let t = Date.now();
  try {
    const s = await setup();
    results.push({ session: 'setup', name: s.cached ? 'setup (cached)' : 'setup (installed)', status: 'passed', ms: Date.now() - t });
  } catch (e) {
    results.push({ session: 'setup', name: 'setup: chromium, Node 24, code-server', status: 'failed', ms: Date.now() - t, error: e.message });
    finish(1);
  }

  let vsix = option('--vsix') ? resolve(option('--vsix')) : undefined;
  t = Date.now();
  if (!vsix) {
    try {
      vsix = flag('--no-build') ? join(repoRoot, 'iscls-reference.vsix') : ensureVsix().vsix;
      if (!existsSync(vsix)) throw new Error(`${vsix} does not exist (run npm run package)`);
      results.push({ session: 'build', name: 'VSIX ready (npm run package)', status: 'passed', ms: Date.now() - t });
    } catch (e) {
      writeFileSync(join(resultsDir, 'package-output.log'), e.output ?? e.message);
      results.push({ session: 'build', name: 'build the VSIX with `npm run package`', status: 'failed', ms: Date.now() - t, error: e.message });
      finish(1);
    }
  }
  say(`[e2e] VSIX: ${relative(process.cwd(), vsix)}`);

  const only = option('--only');
  const hostOption = option('--host') ?? 'both';
  const hosts = hostOption === 'both' ? ['node', 'web'] : [hostOption];
  for (const host of hosts) {
    const prefix = host === 'web' ? 'web-' : '';
    if (only !== 'restricted') await runSession(`${prefix}trusted`, { vsix, trust: true, makeSteps: trustedSteps, host });
    if (only !== 'trusted' && !flag('--skip-restricted')) await runSession(`${prefix}restricted`, { vsix, trust: false, makeSteps: restrictedSteps, host });
  }

  if (flag('--update-screenshots')) {
    const dest = join(repoRoot, 'media', 'screenshots');
    mkdirSync(dest, { recursive: true });
    for (const [key, fileName] of Object.entries(README_SHOTS)) {
      const s = readmeShots[key];
      if (!s) say(`[screenshots] no "${key}" screenshot was taken — media/screenshots/${fileName} left as it was`);
      else if (s.step?.status === 'failed') say(`[screenshots] the step that takes "${key}" failed — media/screenshots/${fileName} left as it was`);
      else {
        copyFileSync(s.path, join(dest, fileName));
        const size = s.clip ? `${s.clip.width}×${s.clip.height} at (${s.clip.x}, ${s.clip.y})` : `${VIEWPORT.width}×${VIEWPORT.height}`;
        say(`[screenshots] media/screenshots/${fileName} ← ${relative(repoRoot, s.path)} (${size})`);
        compressScreenshots([join(dest, fileName)], say);
      }
    }
  }
  finish();
}

main().catch((e) => {
  results.push({ session: 'run', name: 'runner', status: 'failed', error: e.stack || e.message });
  finish(1);
});
