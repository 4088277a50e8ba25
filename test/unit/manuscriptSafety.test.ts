// Issue 12 "Never damage a manuscript": every reproducer is a named test here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, planInsertion, planListUpdate, scanDocument, type CitationContext } from '../../src/core/manuscript';
import type { Convention } from '../../src/core/types';

const KEYS = ['clarkson1960', 'marks1973', 'druey2010', 'xie2012', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const ctx: CitationContext = {
  knownKeys: new Set(KEYS),
  style: 'ama',
  formatEntries: (keys) => keys.map((k) => `Title of ${k}`),
};

function update(text: string, conv: Convention, extra: Partial<CitationContext> = {}, create = true): string {
  return applyEdits(text, planListUpdate(text, conv, { ...ctx, ...extra }, { create }));
}
function insert(text: string, conv: Convention, offsets: number[], keys: string[], extra: Partial<CitationContext> = {}): string {
  return applyEdits(text, planInsertion(text, conv, offsets, keys, { ...ctx, ...extra }).edits);
}
const plainList = (keys: string[]) =>
  `[iscls-references style=ama keys=${keys.join(',')}]\n${keys.map((k, i) => `${i + 1}. Title of ${k}\n`).join('')}[/iscls-references]\n`;
const mdList = (keys: string[]) =>
  `<!-- iscls-references style=ama keys=${keys.join(',')} -->\n${keys.map((k, i) => `${i + 1}. Title of ${k}\n`).join('')}<!-- /iscls-references -->\n`;
const markdown: Partial<CitationContext> = { markup: 'markdown' };
const plain: Partial<CitationContext> = { markup: 'plain' };

// 1. Text lost or changed -------------------------------------------------------------------

test('issue 12 §1: an unclosed list followed by a complete one is refused, not paired with the wrong closing line', () => {
  const doc = `A [1].\n\n[iscls-references style=ama keys=clarkson1960]\n1. x\nMy own paragraph.\n\n${plainList(['clarkson1960'])}`;
  assert.throws(() => update(doc, 'numeric', plain), /opened on line 3 is not closed/);
  assert.throws(() => insert(doc, 'numeric', [1], ['marks1973'], plain), /opened on line 3 is not closed/);
});

// 2. Lab values and exponents ----------------------------------------------------------------

test('issue 12 §2: lab value 10^9^/L is an exponent, not citation [9]', () => {
  const keys = KEYS.slice(0, 9);
  const doc = `Platelets 150 × 10^9^/L were low [9].\n\n${mdList(keys)}`;
  const scan = scanDocument(doc, 'numeric', { knownKeys: ctx.knownKeys, markup: 'markdown' });
  assert.deepEqual(scan.markers.map((m) => m.raw), ['[9]']);
  const t = update(doc, 'numeric', markdown);
  assert.ok(t.startsWith('Platelets 150 × 10^9^/L were low [1].'), t);
});

test('issue 12 §2: 1.73 m<sup>2</sup> and 5 mm^3^ are exponents in plain text and Markdown', () => {
  const doc = `eGFR per 1.73 m<sup>2</sup> [1], lesions of 5 mm^3^ [1].\n\n${plainList(['clarkson1960'])}`;
  assert.equal(update(doc, 'numeric', plain), doc);
  const t = insert(doc, 'numeric', [doc.indexOf(',')], ['marks1973'], plain);
  assert.ok(t.startsWith('eGFR per 1.73 m<sup>2</sup> [1,2], lesions of 5 mm^3^ [1].'), t);
});

test('issue 12 §2: a superscript after a word or a year is a citation; one that would read as a power of ten is refused clearly', () => {
  const doc = `Shock^1^ in 1960^1^ and 10^2^ cells\n\n${mdList(['clarkson1960'])}`;
  const scan = scanDocument(doc, 'numeric', { knownKeys: ctx.knownKeys, markup: 'markdown' });
  assert.deepEqual(scan.markers.map((m) => m.raw), ['^1^', '^1^']);
  assert.throws(
    () => insert('Platelets 150 × 10', 'numeric', [18], ['a'], { markup: 'markdown', numericMarker: 'superscript' }),
    /would not read back as written.*exponent/,
  );
});

// 3. Numbers moving to another work ------------------------------------------------------------

test('issue 12 §3: [1] whose key is unknown does not become [1] of another work', () => {
  const doc = `A [1]. B [2].\n\n${plainList(['nokey2020', 'clarkson1960'])}`;
  assert.throws(() => update(doc, 'numeric', plain), /\[1\] on line 1 matches no known reference \(entry 1 .*"nokey2020"/);
});

test('issue 12 §3: [1,2] beside a one-entry list is not given to the next inserted reference', () => {
  const doc = `B [1,2] C.\n\n${plainList(['clarkson1960'])}`;
  assert.throws(() => insert(doc, 'numeric', [10], ['marks1973'], plain), /\[1,2\] on line 1 matches no known reference/);
});

test('issue 12 §3: a typed number does not become ours once a list exists (even keys=)', () => {
  const doc = `B [1] C.\n\n[iscls-references style=ama keys=]\n[/iscls-references]\n`;
  assert.throws(() => insert(doc, 'numeric', [8], ['marks1973'], plain), /\[1\] on line 1 matches no known reference/);
});

test('issue 12 §3: X [2] Y [1] [3] with an unknown key gives a clear message, not "Internal error"', () => {
  const doc = `X [2] Y [1] [3]\n\n${plainList(['nokey', 'clarkson1960', 'marks1973'])}`;
  for (const run of [() => update(doc, 'numeric', plain), () => insert(doc, 'numeric', [1], ['a'], plain)]) {
    assert.throws(run, (e: Error) => !/Internal error/.test(e.message) && /matches no known reference/.test(e.message));
  }
});

test('issue 13 §3: an out-of-range [6] makes the next insertion refuse with a clear message', () => {
  const keys = ['a', 'b', 'c', 'd', 'e'];
  const doc = `A [1] [2] [3] [4] [5] and [6].\n\n${plainList(keys)}`;
  assert.throws(
    () => insert(doc, 'numeric', [doc.indexOf(' and')], ['f'], plain),
    (e: Error) => !/Internal error/.test(e.message) && /\[6\] on line 1 matches no known reference \(the reference list has 5 entries\)/.test(e.message),
  );
  // Below the reach of our numbers it is left alone.
  assert.equal(update(doc, 'numeric', plain), doc);
});

// 4. Column 0 of a fence or front matter ----------------------------------------------------------

test('issue 12 §4: a cursor at column 0 of a fence line is refused (the fence would break)', () => {
  const doc = 'Text.\n```\ncode\n```\n';
  assert.throws(() => insert(doc, 'pandoc', [6], ['marks1973']), /start of this line.*code block/);
});

test('issue 12 §4: a cursor at column 0 of front matter gives a clear message, not "Internal error"', () => {
  const doc = '---\ntitle: x\n---\nText.\n';
  assert.throws(() => insert(doc, 'pandoc', [0], ['marks1973']), (e: Error) => !/Internal/.test(e.message) && /front matter/.test(e.message));
});

test('issue 12 §4: column 0 of a Markdown heading, list item, quote or table row is refused (the structure would break)', () => {
  for (const line of ['# Title', '- item', '1. item', '> quote', '| a | b |']) {
    const doc = `Text.\n\n${line}\n`;
    assert.throws(() => insert(doc, 'pandoc', [7], ['a']), /start of this line: it begins a heading/, line);
    assert.throws(() => insert(doc, 'numeric', [7], ['a'], markdown), /start of this line: it begins a heading/, line);
  }
  // Plain text has no such structure; after the marker is fine.
  assert.ok(insert('Text.\n\n- item\n', 'numeric', [7], ['a'], plain).startsWith('Text.\n\n[1]- item'));
  assert.ok(insert('Text.\n\n# Title\n', 'pandoc', [9], ['a']).startsWith('Text.\n\n# [@a]Title'));
});

// 5. Markers that read back ------------------------------------------------------------------------

test('issue 12 §5: after "!" an inserted [1] is separated (not image syntax) and reads back', () => {
  const t = insert('It occurred!', 'numeric', [12], ['marks1973'], markdown);
  assert.ok(t.startsWith('It occurred! [1]\n'), t);
  const p = insert('It occurred!', 'pandoc', [12], ['marks1973']);
  assert.ok(p.startsWith('It occurred! [@marks1973]'), p);
});

test('issue 12 §5: after a footnote reference [^2] an inserted [1] is separated and reads back', () => {
  const t = insert('It occurred.[^2]\n\n[^2]: note\n', 'numeric', [16], ['marks1973'], markdown);
  assert.ok(t.startsWith('It occurred.[^2] [1]\n'), t);
  assert.deepEqual(scanDocument(t, 'numeric', { markup: 'markdown', knownKeys: ctx.knownKeys }).order, ['marks1973']);
});

test('issue 12 §5: LaTeX with a cursor right after a backslash is refused (no \\\\cite{…}documentclass)', () => {
  const doc = '\\documentclass{article}\nText.\n';
  assert.throws(() => insert(doc, 'latex', [1, 29], ['marks1973']), /right after a backslash/);
  assert.throws(() => insert(doc, 'latex', [5], ['marks1973']), /inside a LaTeX command name/);
});

test('issue 12 §5: every inserted marker must read back as written (before "(" is refused)', () => {
  assert.throws(() => insert('See (x).', 'numeric', [4], ['a'], markdown), /would not read back as written/);
});

// 6. bib twice = bib once -----------------------------------------------------------------------

test('issue 12 §6: an unclosed fence: bib refuses instead of appending a list inside it on every run', () => {
  const doc = 'A [@marks1973].\n\n```\ncode\n';
  assert.throws(() => update(doc, 'pandoc'), /code block opened on line 3 is not closed/);
});

test('issue 12 §6: a BOM before a fence on line 1: the fence is recognised, bib twice = once', () => {
  const doc = '\uFEFF```\n[@a]\n```\nA [@marks1973].\n';
  const once = update(doc, 'pandoc');
  assert.ok(once.startsWith('\uFEFF```\n[@a]\n```\n'));
  assert.match(once, /keys=marks1973 -->/);
  assert.equal(update(once, 'pandoc'), once);
});

test('issue 12 §6: % \\begin{verbatim} in a LaTeX comment hides nothing; bib twice = once', () => {
  const doc = '% \\begin{verbatim}\nA \\cite{marks1973}.\n';
  const once = update(doc, 'latex');
  assert.match(once, /keys=marks1973\n/);
  assert.equal(update(once, 'latex'), once);
});

test('issue 12 §6: an unclosed HTML comment or verbatim environment: bib refuses clearly', () => {
  assert.throws(() => update('A [@a].\n\n<!-- draft\n', 'pandoc'), /HTML comment opened on line 3 is not closed/);
  assert.throws(() => update('A \\cite{a}.\n\\begin{verbatim}\nx\n', 'latex'), /verbatim environment opened on line 2 is not closed/);
});

// 7. Smaller --------------------------------------------------------------------------------------

test('issue 12 §7: numbers inside autolinks are not renumbered', () => {
  const doc = `See <https://x.org/a[2]> [2] and [1].\n\n${mdList(['a', 'b'])}`;
  const t = update(doc, 'numeric', markdown);
  assert.ok(t.startsWith('See <https://x.org/a[2]> [1] and [2].'), t);
});

test('issue 12 §7: numbers inside indented code are not renumbered (but list continuations are prose)', () => {
  const doc = `Text [2] [1].\n\n    code [2]\n\n1. item\n\n    continued [1]\n\n${mdList(['a', 'b'])}`;
  const t = update(doc, 'numeric', markdown);
  assert.ok(t.startsWith('Text [1] [2].\n\n    code [2]\n\n1. item\n\n    continued [2]\n'), t);
});

test('issue 12 §7: [@key]: url link definitions and \\verb|\\cite{k}| are not citations', () => {
  assert.deepEqual(scanDocument('[@marks1973]: https://x.org\n', 'pandoc').markers, []);
  assert.deepEqual(scanDocument('[^n]: a note [@marks1973]\n', 'pandoc').order, ['marks1973']);
  assert.deepEqual(scanDocument('\\verb|\\cite{marks1973}| and \\verb+x+ \\cite{a}\n', 'latex').order, ['a']);
});

test('issue 12 §7: an offset inside a surrogate pair is refused (the emoji is not split)', () => {
  assert.throws(() => insert('A 😀 b', 'pandoc', [3], ['marks1973']), /inside a character/);
  assert.equal(insert('A 😀 b', 'pandoc', [4], ['marks1973']), 'A 😀[@marks1973] b');
});

test('issue 12 §7: with a BOM, front matter and a fence on line 1 are recognised', () => {
  assert.deepEqual(scanDocument('\uFEFF---\nnote: "[@a]"\n---\nText\n', 'pandoc').markers, []);
  assert.deepEqual(scanDocument('\uFEFF```\n[@a]\n```\n', 'pandoc').markers, []);
});

test('issue 12 §7: CR-only files: the list uses CR and bib twice = once', () => {
  const doc = 'A text.\rMore [@a].\r';
  const once = update(doc, 'pandoc');
  assert.ok(!once.includes('\n'), JSON.stringify(once));
  assert.equal(update(once, 'pandoc'), once);
  const t = insert(once, 'pandoc', [7], ['marks1973']);
  assert.ok(!t.includes('\n') && t.startsWith('A text.[@marks1973]\r'), JSON.stringify(t));
});

test('issue 12: a code span does not run across a blank line and hide later citations', () => {
  const doc = 'Use the ` key [@a].\n\nLater ` here [@b].\n';
  assert.deepEqual(scanDocument(doc, 'pandoc').order, ['a', 'b']);
});
