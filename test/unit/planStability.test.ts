// Fault injection for the safety net's last check: a plan must be stable (planning again on its result
// changes nothing). A formatter that answers differently on every call makes every list plan unstable;
// the engine must refuse it rather than write a list the next update would rewrite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planInsertion, planListUpdate, type CitationContext } from '../../src/core/manuscript';
import type { Convention } from '../../src/core/types';

const KEYS = new Set(['alpha2001', 'beta2002', 'gamma2003']);

/** A formatter that is honest once, then answers with a new text on every call. */
function fickleContext(): CitationContext {
  let calls = 0;
  return {
    knownKeys: KEYS,
    markup: 'markdown',
    formatEntries: (keys) => {
      calls++;
      return keys.map((k) => `Entry of ${k}, answer ${calls}.`);
    },
    style: 'american-medical-association',
    numericMarker: 'brackets',
    eol: '\n',
  };
}

const CITE: Record<Convention, (k: string) => string> = {
  pandoc: (k) => `[@${k}]`,
  latex: (k) => `\\cite{${k}}`,
  numeric: () => '',
};

const UNSTABLE = /not stable; nothing was changed/;

test('a list update with a formatter that answers differently each time is refused as unstable (pandoc and LaTeX)', () => {
  fc.assert(
    fc.property(fc.constantFrom<Convention>('pandoc', 'latex'), fc.subarray([...KEYS], { minLength: 1 }), fc.string({ maxLength: 20 }), (convention, keys, prose) => {
      const clean = prose.replace(/[@\\[\]{}%^<>`$#\r\n-]/g, ' ');
      // A word first: Markdown reads a line indented by four spaces as code, where nothing is cited.
      const text = `Shock ${clean} ${keys.map(CITE[convention]).join(' and ')}.\n`;
      assert.throws(() => planListUpdate(text, convention, fickleContext(), { create: true }), UNSTABLE);
    }),
    { numRuns: 60 },
  );
});

test('an insertion that creates a numeric list with a fickle formatter is refused as unstable', () => {
  const text = 'Shock recurs, then leaks.\n';
  assert.throws(() => planInsertion(text, 'numeric', [text.indexOf(', then')], ['beta2002'], fickleContext()), UNSTABLE);
});

test('the same plans with an honest formatter pass (the check refuses only what is unstable)', () => {
  const honest: CitationContext = { ...fickleContext(), formatEntries: (keys) => keys.map((k) => `Entry of ${k}.`) };
  assert.ok(planListUpdate('Shock [@alpha2001].\n', 'pandoc', honest, { create: true }).length > 0);
  const text = 'Shock recurs, then leaks.\n';
  assert.ok(planInsertion(text, 'numeric', [text.indexOf(', then')], ['beta2002'], honest).edits.length > 0);
});
