// Loads one of our CommonJS bundles with V8's code cache, so that a later start skips compiling it.
// Compiling the 350 KB extension bundle costs 12–22 ms of CPU at every activation and the CLI bundle
// ~15 ms of every run. V8 can serialise what it compiled (`createCachedData`) and take it
// back (`cachedData`); VS Code does the same for its own code. Node 22's `module.enableCompileCache()`
// would do it for the whole process, i.e. for every other extension in the same extension host too,
// and v8-compile-cache patches `Module.prototype._compile` likewise: this stays with our one file.
//
// The cache lives in a directory the caller owns (the extension's global storage, the CLI's per-user
// cache: never a shared temp directory, since cached bytecode is code). Its name carries a hash of the
// bundle and the Node/V8 version; the file holds the bundle's hash and a hash of its data, checked
// before V8 gets them, and a run that crashed while using it leaves a marker that drops it. A missing,
// stale or broken cache only means compiling as usual. Nothing here throws because of the cache.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  const bundleHash = hash(bytes);
  const cacheFile = cacheDir && join(cacheDir, `${basename(file)}-${cacheKey(bundleHash)}.v8`);
  const stored = cacheFile ? readCache(cacheFile, bundleHash) : undefined;
  const cachedData = stored instanceof Buffer ? stored : undefined;
  // While V8 runs from cached data, a marker says so: a run that crashed leaves it, and the next drops the cache.
  if (cacheFile && cachedData) markLoading(cacheFile);
  const script = new Script(wrap(source), { filename: file, cachedData });
  const rejected = stored === 'corrupt' || (cachedData !== undefined && script.cachedDataRejected === true);
  const outcome: CacheOutcome = !cacheFile ? 'off' : rejected ? 'rejected' : !cachedData ? 'miss' : 'hit';
  if (cacheFile && rejected) rmSync(cacheFile, { force: true });
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
    save: () => (cacheFile && unsaved ? writeCache(cacheFile, script.createCachedData(), bundleHash) : undefined),
  };
}

const MAGIC = Buffer.from('ISCLSV8\0');
const HASH_BYTES = 20;

function hash(data: Uint8Array): Buffer {
  // sha1: against a damaged or foreign file, not an attacker (who could write our cache could write our code).
  return createHash('sha1').update(data).digest();
}

/** The bundle's text and the engine that compiled it: a new build or a new Node means a new cache. */
function cacheKey(bundleHash: Buffer): string {
  return createHash('sha1').update(`${process.version}\0${process.arch}\0${process.versions.v8}\0`).update(bundleHash).digest('hex').slice(0, 16);
}

/**
 * The cached data, when the file holds our header, this bundle's hash and the hash of the data that
 * follows (V8 itself checks little more than the source's length); 'corrupt' when it does not;
 * undefined when there is none. A marker left by a run that crashed on it also makes it corrupt.
 */
function readCache(cacheFile: string, bundleHash: Buffer): Buffer | 'corrupt' | undefined {
  let file: Buffer;
  try {
    file = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (crashedBefore(cacheFile)) return 'corrupt';
  const head = MAGIC.length;
  if (file.length < head + 2 * HASH_BYTES || !file.subarray(0, head).equals(MAGIC)) return 'corrupt';
  const data = file.subarray(head + 2 * HASH_BYTES);
  const ok = file.subarray(head, head + HASH_BYTES).equals(bundleHash) && file.subarray(head + HASH_BYTES, head + 2 * HASH_BYTES).equals(hash(data));
  return ok ? data : 'corrupt';
}

/** Markers `CACHE.loading-PID` of runs that are gone (removed); true when there was one. */
function crashedBefore(cacheFile: string): boolean {
  const dir = dirname(cacheFile);
  const prefix = `${basename(cacheFile)}.loading-`;
  let crashed = false;
  for (const name of readdirQuietly(dir)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (pid === process.pid || alive(pid)) continue;
    crashed = true;
    rmSync(join(dir, name), { force: true });
  }
  return crashed;
}

/** The marker of this run, removed when the process exits normally or 10 s after the start. */
function markLoading(cacheFile: string): void {
  const marker = `${cacheFile}.loading-${process.pid}`;
  try {
    writeFileSync(marker, '');
  } catch {
    return;
  }
  const clear = () => rmSync(marker, { force: true });
  process.once('exit', clear);
  setTimeout(clear, 10_000).unref?.();
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readdirQuietly(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Caches kept per bundle: a few builds in use by one user (a release and a development build) keep theirs. */
const KEEP = 3;

/** Atomically (a reader never sees half a file); keeps the KEEP most recent caches of the same bundle. */
function writeCache(cacheFile: string, data: Buffer, bundleHash: Buffer): string | undefined {
  const dir = dirname(cacheFile);
  const partial = `${cacheFile}.${process.pid}.partial`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(partial, Buffer.concat([MAGIC, bundleHash, hash(data), data]));
    renameSync(partial, cacheFile);
  } catch {
    try {
      rmSync(partial, { force: true });
    } catch {
      // no folder to have left it in
    }
    return undefined;
  }
  const prefix = basename(cacheFile).replace(/-[0-9a-f]+\.v8$/, '-');
  const others = readdirQuietly(dir)
    .filter((n) => n.startsWith(prefix) && n.endsWith('.v8') && join(dir, n) !== cacheFile)
    .map((n) => ({ n, t: mtimeQuietly(join(dir, n)) }))
    .sort((x, y) => y.t - x.t);
  for (const old of others.slice(KEEP - 1)) rmSync(join(dir, old.n), { force: true });
  return cacheFile;
}

function mtimeQuietly(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
