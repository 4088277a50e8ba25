#!/usr/bin/env node
// Bundles the extension and the CLI with esbuild and copies the CSL styles the engine ships.
// `--watch` rebuilds on change; `--dev` keeps the bundles unminified with inline source maps.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractStyles } from './extract-styles.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev') || process.argv.includes('--watch');
mkdirSync(join(root, 'dist'), { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

const started = Date.now();
await extractStyles(join(root, 'dist', 'csl'));
const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];
if (process.argv.includes('--watch')) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('watching src/ …');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`built dist/extension.js, dist/cli.js and dist/csl/ in ${Date.now() - started} ms`);
}
