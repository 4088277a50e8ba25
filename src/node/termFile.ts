// Term counts over a file of any size, read in pieces: memory stays flat in the size of the file.
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { TermMatcher, TermStream } from '../core/search/termMatcher';

const PIECE = 1 << 20;

/** Hits per term id in `file` (UTF-8), exactly as {@link TermMatcher.count} over the whole text. */
export function countTermsInFile(matcher: TermMatcher, file: string): Map<string, number> {
  const counts = new Map<string, number>();
  const stream = new TermStream(matcher, (_s, _e, id) => counts.set(id, (counts.get(id) ?? 0) + 1));
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.allocUnsafe(PIECE);
  const fd = openSync(file, 'r');
  try {
    for (let n: number; (n = readSync(fd, buffer, 0, PIECE, null)) > 0; ) stream.push(decoder.write(buffer.subarray(0, n)));
    stream.push(decoder.end());
    stream.end();
  } finally {
    closeSync(fd);
  }
  return counts;
}
