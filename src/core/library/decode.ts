// Bytes of a library file → text. UTF-8 (with or without BOM) and UTF-16 (with BOM) are decoded
// exactly; anything else is read as Windows-1252 (what EndNote and old BibTeX files on Windows use),
// with a warning that says so. Uses TextDecoder: works in Node and in browsers. Pure.
import type { LibraryProblem } from './types';

export function decodeLibrary(bytes: Uint8Array, file: string): { text: string; problems: LibraryProblem[] } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), problems: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), problems: [] };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start)), problems: [] };
  } catch {
    const line = firstInvalidLine(bytes);
    return {
      text: new TextDecoder('windows-1252').decode(bytes),
      problems: [{ file, line, severity: 'warning', message: `not UTF-8 (first invalid byte on line ${line}): read as Windows-1252; re-export the library as UTF-8 if accented names look wrong` }],
    };
  }
}

/** 1-based line of the first byte sequence that is not valid UTF-8. */
function firstInvalidLine(bytes: Uint8Array): number {
  let line = 1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0a) line++;
    if (b < 0x80) continue;
    const length = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    if (length === 0) return line;
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return line;
    i += length - 1;
  }
  return line;
}
