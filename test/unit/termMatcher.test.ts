import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TermMatcher } from '../../src/core/search/termMatcher';
import type { Term, TermHit } from '../../src/core/types';

function term(id: string, forms: string[], abbreviations: string[] = [], name = forms[0] ?? id): Term {
  return { id, name, definition: `Definition of ${id}.`, forms, abbreviations, sections: [], references: [] };
}

const TERMS: Term[] = [
  term('iscls', ['idiopathic systemic capillary leak syndrome', 'systemic capillary leak syndrome', 'Clarkson disease', 'Clarkson'], ['ISCLS', 'SCLS'], 'Idiopathic systemic capillary leak syndrome'),
  term('cls', ['capillary leak syndrome', 'capillary leak']),
  term('hypotension', ['hypotension']),
  term('mgus', ['monoclonal gammopathy of undetermined significance', 'monoclonal gammopathy'], ['MGUS']),
  term('igg', ['immunoglobulin G'], ['IgG']),
  term('hemoconcentration', ['hemoconcentration', 'haemoconcentration']),
  term('svensjo', ['Svensjö model']),
  term('il6', ['interleukin 6'], ['IL-6']),
  term('obrien', ["O'Brien sign"]),
];

function brief(hits: TermHit[]): string[] {
  return hits.map((h) => `${h.termId}@${h.start}-${h.end}:${h.text}`);
}

/** Expected hits: each [termId, written text] is looked up in order, after the previous one. */
function expect(text: string, pairs: Array<[string, string]>): string[] {
  let from = 0;
  return pairs.map(([id, s]) => {
    const start = text.indexOf(s, from);
    assert.ok(start >= 0, `fixture: "${s}" not in text`);
    from = start + s.length;
    return `${id}@${start}-${start + s.length}:${s}`;
  });
}

test('finds every occurrence, whole words only, with exact offsets', () => {
  const m = new TermMatcher(TERMS);
  const text = 'Hypotension, not hypotensive states; hemoconcentration and Haemoconcentration.';
  assert.deepEqual(
    brief(m.findAll(text)),
    expect(text, [
      ['hypotension', 'Hypotension'],
      ['hemoconcentration', 'hemoconcentration'],
      ['hemoconcentration', 'Haemoconcentration'],
    ]),
  );
  assert.deepEqual(brief(m.findAll(text)).slice(0, 1), ['hypotension@0-11:Hypotension']);
});

test('longest match wins and hits do not overlap', () => {
  const m = new TermMatcher(TERMS);
  const text = 'Idiopathic systemic capillary leak syndrome differs from capillary leak in sepsis.';
  assert.deepEqual(brief(m.findAll(text)), [
    'iscls@0-43:Idiopathic systemic capillary leak syndrome',
    'cls@57-71:capillary leak',
  ]);
});

test('abbreviations are case-sensitive, forms are not', () => {
  const m = new TermMatcher(TERMS);
  const text = 'MGUS, mgus, Mgus; IgG but not IGG or igg; IgG1 is another word; MONOCLONAL GAMMOPATHY.';
  assert.deepEqual(
    brief(m.findAll(text)),
    expect(text, [
      ['mgus', 'MGUS'],
      ['igg', 'IgG'],
      ['mgus', 'MONOCLONAL GAMMOPATHY'],
    ]),
  );
});

test('possessives: straight and curly apostrophes, plural possessive', () => {
  const m = new TermMatcher(TERMS);
  const text = "Clarkson's disease; Clarkson’s disease; the Clarksons' cases; Clarkson's first patient.";
  assert.deepEqual(brief(m.findAll(text)), [
    "iscls@0-18:Clarkson's disease",
    'iscls@20-38:Clarkson’s disease',
    'iscls@44-53:Clarksons',
    'iscls@62-70:Clarkson',
  ]);
});

test('apostrophes inside forms and words', () => {
  const m = new TermMatcher(TERMS);
  const text = "O'Brien sign, O’Brien’s sign and OBrien sign.";
  assert.deepEqual(brief(m.findAll(text)), ["obrien@0-12:O'Brien sign", 'obrien@14-28:O’Brien’s sign']);
});

test('hyphen, space and line-break variants between words', () => {
  const m = new TermMatcher(TERMS);
  const text = 'A capillary-leak syndrome, a capillary leak\nsyndrome, a capillary leak\r\n  syndrome, systemic capillary - leak syndrome.';
  assert.deepEqual(
    brief(m.findAll(text)),
    expect(text, [
      ['cls', 'capillary-leak syndrome'],
      ['cls', 'capillary leak\nsyndrome'],
      ['cls', 'capillary leak\r\n  syndrome'],
      ['iscls', 'systemic capillary - leak syndrome'],
    ]),
  );
});

test('other punctuation or a blank line breaks a multi-word form', () => {
  const m = new TermMatcher(TERMS);
  const text = 'capillary, leak syndrome; capillary leak\n\nsyndrome; capillary–leak.';
  assert.deepEqual(brief(m.findAll(text)), ['cls@26-40:capillary leak']);
});

test('abbreviations with hyphens match exactly', () => {
  const m = new TermMatcher(TERMS);
  assert.deepEqual(brief(m.findAll('IL-6 and il-6 and IL 6 and interleukin-6.')), [
    'il6@0-4:IL-6',
    'il6@18-22:IL 6',
    'il6@27-40:interleukin-6',
  ]);
});

test('unicode: accented letters are word characters, accents folded for forms, UTF-16 offsets', () => {
  const m = new TermMatcher(TERMS);
  const text = '😀 Svensjo model, Svensjö model, SVENSJÖ MODEL; Svensjömodel; hypotensioné.';
  const hits = m.findAll(text);
  assert.deepEqual(brief(hits), [
    'svensjo@3-16:Svensjo model',
    'svensjo@18-31:Svensjö model',
    'svensjo@33-46:SVENSJÖ MODEL',
  ]);
  for (const h of hits) assert.equal(text.slice(h.start, h.end), h.text);
  // Decomposed ö (o + U+0308) matches too.
  const nfd = 'Svensjo\u0308 model';
  assert.deepEqual(brief(m.findAll(nfd)), [`svensjo@0-14:${nfd}`]);
});

test('findAround returns the hit covering the offset, or the one ending there', () => {
  const m = new TermMatcher(TERMS);
  const text = 'Patients with ISCLS had hypotension.';
  assert.equal(m.findAround(text, 14)?.termId, 'iscls');
  assert.equal(m.findAround(text, 16)?.termId, 'iscls');
  assert.equal(m.findAround(text, 19)?.termId, 'iscls'); // just after
  assert.equal(m.findAround(text, 20), undefined); // after the space
  assert.equal(m.findAround(text, 13), undefined);
  assert.deepEqual(m.findAround(text, 30), { start: 24, end: 35, text: 'hypotension', termId: 'hypotension' });
  assert.equal(m.findAround(text, -1), undefined);
  assert.equal(m.findAround(text, 999), undefined);
});

test('findAround in a long document agrees with findAll', () => {
  const m = new TermMatcher(TERMS);
  const para = 'Filler words here and there. Clarkson disease with MGUS and capillary-leak\nsyndrome recurred. ';
  const text = para.repeat(300);
  const all = m.findAll(text);
  assert.equal(all.length, 900);
  for (const h of all.filter((_, i) => i % 37 === 0)) {
    assert.deepEqual(m.findAround(text, h.start), h);
    assert.deepEqual(m.findAround(text, h.end - 1), h);
    assert.deepEqual(m.findAround(text, h.end), h);
  }
});

test('a 200-term glossary over a long text gives correct hits', () => {
  const terms: Term[] = [];
  for (let i = 0; i < 200; i++) {
    terms.push(term(`t${i}`, [`marker ${i} protein`, `alpha${i}`], [`M${i}X`]));
  }
  terms.push(term('marker', ['marker']));
  const m = new TermMatcher(terms);
  const chunks: string[] = [];
  const expected: string[] = [];
  let pos = 0;
  for (let r = 0; r < 50; r++) {
    for (const i of [0, 57, 123, 199]) {
      const pieces: Array<[string, string | undefined]> = [
        ['Levels of ', undefined],
        [`marker ${i} protein`, `t${i}`],
        [' and ', undefined],
        [`ALPHA${i}`, `t${i}`],
        [' but not ', undefined],
        [`m${i}x`, undefined],
        [' or ', undefined],
        [`M${i}X`, `t${i}`],
        [', a ', undefined],
        ['marker', 'marker'],
        [` ${i + 1000} rose. `, undefined],
      ];
      for (const [s, id] of pieces) {
        if (id) expected.push(`${id}@${pos}-${pos + s.length}:${s}`);
        chunks.push(s);
        pos += s.length;
      }
    }
  }
  const text = chunks.join('');
  assert.ok(text.length > 10000);
  assert.deepEqual(brief(m.findAll(text)), expected);
});

test('empty glossary and empty text', () => {
  assert.deepEqual(new TermMatcher([]).findAll('Clarkson disease'), []);
  assert.deepEqual(new TermMatcher(TERMS).findAll(''), []);
  assert.equal(new TermMatcher(TERMS).findAround('', 0), undefined);
});

test('smoke: real glossary over real section prose', (t) => {
  const file = path.join(__dirname, '../../../data/terms.json');
  const sectionsFile = path.join(__dirname, '../../../data/sections.json');
  if (!fs.existsSync(file) || !fs.existsSync(sectionsFile)) {
    t.skip('data/terms.json or data/sections.json not present');
    return;
  }
  const terms = JSON.parse(fs.readFileSync(file, 'utf8')) as Term[];
  const m = new TermMatcher(terms);
  const ids = new Set(terms.map((x) => x.id));
  // Every form and abbreviation finds its own term when written alone in a sentence.
  for (const x of terms) {
    for (const f of [...x.forms, ...(x.abbreviations ?? [])]) {
      const text = `In this case ${f} was noted.`;
      const hit = m.findAround(text, 13);
      assert.ok(hit, `no hit for "${f}"`);
      assert.equal(hit.start, 13, `"${f}"`);
      assert.ok(ids.has(hit.termId));
    }
  }
  const sections = JSON.parse(fs.readFileSync(sectionsFile, 'utf8')) as Array<{ paragraphs: string[]; children?: unknown[] }>;
  const prose = sections.flatMap((s) => s.paragraphs).join('\n\n');
  const hits = m.findAll(prose);
  assert.ok(hits.length > 20);
  for (const h of hits) assert.equal(prose.slice(h.start, h.end), h.text);
});

// The one-pass matcher against the matcher it replaced, kept as an oracle in test/support.
import { TermStream } from '../../src/core/search/termMatcher';
import { ReferenceTermMatcher } from '../support/termMatcherReference';

const glossary = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../data/terms.json'), 'utf8')) as Term[];
const key = (hits: { start: number; end: number; termId: string }[]) => hits.map((h) => `${h.start}-${h.end}:${h.termId}`);

/** A small deterministic pseudo-random generator (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'Clarkson', "Clarkson's", "Clarksons'", 'Clarkson’s', '’s', "'", '’', 'disease', 'capillary', 'leak', 'syndrome',
  'systemic', 'idiopathic', 'monoclonal', 'gammopathy', 'of', 'undetermined', 'significance', 'MGUS', 'mgus', 'IgG',
  'IgGκ', 'IgG1', 'IL-2', 'IL', '2', 'TNF-α', 'ISCLS', 'SCLS', 'hemoconcentration', 'haemoconcentration', 'Svensjö',
  'Svensjo\u0308', 'model', 'é', '😀', '𝐀', '\ud800', '-', '\u2010', '–', ' ', '  ', '\t', '\n', '\r\n', '\n\n', ',', '.',
  "O'Brien", 'x',
];

test('one-pass matcher: exactly the hits of the previous matcher on random text (findAll, findAround, stream)', () => {
  const fast = new TermMatcher(glossary);
  const oracle = new ReferenceTermMatcher(glossary);
  const next = random(11);
  for (let k = 0; k < 1500; k++) {
    let text = '';
    const n = Math.floor(next() * 60);
    for (let j = 0; j < n; j++) text += PIECES[Math.floor(next() * PIECES.length)];
    const expected = key(oracle.findAll(text));
    assert.deepEqual(key(fast.findAll(text)), expected, JSON.stringify(text));
    const streamed: TermHit[] = [];
    const stream = new TermStream(fast, (start, end, termId) => streamed.push({ start, end, termId, text: '' }), 100);
    for (let i = 0; i < text.length; ) {
      const size = 1 + Math.floor(next() * 40);
      stream.push(text.slice(i, i + size));
      i += size;
    }
    stream.end();
    assert.deepEqual(key(streamed), expected, `streamed: ${JSON.stringify(text)}`);
    for (let offset = 0; offset <= text.length; offset += 5) {
      assert.deepEqual(fast.findAround(text, offset), oracle.findAround(text, offset), `${JSON.stringify(text)} @${offset}`);
    }
  }
});

test('one-pass matcher: the real prose, flat and hard-wrapped at 72 columns, in 4 KiB pieces', () => {
  type Node = { paragraphs: string[]; children?: Node[] };
  const paragraphs = (nodes: Node[]): string[] => nodes.flatMap((s) => [...s.paragraphs, ...paragraphs(s.children ?? [])]);
  const prose = paragraphs(JSON.parse(fs.readFileSync(path.join(__dirname, '../../../data/sections.json'), 'utf8'))).join('\n\n');
  const wrapped = prose
    .split('\n\n')
    .map((p) => p.replace(/(.{1,72})(\s+|$)/g, '$1\n').trim())
    .join('\n\n');
  const fast = new TermMatcher(glossary);
  const oracle = new ReferenceTermMatcher(glossary);
  for (const text of [prose, wrapped]) {
    const expected = key(oracle.findAll(text));
    assert.ok(expected.length > 100);
    assert.deepEqual(key(fast.findAll(text)), expected);
    const streamed: TermHit[] = [];
    const stream = new TermStream(fast, (start, end, termId) => streamed.push({ start, end, termId, text: '' }));
    for (let i = 0; i < text.length; i += 4096) stream.push(text.slice(i, i + 4096));
    stream.end();
    assert.deepEqual(key(streamed), expected);
  }
  // Wrapping moves line breaks into multi-word terms; the matcher finds them all the same.
  assert.ok(fast.findAll(wrapped).some((h) => h.text.includes('\n')));
  assert.equal(fast.findAll(wrapped).length, fast.findAll(prose).length);
  const counts = fast.count(prose);
  assert.equal([...counts.values()].reduce((a, b) => a + b, 0), fast.findAll(prose).length);
});
