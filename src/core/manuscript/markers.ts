// Citation markers of each convention: pandoc `[@key]`/`@key`, LaTeX `\cite{key}`, numeric
// `[1]`/`^1^`/`<sup>1</sup>`. Each scanner skips excluded regions (code, comments, the list block).
import { indentedAtLineStart, precededByOddBackslashes } from './text';
import { RegionSet } from './regions';
import type { InternalMarker, ManagedList, MarkerForm } from './types';
import { lazyRegExp } from '../lazyRegExp';

// The patterns are built on first use (lazyRegExp.ts: \p{…} classes are slow to parse).
export const KEY_SRC = "[\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_]+|[:.#$%&\\-+?<>~/]+(?=[\\p{L}\\p{N}_]))*";
export const pandocKeyFull = lazyRegExp(`^${KEY_SRC}$`, 'u');
const pandocCiteInBracket = lazyRegExp(`(?<![\\p{L}\\p{N}_\\\\])-?@(?:\\{([^{}]+)\\}|(${KEY_SRC}))`, 'gu');
const pandocBare = lazyRegExp(`(?<![\\p{L}\\p{N}_\\\\@])@(?:\\{([^{}]+)\\}|(${KEY_SRC}))`, 'gu');

/**
 * The array at its size: one grown by `push` keeps room for 16 elements, and an analysis keeps a
 * few for each of a long manuscript's thousands of markers (a third of its memory at 1 MB).
 */
const atSize = <T>(xs: T[]): T[] => xs.slice();

export function scanPandoc(text: string, excluded: RegionSet, known: (k: string) => boolean): InternalMarker[] {
  const markers: InternalMarker[] = [];
  const bracket = /\[([^\[\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = bracket.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (!m[1].includes('@')) continue;
    if (excluded.intersects(start, end)) continue;
    if (precededByOddBackslashes(text, start) || text[start - 1] === '!') continue;
    if (text[end] === '(') continue;
    if (text[end] === ':' && indentedAtLineStart(text, start, 3)) continue;
    const keys: string[] = [];
    const cite = pandocCiteInBracket();
    cite.lastIndex = 0;
    let k: RegExpExecArray | null;
    while ((k = cite.exec(m[1])) !== null) keys.push(k[1] ?? k[2]);
    if (keys.length === 0) continue;
    let insertAt = end - 1;
    while (insertAt > start + 1 && /\s/.test(text[insertAt - 1])) insertAt--;
    markers.push({
      start,
      end,
      raw: m[0],
      keys: atSize(keys),
      unknown: keys.filter((x) => !known(x)),
      form: 'pandoc-bracket',
      insertAt,
      sep: '; ',
    });
  }
  const brackets = new RegionSet(markers.map((x) => ({ start: x.start, end: x.end, inclusiveEnd: false })));
  const bare = pandocBare();
  bare.lastIndex = 0;
  while ((m = bare.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (brackets.covers(start) || excluded.covers(start)) continue;
    const key = m[1] ?? m[2];
    markers.push({ start, end, raw: m[0], keys: [key], unknown: known(key) ? [] : [key], form: 'pandoc-intext' });
  }
  return markers.sort((a, b) => a.start - b.start);
}

export function scanLatex(text: string, excluded: RegionSet, known: (k: string) => boolean): InternalMarker[] {
  const markers: InternalMarker[] = [];
  const re = /\\([A-Za-z]*cite[A-Za-z]*)\*?((?:\s*\[[^\[\]]*\]){0,2})\s*\{([^{}]*)\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (precededByOddBackslashes(text, start)) continue;
    if (excluded.intersects(start, end)) continue;
    const content = m[3];
    const keys = content
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k !== '');
    let insertAt = end - 1;
    while (insertAt > end - 1 - content.length && /\s/.test(text[insertAt - 1])) insertAt--;
    markers.push({
      start,
      end,
      raw: m[0],
      keys,
      unknown: keys.filter((k) => !known(k)),
      form: 'latex',
      insertAt,
      sep: /,\s/.test(content) ? ', ' : ',',
    });
  }
  return markers;
}

// One number of a numeric marker: a range, or a number with a page-specific locator — AMA
// `1(p464)` (any form), Vancouver-like `1 p464` (brackets only). Superscripts hold no spaces.
const NUM_ITEM = '\\d+(?:\\s*[-\u2013]\\s*\\d+|\\([^()\\[\\]^<>\\r\\n]{1,40}\\)| pp?\\d+(?:[-\u2013]\\d+)?)?';
const NUM_ITEM_TIGHT = '\\d+(?:[-\u2013]\\d+|\\([^()\\[\\]^<>\\s]{1,40}\\))?';
const NUM_LIST = `${NUM_ITEM}(?:\\s*,\\s*${NUM_ITEM})*`;
const NUM_LIST_TIGHT = `${NUM_ITEM_TIGHT}(?:,${NUM_ITEM_TIGHT})*`;
/** One comma-separated part of a numeric marker: number, range end, or locator as written. */
export const NUM_PART = /^\s*(\d+)(?:\s*[-\u2013]\s*(\d+)|(\([^()]*\)| pp?\d+(?:[-\u2013]\d+)?))?\s*$/;
const NUMERIC_RE = new RegExp(
  `\\[\\s*(${NUM_LIST})\\s*\\]|\\^(${NUM_LIST_TIGHT})\\^|<sup>\\s*(${NUM_LIST})\\s*</sup>`,
  'gi',
);
const MAX_RANGE = 500;

/** Units written with an exponent after a number: "1.73 m<sup>2</sup>", "5 mm^3^", "10^9^/L" (µ: micro sign or Greek mu). */
const UNIT_BEFORE = /\d[\d.,]*[ \u00a0\u202f]?(?:[\u00b5\u03bcu]?m|[cdk]m|mm|[\u00b5\u03bcumdc]?L|[\u00b5\u03bcumk]?g|s|min|h|[\u00b5\u03bcumn]?mol)$/;
/** A unit as a word of its own (no number needed): "per mm^3^", "kg/m<sup>2</sup>", "mg/m^2^". */
const UNIT_WORD = /^(?:[\u00b5\u03bcu]?m|[cdkn]m|mm|[\u00b5\u03bcumdc]?L|[\u00b5\u03bcumnk]?g|s|min|h|[\u00b5\u03bcumn]?mol|k?Pa)$/;
const LETTER = lazyRegExp('\\p{L}', 'u');

/**
 * A superscript that is an exponent, never a citation: a power of ten ("150 × 10^9^", "10<sup>12</sup>"),
 * a unit after a number ("1.73 m<sup>2</sup>", "5 mm^3^"), or one followed by a unit continuation
 * "/" ("^9^/L"). Such a span is not ours and is left alone. (A superscript after another number,
 * "in 1960^1^", stays a citation: converted and older documents write them so.)
 */
export function isExponent(text: string, start: number, end: number): boolean {
  if (text[end] === '/') return true;
  const before = text.slice(Math.max(0, start - 16), start);
  return /(?:^|[^\d.,])10$/.test(before) || UNIT_BEFORE.test(before);
}

/**
 * How a superscript reads, from what stands right before it. A citation follows a word, a number
 * or punctuation (AMA: "disease^1^", "occurs.^1,2^", "in 1960^1^"), and several numbers, a range or
 * a locator are always the writer's citation. An exponent follows a unit ("kg/m<sup>2</sup>",
 * "per mm^3^"). After a single letter ("χ^2^", "R<sup>2</sup>", but "hepatitis B^1^") or any other
 * symbol ("(a+b)^2^", "*Lancet*^1^") it could be either: doubtful, never renumbered.
 */
export function readSuperscript(text: string, start: number, end: number, body: string): 'citation' | 'exponent' | 'doubtful' {
  if (isExponent(text, start, end)) return 'exponent';
  if (/[,\-\u2013(]/.test(body)) return 'citation';
  const prev = text[start - 1];
  if (prev === undefined || /[\s\d.,;:!?"'\u201d\u2019\u00bb]/.test(prev)) return 'citation';
  const letter = LETTER();
  if (!letter.test(prev)) return 'doubtful';
  let from = start - 1;
  while (from > 0 && letter.test(text[from - 1]) && start - from < 12) from--;
  const word = text.slice(from, start);
  return UNIT_WORD.test(word) ? 'exponent' : word.length === 1 ? 'doubtful' : 'citation';
}

export function scanNumeric(
  text: string,
  excluded: RegionSet,
  list: ManagedList | undefined,
  known: (k: string) => boolean,
): InternalMarker[] {
  const markers: InternalMarker[] = [];
  NUMERIC_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let lastEnd = -1;
  while ((m = NUMERIC_RE.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (excluded.intersects(start, end)) continue;
    const body = m[1] ?? m[2] ?? m[3];
    const form: MarkerForm = m[1] !== undefined ? 'numeric-brackets' : m[2] !== undefined ? 'numeric-superscript' : 'numeric-sup';
    if (precededByOddBackslashes(text, start)) continue;
    const reading = form === 'numeric-brackets' ? 'citation' : readSuperscript(text, start, end, body);
    if (reading === 'exponent') continue;
    if (form === 'numeric-brackets') {
      if (text[start - 1] === '!' || text[end] === '(') continue;
      if (text[start - 1] === ']' && lastEnd !== start) continue; // [text][1] reference link
      if (text[end] === ':' && indentedAtLineStart(text, start, 3)) continue;
    }
    const { numbers, unknown, locators } = readNumbers(body);
    const keys: string[] = [];
    for (const n of numbers) {
      const key = list && n >= 1 && n <= list.keys.length && reading === 'citation' ? list.keys[n - 1] : undefined;
      if (key !== undefined && known(key)) keys.push(key);
      else unknown.push(String(n));
    }
    markers.push({
      start,
      end,
      raw: m[0],
      keys: atSize(keys),
      numbers,
      unknown,
      form,
      foreign: unknown.length > 0,
      ...(reading === 'doubtful' ? { doubtful: true } : {}),
      ...(locators.some((l) => l !== undefined) ? { locators } : {}),
      listSep: /,\s/.test(body) ? ', ' : ',',
      dash: body.includes('\u2013') ? '\u2013' : '-',
    });
    lastEnd = end;
  }
  // A doubtful superscript is in doubt only where the writer cites by superscript at all.
  const superscripts = markers.some((x) => x.form !== 'numeric-brackets' && !x.doubtful);
  return superscripts ? markers : markers.filter((x) => !x.doubtful);
}

/** The numbers of a marker's body (ranges expanded), the parts that are no number, and each number's locator. */
function readNumbers(body: string): { numbers: number[]; unknown: string[]; locators: (string | undefined)[] } {
  const numbers: number[] = [];
  const unknown: string[] = [];
  const locators: (string | undefined)[] = [];
  for (const part of splitNumericBody(body)) {
    const r = NUM_PART.exec(part)!;
    const a = Number(r[1]);
    if (r[2] === undefined) {
      numbers.push(a);
      locators[numbers.length - 1] = r[3];
      continue;
    }
    const b = Number(r[2]);
    if (b < a || b - a > MAX_RANGE) {
      unknown.push(part.trim());
      continue;
    }
    for (let n = a; n <= b; n++) numbers.push(n);
  }
  return { numbers: atSize(numbers), unknown, locators };
}

/** The comma-separated parts of a numeric marker's body; commas inside a locator's parentheses stay. */
export function splitNumericBody(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '(') depth++;
    else if (body[i] === ')') depth--;
    else if (body[i] === ',' && depth === 0) {
      parts.push(body.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(body.slice(from));
  return parts;
}
