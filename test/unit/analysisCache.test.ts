// The analyses kept for reuse: a pass over a manuscript asks for the same analysis several times, but
// versions of a long manuscript typed over must not stay in memory (each keeps megabytes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analysisCount, analyze } from '../../src/core/manuscript';

const OPTIONS = { knownKeys: new Set(['alpha2001', 'beta2002']), markup: 'markdown' as const };
let unique = 0;

/** A pandoc manuscript of about `chars` characters, different from every other one made here. */
function manuscript(chars: number): string {
  const sentence = `Shock ${++unique} recurs [@alpha2001], then leaks [@beta2002].\n\n`;
  return sentence.repeat(Math.ceil(chars / sentence.length));
}

/** How many analyses `run` made afresh. */
function freshIn(run: () => void): number {
  const before = analysisCount.fresh;
  run();
  return analysisCount.fresh - before;
}

test('short manuscripts: the last four analyses are reused', () => {
  const texts = [1, 2, 3, 4].map(() => manuscript(2_000));
  assert.equal(freshIn(() => texts.forEach((t) => analyze(t, 'pandoc', OPTIONS))), 4);
  assert.equal(freshIn(() => texts.forEach((t) => analyze(t, 'pandoc', OPTIONS))), 0, 'all four kept');
});

test('long manuscripts: a text and its planned result are kept, older versions are not', () => {
  const [first, second, third] = [1, 2, 3].map(() => manuscript(600_000));
  assert.equal(freshIn(() => [first, second, third].forEach((t) => analyze(t, 'pandoc', OPTIONS))), 3);
  assert.equal(freshIn(() => analyze(third, 'pandoc', OPTIONS)), 0, 'the newest kept');
  assert.equal(freshIn(() => analyze(second, 'pandoc', OPTIONS)), 0, 'and the one before it, whatever its size');
  assert.equal(freshIn(() => analyze(first, 'pandoc', OPTIONS)), 1, 'the oldest was let go: 1.8 M characters in all');
});
