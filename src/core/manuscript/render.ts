// Writing markers: numeric lists with compressed ranges, pandoc keys, spacing against a word.
import { pandocKeyFull } from './markers';
import type { MarkerForm } from './types';
import { lazyRegExp } from '../lazyRegExp';

/**
 * The one number-range compressor (numeric markers, the preview, the section view, inlay hints):
 * sorted unique numbers [1,2,3,5] -> "1-3,5"; runs of two stay "1,2", as citeproc prints them.
 * `show` writes one number (the section view makes each a link).
 */
export function compressNumbers(nums: readonly number[], sep = ',', dash = '-', show: (n: number) => string = String): string {
  const parts: string[] = [];
  let i = 0;
  while (i < nums.length) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1) j++;
    if (j - i >= 2) parts.push(`${show(nums[i])}${dash}${show(nums[j])}`);
    else for (let k = i; k <= j; k++) parts.push(show(nums[k]));
    i = j + 1;
  }
  return parts.join(sep);
}

/**
 * A numeric marker for sorted unique `nums`. `locators` (keyed by number) are written right after
 * their number (`1(p464)`, `1 p464`); a number with a locator never joins a range.
 */
export function renderNumeric(form: MarkerForm, nums: number[], sep: string, dash: string, locators?: ReadonlyMap<number, string>): string {
  const s = form === 'numeric-superscript' ? ',' : sep;
  const body = locators && locators.size > 0 ? numbersWithLocators(nums, s, dash, locators) : compressNumbers(nums, s, dash);
  switch (form) {
    case 'numeric-superscript':
      return `^${body}^`;
    case 'numeric-sup':
      return `<sup>${body}</sup>`;
    default:
      return `[${body}]`;
  }
}

function numbersWithLocators(nums: number[], sep: string, dash: string, locators: ReadonlyMap<number, string>): string {
  const parts: string[] = [];
  let run: number[] = [];
  const flush = () => {
    if (run.length > 0) parts.push(compressNumbers(run, sep, dash));
    run = [];
  };
  for (const n of nums) {
    const loc = locators.get(n);
    if (loc === undefined) {
      run.push(n);
      continue;
    }
    flush();
    parts.push(`${n}${loc}`);
  }
  flush();
  return parts.join(sep);
}

/** `@key`, or `@{key}` when the key is not a plain pandoc key. */
export function pandocKey(key: string): string {
  return pandocKeyFull().test(key) ? `@${key}` : `@{${key}}`;
}

export function sortedUnique(nums: number[]): number[] {
  return [...new Set(nums)].sort((a, b) => a - b);
}

const letterOrDigitRe = lazyRegExp(String.raw`[\p{L}\p{N}]`, 'u');

/**
 * A new marker typed right against a word ("worldwide|") is separated from it the way writers do:
 * "worldwide [@key]", "worldwide [1]", LaTeX "worldwide~\\cite{key}" (a tie keeps them on one line).
 * After a space or punctuation the cursor position is taken as chosen.
 */
export function touchesWord(text: string, pos: number): boolean {
  return pos > 0 && letterOrDigitRe().test(text[pos - 1]);
}

/** 0, 1 or 2: whether `s` ends with a line break, or with a blank line (or is one line break). */
export function trailingLineBreaks(s: string): number {
  const strip = (x: string) => (x.endsWith('\r\n') ? x.slice(0, -2) : /[\r\n]$/.test(x) ? x.slice(0, -1) : undefined);
  const once = strip(s);
  if (once === undefined) return 0;
  const rest = once.replace(/[ \t]+$/, '');
  return rest === '' || strip(rest) !== undefined ? 2 : 1;
}
