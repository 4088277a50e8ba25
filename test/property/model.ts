// A generator model of manuscripts that knows, independently of the engine, what every span is:
// prose, code, comment, exponent, typed number, citation (with the keys it cites) or our list.
// Documents are built from small specs (fast-check shrinks the specs), then rendered.
import fc from 'fast-check';

export type Conv = 'pandoc' | 'latex' | 'numeric-plain' | 'numeric-markdown';
export type SpanKind = 'prose' | 'code' | 'comment' | 'exponent' | 'typed' | 'citation';

export interface Span {
  kind: SpanKind;
  start: number;
  end: number;
  /** Citations: the keys cited (numeric: resolved through the list). */
  keys?: string[];
}

export interface Doc {
  conv: Conv;
  text: string;
  spans: Span[];
  /** Our list block, if any: its span and keys. */
  list?: { start: number; end: number; keys: string[] };
  bom: boolean;
  /** Line breaks the document uses. */
  eols: string[];
}

export const KEYS = ['a', 'b', 'clarkson1960', 'druey2010', 'xie2012', 'gousseff2011', 'marks1973', 'zeta'];

// ---------------------------------------------------------------------------------------------
// Specs (what fast-check generates and shrinks)

export interface TokenSpec {
  kind: SpanKind | 'word';
  variant: number;
  picks: number[];
}
export interface BlockSpec {
  kind: 'para' | 'fence' | 'indented' | 'comment' | 'linkdef' | 'item' | 'heading' | 'verbatim';
  lines: TokenSpec[][];
  variant: number;
}
export interface DocSpec {
  bom: boolean;
  eol: '\n' | '\r\n' | '\r' | 'mixed';
  frontMatter: boolean;
  blocks: BlockSpec[];
  list: { picks: number[]; stale: boolean; trailing: boolean } | null;
  latexDocument: boolean;
}

const token: fc.Arbitrary<TokenSpec> = fc.record({
  kind: fc.oneof(
    { weight: 8, arbitrary: fc.constant<'word'>('word') },
    { weight: 4, arbitrary: fc.constant<'citation'>('citation') },
    { weight: 1, arbitrary: fc.constant<'code'>('code') },
    { weight: 1, arbitrary: fc.constant<'comment'>('comment') },
    { weight: 1, arbitrary: fc.constant<'exponent'>('exponent') },
    { weight: 1, arbitrary: fc.constant<'typed'>('typed') },
  ),
  variant: fc.nat(1000),
  picks: fc.array(fc.nat(20), { minLength: 1, maxLength: 3 }),
});

const block: fc.Arbitrary<BlockSpec> = fc.record({
  kind: fc.oneof(
    { weight: 5, arbitrary: fc.constant<'para'>('para') },
    { weight: 2, arbitrary: fc.constantFrom<BlockSpec['kind']>('fence', 'indented', 'comment', 'linkdef', 'item', 'heading', 'verbatim') },
  ),
  lines: fc.array(fc.array(token, { minLength: 1, maxLength: 7 }), { minLength: 1, maxLength: 3 }),
  variant: fc.nat(1000),
});

export const docSpec: fc.Arbitrary<DocSpec> = fc.record({
  bom: fc.boolean(),
  eol: fc.constantFrom<DocSpec['eol']>('\n', '\r\n', '\r', 'mixed'),
  frontMatter: fc.boolean(),
  blocks: fc.array(block, { minLength: 1, maxLength: 6 }),
  list: fc.option(fc.record({ picks: fc.array(fc.nat(20), { maxLength: 5 }), stale: fc.boolean(), trailing: fc.boolean() }), { freq: 2 }),
  latexDocument: fc.boolean(),
});

// ---------------------------------------------------------------------------------------------
// Rendering

const WORDS = ['shock', 'Capillary', 'leak', 'œdème', 'naïve', '中文', '😀', 'occurred!', 'end.', 'a,', 'b;', '(see', 'it)', '2010', '150', 'n=5', 'x', 'Ünïcode', 'CLS'];
const PANDOC_WORDS = ['me@example.org', '\\@a', '[note]', '[x](http://y.org)', '<me@x.org>', '@', '*emph*', 'a[b]c', '!'];
const NUMERIC_WORDS = ['[note]', '[^2]', '[1](http://x.org)', '![2](p.png)', '\\[3]', '[text][1]', 'a[b]c', '!', '[x]', 'v1.2'];
const LATEX_WORDS = ['\\textbf{shock}', '50\\%', '\\\\', '$x^2$', '\\emph{leak}', '\\{', '\\item'];

const EXPONENTS: [string, string][] = [
  ['150 × ', '10^9^/L'],
  ['eGFR 1.73 ', 'm<sup>2</sup>'],
  ['of 5 ', 'mm^3^'],
  ['BMI 30 ', 'kg/m<sup>2</sup>'],
  ['dose 375 ', 'mg/m^2^'],
  ['cells per ', 'mm^3^'],
  ['clearance 60 ', 'mL/min/1.73 m^2^'],
  ['in ', 'µmol/L^2^'],
];

class Builder {
  text = '';
  spans: Span[] = [];
  constructor(private readonly eolOf: () => string) {}
  add(kind: SpanKind, s: string, keys?: string[]): void {
    if (s === '') return;
    this.spans.push({ kind, start: this.text.length, end: this.text.length + s.length, keys });
    this.text += s;
  }
  eol(): void {
    this.add('prose', this.eolOf());
  }
}

const pick = <T>(xs: readonly T[], n: number): T => xs[n % xs.length];

function keysOf(picks: number[], from: readonly string[]): string[] {
  return [...new Set(picks.map((p) => pick(from, p)))];
}

/** Numbers as a writer types them: "1", "1,3", "1-3" (for 3+ consecutive), sometimes ", ". */
function numberList(nums: number[], variant: number): string {
  const sorted = [...new Set(nums)].sort((x, y) => x - y);
  const sep = variant % 3 === 0 ? ', ' : ',';
  const consecutive = sorted.length >= 3 && sorted.every((n, i) => i === 0 || n === sorted[i - 1] + 1);
  return consecutive && variant % 2 === 0 ? `${sorted[0]}-${sorted[sorted.length - 1]}` : sorted.join(sep);
}

function renderToken(b: Builder, t: TokenSpec, conv: Conv, listKeys: string[] | undefined): void {
  const v = t.variant;
  const markdown = conv === 'pandoc' || conv === 'numeric-markdown';
  switch (t.kind) {
    case 'word': {
      const extra = conv === 'pandoc' ? PANDOC_WORDS : conv === 'latex' ? LATEX_WORDS : NUMERIC_WORDS;
      b.add('prose', v % 3 === 0 ? pick(extra, v) : pick(WORDS, v));
      return;
    }
    case 'code':
      if (conv === 'latex') b.add('code', pick(['\\verb|\\cite{a} [1]|', '\\verb+@b+'], v));
      else if (markdown) b.add('code', pick(['`[@a] [1]`', '``x ` [@b] ^2^``', '<https://x.org/a[1]@b>'], v));
      else b.add('prose', 'code');
      return;
    case 'comment':
      if (markdown) b.add('comment', pick(['<!-- [@a] [1] \\cite{b} -->', '<!--[2]-->'], v));
      else if (conv === 'latex') {
        // A comment runs to the end of its line: the line goes on after a break.
        b.add('comment', pick(['% \\cite{a} [1] \\begin{verbatim}', '%\\cite{b}'], v));
        b.eol();
      } else b.add('prose', 'remark');
      return;
    case 'exponent':
      if (conv.startsWith('numeric')) {
        // Simple and compound units, single-letter powers; numbers within reach of the list.
        const [before, exponent] = pick(EXPONENTS, v);
        b.add('prose', before);
        b.add('exponent', exponent);
      } else b.add('prose', '10^9^/L');
      return;
    case 'typed':
      // A number the writer typed: out of reach of our numbers, or just past the list (in reach).
      // A superscript right after a symbol or a single letter may be an exponent or a citation: never resolved.
      if (conv.startsWith('numeric')) {
        const typed = ['[2010]', '[99]', '[150-300]', `[${(listKeys?.length ?? 0) + 1}]`, '(a+b)^2^', '*Lancet*<sup>1</sup>', 'x^2^', 'R<sup>2</sup>'];
        b.add('typed', pick(typed, v));
      } else b.add('prose', '[2010]');
      return;
    case 'citation':
      renderCitation(b, t, conv, listKeys);
  }
}

function renderCitation(b: Builder, t: TokenSpec, conv: Conv, listKeys: string[] | undefined): void {
  const v = t.variant;
  if (conv === 'pandoc') {
    const keys = keysOf(t.picks, KEYS);
    const forms = [
      () => `[${keys.map((k) => `@${k}`).join('; ')}]`,
      () => `[see @${keys[0]}, p. 3]`,
      () => `@${keys[0]}`,
      () => `[-@{${keys[0]}}]`,
    ];
    const f = v % forms.length;
    b.add('citation', forms[f](), f === 0 ? keys : [keys[0]]);
  } else if (conv === 'latex') {
    const keys = keysOf(t.picks, KEYS);
    b.add('citation', v % 2 === 0 ? `\\cite{${keys.join(',')}}` : `\\citep[p.~3]{${keys.join(', ')}}`, keys);
  } else if (listKeys && listKeys.length > 0) {
    const nums = [...new Set(t.picks.map((p) => (p % listKeys.length) + 1))];
    const body = numberList(nums, v);
    const keys = [...new Set(nums.map((n) => listKeys[n - 1]))];
    if (v % 3 === 1) {
      b.add('prose', 'shock');
      b.add('citation', `^${body.replace(/ /g, '')}^`, keys);
    } else if (v % 3 === 2) b.add('citation', `<sup>${body}</sup>`, keys);
    else b.add('citation', `[${body}]`, keys);
  } else b.add('prose', 'cited');
}

function renderLine(b: Builder, tokens: TokenSpec[], conv: Conv, listKeys: string[] | undefined): void {
  tokens.forEach((t, i) => {
    if (i > 0) b.add('prose', ' ');
    renderToken(b, t, conv, listKeys);
  });
}

function renderBlock(b: Builder, block: BlockSpec, conv: Conv, listKeys: string[] | undefined, prevKind: string): void {
  const markdown = conv === 'pandoc' || conv === 'numeric-markdown';
  const lines = () =>
    block.lines.forEach((l, i) => {
      if (i > 0) b.eol();
      renderLine(b, l, conv, listKeys);
    });
  const v = block.variant;
  switch (markdown || conv === 'latex' ? block.kind : 'para') {
    case 'fence':
      if (!markdown) break;
      b.add('code', pick(['```', '~~~~', '```python'], v));
      b.eol();
      b.add('code', 'x = [1] + [@a] # ```not a close');
      b.eol();
      b.add('code', pick(['```', '~~~~', '```'], v));
      return;
    case 'indented':
      if (!markdown || prevKind !== 'para') break;
      b.add('code', '    code [2] [@b] ^1^');
      return;
    case 'comment':
      if (conv === 'latex') {
        b.add('comment', pick(['% \\cite{a} [1] \\begin{verbatim}', '%no space'], v));
        return;
      }
      b.add('comment', '<!-- a comment');
      b.eol();
      b.add('comment', 'with [@a] [1] -->');
      return;
    case 'linkdef':
      if (!markdown) break;
      b.add('code', pick(['[1]: http://x.org', '[@a]: http://x.org "t"', '[note]: <http://y.org>'], v));
      return;
    case 'verbatim':
      if (conv !== 'latex') break;
      b.add('code', pick(['\\begin{verbatim}', '\\begin{lstlisting}'], v));
      b.eol();
      b.add('code', '\\cite{a} % not a comment');
      b.eol();
      b.add('code', pick(['\\end{verbatim}', '\\end{lstlisting}'], v));
      return;
    case 'item':
      b.add('prose', conv === 'latex' ? '\\item ' : pick(['- ', '1. ', '* '], v));
      renderLine(b, block.lines[0], conv, listKeys);
      return;
    case 'heading':
      b.add('prose', conv === 'latex' ? '\\section{Title} ' : '# ');
      renderLine(b, block.lines[0], conv, listKeys);
      return;
  }
  lines();
}

function renderList(b: Builder, conv: Conv, keys: string[], stale: boolean): { start: number; end: number } {
  const start = b.text.length;
  const entry = (k: string) => (stale ? `Old entry for ${k}` : `Title of ${k}`);
  const attrs = `style=ama keys=${keys.join(',')}`;
  const out: string[] =
    conv === 'latex'
      ? [`% iscls-references ${attrs}`, '\\begin{thebibliography}{99}', ...keys.map((k) => `\\bibitem{${k}} ${entry(k)}`), '\\end{thebibliography}', '% /iscls-references']
      : conv === 'numeric-plain'
        ? [`[iscls-references ${attrs}]`, ...keys.map((k, i) => `${i + 1}. ${entry(k)}`), '[/iscls-references]']
        : [`<!-- iscls-references ${attrs} -->`, ...keys.map((k, i) => `${i + 1}. ${entry(k)}`), '<!-- /iscls-references -->'];
  out.forEach((l, i) => {
    if (i > 0) b.eol();
    b.add('prose', l);
  });
  return { start, end: b.text.length };
}

export function render(spec: DocSpec, conv: Conv): Doc {
  let n = 0;
  const eolOf = () => (spec.eol === 'mixed' ? (n++ % 2 === 0 ? '\n' : '\r\n') : spec.eol);
  const b = new Builder(eolOf);
  const eols = new Set<string>();
  const markdown = conv === 'pandoc' || conv === 'numeric-markdown';
  const listKeys = spec.list ? keysOf(spec.list.picks, KEYS) : undefined;
  if (spec.bom) b.add('prose', '\uFEFF');
  if (spec.frontMatter && markdown) {
    for (const l of ['---', 'title: "[@a] [1]"', '---']) {
      b.add('code', l);
      b.eol();
    }
  }
  const latexDoc = conv === 'latex' && spec.latexDocument;
  if (latexDoc) {
    b.add('prose', '\\begin{document}');
    b.eol();
  }
  let prev = 'para';
  spec.blocks.forEach((blk, i) => {
    if (i > 0) {
      b.eol();
      b.eol();
    }
    renderBlock(b, blk, conv, listKeys, prev);
    prev = blk.kind;
  });
  let list: Doc['list'];
  if (spec.list && listKeys) {
    b.eol();
    b.eol();
    list = { ...renderList(b, conv, listKeys, spec.list.stale), keys: listKeys };
    if (spec.list.trailing) {
      b.eol();
      b.eol();
      b.add('prose', 'Appendix text.');
    }
  }
  if (latexDoc) {
    b.eol();
    b.add('prose', '\\end{document}');
  }
  b.eol();
  for (const m of b.text.matchAll(/\r\n|\n|\r/g)) eols.add(m[0]);
  return { conv, text: b.text, spans: b.spans, list, bom: spec.bom, eols: [...eols] };
}
