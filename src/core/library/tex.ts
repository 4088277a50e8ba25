// TeX in BibTeX values → Unicode text: accents ({\"u}, \'{e}, \c{c}), special letters (\ss, \o),
// escaped characters, dashes, ~, and the formatting commands citeproc understands as rich text
// (\textit → <i>). Braces that only protect case are dropped. Pure.

const ACCENTS: Record<string, string> = {
  '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030c', H: '\u030b', c: '\u0327', k: '\u0328', r: '\u030a', d: '\u0323', b: '\u0331', t: '\u0361',
};

const LETTERS: Record<string, string> = {
  ss: 'ß', o: 'ø', O: 'Ø', aa: 'å', AA: 'Å', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', l: 'ł', L: 'Ł', i: 'ı', j: 'ȷ',
  dh: 'ð', DH: 'Ð', th: 'þ', TH: 'Þ', ng: 'ŋ', NG: 'Ŋ', dj: 'đ', DJ: 'Đ',
  textendash: '–', textemdash: '—', textquoteright: '’', textquoteleft: '‘', textregistered: '®',
  texttrademark: '™', textcopyright: '©', textdegree: '°', textpm: '±', textmu: 'µ', dots: '…', ldots: '…',
  textbackslash: '\\', alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', kappa: 'κ', lambda: 'λ', mu: 'μ', pm: '±',
  times: '×', le: '≤', ge: '≥', leq: '≤', geq: '≥', S: '§', P: '¶', textellipsis: '…', euro: '€', pounds: '£',
  TeX: 'TeX', LaTeX: 'LaTeX', BibTeX: 'BibTeX', LaTeXe: 'LaTeX2ε',
};

/** Formatting commands → CSL rich-text tags (citeproc-js renders them in every output format). */
const FORMATTING: Record<string, [string, string]> = {
  textit: ['<i>', '</i>'], emph: ['<i>', '</i>'], textsl: ['<i>', '</i>'], it: ['<i>', '</i>'], em: ['<i>', '</i>'],
  textbf: ['<b>', '</b>'], bf: ['<b>', '</b>'],
  textsuperscript: ['<sup>', '</sup>'], textsubscript: ['<sub>', '</sub>'],
  textsc: ['<span style="font-variant:small-caps;">', '</span>'],
};

/** Commands whose argument is dropped entirely. */
const DROP = new Set(['label', 'index', 'cite']);

/** Index of the brace that closes the one at `open`, or -1. */
export function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** A command's argument at `at`: `{…}` or one character (after spaces), with the index after it. */
function argument(s: string, at: number): [string, number] {
  let i = at;
  while (s[i] === ' ') i++;
  if (s[i] === '{') {
    const close = matchingBrace(s, i);
    if (close < 0) return [s.slice(i + 1), s.length];
    return [s.slice(i + 1, close), close + 1];
  }
  if (s[i] === '\\') {
    const m = /^\\([A-Za-z]+|.)/.exec(s.slice(i));
    if (m) return [m[0], i + m[0].length];
  }
  return [s[i] ?? '', Math.min(i + 1, s.length)];
}

/** Converts a BibTeX field value (outer delimiters removed) to Unicode text with CSL rich-text tags. */
export function texToUnicode(value: string, options: { dashes?: boolean } = {}): string {
  if (!/[\\{}~$-]/.test(value)) return /\s\s|[\t\r\n]/.test(value) ? value.replace(/\s+/g, ' ').trim() : value.trim();
  const out = convert(value, options.dashes !== false);
  return out.normalize('NFC').replace(/[ \t\r\n]+/g, ' ').trim();
}

function convert(s: string, dashes: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === '\\') {
      const m = /^\\([A-Za-z]+|.)/.exec(s.slice(i, i + 40));
      if (!m) { i++; continue; }
      const name = m[1];
      i += m[0].length;
      if (name in ACCENTS) {
        const [arg, next] = argument(s, i);
        const base = convert(arg, dashes).replace(/^\u0131/, 'i').replace(/^\u0237/, 'j'); // \'\i → í (dotless ı, ȷ)
        out += base ? base[0] + ACCENTS[name] + base.slice(1) : ACCENTS[name];
        i = next;
      } else if (name in LETTERS) {
        out += LETTERS[name];
        if (/^[A-Za-z]/.test(name)) while (s[i] === ' ') i++;
        if (s.startsWith('{}', i)) i += 2;
      } else if (name in FORMATTING) {
        const [open, close] = FORMATTING[name];
        if (s[i] === '{' || s[i] === ' ' && s[i + 1] === '{') {
          const [arg, next] = argument(s, i);
          out += open + convert(arg, dashes) + close;
          i = next;
        } else {
          // {\em text}: the rest of the group
          out += open + convert(s.slice(i).replace(/^ +/, ''), dashes) + close;
          i = s.length;
        }
      } else if (/^[A-Za-z]/.test(name)) {
        while (s[i] === ' ') i++;
        if (DROP.has(name)) { i = argument(s, i)[1]; continue; }
        if (name === 'href') i = argument(s, i)[1]; // \href{url}{text} → text
        if (s[i] === '{') {
          const [arg, next] = argument(s, i);
          out += convert(arg, dashes);
          i = next;
        }
      } else {
        out += name === '\\' ? ' ' : name; // \& \% \$ \# \_ \{ \} and \\ (line break)
      }
    } else if (c === '{') {
      // A group: converted on its own, so {\em …} ends with it; the braces (case protection) go.
      const close = matchingBrace(s, i);
      if (close < 0) { i++; continue; }
      out += convert(s.slice(i + 1, close), dashes);
      i = close + 1;
    } else if (c === '}' || c === '$') {
      i++;
    } else if (c === '~') {
      out += '\u00a0';
      i++;
    } else if (dashes && c === '-' && s[i + 1] === '-') {
      const em = s[i + 2] === '-';
      out += em ? '—' : '–';
      i += em ? 3 : 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
