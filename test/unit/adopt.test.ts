import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CitationFormatter } from '../../src/core/format/citations';
import { applyEdits, findTypedList, matchEntry, planAdoption, planListUpdate, readDraft, scanDocument, type CitationContext } from '../../src/core/manuscript';
import type { Reference } from '../../src/core/types';

const root = join(__dirname, '..', '..', '..');
const cslDir = join(root, 'dist', 'csl');
const references: Reference[] = JSON.parse(readFileSync(join(root, 'data', 'references.json'), 'utf8'));
let fmt: CitationFormatter;
let ctx: CitationContext;

before(() => {
  if (!existsSync(join(cslDir, 'styles.json'))) execFileSync(process.execPath, [join(root, 'scripts', 'extract-styles.mjs'), cslDir]);
  fmt = new CitationFormatter(references, (file) => JSON.parse(readFileSync(join(cslDir, file), 'utf8')));
  ctx = {
    knownKeys: new Set(references.map((r) => r.id)),
    style: 'american-medical-association',
    markup: 'markdown',
    formatEntries: (keys, style) => fmt.entriesInOrder(keys, style, 'text'),
  };
});

test('every one of the 72, as Vancouver, APA or the review printed it, is matched surely to itself', () => {
  let sure = 0;
  for (const style of ['vancouver', 'apa']) {
    for (const r of references) {
      const m = matchEntry(fmt.reference(r.id, style, 'text'), references);
      assert.equal(m.candidates[0]?.key, r.id, `${style}: ${r.id}`);
      if (m.status === 'matched') sure++;
    }
  }
  for (const r of references) {
    if (r['review-listing'] === undefined) continue;
    const m = matchEntry(r['review-listing'].replace(/^\d+\.\s*/, ''), references);
    assert.equal(m.candidates[0]?.key, r.id, `review: ${r.id}`);
    if (m.status === 'matched') sure++;
  }
  // Two titles differ only by a word or two from another entry's: allow a few to be confirmed.
  assert.ok(sure >= 3 * 72 - 6, `${sure} of 216 sure`);
});

test('a damaged entry is unsure with the right work first; a paper outside the review is unmatched', () => {
  const damaged = matchEntry('DRUEY K. The systemic capillary leak syndrome. Ann Intern Med 2010', references);
  assert.notEqual(damaged.status, 'unmatched');
  assert.equal(damaged.candidates[0].key, 'druey2010');
  const other = matchEntry('Smith J, Jones P. Statins in heart failure. N Engl J Med. 2019;380:1-10.', references);
  assert.equal(other.status, 'unmatched');
});

const DRAFT = (entries: string[]) =>
  [
    '# Clarkson disease',
    '',
    'Capillary leak [2] was first described in 1960 [1]. Later series [2,3] and one^3(p464)^ agree.',
    '',
    '## References',
    '',
    ...entries.map((e, i) => `${i + 1}. ${e}`),
    '',
  ].join('\n');

test('adopting a pasted list: numbers by first appearance, each still pointing at the same work; the heading stays', () => {
  const entries = ['clarkson1960', 'druey2010', 'gousseff2011'].map((k) => fmt.reference(k, 'vancouver', 'text'));
  const text = DRAFT(entries);
  const draft = readDraft(text, references, 'markdown');
  assert.deepEqual(draft.matches.map((m) => [m.status, m.candidates[0].key]), [
    ['matched', 'clarkson1960'],
    ['matched', 'druey2010'],
    ['matched', 'gousseff2011'],
  ]);
  const adoption = planAdoption(text, draft, draft.matches.map((m) => m.candidates[0].key), ctx);
  const out = applyEdits(text, adoption.edits);
  assert.match(out, /Capillary leak \[1\] was first described in 1960 \[2\]\. Later series \[1,3\] and one\^3\(p464\)\^ agree\./);
  assert.match(out, /## References\n\n<!-- iscls-references style=american-medical-association keys=druey2010,clarkson1960,gousseff2011 -->\n1\. Druey KM/);
  assert.deepEqual(planListUpdate(out, 'numeric', ctx), []);
  const scan = scanDocument(out, 'numeric', { knownKeys: ctx.knownKeys, markup: 'markdown' });
  assert.deepEqual(scan.markers.map((m) => m.keys), [['druey2010'], ['clarkson1960'], ['druey2010', 'gousseff2011'], ['gousseff2011']]);
});

test('refusals come before any question: no list, a number beyond it ([6]), an unmatched entry that is cited', () => {
  assert.throws(() => readDraft('Just prose [1].\n', references), /No numbered reference list/);
  const entries = ['clarkson1960', 'druey2010', 'gousseff2011'].map((k) => fmt.reference(k, 'vancouver', 'text'));
  const beyond = DRAFT(entries).replace('in 1960 [1]', 'in 1960 [6]');
  assert.throws(() => readDraft(beyond, references, 'markdown'), /beyond the 3-entry list at the end \(line 3: \[6\]\)/);
  const outside = DRAFT([entries[0], 'Smith J. Statins in heart failure. N Engl J Med. 2019;380:1-10.', entries[2]]);
  const draft = readDraft(outside, references, 'markdown');
  assert.equal(draft.matches[1].status, 'unmatched');
  assert.throws(() => planAdoption(outside, draft, ['clarkson1960', undefined, 'gousseff2011'], ctx), /2\. Smith J\. Statins.*would point nowhere/);
});

test('an unmatched entry nobody cites is kept as typed after the managed list, and reported', () => {
  const entries = ['clarkson1960', 'druey2010', 'gousseff2011'].map((k) => fmt.reference(k, 'vancouver', 'text'));
  const text = DRAFT([...entries, 'Smith J. Statins in heart failure. N Engl J Med. 2019;380:1-10.']);
  const draft = readDraft(text, references, 'markdown');
  const adoption = planAdoption(text, draft, [...draft.matches.slice(0, 3).map((m) => m.candidates[0].key), undefined], ctx);
  assert.deepEqual(adoption.unmatched.map((e) => e.n), [4]);
  assert.match(applyEdits(text, adoption.edits), /<!-- \/iscls-references -->\n\n4\. Smith J\. Statins in heart failure/);
});

test('typed list forms: [1] brackets, continuation lines, blank lines between entries; prose is not a list', () => {
  const list = findTypedList('Text [1].\n\nBibliography\n[1] Clarkson B. Cyclical edema\n    and shock. 1960.\n\n[2] Druey KM. Review. 2010.\n');
  assert.ok(list);
  assert.equal(list.heading, 'Bibliography');
  assert.deepEqual(list.entries.map((e) => e.text), ['Clarkson B. Cyclical edema and shock. 1960.', 'Druey KM. Review. 2010.']);
  assert.equal(findTypedList('We saw\n12 patients in all.\n'), undefined);
  assert.throws(() => findTypedList('References\n1. A.\n3. B.\n'), /entry 2 is numbered 3/);
});
