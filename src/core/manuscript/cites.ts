// What a citation marker says, whatever its convention: the works it cites, each with its prefix
// ("see"), page locator ("p. 464") and suffix, and whether it is in-text (`@key`, `\textcite`).
// Reading (`readCite`) and writing (`writeCite`) per convention, for converting a document.
import type { Convention } from '../types';
import { KEY_SRC } from './markers';
import { pandocKey, renderNumeric, sortedUnique } from './render';
import type { InternalMarker, MarkerForm } from './types';
import { lazyRegExp } from '../lazyRegExp';

export interface CiteItem {
  key: string;
  prefix?: string;
  /** As a pandoc writer types it: "p. 464", "pp. 464-6", "chap. 3". */
  locator?: string;
  /** pandoc `-@key` (author suppressed). */
  suppressAuthor?: boolean;
}

export interface Cite {
  items: CiteItem[];
  /** Author named in the sentence: pandoc `@key`, LaTeX `\textcite`/`\citet`. */
  inText: boolean;
}

const keyInPart = lazyRegExp(`^([^@]*?)(-?)@(?:\\{([^{}]+)\\}|(${KEY_SRC}))(.*)$`, 'su');

/** A pandoc bracket `[see @a, p. 3; -@b]`: undefined when a part has no key (kept as written). */
function readPandocBracket(raw: string): Cite | undefined {
  const items: CiteItem[] = [];
  for (const part of raw.slice(1, -1).split(';')) {
    const m = keyInPart().exec(part.trim());
    if (!m) return undefined;
    const item: CiteItem = { key: m[3] ?? m[4] };
    const prefix = m[1].trim();
    const after = m[5].replace(/^,/, '').trim();
    if (prefix) item.prefix = prefix;
    if (after) item.locator = after;
    if (m[2]) item.suppressAuthor = true;
    items.push(item);
  }
  return { items, inText: false };
}

const LATEX_PARTS = /^\\([A-Za-z]*cite[A-Za-z]*)\*?((?:\s*\[[^\[\]]*\]){0,2})\s*\{([^{}]*)\}$/;
const IN_TEXT_COMMANDS = new Set(['textcite', 'citet', 'Textcite', 'Citet']);

/** `\cite[see][p.~3]{a,b}`: the prenote goes with the first work, the postnote with the last. */
function readLatex(raw: string): Cite | undefined {
  const m = LATEX_PARTS.exec(raw);
  if (!m || m[1] === 'nocite') return undefined;
  const notes = [...m[2].matchAll(/\[([^\[\]]*)\]/g)].map((x) => x[1].replace(/~/g, ' ').trim());
  const keys = m[3].split(',').map((k) => k.trim()).filter((k) => k !== '');
  if (keys.length === 0) return undefined;
  const items: CiteItem[] = keys.map((key) => ({ key }));
  const [pre, post] = notes.length === 2 ? notes : [undefined, notes[0]];
  if (pre) items[0].prefix = pre;
  if (post) items[items.length - 1].locator = post;
  return { items, inText: IN_TEXT_COMMANDS.has(m[1]) };
}

/** Numeric `1(p464)` / `1 p464` → pandoc's "p. 464"; another locator `(chap. 3)` → "chap. 3". */
export function locatorFromNumeric(written: string): string {
  const inner = written.trim().replace(/^\((.*)\)$/s, '$1');
  const page = /^(pp?)(\d.*)$/.exec(inner);
  return page ? `${page[1]}. ${page[2]}` : inner;
}

/**
 * Pandoc's "p. 464" → `(p464)` (AMA: page-specific citation inside the superscript) or ` p464`
 * (brackets in a non-AMA style); any other locator in parentheses. Undefined: it cannot be written
 * inside a numeric marker (brackets or parentheses in it).
 */
export function locatorToNumeric(locator: string, form: MarkerForm, ama: boolean): string | undefined {
  const page = /^(pp?)\.?\s*(\d[\d\u2013-]*)$/.exec(locator.trim());
  const compact = page ? `${page[1]}${page[2]}` : locator.trim();
  if (/[()[\]^<>\r\n]/.test(compact)) return undefined;
  if (form === 'numeric-superscript' && /\s/.test(compact)) return undefined;
  if (page && form === 'numeric-brackets' && !ama) return ` ${compact}`;
  return `(${compact})`;
}

export function readCite(m: InternalMarker): Cite | undefined {
  switch (m.form) {
    case 'pandoc-bracket':
      return readPandocBracket(m.raw);
    case 'pandoc-intext':
      return { items: [{ key: m.keys[0] }], inText: true };
    case 'latex':
      return readLatex(m.raw);
    default: {
      if (m.foreign || !m.numbers) return undefined;
      // A number may repeat with different locators; keys[i] is the work of numbers[i].
      return {
        inText: false,
        items: m.numbers.map((_, i) => {
          const item: CiteItem = { key: m.keys[i] };
          const loc = m.locators?.[i];
          if (loc !== undefined) item.locator = locatorFromNumeric(loc);
          return item;
        }),
      };
    }
  }
}

export interface WriteOptions {
  /** Numeric: number of each key. */
  number?: ReadonlyMap<string, number>;
  numericForm?: MarkerForm;
  /** Numeric locators the AMA way, `1(p464)`, in every form. */
  ama?: boolean;
  latexCommand?: string;
}

/** The marker for `cite` in `to`, or a reason it cannot be written there. */
export function writeCite(cite: Cite, to: Convention, opts: WriteOptions): { text: string } | { reason: string } {
  if (to === 'pandoc') return { text: writePandoc(cite) };
  if (to === 'latex') return writeLatex(cite, opts.latexCommand ?? 'cite');
  return writeNumeric(cite, opts);
}

function writePandoc(cite: Cite): string {
  const one = (it: CiteItem) =>
    `${it.prefix ? `${it.prefix} ` : ''}${it.suppressAuthor ? '-' : ''}${pandocKey(it.key)}${it.locator ? `, ${it.locator}` : ''}`;
  if (cite.inText && cite.items.length === 1 && !cite.items[0].prefix) {
    const it = cite.items[0];
    return `${pandocKey(it.key)}${it.locator ? ` [${it.locator}]` : ''}`;
  }
  return `[${cite.items.map(one).join('; ')}]`;
}

function writeLatex(cite: Cite, command: string): { text: string } | { reason: string } {
  const bad = cite.items.find((it) => /[,{}\s%]/.test(it.key));
  if (bad) return { reason: `the key "${bad.key}" cannot be written in LaTeX` };
  const cmd = cite.inText ? 'textcite' : command.replace(/^\\/, '');
  // One command holds a prenote for its first work and a postnote for its last: split otherwise.
  const groups: CiteItem[][] = [];
  for (const it of cite.items) {
    const g = groups[groups.length - 1];
    const last = g?.[g.length - 1];
    if (g && !it.prefix && !last.locator) g.push(it);
    else groups.push([it]);
  }
  const text = groups
    .map((g) => {
      const pre = g[0].prefix;
      const post = g[g.length - 1].locator;
      const notes = pre !== undefined ? `[${pre}][${post ?? ''}]` : post !== undefined ? `[${post}]` : '';
      return `\\${cmd}${notes}{${g.map((it) => it.key).join(',')}}`;
    })
    .join('');
  if (/[\[\]{}]/.test(cite.items.map((it) => `${it.prefix ?? ''}${it.locator ?? ''}`).join(''))) {
    return { reason: 'a prefix or locator contains brackets or braces' };
  }
  return { text };
}

function writeNumeric(cite: Cite, opts: WriteOptions): { text: string } | { reason: string } {
  const number = opts.number!;
  const form = opts.numericForm ?? 'numeric-brackets';
  const nums: number[] = [];
  const locators = new Map<number, string>();
  for (const it of cite.items) {
    const n = number.get(it.key);
    if (n === undefined) return { reason: `"${it.key}" is not a reference the list can number` };
    if (it.prefix && it !== cite.items[0]) return { reason: `the prefix "${it.prefix}" has no place inside a number` };
    if (it.locator !== undefined) {
      const loc = locatorToNumeric(it.locator, form, !!opts.ama);
      if (loc === undefined || (locators.has(n) && locators.get(n) !== loc)) {
        return { reason: `the locator "${it.locator}" cannot be written inside a number` };
      }
      locators.set(n, loc);
    }
    nums.push(n);
  }
  if (cite.inText) return { reason: 'an in-text citation names the author, which a number cannot' };
  const unique = sortedUnique(nums);
  if (unique.length !== nums.length && locators.size > 0) return { reason: 'a work is cited twice with locators' };
  // A prefix ("see") stays in the sentence, before the number.
  const prefix = cite.items[0]?.prefix;
  const joint = form === 'numeric-brackets' ? ' ' : ''; // a superscript touches its word: "see^1^"
  return { text: `${prefix ? `${prefix}${joint}` : ''}${renderNumeric(form, unique, ',', '-', locators)}` };
}
