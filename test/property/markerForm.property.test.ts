// One marker form per document, on generated pandoc manuscripts (citations before and after full
// stops and commas, at line ends, between words): converted to numeric with superscripts (AMA
// Markdown) or brackets, then cited into at any place,
// - every citation marker of the document has the one form the conversion wrote;
// - every superscript stands where Insert Citation puts one: never right before a full stop or comma
//   that ends a clause (AMA: "occurs.^1^"), whether the conversion or the insertion wrote it.
// ISCLS_PROPERTY_RUNS (default 10000; a tenth of it here) and ISCLS_PROPERTY_SEED replay a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, planConversion, planInsertion, scanDocument, type CitationContext } from '../../src/core/manuscript';

const RUNS = Math.max(100, Math.round(Number(process.env.ISCLS_PROPERTY_RUNS ?? 10000) / 10));
const SEED = Number(process.env.ISCLS_PROPERTY_SEED ?? Date.now() % 2 ** 31);
const KEYS = ['clarkson1960', 'druey2010', 'gousseff2011', 'xie2012'];

const word = fc.constantFrom('shock', 'leak', 'in', '1960', 'edema', 'et al.', 'patients', 'cohort');
const citation = fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 3 }).map((keys) => `[${keys.map((k) => `@${k}`).join('; ')}]`);
const piece = fc.oneof(
  word.map((w) => ` ${w}`),
  citation.map((c) => ` ${c}`),
  fc.constantFrom('.', ',', '.\n', ';', ' ('),
);
const doc = fc.array(piece, { minLength: 3, maxLength: 24 }).map((parts) => `Start${parts.join('')}.\n`);

function context(marker: 'superscript' | 'brackets'): CitationContext {
  return {
    knownKeys: new Set(KEYS),
    style: 'american-medical-association',
    markup: 'markdown',
    numericMarker: marker,
    formatEntries: (keys: string[]) => keys.map((k) => `Entry for ${k}.`),
  };
}

/** The forms of the document's markers, and the superscripts standing before a clause's full stop or comma. */
function markers(text: string, c: CitationContext): { forms: Set<string>; misplaced: string[] } {
  const scan = scanDocument(text, 'numeric', { knownKeys: c.knownKeys, markup: 'markdown' });
  const forms = new Set(scan.markers.map((m) => m.form));
  const misplaced = scan.markers.filter((m) => m.form === 'numeric-superscript' && /^[.,](?:\s|$)/.test(text.slice(m.end, m.end + 2))).map((m) => `${m.raw}${text.slice(m.end, m.end + 2)}`);
  return { forms, misplaced };
}

test('property: conversion to numeric, then insertions, keep one marker form, superscripts placed as insertion places them', () => {
  let converted = 0;
  let inserted = 0;
  fc.assert(
    fc.property(doc, fc.constantFrom<'superscript' | 'brackets'>('superscript', 'brackets'), fc.array(fc.nat(1 << 20), { maxLength: 3 }), fc.constantFrom(...KEYS), (text, marker, offsets, key) => {
      const c = context(marker);
      let after: string;
      try {
        after = applyEdits(text, planConversion(text, 'pandoc', 'numeric', c).edits);
      } catch {
        return; // refused: nothing changed, nothing to check
      }
      converted++;
      const expected = marker === 'superscript' ? 'numeric-superscript' : 'numeric-brackets';
      const once = markers(after, c);
      assert.ok([...once.forms].every((f) => f === expected), after);
      assert.deepEqual(once.misplaced, [], after);
      for (const offset of offsets) {
        const at = offset % (after.indexOf('<!--') + 1);
        try {
          after = applyEdits(after, planInsertion(after, 'numeric', [at], [key], c).edits);
        } catch {
          continue; // refused (inside a marker, …): the text is unchanged
        }
        inserted++;
        const now = markers(after, c);
        assert.ok([...now.forms].every((f) => f === expected), after);
        assert.deepEqual(now.misplaced, [], after);
      }
    }),
    { numRuns: RUNS, seed: SEED },
  );
  assert.ok(converted > RUNS / 2, `${converted} of ${RUNS} documents converted`);
  assert.ok(inserted > 0, 'insertions accepted');
});
