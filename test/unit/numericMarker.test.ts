import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveNumericMarker } from '../../src/core/manuscript/numericMarker';

test('numeric marker: auto is superscript for AMA Markdown, brackets for other styles and for plain text; the setting overrides', () => {
  assert.equal(resolveNumericMarker('auto', 'american-medical-association', 'markdown'), 'superscript');
  assert.equal(resolveNumericMarker(undefined, 'american-medical-association', 'markdown'), 'superscript');
  assert.equal(resolveNumericMarker('auto', 'vancouver', 'markdown'), 'brackets');
  assert.equal(resolveNumericMarker('auto', 'american-medical-association', 'plain'), 'brackets');
  assert.equal(resolveNumericMarker('brackets', 'american-medical-association', 'markdown'), 'brackets');
  assert.equal(resolveNumericMarker('superscript', 'vancouver', 'markdown'), 'superscript');
  assert.equal(resolveNumericMarker('superscript', 'vancouver', 'plain'), 'brackets');
});
