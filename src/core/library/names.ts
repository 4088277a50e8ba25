// BibTeX name lists → CSL names: "Last, First", "First von Last", "von Last, Jr, First",
// {{Corporate Author}} → literal, a final "others" → the list is truncated ("et al."). Pure.
import { texToUnicode } from './tex';
import { lazyRegExp } from '../lazyRegExp';

export interface CslName {
  family?: string;
  given?: string;
  suffix?: string;
  literal?: string;
}

/**
 * The parts found so far by `splitTopLevel`, reused: a new array grown by `push` reserves 17 slots,
 * and a library splits each of its ~100,000 names. Emptied after each use, so that it keeps no text alive.
 */
const found: string[] = [];

/** Splits `s` at depth-0 separators: " and " (names), whitespace (words) or "," (name parts). */
function splitTopLevel(s: string, separator: 'and' | 'space' | 'comma'): string[] {
  let count = 0;
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92 /* \\ */) { i++; continue; }
    if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */) depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      let length = 0;
      if (separator === 'comma') length = c === 44 ? 1 : 0;
      else if (c === 32 || c === 9 || c === 10 || c === 13) {
        if (separator === 'space') length = 1;
        else if ((s.charCodeAt(i + 1) | 32) === 97 && (s.charCodeAt(i + 2) | 32) === 110 && (s.charCodeAt(i + 3) | 32) === 100 && s.charCodeAt(i + 4) === 32) length = 5;
      }
      if (length) {
        found[count++] = s.slice(start, i).trim();
        i += length - 1;
        start = i + 1;
      }
    }
  }
  found[count++] = s.slice(start).trim();
  const parts = found.slice(0, count);
  found.fill('', 0, count);
  return parts;
}

// Made once (a regular expression literal is a new object each time it is evaluated).
const WHITESPACE = /\s/;
const SPACE_TO_COLLAPSE = /\s\s|[^\S ]/;
const SPACES = /\s+/g;
const letterRe = lazyRegExp(String.raw`[\p{L}]`, 'u');

/** Whether a name word starts with a lowercase letter at brace depth 0 (the "von" test). */
function isLowerWord(word: string): boolean {
  if (word.startsWith('{')) return false; // {Van} stays capitalised: protected
  const c = word.charCodeAt(0);
  if (c >= 97 && c <= 122) return true;
  if (c >= 65 && c <= 90) return false;
  const letter = letterRe().exec(texToUnicode(word));
  return !!letter && letter[0] === letter[0].toLowerCase() && letter[0] !== letter[0].toUpperCase();
}

const words = (s: string) => splitTopLevel(s, 'space').filter((w) => w !== '');

function one(raw: string): CslName {
  const name = raw.trim();
  // A name wholly in braces is an institution: {{World Health Organization}} / {World Health Organization}.
  if (name.startsWith('{') && findClose(name) === name.length - 1) return { literal: texToUnicode(name) };
  const parts = splitTopLevel(name, 'comma');
  let first = '', von = '', last = '', jr = '';
  if (parts.length === 1) {
    const w = words(parts[0]);
    if (w.length === 1) return { family: texToUnicode(w[0]) };
    let vonStart = w.findIndex((x, i) => i < w.length - 1 && isLowerWord(x));
    if (vonStart < 0) vonStart = w.length - 1;
    let vonEnd = vonStart;
    for (let i = vonStart; i < w.length - 1; i++) if (isLowerWord(w[i])) vonEnd = i + 1;
    first = w.slice(0, vonStart).join(' ');
    von = w.slice(vonStart, vonEnd).join(' ');
    last = w.slice(Math.max(vonEnd, vonStart)).join(' ');
  } else {
    const split = vonAndLast(parts[0]);
    von = split[0];
    last = split[1];
    if (parts.length === 2) first = parts[1];
    else { jr = parts[1]; first = parts.slice(2).join(', '); }
  }
  const result: CslName = {};
  const family = texToUnicode(von && last ? `${von} ${last}` : von || last);
  if (family) result.family = family;
  const given = texToUnicode(first);
  if (given) result.given = given;
  if (jr) result.suffix = texToUnicode(jr);
  if (!result.family && result.given) return { family: result.given };
  return result;
}

/** The "von" and "Last" parts of what comes before a name's first comma. */
function vonAndLast(before: string): [string, string] {
  if (!WHITESPACE.test(before)) return ['', before]; // one word, the common "Smith, John": nothing to look for
  const w = words(before);
  let i = 0;
  while (i < w.length - 1 && isLowerWord(w[i])) i++;
  return [w.slice(0, i).join(' '), w.slice(i).join(' ')];
}

function findClose(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Parses a BibTeX `author`/`editor` value (delimiters removed). `truncated` when it ends in "others". */
export function parseNames(value: string): { names: CslName[]; truncated: boolean } {
  const spaced = SPACE_TO_COLLAPSE.test(value) ? value.replace(SPACES, ' ') : value;
  const parts = splitTopLevel(spaced, 'and');
  const raw = parts.includes('') ? parts.filter(Boolean) : parts;
  let truncated = false;
  if (raw.length > 0 && raw[raw.length - 1].toLowerCase() === 'others') {
    truncated = true;
    raw.pop();
  }
  // Arrays made at their length (no `push`): a large library holds one per entry and role.
  const names = raw.map(one);
  return { names: names.every(isName) ? names : names.filter(isName), truncated };
}

function isName(name: CslName): boolean {
  return name.family !== undefined || name.given !== undefined || name.literal !== undefined || name.suffix !== undefined;
}
