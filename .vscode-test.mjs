// Configuration of `@vscode/test-cli` (`npm run test:electron` → `vscode-test`): runs the compiled
// integration tests inside a downloaded VS Code (Electron) with the extension under development.
// Compile first: `npm run build && npm run compile-tests`.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/**/*.test.js',
  workspaceFolder: 'test/fixtures/workspace',
  // Only the extension under development: other installed extensions must not interfere.
  launchArgs: ['--disable-extensions'],
  mocha: {
    ui: 'tdd',
    timeout: 20000,
    color: false,
  },
});
