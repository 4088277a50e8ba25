// Loads one of our CommonJS bundles with V8's code cache, so that a later start skips compiling it.
// Compiling the 350 KB extension bundle costs 12–22 ms of CPU at every activation and the CLI bundle
// ~15 ms of every run. V8 can serialise what it compiled (`createCachedData`) and take it
// back (`cachedData`); VS Code does the same for its own code. Node 22's `module.enableCompileCache()`
// would do it for the whole process, i.e. for every other extension in the same extension host too,
// and v8-compile-cache patches `Module.prototype._compile` likewise: this stays with our one file.
//
// The cache lives in a directory the caller owns (the extension's global storage, the CLI's per-user
// cache: never a shared temp directory, since cached bytecode is code). Its name carries a hash of the
// bundle and the Node/V8 version, and V8 itself rejects data that does not fit; a missing, stale or
// broken cache only means compiling as usual. Nothing here throws because of the cache.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** How the bundle was compiled: from the cache, or afresh (none yet, or V8 rejected it), or without one. */
export type CacheOutcome = 'hit' | 'miss' | 'rejected' | 'off';

export interface CachedModule<T> {
  readonly exports: T;
  readonly outcome: CacheOutcome;
  /** Compiled afresh with a cache directory to keep it in ('miss' or 'rejected'): {@link save} has work to do. */
  readonly unsaved: boolean;
  /**
   * Write the cache when the bundle was compiled afresh. Call it once the work worth caching has run
   * (V8 then includes the functions compiled lazily so far). Returns the file written, if any.
   */
  save(): string | undefined;
}

/**
 * `file` (a CommonJS bundle) evaluated as Node would `require` it, with its code cache in `cacheDir`
 * (none when undefined, or when the environment says ISCLS_CODE_CACHE=off).
 */
export function requireWithCodeCache<T>(file: string, cacheDir: string | undefined): CachedModule<T> {
  if (process.env.ISCLS_CODE_CACHE === 'off') cacheDir = undefined;
  const bytes = readFileSync(file);
  let source = bytes.toString('utf8');
  // A shebang line is fine for `require` but not inside the function wrapper.
  if (source.startsWith('#!')) source = `//${source.slice(2)}`;
  const cacheFile = cacheDir && join(cacheDir, `${basename(file)}-${cacheKey(bytes)}.v8`);
  const cachedData = cacheFile ? readQuietly(cacheFile) : undefined;
  const script = new Script(wrap(source), { filename: file, cachedData });
  const outcome: CacheOutcome = !cacheFile ? 'off' : !cachedData ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  // `require` relative to the bundle: its own siblings (citeproc.js) and, in VS Code's extension host,
  // `vscode`, which the host resolves by the requiring file's path.
  const module = { exports: {} as T, id: file, filename: file, loaded: false };
  const init = script.runInThisContext() as (...args: unknown[]) => void;
  init.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  const unsaved = outcome === 'miss' || outcome === 'rejected';
  return {
    exports: module.exports,
    outcome,
    unsaved,
    save: () => (cacheFile && unsaved ? writeCache(cacheFile, script.createCachedData()) : undefined),
  };
}

/** The bundle's text and the engine that compiled it: a new build or a new Node means a new cache. */
function cacheKey(bytes: Buffer): string {
  // sha1 of the bytes: a name, not a defence (V8 checks the data it is given); ~3× cheaper than sha256 of the text.
  return createHash('sha1').update(`${process.version}\0${process.arch}\0${process.versions.v8}\0`).update(bytes).digest('hex').slice(0, 16);
}

function readQuietly(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Atomically (a reader never sees half a file); drops the caches of earlier builds of the same bundle. */
function writeCache(cacheFile: string, data: Buffer): string | undefined {
  try {
    const dir = dirname(cacheFile);
    mkdirSync(dir, { recursive: true });
    const prefix = cacheFile.slice(dir.length + 1).replace(/-[0-9a-f]+\.v8$/, '-');
    for (const old of readdirSync(dir)) if (old.startsWith(prefix) && old.endsWith('.v8') && join(dir, old) !== cacheFile) rmSync(join(dir, old), { force: true });
    const partial = `${cacheFile}.${process.pid}.partial`;
    writeFileSync(partial, data);
    renameSync(partial, cacheFile);
    return cacheFile;
  } catch {
    return undefined;
  }
}
