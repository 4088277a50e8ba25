// `iscls` (dist/cli.js): runs the CLI bundle, dist/cli-main.js, compiled with V8's code cache kept in
// the user's cache directory, so that runs after the first skip compiling it (~20 ms of the ~100 ms
// a `bib` run costs over starting Node). ISCLS_CODE_CACHE=off runs without it.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { requireWithCodeCache } from './node/codeCache';

/** Per user, never a shared temporary directory: cached bytecode is code. */
function userCacheDir(): string | undefined {
  const base = process.env.XDG_CACHE_HOME || (process.platform === 'win32' ? process.env.LOCALAPPDATA : undefined) || join(homedir(), '.cache');
  return base ? join(base, 'iscls-reference', 'code-cache') : undefined;
}

const cli = requireWithCodeCache(join(__dirname, 'cli-main.js'), userCacheDir());
// At exit, so the functions this run compiled are in the cache too.
if (cli.unsaved) process.once('exit', () => cli.save());
