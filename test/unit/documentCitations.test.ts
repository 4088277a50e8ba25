import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyEdits,
  compressNumbers,
  detectConvention,
  detectMarkup,
  planInsertion,
  planListUpdate,
  scanDocument,
  type CitationContext,
  type Markup,
} from '../../src/core/manuscript';
import type { Convention, TextEdit } from '../../src/core/types';

const KEYS = ['clarkson1960', 'atkinson1977', 'druey2010', 'xie2012', 'amoura1997', 'a', 'b', 'c', 'd'];

function ctx(extra: Partial<CitationContext> = {}): CitationContext {
  return {
    knownKeys: new Set(KEYS),
    style: 'american-medical-association',
    formatEntries: (keys: string[]) => keys.map((k) => `Title of ${k}`),
    ...extra,
  };
}

function insert(text: string, conv: Convention, anchors: number[], keys: string[], c = ctx()): string {
  const { edits, cursors } = planInsertion(text, conv, anchors, keys, c);
  assertWellFormed(text, edits);
  const after = applyEdits(text, edits);
  assertCursorsAfterCitations(after, conv, c, cursors, keys);
  return after;
}

/** Each cursor lands right after a citation that cites every inserted key. */
function assertCursorsAfterCitations(after: string, conv: Convention, c: CitationContext, cursors: number[], keys: string[]): void {
  const markers = scanDocument(after, conv, { knownKeys: c.knownKeys, markup: c.markup }).markers;
  for (const cursor of cursors) {
    const marker = markers.find((m) => m.end === cursor);
    assert.ok(marker, `no citation ends at the cursor ${cursor}: ${JSON.stringify(after.slice(Math.max(0, cursor - 20), cursor + 5))}`);
    assert.ok(keys.every((k) => marker.keys.includes(k)), `${marker.raw} at the cursor cites ${marker.keys}, not all of ${keys}`);
  }
}

function update(text: string, conv: Convention, c = ctx(), create = false): string {
  const edits = planListUpdate(text, conv, c, { create });
  assertWellFormed(text, edits);
  return applyEdits(text, edits);
}

/** Edits are sorted, non-overlapping, non-touching, and minimal (no unchanged edge characters). */
function assertWellFormed(text: string, edits: TextEdit[]): void {
  for (let i = 0; i < edits.length; i++) {
    const e = edits[i];
    assert.ok(e.start <= e.end && e.end <= text.length);
    if (i > 0) assert.ok(edits[i - 1].end < e.start, 'edits overlap or touch');
    const old = text.slice(e.start, e.end);
    assert.notEqual(old, e.newText);
    if (old.length > 0 && e.newText.length > 0) {
      assert.notEqual(old[0], e.newText[0], 'edit not minimal at start');
      assert.notEqual(old[old.length - 1], e.newText[e.newText.length - 1], 'edit not minimal at end');
    }
  }
}

/** Offset just after the n-th (0-based) occurrence of `s`; `before` gives the offset before it. */
function after(text: string, s: string, n = 0): number {
  return at(text, s, n) + eolLike(text, s).length;
}
/** `s` with its "\n" written as the text's line break. */
function eolLike(text: string, s: string): string {
  return text.includes('\r\n') ? s.replace(/\n/g, '\r\n') : s;
}
function at(text: string, s: string, n = 0): number {
  s = eolLike(text, s);
  let p = -1;
  for (let i = 0; i <= n; i++) {
    p = text.indexOf(s, p + 1);
    assert.ok(p >= 0, `fixture: "${s}" #${n} not found`);
  }
  return p;
}

/**
 * The text with every citation marker removed and the managed block removed together with the
 * line breaks we put around it (`eolsBefore` before, `eolsAfter` after).
 */
function strip(text: string, conv: Convention, markup?: Markup, eolsBefore = 1, eolsAfter = 1): string {
  const scan = scanDocument(text, conv, { markup });
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // A marker typed against a word gets a separating space (LaTeX: a tie); it goes with the marker.
  const separated = (start: number) => start >= 2 && /[ ~]/.test(text[start - 1]) && /[\p{L}\p{N}]/u.test(text[start - 2]);
  const cuts: Array<[number, number]> = scan.markers.map((m) => [m.unknown.length === 0 && separated(m.start) ? m.start - 1 : m.start, m.end]);
  if (scan.list) cuts.push([scan.list.start - eolsBefore * eol.length, scan.list.end + eolsAfter * eol.length]);
  cuts.sort((x, y) => y[0] - x[0]);
  let out = text;
  for (const [s, e] of cuts) out = out.slice(0, s) + out.slice(e);
  return out;
}

const crlf = (s: string) => s.replace(/\n/g, '\r\n');

// ---------------------------------------------------------------------------------------------
// Round trips

const PANDOC_DOC = [
  '---',
  'author: someone@example.org',
  'note: "[@druey2010]"',
  '---',
  '',
  '# Background',
  '',
  'Idiopathic systemic capillary leak syndrome was first described in 1960. Attacks cause shock.',
  'Most adults have a monoclonal gammopathy [@atkinson1977].',
  '',
  '```markdown',
  'Write [@druey2010] or [1].',
  '```',
  '',
  'Use `[@xie2012]` in your text; mail me@example.org. @druey2010 reviewed it [@unknownkey].',
  '',
].join('\n');

function pandocRoundTrip(doc: string): string[] {
  const steps: string[] = [];
  // 1. Two cursors, one before the existing citation.
  let t = insert(doc, 'pandoc', [at(doc, '. Attacks'), at(doc, '.\nMost')], ['clarkson1960']);
  steps.push(t);
  // 2. Cursor inside an existing marker: merge, no duplicate.
  t = insert(t, 'pandoc', [at(t, 'atkinson1977]') + 3], ['atkinson1977', 'druey2010']);
  steps.push(t);
  // 3. Create the list.
  t = update(t, 'pandoc', ctx(), true);
  steps.push(t);
  // 4. Insert before everything: the list follows.
  t = insert(t, 'pandoc', [at(t, ' was first')], ['xie2012']);
  steps.push(t);
  return steps;
}

const PANDOC_FINAL = [
  '---',
  'author: someone@example.org',
  'note: "[@druey2010]"',
  '---',
  '',
  '# Background',
  '',
  'Idiopathic systemic capillary leak syndrome [@xie2012] was first described in 1960 [@clarkson1960]. Attacks cause shock [@clarkson1960].',
  'Most adults have a monoclonal gammopathy [@atkinson1977; @druey2010].',
  '',
  '```markdown',
  'Write [@druey2010] or [1].',
  '```',
  '',
  'Use `[@xie2012]` in your text; mail me@example.org. @druey2010 reviewed it [@unknownkey].',
  '',
  '<!-- iscls-references style=american-medical-association keys=xie2012,clarkson1960,atkinson1977,druey2010 -->',
  '1. Title of xie2012',
  '2. Title of clarkson1960',
  '3. Title of atkinson1977',
  '4. Title of druey2010',
  '<!-- /iscls-references -->',
  '',
].join('\n');

test('pandoc round trip: exact text, nothing else touched, idempotent', () => {
  const steps = pandocRoundTrip(PANDOC_DOC);
  assert.equal(
    steps[0].split('\n')[7],
    'Idiopathic systemic capillary leak syndrome was first described in 1960 [@clarkson1960]. Attacks cause shock [@clarkson1960].',
  );
  assert.equal(steps[1].split('\n')[8], 'Most adults have a monoclonal gammopathy [@atkinson1977; @druey2010].');
  const final = steps[3];
  assert.equal(final, PANDOC_FINAL);
  assert.equal(strip(final, 'pandoc'), strip(PANDOC_DOC, 'pandoc'));
  assert.deepEqual(planListUpdate(final, 'pandoc', ctx()), []);
  assert.deepEqual(planListUpdate(final, 'pandoc', ctx(), { create: true }), []);
  const scan = scanDocument(final, 'pandoc', { knownKeys: new Set(KEYS) });
  assert.deepEqual(scan.order, ['xie2012', 'clarkson1960', 'atkinson1977', 'druey2010']);
  assert.deepEqual(scan.list?.keys, scan.order);
  assert.deepEqual(
    scan.markers.filter((m) => m.unknown.length > 0).map((m) => m.raw),
    ['[@unknownkey]'],
  );
});

test('pandoc round trip on a CRLF document stays CRLF', () => {
  const steps = pandocRoundTrip(crlf(PANDOC_DOC));
  assert.equal(steps[3], crlf(PANDOC_FINAL));
  assert.ok(!/[^\r]\n/.test(steps[3]));
  assert.deepEqual(planListUpdate(steps[3], 'pandoc', ctx()), []);
  assert.equal(strip(steps[3], 'pandoc'), strip(crlf(PANDOC_DOC), 'pandoc'));
});

const NUMERIC_DOC = [
  '# Capillary leak',
  '',
  'Clarkson described the syndrome in 1960. Attacks recur.',
  'Most adults have a paraprotein. Treatment uses IVIG.',
  '',
  '```python',
  'x = refs[1]',
  '```',
  '',
  'See `[2]` and the year [2010] for details, or [link][1].',
  '',
  '[1]: https://example.org',
  '',
].join('\n');

function numericRoundTrip(doc: string): string[] {
  const c = ctx({ markup: 'markdown' });
  const steps: string[] = [];
  // 1. First citation: creates the block.
  let t = insert(doc, 'numeric', [at(doc, '. Attacks')], ['clarkson1960'], c);
  steps.push(t);
  // 2. Before the existing one: numbers shift.
  t = insert(t, 'numeric', [at(t, ' in 1960')], ['xie2012'], c);
  steps.push(t);
  // 3. Two cursors, two keys each.
  t = insert(t, 'numeric', [at(t, '. Treatment'), at(t, '.\n\n```')], ['atkinson1977', 'druey2010'], c);
  steps.push(t);
  // 4. Merge into the marker just before the cursor.
  t = insert(t, 'numeric', [after(t, '1960 [2]')], ['druey2010', 'amoura1997'], c);
  steps.push(t);
  return steps;
}

const NUMERIC_FINAL = [
  '# Capillary leak',
  '',
  'Clarkson described the syndrome [1] in 1960 [2-4]. Attacks recur.',
  'Most adults have a paraprotein [3,5]. Treatment uses IVIG [3,5].',
  '',
  '```python',
  'x = refs[1]',
  '```',
  '',
  'See `[2]` and the year [2010] for details, or [link][1].',
  '',
  '[1]: https://example.org',
  '',
  '<!-- iscls-references style=american-medical-association keys=xie2012,clarkson1960,druey2010,amoura1997,atkinson1977 -->',
  '1. Title of xie2012',
  '2. Title of clarkson1960',
  '3. Title of druey2010',
  '4. Title of amoura1997',
  '5. Title of atkinson1977',
  '<!-- /iscls-references -->',
  '',
].join('\n');

test('numeric (Markdown) round trip: numbering, shifting, merging, exact text', () => {
  const steps = numericRoundTrip(NUMERIC_DOC);
  assert.equal(
    steps[0],
    NUMERIC_DOC.replace('1960.', '1960 [1].') +
      '\n<!-- iscls-references style=american-medical-association keys=clarkson1960 -->\n1. Title of clarkson1960\n<!-- /iscls-references -->\n',
  );
  assert.equal(steps[1].split('\n')[2], 'Clarkson described the syndrome [1] in 1960 [2]. Attacks recur.');
  assert.equal(steps[2].split('\n')[3], 'Most adults have a paraprotein [3,4]. Treatment uses IVIG [3,4].');
  assert.equal(steps[3], NUMERIC_FINAL);
  assert.equal(strip(steps[3], 'numeric', 'markdown'), strip(NUMERIC_DOC, 'numeric', 'markdown'));
  assert.equal(strip(NUMERIC_DOC, 'numeric', 'markdown'), NUMERIC_DOC.replace('[2010]', ''));
  assert.deepEqual(planListUpdate(steps[3], 'numeric', ctx({ markup: 'markdown' })), []);
  // The markup is also recognised from the block when not given.
  assert.deepEqual(planListUpdate(steps[3], 'numeric', ctx()), []);
  const scan = scanDocument(steps[3], 'numeric', { knownKeys: new Set(KEYS) });
  assert.deepEqual(scan.order, ['xie2012', 'clarkson1960', 'druey2010', 'amoura1997', 'atkinson1977']);
  assert.deepEqual(
    scan.markers.map((m) => [m.raw, m.keys.join('+'), m.unknown.join('+')]),
    [
      ['[1]', 'xie2012', ''],
      ['[2-4]', 'clarkson1960+druey2010+amoura1997', ''],
      ['[3,5]', 'druey2010+atkinson1977', ''],
      ['[3,5]', 'druey2010+atkinson1977', ''],
      ['[2010]', '', '2010'],
    ],
  );
});

test('numeric (Markdown) round trip on CRLF', () => {
  const steps = numericRoundTrip(crlf(NUMERIC_DOC));
  assert.equal(steps[3], crlf(NUMERIC_FINAL));
  assert.deepEqual(planListUpdate(steps[3], 'numeric', ctx({ markup: 'markdown' })), []);
  assert.equal(strip(steps[3], 'numeric', 'markdown'), strip(crlf(NUMERIC_DOC), 'numeric', 'markdown'));
});

const LATEX_DOC = [
  '\\documentclass{article}',
  '\\begin{document}',
  'Clarkson described the syndrome in 1960.',
  'Most adults have a paraprotein \\citep[p.~3]{atkinson1977}.',
  '% TODO \\cite{druey2010} [1]',
  '\\begin{verbatim}',
  '\\cite{xie2012}',
  '\\end{verbatim}',
  'Escapes: 50\\% of cases \\cite[see][12]{nokey, atkinson1977}.',
  '\\end{document}',
  '',
].join('\n');

const latexCtx = (extra: Partial<CitationContext> = {}) =>
  ctx({
    formatEntries: (keys) => keys.map((k) => (k === 'xie2012' ? 'Xie & Li: 50% of $5 #1 a_b {c} ~x^2 \\n' : `Title of ${k}`)),
    ...extra,
  });

function latexRoundTrip(doc: string): string[] {
  const steps: string[] = [];
  let t = insert(doc, 'latex', [at(doc, '.\nMost')], ['clarkson1960'], latexCtx());
  steps.push(t);
  t = update(t, 'latex', latexCtx(), true);
  steps.push(t);
  // Cursor right after \citep{...}: merge.
  t = insert(t, 'latex', [after(t, '{atkinson1977}')], ['druey2010', 'atkinson1977'], latexCtx());
  steps.push(t);
  // Before everything, with another command.
  t = insert(t, 'latex', [at(t, ' in 1960')], ['xie2012'], latexCtx({ latexCommand: '\\textcite' }));
  steps.push(t);
  return steps;
}

const LATEX_FINAL = [
  '\\documentclass{article}',
  '\\begin{document}',
  'Clarkson described the syndrome~\\textcite{xie2012} in 1960~\\cite{clarkson1960}.',
  'Most adults have a paraprotein \\citep[p.~3]{atkinson1977,druey2010}.',
  '% TODO \\cite{druey2010} [1]',
  '\\begin{verbatim}',
  '\\cite{xie2012}',
  '\\end{verbatim}',
  'Escapes: 50\\% of cases \\cite[see][12]{nokey, atkinson1977}.',
  '',
  '% iscls-references style=american-medical-association keys=xie2012,clarkson1960,atkinson1977,druey2010',
  '\\begin{thebibliography}{99}',
  '\\bibitem{xie2012} Xie \\& Li: 50\\% of \\$5 \\#1 a\\_b \\{c\\} \\textasciitilde{}x\\textasciicircum{}2 \\textbackslash{}n',
  '\\bibitem{clarkson1960} Title of clarkson1960',
  '\\bibitem{atkinson1977} Title of atkinson1977',
  '\\bibitem{druey2010} Title of druey2010',
  '\\end{thebibliography}',
  '% /iscls-references',
  '',
  '\\end{document}',
  '',
].join('\n');

test('LaTeX round trip: merge, list before \\end{document}, escaping, comments and verbatim untouched', () => {
  const steps = latexRoundTrip(LATEX_DOC);
  assert.equal(
    steps[1].split('\n').slice(8, 17).join('\n'),
    [
      'Escapes: 50\\% of cases \\cite[see][12]{nokey, atkinson1977}.',
      '',
      '% iscls-references style=american-medical-association keys=clarkson1960,atkinson1977',
      '\\begin{thebibliography}{99}',
      '\\bibitem{clarkson1960} Title of clarkson1960',
      '\\bibitem{atkinson1977} Title of atkinson1977',
      '\\end{thebibliography}',
      '% /iscls-references',
      '',
    ].join('\n'),
  );
  assert.equal(steps[3], LATEX_FINAL);
  assert.equal(strip(steps[3], 'latex', undefined, 1, 2), strip(LATEX_DOC, 'latex'));
  assert.deepEqual(planListUpdate(steps[3], 'latex', latexCtx()), []);
  const scan = scanDocument(steps[3], 'latex', { knownKeys: new Set(KEYS) });
  assert.deepEqual(scan.markers.map((m) => m.raw), [
    '\\textcite{xie2012}',
    '\\cite{clarkson1960}',
    '\\citep[p.~3]{atkinson1977,druey2010}',
    '\\cite[see][12]{nokey, atkinson1977}',
  ]);
  assert.deepEqual(scan.markers[3].unknown, ['nokey']);
});

test('LaTeX round trip on CRLF', () => {
  const steps = latexRoundTrip(crlf(LATEX_DOC));
  assert.equal(steps[3], crlf(LATEX_FINAL));
  assert.deepEqual(planListUpdate(steps[3], 'latex', latexCtx()), []);
});

const PLAIN_DOC = 'Old claim [97]. Capillary leak causes shock. Albumin falls.\n';

test('numeric: numbers the writer typed before our list exists are never taken over', () => {
  const c = ctx({ markup: 'plain' });
  const before = 'Old claim [7]. Albumin falls.\n';
  assert.throws(() => planInsertion(before, 'numeric', [before.indexOf('. Albumin')], ['druey2010'], c), /already has numbered citations \(\[7\]\)/);
  assert.throws(() => planListUpdate(before, 'numeric', c, { create: true }), /nothing was changed/);
  // Numbers our list can never reach (more than the known keys) are safe to leave beside ours.
  assert.equal(insert('In [2010] leak.', 'numeric', [14], ['a'], c).split('\n')[0], 'In [2010] leak [1].');
});

test('plain-text numeric round trip: foreign markers left alone, block created', () => {
  const c = ctx({ markup: 'plain' });
  let t = insert(PLAIN_DOC, 'numeric', [at(PLAIN_DOC, '. Albumin')], ['druey2010'], c);
  t = insert(t, 'numeric', [at(t, ' causes'), at(t, '.\n')], ['a', 'b', 'c'], c);
  const expected = [
    'Old claim [97]. Capillary leak [1-3] causes shock [4]. Albumin falls [1-3].',
    '',
    '[iscls-references style=american-medical-association keys=a,b,c,druey2010]',
    '1. Title of a',
    '2. Title of b',
    '3. Title of c',
    '4. Title of druey2010',
    '[/iscls-references]',
    '',
  ].join('\n');
  assert.equal(t, expected);
  assert.deepEqual(planListUpdate(t, 'numeric', c), []);
  assert.equal(strip(t, 'numeric', 'plain'), strip(PLAIN_DOC, 'numeric', 'plain'));
  assert.equal(insert(crlf(PLAIN_DOC), 'numeric', [0], ['a'], c).split('\r\n').length, 6);
});

// ---------------------------------------------------------------------------------------------
// Numeric details

const SUP_DOC = [
  'Leak^1^ and shock<sup>2</sup> with edema [1–3] and [1, 3].',
  '',
  '<!-- iscls-references style=ama keys=a,b,c -->',
  '1. Title of a',
  '2. Title of b',
  '3. Title of c',
  '<!-- /iscls-references -->',
].join('\n');

test('numeric: superscript forms and dash/spacing styles are kept when renumbered', () => {
  const c = ctx({ numericMarker: 'superscript', style: 'ama' });
  const t = insert(SUP_DOC, 'numeric', [0], ['d'], c);
  assert.equal(
    t,
    [
      '^1^Leak^2^ and shock<sup>3</sup> with edema [2–4] and [2, 4].',
      '',
      '<!-- iscls-references style=ama keys=d,a,b,c -->',
      '1. Title of d',
      '2. Title of a',
      '3. Title of b',
      '4. Title of c',
      '<!-- /iscls-references -->',
    ].join('\n'),
  );
  // Idempotent, and the style change alone rewrites only the header.
  assert.deepEqual(planListUpdate(t, 'numeric', c), []);
  const restyled = planListUpdate(t, 'numeric', ctx({ style: 'vancouver' }));
  assert.deepEqual(restyled, [{ start: t.indexOf('ama keys'), end: t.indexOf('ama keys') + 3, newText: 'vancouver' }]);
});

test('numeric: list update renumbers after text was moved, markers whose numbers stay are untouched', () => {
  const doc = [
    'First [2]. Second [1]. Third [2, 1]. Again [1][2].',
    '',
    '[iscls-references style=ama keys=a,b]',
    '1. Title of a',
    '2. Title of b',
    '[/iscls-references]',
  ].join('\n');
  const t = update(doc, 'numeric', ctx({ style: 'ama' }));
  assert.equal(
    t,
    [
      'First [1]. Second [2]. Third [2, 1]. Again [2][1].',
      '',
      '[iscls-references style=ama keys=b,a]',
      '1. Title of b',
      '2. Title of a',
      '[/iscls-references]',
    ].join('\n'),
  );
  assert.deepEqual(planListUpdate(t, 'numeric', ctx({ style: 'ama' })), []);
});

test('numeric: a marker with an unresolvable number is foreign and never rewritten', () => {
  const doc = 'A [2] B [9] C [5-3].\n\n[iscls-references style=ama keys=a,b]\n1. Title of a\n2. Title of b\n[/iscls-references]\n';
  const scan = scanDocument(doc, 'numeric', { knownKeys: new Set(KEYS) });
  assert.deepEqual(scan.markers.map((m) => m.unknown), [[], ['9'], ['5-3']]);
  const t = update(doc, 'numeric', ctx({ style: 'ama' }));
  assert.equal(t, 'A [1] B [9] C [5-3].\n\n[iscls-references style=ama keys=b]\n1. Title of b\n[/iscls-references]\n');
  // Cursor inside a foreign marker: a new marker goes right after it.
  const t2 = insert(t, 'numeric', [t.indexOf('9')], ['a'], ctx({ style: 'ama' }));
  assert.ok(t2.startsWith('A [1] B [9] [2] C [5-3].')); // "][" would read as a reference link
});

test('numeric: a foreign marker whose number our numbering reaches is refused, never re-pointed', () => {
  // [2, 9]: "2" is b today; renumbering would leave it pointing at nothing (or at another work).
  const doc = 'A [2] B [2, 9].\n\n[iscls-references style=ama keys=a,b]\n1. Title of a\n2. Title of b\n[/iscls-references]\n';
  assert.throws(() => update(doc, 'numeric', ctx({ style: 'ama' })), /\[2, 9\] on line 1 matches no known reference.*nothing was changed/);
});

test('numeric: Markdown links, reference definitions, footnotes and code are not citations', () => {
  const doc = '[1](http://x) and [text][1] and [^1] and `[1]` and ![2] and \\[3]\n\n[1]: http://x\n';
  assert.deepEqual(scanDocument(doc, 'numeric', { markup: 'markdown' }).markers, []);
});

test('compressNumbers', () => {
  assert.equal(compressNumbers([1, 2, 3]), '1-3');
  assert.equal(compressNumbers([1, 3, 5, 6, 7]), '1,3,5-7');
  assert.equal(compressNumbers([1, 2, 4]), '1,2,4');
  assert.equal(compressNumbers([2, 3, 4, 5, 9], ', ', '–'), '2–5, 9');
  assert.equal(compressNumbers([]), '');
  // Each number written by the caller (the section view makes it a link), ranges still joined by the dash.
  assert.equal(compressNumbers([1, 2, 3, 7], ',', '–', (n) => `<${n}>`), '<1>–<3>,<7>');
});

// ---------------------------------------------------------------------------------------------
// Pandoc and LaTeX syntax

test('pandoc: scans bracketed, bare, suppressed-author, braced and locator forms', () => {
  const doc =
    'A [see @a, p. 3; -@b] B @c. C [@d]: D me@x.org E \\@a F [-@{odd key}] G [@a](http://x) H [no cite] I @clarkson1960’s.';
  const scan = scanDocument(doc, 'pandoc', { knownKeys: new Set(KEYS) });
  assert.deepEqual(
    scan.markers.map((m) => [m.raw, m.keys.join('+'), m.form]),
    [
      ['[see @a, p. 3; -@b]', 'a+b', 'pandoc-bracket'],
      ['@c', 'c', 'pandoc-intext'],
      ['[@d]', 'd', 'pandoc-bracket'],
      ['[-@{odd key}]', 'odd key', 'pandoc-bracket'],
      ['@a', 'a', 'pandoc-intext'],
      ['@clarkson1960', 'clarkson1960', 'pandoc-intext'],
    ],
  );
  assert.deepEqual(scan.markers[3].unknown, ['odd key']);
  assert.deepEqual(scan.order, ['a', 'b', 'c', 'd', 'clarkson1960']);
});

test('pandoc: cursor at start, inside and right after a marker merges; bare keys are not merged into', () => {
  const doc = 'X [@a; @b] Y @c Z.';
  assert.equal(insert(doc, 'pandoc', [2], ['d']), 'X [@a; @b; @d] Y @c Z.');
  assert.equal(insert(doc, 'pandoc', [5], ['b', 'd']), 'X [@a; @b; @d] Y @c Z.');
  assert.equal(insert(doc, 'pandoc', [10], ['a']), doc.replace('', '')); // nothing new: no-op
  assert.deepEqual(planInsertion(doc, 'pandoc', [10], ['a'], ctx()).edits, []);
  assert.equal(insert(doc, 'pandoc', [14], ['d']), 'X [@a; @b] Y @c [@d] Z.'); // inside @c: after it
  assert.equal(insert(doc, 'pandoc', [15], ['d']), 'X [@a; @b] Y @c [@d] Z.');
  assert.equal(insert(doc, 'pandoc', [16], ['d']), 'X [@a; @b] Y @c [@d]Z.');
  // Same offset twice (two cursors) is inserted once.
  assert.equal(insert('Hi.', 'pandoc', [2, 2], ['a', 'a']), 'Hi [@a].');
});

test('LaTeX: commands, optional arguments, escaped backslash, comments', () => {
  const doc = [
    'A \\cite{a, b} B \\citet*{c} C \\autocite[see][12]{d} D \\parencite[p.~3]{a} E \\footcite{b}',
    'F \\\\cite{x} G 50\\% \\cite{c} % \\cite{zz}',
    '\\begin{lstlisting}',
    '\\cite{yy}',
    '\\end{lstlisting}',
  ].join('\n');
  const scan = scanDocument(doc, 'latex');
  assert.deepEqual(scan.markers.map((m) => m.raw), [
    '\\cite{a, b}',
    '\\citet*{c}',
    '\\autocite[see][12]{d}',
    '\\parencite[p.~3]{a}',
    '\\footcite{b}',
    '\\cite{c}',
  ]);
  // Merge keeps the written separator.
  assert.equal(insert('A \\cite{a, b}.', 'latex', [4], ['c']), 'A \\cite{a, b, c}.');
  assert.equal(insert('A \\cite{ a }.', 'latex', [12], ['c']), 'A \\cite{ a,c }.');
  assert.equal(insert('A \\cite{}.', 'latex', [4], ['c']), 'A \\cite{c}.');
});

// ---------------------------------------------------------------------------------------------
// Errors and guards

test('invalid input throws a clear error and plans nothing', () => {
  const doc = 'Text [@a].\n\n```\ncode\n```\n';
  assert.throws(() => planInsertion(doc, 'pandoc', [-1], ['a'], ctx()), /outside the document/);
  assert.throws(() => planInsertion(doc, 'pandoc', [doc.length + 1], ['a'], ctx()), /outside the document/);
  assert.throws(() => planInsertion(doc, 'pandoc', [1.5], ['a'], ctx()), /outside the document/);
  assert.throws(() => planInsertion(doc, 'pandoc', [0], [], ctx()), /No citation key/);
  assert.throws(() => planInsertion(doc, 'pandoc', [], ['a'], ctx()), /No position/);
  assert.throws(() => planInsertion(doc, 'pandoc', [0, 1], ['a', 'nope'], ctx()), /Unknown citation key "nope"/);
  assert.throws(() => planInsertion(doc, 'pandoc', [0, doc.indexOf('code') + 2], ['a'], ctx()), /inside code/);
  assert.throws(() => planInsertion('a `b` c', 'pandoc', [3], ['a'], ctx()), /inside code/);
  assert.throws(() => planInsertion('x % comment', 'latex', [11], ['a'], ctx()), /comment/);
  assert.throws(() => planListUpdate(doc, 'pandoc', ctx({ style: 'two words' })), /style/);
  // Inside the managed block.
  const withList = update(doc, 'pandoc', ctx(), true);
  assert.throws(() => planInsertion(withList, 'pandoc', [withList.indexOf('1. Title')], ['b'], ctx()), /managed reference list/);
  assert.throws(() => planInsertion(withList, 'pandoc', [withList.length - 1], ['b'], ctx()), /managed reference list/);
  // Unclosed block.
  const broken = 'Text [@a].\n\n<!-- iscls-references style=ama keys=a -->\n1. Title of a\n';
  assert.throws(() => planListUpdate(broken, 'pandoc', ctx()), /line 3 is not closed/);
  assert.deepEqual(scanDocument(broken, 'pandoc').problems.length, 1);
  // A position where the inserted marker would read as a link.
  assert.throws(() => planInsertion('See (here).', 'pandoc', [4], ['a'], ctx()), /right before "\("/);
  assert.throws(() => planInsertion('See (here).', 'numeric', [4], ['a'], ctx()), /cannot be inserted at this position/);
  // Cursor inside a code span even though a marker is near: still code.
  assert.throws(() => planInsertion('`[1]`', 'numeric', [2], ['a'], ctx({ markup: 'markdown' })), /inside code/);
});

test('a Markdown block header inside a code fence is not the managed block', () => {
  const doc = 'See [@a].\n\n```\n<!-- iscls-references style=x keys=b -->\n```\n';
  assert.equal(scanDocument(doc, 'pandoc').list, undefined);
  const t = update(doc, 'pandoc', ctx({ style: 'ama' }), true);
  assert.equal(t, doc + '\n<!-- iscls-references style=ama keys=a -->\n1. Title of a\n<!-- /iscls-references -->\n');
});

test('list update without create does nothing when there is no block; create on an empty document', () => {
  assert.deepEqual(planListUpdate('See [@a].', 'pandoc', ctx()), []);
  assert.deepEqual(planListUpdate('See \\cite{a}.', 'latex', ctx()), []);
  assert.deepEqual(planListUpdate('See [1].', 'numeric', ctx()), []);
  assert.equal(update('', 'pandoc', ctx({ style: 's' }), true), '<!-- iscls-references style=s keys= -->\n<!-- /iscls-references -->\n');
  assert.equal(
    update('See [@a].', 'pandoc', ctx({ style: 's' }), true),
    'See [@a].\n\n<!-- iscls-references style=s keys=a -->\n1. Title of a\n<!-- /iscls-references -->\n',
  );
});

test('detectConvention and detectMarkup', () => {
  assert.equal(detectConvention('markdown', 'Plain prose.'), 'pandoc');
  assert.equal(detectConvention('markdown', 'Cited [1] and [2,3].'), 'numeric');
  assert.equal(detectConvention('markdown', 'Cited [1] and [@a].'), 'pandoc');
  assert.equal(detectConvention('markdown', 'Code `[1]` only.'), 'pandoc');
  assert.equal(detectConvention('latex', 'Cited [1].'), 'latex');
  assert.equal(detectConvention('tex', ''), 'latex');
  assert.equal(detectConvention('plaintext', 'Cited [1].'), 'numeric');
  assert.equal(detectConvention('plaintext', 'Cited [@a].'), 'pandoc');
  assert.equal(detectConvention('plaintext', 'Cited \\cite{a}.'), 'latex');
  assert.equal(detectConvention('plaintext', ''), 'numeric');
  assert.equal(detectMarkup('markdown'), 'markdown');
  assert.equal(detectMarkup('plaintext'), 'plain');
});

test('applyEdits applies in any order and rejects overlaps', () => {
  assert.equal(
    applyEdits('abcdef', [
      { start: 4, end: 5, newText: 'E' },
      { start: 0, end: 0, newText: '>' },
      { start: 1, end: 3, newText: '' },
    ]),
    '>adEf',
  );
  assert.throws(() => applyEdits('abc', [
    { start: 0, end: 2, newText: 'x' },
    { start: 1, end: 3, newText: 'y' },
  ]));
});

test('a citation typed against a word is separated from it; after a space or punctuation it goes where the cursor is', () => {
  const body = (t: string) => t.split('\n')[0];
  assert.equal(insert('Leak occurs.', 'pandoc', [11], ['a']), 'Leak occurs [@a].');
  assert.equal(insert('Leak occurs.', 'pandoc', [12], ['a']), 'Leak occurs.[@a]');
  assert.equal(insert('Leak occurs .', 'pandoc', [12], ['a']), 'Leak occurs [@a].');
  assert.equal(insert('Leak occurs.', 'latex', [11], ['a']), 'Leak occurs~\\cite{a}.');
  assert.equal(body(insert('Leak occurs.', 'numeric', [11], ['a'])), 'Leak occurs [1].');
  // AMA: superscript numbers after the full stop or comma, before a colon or semicolon.
  assert.equal(body(insert('Leak occurs.', 'numeric', [11], ['a'], ctx({ numericMarker: 'superscript' }))), 'Leak occurs.^1^');
  assert.equal(body(insert('Leak occurs, then', 'numeric', [11], ['a'], ctx({ numericMarker: 'superscript' }))), 'Leak occurs,^1^ then');
  assert.equal(body(insert('Leak occurs; then', 'numeric', [11], ['a'], ctx({ numericMarker: 'superscript' }))), 'Leak occurs^1^; then');
  assert.equal(body(insert('Hct 0.5', 'numeric', [5], ['a'], ctx({ numericMarker: 'superscript' }))), 'Hct 0^1^.5');
  assert.equal(insert('Résumé', 'pandoc', [6], ['a']), 'Résumé [@a]');
});

test('listOrder: a pandoc or LaTeX list may follow the style order; a numeric list never does', () => {
  const reverse = ctx({ listOrder: (keys: string[]) => [...keys].reverse() });
  const listed = applyEdits('A [@a]. B [@b].\n', planListUpdate('A [@a]. B [@b].\n', 'pandoc', reverse, { create: true }));
  assert.match(listed, /keys=b,a -->\n1\. Title of b\n2\. Title of a\n/);
  assert.deepEqual(planListUpdate(listed, 'pandoc', reverse), [], 'idempotent in style order');
  const numeric = insert('A. B.\n', 'numeric', [1, 4], ['a'], reverse);
  const both = insert(numeric, 'numeric', [numeric.indexOf('. B') + 3], ['b'], reverse);
  assert.match(both, /keys=a,b\]\n1\. Title of a\n2\. Title of b\n/);
});
