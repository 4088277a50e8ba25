// Reading and rewriting a writer's manuscript on disk without ever damaging it.
// Node only. Rules: only regular files up to MAX_MANUSCRIPT_BYTES; only UTF-8 text (a BOM is
// kept); the write goes to the file a symlink points to; mode and owner are kept; a file with
// several hard links (or in a folder we cannot write) is rewritten in place, in an order that an
// error cannot leave half-written; a read-only file is refused. Every refusal is one line and
// changes nothing. Temporary files of a killed run are removed by the next one.
import {
  closeSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  readdirSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  constants,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Manuscripts larger than this are refused (the largest real ones are a few MB). */
export const MAX_MANUSCRIPT_BYTES = 32 * 1024 * 1024;

/** A file we refuse to read or write; the message is one line. */
export class FileRefusal extends Error {}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function regularFile(path: string): Stats {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FileRefusal(code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path} (${code ?? 'error'})`);
  }
  if (!st.isFile()) throw new FileRefusal(`${path} is ${kindOf(st)}, not a manuscript; nothing was read or changed`);
  if (st.size > MAX_MANUSCRIPT_BYTES) {
    throw new FileRefusal(`${path} is ${(st.size / 2 ** 20).toFixed(1)} MB, over the ${MAX_MANUSCRIPT_BYTES / 2 ** 20} MB limit for a manuscript; nothing was changed`);
  }
  return st;
}

/** Why the bytes are not UTF-8 text, or undefined when they are. */
function notUtf8(bytes: Uint8Array): string | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'UTF-16 text';
  if (bytes.includes(0)) return 'binary (it contains NUL bytes)';
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return undefined;
  } catch {
    return 'not UTF-8 (Latin-1 or another legacy encoding?)';
  }
}

function readAll(path: string): Buffer {
  // O_NONBLOCK: should the file have become a FIFO since the check, opening it does not hang.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new FileRefusal(`${path} is ${kindOf(st)}, not a manuscript; nothing was read or changed`);
    const buffer = Buffer.alloc(Math.min(st.size, MAX_MANUSCRIPT_BYTES + 1));
    let got = 0;
    while (got < buffer.length) {
      const n = readSync(fd, buffer, got, buffer.length - got, got);
      if (n === 0) break;
      got += n;
    }
    if (got > MAX_MANUSCRIPT_BYTES) throw new FileRefusal(`${path} is over the ${MAX_MANUSCRIPT_BYTES / 2 ** 20} MB limit for a manuscript; nothing was changed`);
    return buffer.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** The text of a UTF-8 manuscript (a BOM stays in the text); refuses anything else in one line. */
export function readManuscript(path: string): string {
  regularFile(path);
  const bytes = readAll(path);
  const problem = notUtf8(bytes);
  if (problem) throw new FileRefusal(`${path} is ${problem}; only UTF-8 manuscripts are read, nothing was changed`);
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

function writeFully(fd: number, data: Buffer, at = 0): void {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done, data.length - done, at + done);
}

/**
 * Rewrites the bytes of the file itself (every hard link sees them). The bytes past the old end are
 * written first, so a full disk or a file-size limit stops the write before any old byte changed;
 * then the rest, and the length and bytes are read back. On an error the old text is put back.
 */
function writeInPlace(target: string, data: Buffer, old: Buffer): void {
  const fd = openSync(target, constants.O_RDWR);
  try {
    try {
      if (data.length > old.length) writeFully(fd, data.subarray(old.length), old.length);
    } catch (error) {
      ftruncateSync(fd, old.length);
      throw new FileRefusal(`cannot write ${target} (${(error as NodeJS.ErrnoException).code ?? 'error'}); nothing was changed`);
    }
    try {
      writeFully(fd, data.subarray(0, Math.min(data.length, old.length)), 0);
      ftruncateSync(fd, data.length);
      fsyncSync(fd);
      if (!readBack(fd, data)) throw new Error('the file does not read back as written');
    } catch (error) {
      writeFully(fd, old, 0);
      ftruncateSync(fd, old.length);
      fsyncSync(fd);
      throw new FileRefusal(`cannot write ${target} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); its old text was put back`);
    }
  } finally {
    closeSync(fd);
  }
}

function readBack(fd: number, data: Buffer): boolean {
  if (fstatSync(fd).size !== data.length) return false;
  const back = Buffer.alloc(data.length);
  let got = 0;
  while (got < back.length) {
    const n = readSync(fd, back, got, back.length - got, got);
    if (n === 0) break;
    got += n;
  }
  return got === data.length && back.equals(data);
}

/** Temporary files `.NAME.iscls-PID.tmp` left beside `target` by a run that was killed (its PID is gone). */
function removeStaleTemporaries(target: string): void {
  const prefix = `.${basename(target)}.iscls-`;
  let names: string[];
  try {
    names = readdirSync(dirname(target)).filter((n) => n.startsWith(prefix) && n.endsWith('.tmp'));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^(\d+)\.tmp$/.exec(name.slice(prefix.length))?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    try {
      unlinkSync(join(dirname(target), name));
    } catch {
      // another run removed it
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes a temporary file beside the target with its mode and owner, then renames it over. */
function writeAndRename(target: string, data: Buffer, st: Stats): boolean {
  const temporary = join(dirname(target), `.${basename(target)}.iscls-${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch {
    return false; // the folder is not writable (the file may be): rewrite the file in place
  }
  try {
    try {
      fchownSync(fd, st.uid, st.gid);
    } catch {
      // Not allowed to give the file its owner: rename would change who owns the manuscript.
      closeSync(fd);
      unlinkSync(temporary);
      return false;
    }
    fchmodSync(fd, st.mode & 0o7777);
    writeFully(fd, data);
    fsyncSync(fd);
    closeSync(fd);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    unlinkSync(temporary);
    throw error;
  }
  renameSync(temporary, target);
  return true;
}

/**
 * Replaces the manuscript's text: through a symlink to its target, keeping mode and owner; a file
 * with one link is replaced atomically (temporary file + rename), one with several hard links is
 * rewritten in place so the links stay one file. A read-only file is refused.
 */
export function writeManuscript(path: string, text: string): void {
  const st = regularFile(path);
  const target = realpathSync(path);
  if ((st.mode & 0o222) === 0) throw new FileRefusal(`${path} is read-only; nothing was changed`);
  const data = Buffer.from(text, 'utf8');
  removeStaleTemporaries(target);
  whileSignalsWait(() => {
    if (st.nlink > 1 || !writeAndRename(target, data, st)) writeInPlace(target, data, readAll(target));
  });
}

/**
 * Runs a synchronous write with Ctrl-C and SIGTERM held back: Node then handles them after the write
 * (here: ignores them, the write being done) instead of dying halfway through it.
 */
export function whileSignalsWait(write: () => void): void {
  const wait = () => undefined;
  process.on('SIGINT', wait);
  process.on('SIGTERM', wait);
  try {
    write();
  } finally {
    process.off('SIGINT', wait);
    process.off('SIGTERM', wait);
  }
}

/**
 * Refuses an output path that is not a regular file (a pipe, a device, a folder) or that is one of
 * `inputs` — the same file by device and inode, so also through a symlink or a hard link.
 */
export function checkOutput(out: string, inputs: readonly string[]): void {
  let st: Stats;
  try {
    st = statSync(out);
  } catch {
    return; // not there yet: it will be created
  }
  if (!st.isFile()) throw new FileRefusal(`${out} is ${kindOf(st)}: the output must be a regular file; nothing was written`);
  for (const input of inputs) {
    let other: Stats;
    try {
      other = statSync(input);
    } catch {
      continue;
    }
    if (other.dev === st.dev && other.ino === st.ino) {
      throw new FileRefusal(`${out} is ${input} itself${out === input ? '' : ' (through a link)'}: writing it would replace it; nothing was written`);
    }
  }
}
