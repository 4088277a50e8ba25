// Reading and rewriting a writer's manuscript on disk without ever damaging it.
// Node only. Rules: only regular files up to MAX_MANUSCRIPT_BYTES; only UTF-8 text (a BOM is
// kept); the write goes to the file a symlink points to; mode and owner are kept; a file with
// several hard links is rewritten in place (so every name sees the new text); a read-only file
// is refused. Every refusal is one line and changes nothing.
import {
  closeSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
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

function writeFully(fd: number, data: Buffer): void {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done, data.length - done, done);
}

/** Rewrites the bytes of the file itself (every hard link sees them), then cuts it to length. */
function writeInPlace(target: string, data: Buffer): void {
  const fd = openSync(target, constants.O_WRONLY);
  try {
    writeFully(fd, data);
    ftruncateSync(fd, data.length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
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
  if (st.nlink > 1 || !writeAndRename(target, data, st)) writeInPlace(target, data);
}
