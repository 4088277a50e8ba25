// Re-rendering a numeric document's markers in one form (core/manuscript/markerForm.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/core/manuscript/scan';
import { applyEdits, planConversion, planInsertion, planMarkerForm, documentMarkerForm, type CitationContext } from '../../src/core/manuscript';

const KEYS = ['clarkson1960', 'druey2010', 'gousseff2011', 'xie2012'];
const ctx = (numericMarker: 'brackets' | 'superscript', style = 'american-medical-association'): CitationContext => ({
  knownKeys: new Set(KEYS),
  style,
  markup: 'markdown',
  numericMarker,
  formatEntries: (keys) => keys.map((k) => `Entry for ${k}.`),
});
const list = (keys: string[]) => `\n<!-- iscls-references style=american-medical-association keys=${keys.join(',')} -->\n${keys.map((k, i) => `${i + 1}. Entry for ${k}.`).join('\n')}\n<!-- /iscls-references -->\n`;
const LIST = list(KEYS);
const render = (text: string, form: 'brackets' | 'superscript') => applyEdits(text, planMarkerForm(text, form, ctx(form)).edits);

test('markers to superscript: after the full stop or comma, touching the word; numbers, ranges and locators kept', () => {
  const text = `Leak in 1960 [1]. Shock [2, 3], edema [1-3] and see [4(p464)]; also [2 p7].\n${LIST}`;
  assert.equal(render(text, 'superscript'), `Leak in 1960.^1^ Shock,^2,3^ edema^1-3^ and see^4(p464)^; also.^2(p7)^\n${LIST}`);
});

test('markers to brackets: a space against the word; the full stop stays where it is', () => {
  const text = `Leak in 1960.^1^ Shock^2,3^ and^1-3^ see<sup>4</sup>.\n${LIST}`;
  assert.equal(render(text, 'brackets'), `Leak in 1960.[1] Shock [2,3] and [1-3] see [4].\n${LIST}`);
});

test('a misplaced superscript is placed as insertion places it; a normalised document is left as it is', () => {
  const text = `Leak in 1960^1^. Shock.^2^\n${LIST}`;
  const once = render(text, 'superscript');
  assert.equal(once, `Leak in 1960.^1^ Shock.^2^\n${LIST}`);
  assert.deepEqual(planMarkerForm(once, 'superscript', ctx('superscript')).edits, []);
});

test('markers that point to no entry and exponents are left as written', () => {
  const text = `Platelets 150 × 10^9^/L [1] and [9].\n${LIST}`;
  assert.equal(render(text, 'superscript'), `Platelets 150 × 10^9^/L ^1^ and [9].\n${LIST}`);
});

test('iscls convert numeric → numeric normalises: the one operation behind Convert and the CLI', () => {
  const text = `Shock^1^ and leak [2].\n${list(KEYS.slice(0, 2))}`;
  const c = planConversion(text, 'numeric', 'numeric', ctx('brackets', 'vancouver'));
  assert.equal(applyEdits(text, c.edits), `Shock [1] and leak [2].\n${list(KEYS.slice(0, 2))}`);
  assert.equal(c.converted, 1);
});

test('a new citation takes the document form when it has one, the style form in a mixed or empty document', () => {
  const sup = `Shock.^1^ Leak here\n${list(KEYS.slice(0, 1))}`;
  const at = sup.indexOf(' here');
  const after = applyEdits(sup, planInsertion(sup, 'numeric', [at], ['druey2010'], ctx('brackets', 'vancouver')).edits);
  assert.match(after, /Leak\^2\^ here/);
  const mixed = `Shock.^1^ Leak [2] here\n${list(KEYS.slice(0, 2))}`;
  assert.equal(documentMarkerForm(analyze(mixed, 'numeric', ctx('brackets'))), 'mixed');
  const m2 = applyEdits(mixed, planInsertion(mixed, 'numeric', [mixed.length - list(KEYS.slice(0, 2)).length - 1], ['xie2012'], ctx('brackets')).edits);
  assert.match(m2, /here \[3\]/);
});
