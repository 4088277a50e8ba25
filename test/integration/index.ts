// Mocha entry point for the integration tests that run INSIDE a real VS Code extension host.
// VS Code (or the code-server runner in scripts/e2e) loads this file as `extensionTestsPath` and
// awaits `run()`. Test files are `out/test/integration/**/*.test.js`, found by walking the compiled
// folder with node:fs (no glob dependency). `ISCLS_TEST_GREP` narrows the run to matching tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Every `*.test.js` below `dir`, sorted so runs are reproducible. */
function findTestFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(full);
    }
  };
  walk(dir);
  return found.sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 20_000, color: false, reporter: 'spec' });
  const grep = process.env.ISCLS_TEST_GREP;
  if (grep) mocha.grep(grep);
  // This file compiles to out/test/integration/index.js: the tests sit beside it.
  const root = __dirname;
  const files = findTestFiles(root);
  if (files.length === 0) return Promise.reject(new Error(`No integration tests (*.test.js) found under ${root}`));
  for (const file of files) mocha.addFile(file);
  return new Promise<void>((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed`));
        else resolve();
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
