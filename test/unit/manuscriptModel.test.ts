// Planning from the manuscript model: an edit is planned from the model's own analysis of
// the text (nothing analyses it again), and the plan says where each cursor lands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analysisCount, analyze, applyEdits, type CitationContext } from '../../src/core/manuscript';
import { analyseManuscript, DEFAULT_SETTINGS, listIsStaleIn, planInsertionIn, planListUpdateIn, retireManuscript, type Manuscript, type ManuscriptSettings } from '../../src/core/manuscript/model';
import type { ReferenceResolver } from '../../src/core/manuscript/resolver';
import type { Convention } from '../../src/core/types';

/** A resolver of a few keys, with CSL items that say nothing (the plan only needs the keys). */
function resolverOf(keys: string[]): ReferenceResolver {
  const set: ReadonlySet<string> = new Set(keys);
  return { has: (k) => set.has(k), get: (k) => (set.has(k) ? { key: k, item: { id: k }, source: 'test' } : undefined), keys: () => set };
}

const resolver = resolverOf(['alpha2001', 'beta2002', 'gamma2003']);

function contextOf(m: Manuscript, eol: Manuscript['eol'] = m.eol): CitationContext {
  return {
    knownKeys: m.resolver.keys(),
    markup: m.markup,
    formatEntries: (keys) => keys.map((k) => `Entry of ${k}.`),
    style: m.settings.style,
    numericMarker: m.settings.numericMarker === 'superscript' ? 'superscript' : 'brackets',
    eol,
  };
}

let unique = 0;
const CASES: { convention: Convention; languageId: string; text: (n: number) => string; cursorAt: string }[] = [
  { convention: 'pandoc', languageId: 'markdown', text: (n) => `Shock ${n} recurs [@alpha2001], then leaks.\n`, cursorAt: ', then' },
  { convention: 'latex', languageId: 'latex', text: (n) => `Shock ${n} recurs \\cite{alpha2001}, then leaks.\n`, cursorAt: ', then' },
  { convention: 'numeric', languageId: 'plaintext', text: (n) => `Shock ${n} recurs [1], then leaks.\n\n[iscls-references style=american-medical-association keys=alpha2001]\n1. Entry of alpha2001.\n[/iscls-references]\n`, cursorAt: ', then' },
  { convention: 'numeric', languageId: 'markdown', text: (n) => `Shock ${n} recurs, then leaks.\n`, cursorAt: ', then' },
];

for (const c of CASES) {
  test(`model plan (${c.convention}, ${c.languageId}): the text is analysed once; planning analyses only the result it verifies`, () => {
    const text = c.text(++unique);
    const settings: ManuscriptSettings = { ...DEFAULT_SETTINGS, convention: c.convention };
    const before = analysisCount.fresh;
    const m = analyseManuscript(text, c.languageId, settings, resolver);
    assert.equal(analysisCount.fresh - before, 1, 'the model: one analysis');
    const planning = analysisCount.fresh;
    // A CRLF context for an LF text still plans from the model's analysis (only the list's line breaks differ).
    for (const eol of ['\n', '\r\n'] as const) {
      const offset = text.indexOf(c.cursorAt);
      const { edits, cursors } = planInsertionIn(m, [offset], ['beta2002'], contextOf(m, eol));
      assert.ok(edits.length > 0);
      const after = applyEdits(text, edits);
      assert.equal(cursors.length, 1);
      const landed = after.slice(0, cursors[0]);
      assert.match(landed, c.convention === 'pandoc' ? /\[@alpha2001; @beta2002\]$/ : c.convention === 'latex' ? /\\cite\{alpha2001,beta2002\}$/ : /\[\d(,\d)?\]$/, landed);
    }
    // Each plan analysed its result (the safety net), the second plan's from the cache: never the original again.
    assert.ok(analysisCount.fresh - planning <= 2, `analyses while planning: ${analysisCount.fresh - planning}`);
    const again = analysisCount.fresh;
    planInsertionIn(m, [text.indexOf(c.cursorAt)], ['gamma2003'], contextOf(m));
    assert.equal(analysisCount.fresh - again, 1, 'one more plan: one analysis, of its result');
    const listing = analysisCount.fresh;
    planListUpdateIn(m, contextOf(m));
    assert.ok(analysisCount.fresh - listing <= 1, 'a list update: at most its result');
  });
}

test('model plan: cursors in the order asked, each right after the citation made or merged into at its place', () => {
  const text = 'One. Two [@alpha2001] again. Three.\n';
  const m = analyseManuscript(text, 'markdown', DEFAULT_SETTINGS, resolver);
  const asked = [text.indexOf('. Three'), text.indexOf('. Two'), text.indexOf('@alpha') + 2];
  const { edits, cursors } = planInsertionIn(m, asked, ['gamma2003'], contextOf(m));
  const after = applyEdits(text, edits);
  assert.equal(after, 'One [@gamma2003]. Two [@alpha2001; @gamma2003] again [@gamma2003]. Three.\n');
  assert.deepEqual(cursors.map((c) => after.slice(0, c).split(' ').pop()), ['[@gamma2003]', '[@gamma2003]', '@gamma2003]']);
  assert.equal(cursors[2], after.indexOf('@gamma2003] again') + '@gamma2003]'.length);
});

test('model plan: an AMA superscript goes after the full stop, and so does the cursor', () => {
  const text = 'Shock recurs.\n';
  const m = analyseManuscript(text, 'markdown', { ...DEFAULT_SETTINGS, convention: 'numeric', numericMarker: 'superscript' }, resolver);
  const { edits, cursors } = planInsertionIn(m, [text.indexOf('.')], ['alpha2001'], { ...contextOf(m), numericMarker: 'superscript' });
  const after = applyEdits(text, edits);
  assert.ok(after.startsWith('Shock recurs.^1^\n'), after);
  assert.equal(cursors[0], 'Shock recurs.^1^'.length);
});

test('model plan: a key already cited there changes nothing, and the cursor goes to the end of that citation', () => {
  const text = 'Shock [@alpha2001] recurs.\n';
  const m = analyseManuscript(text, 'markdown', DEFAULT_SETTINGS, resolver);
  const { edits, cursors } = planInsertionIn(m, [text.indexOf('@alpha')], ['alpha2001'], contextOf(m));
  assert.deepEqual(edits, []);
  assert.deepEqual(cursors, [text.indexOf(' recurs')]);
});

test('a stale list is found from the model alone (diagnostics ask on every pause in typing); Update Reference List still verifies what it applies', () => {
  const text = `Shock ${++unique} recurs [1], then leaks [2].\n\n[iscls-references style=american-medical-association keys=alpha2001,beta2002]\n1. Entry of alpha2001.\n2. An old entry of beta2002.\n[/iscls-references]\n`;
  const m = analyseManuscript(text, 'plaintext', { ...DEFAULT_SETTINGS, convention: 'numeric' }, resolver);
  const checking = analysisCount.fresh;
  assert.equal(listIsStaleIn(m, contextOf(m)), true);
  assert.equal(analysisCount.fresh - checking, 0, 'the check analyses no new text');
  const updating = analysisCount.fresh;
  const edits = planListUpdateIn(m, contextOf(m));
  assert.ok(edits.length > 0);
  assert.equal(analysisCount.fresh - updating, 1, 'the update analyses the text it would make (its safety net)');
  const fresh = analyseManuscript(applyEdits(text, edits), 'plaintext', { ...DEFAULT_SETTINGS, convention: 'numeric' }, resolver);
  assert.equal(listIsStaleIn(fresh, contextOf(fresh)), false);
});

test('a version typed over is let go of; the result a plan verified stays for the next version', () => {
  const text = `Shock ${++unique} recurs [@alpha2001], then leaks.\n`;
  const m = analyseManuscript(text, 'markdown', { ...DEFAULT_SETTINGS, convention: 'pandoc' }, resolver);
  const { edits } = planInsertionIn(m, [text.indexOf(', then')], ['gamma2003'], contextOf(m));
  const next = applyEdits(text, edits);
  retireManuscript(m);
  const options = { knownKeys: m.resolver.keys(), markup: m.markup, canonical: undefined };
  const fresh = analysisCount.fresh;
  analyze(next, 'pandoc', options);
  assert.equal(analysisCount.fresh - fresh, 0, 'the next version: analysed when the plan was verified');
  analyze(text, 'pandoc', options);
  assert.equal(analysisCount.fresh - fresh, 1, 'the version typed over: let go of');
});
