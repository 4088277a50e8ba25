// Bytes of a library file → text. UTF-8 (with or without BOM) and UTF-16 (with BOM, or without one
// when the zero bytes say which half is which) are decoded exactly; anything else is read as
// Windows-1252 (what EndNote and old BibTeX files on Windows use), with a warning that says so.
// A binary file (an EndNote .enl library, a Word document, a PDF…) is reported, not parsed; a text
// file with a few stray NUL bytes is read without them, with a warning naming the line. Uses
// TextDecoder: works in Node and in browsers. Pure.
import type { LibraryProblem } from './types';

export interface DecodedLibrary {
  text: string;
  problems: LibraryProblem[];
  /** The bytes are not text (the problem says what they look like): parse nothing. */
  binary?: boolean;
}

export function decodeLibrary(bytes: Uint8Array, file: string): DecodedLibrary {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), problems: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), problems: [] };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) {
    return {
      text: new TextDecoder(utf16).decode(bytes),
      problems: [{ file, line: 1, severity: 'warning', message: `read as ${utf16.toUpperCase()} (no byte-order mark); re-export the library as UTF-8 to be sure` }],
    };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const stray = strayNuls(bytes);
    if (!stray) return binaryFile(bytes, file, nul);
    const decoded = decodeLibrary(bytes.filter((b) => b !== 0), file);
    const warning: LibraryProblem = { file, line: lineOf(bytes, nul), severity: 'warning', message: `${stray} NUL byte${stray > 1 ? 's' : ''} (the first on this line) ignored` };
    return { text: decoded.text, problems: [warning, ...decoded.problems] };
  }
  const start = utf8BomLength(bytes);
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

/** 3 when the bytes start with UTF-8's byte-order mark, else 0. */
function utf8BomLength(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/**
 * 'utf-16le' or 'utf-16be' when the first kilobyte is text with every other byte zero (ASCII in
 * UTF-16), as Windows tools write it without a BOM.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero >= pairs * 0.9 && evenZero === 0) return 'utf-16le';
  if (evenZero >= pairs * 0.9 && oddZero === 0) return 'utf-16be';
  return undefined;
}

/** The number of NUL bytes when they are few (one per 1,000 bytes at most) in otherwise plain text, else 0. */
function strayNuls(bytes: Uint8Array): number {
  let nuls = 0;
  let controls = 0;
  for (const b of bytes) {
    if (b === 0) nuls++;
    else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
  }
  return nuls <= Math.max(1, bytes.length / 1000) && controls === 0 ? nuls : 0;
}

/** What a binary file's first bytes say it is, for the message. */
const SIGNATURES: [number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (a Word .docx, an EndNote .enlx, a compressed export?)'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an Office document (.doc)'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'an SQLite database (a Zotero or Mendeley database file?)'],
  [[0x1f, 0x8b], 'a gzip archive'],
];

function binaryFile(bytes: Uint8Array, file: string, nul: number): DecodedLibrary {
  const known = SIGNATURES.find(([magic]) => magic.every((b, i) => bytes[i] === b))?.[1];
  const what = known ?? `a binary file (a NUL byte on line ${lineOf(bytes, nul)})`;
  const message = `not a library export: this is ${what}; nothing loaded. Export the library as BibTeX, CSL-JSON, RIS or EndNote XML (an EndNote .enl library is not readable)`;
  return { text: '', binary: true, problems: [{ file, line: 0, severity: 'error', message }] };
}

/** 1-based line of a byte offset. */
function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
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
