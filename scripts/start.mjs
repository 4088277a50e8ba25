#!/usr/bin/env node
// `npm start`: try the extension in a real VS Code in your browser, on a fresh machine too.
// Installs what is missing (scripts/e2e/setup.mjs: chromium, Node 24, code-server — cached),
// builds iscls-reference.vsix when it is missing or stale, installs it into a throwaway
// code-server with the sample manuscripts' folder open and the Welcome page listing the walkthrough
// ("Cite ISCLS literature in a manuscript"), prints the URL and runs until Ctrl+C or SIGTERM
// (code-server included, also when npm itself is stopped).
//
//   npm start [-- --port 8123] [--restricted] [--folder PATH] [--vsix PATH]
//
// The manuscripts are copied to a temp folder first, so edits never touch the repo.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { startCodeServer } from './e2e/codeServer.mjs';
import { commandLine, paths, repoRoot, setup } from './e2e/setup.mjs';
import { ensureVsix } from './e2e/vsix.mjs';

const { flag, option } = commandLine();

try {
  await setup();
  const vsix = option('--vsix') ? resolve(option('--vsix')) : ensureVsix().vsix;
  let folder;
  let tempRoot;
  if (option('--folder')) folder = resolve(option('--folder'));
  else {
    tempRoot = mkdtempSync(join(tmpdir(), 'iscls-start-'));
    folder = join(tempRoot, 'manuscripts');
    cpSync(join(repoRoot, 'test', 'fixtures', 'manuscripts'), folder, { recursive: true });
  }
  const server = await startCodeServer({
    vsix,
    trust: !flag('--restricted'),
    port: option('--port') ? Number(option('--port')) : undefined,
    // The Welcome page, from which the walkthrough ("Cite ISCLS literature in a manuscript") opens.
    settings: { 'workbench.startupEditor': 'welcomePage', 'workbench.welcomePage.walkthroughs.openOnInstall': true },
  });
  const url = server.url(folder);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping code-server …');
    await server.stop();
    if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
    process.exit(0);
  };
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log('');
  console.log(`ISCLS Reference (${relative(process.cwd(), vsix) || vsix}) is running in VS Code (code-server) at:`);
  console.log('');
  console.log(`  ${url}`);
  console.log('');
  console.log(`Open it in a browser on this machine${tempRoot ? ' (the sample manuscripts are a temporary copy)' : ''}. Ctrl+C stops it.`);
  console.log('With VS Code: code --install-extension iscls-reference.vsix');
  console.log(`(${relative(process.cwd(), paths.vsix) || paths.vsix}; reload the window afterwards)`);
  // Keep running: the server's child process keeps the event loop alive; exit if it dies. When
  // `npm start` itself is stopped (a SIGTERM to npm does not always reach this script), the parent
  // goes away: stop code-server (its whole process group) too.
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(watch);
      void stop();
      return;
    }
    try {
      process.kill(server.pid, 0);
    } catch {
      clearInterval(watch);
      console.error('code-server stopped unexpectedly. Its output:\n' + server.output().slice(-3000));
      process.exit(1);
    }
  }, 2000);
} catch (e) {
  console.error(`npm start failed: ${e.message}`);
  process.exit(1);
}
