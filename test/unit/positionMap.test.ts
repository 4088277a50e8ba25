// The plan's safety net maps every old marker to its place after the edits: the map (a binary search)
// agrees with the plain walk over the edits, and the net still catches a plan that changes a citation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { positionMap, verifyPlan } from '../../src/core/manuscript/verify';
import { analyze } from '../../src/core/manuscript/scan';
import type { TextEdit } from '../../src/core/types';

/** The definition: walk the edits in order, adding each one's shift until the first after `pos`. */
function walk(edits: TextEdit[], pos: number): number {
  let shift = 0;
  for (const e of [...edits].sort((x, y) => x.start - y.start || x.end - y.end)) {
    if (e.end <= pos) shift += e.newText.length - (e.end - e.start);
    else if (e.start < pos && pos < e.end) return -1;
    else break;
  }
  return pos + shift;
}

/** Non-overlapping edits over a text of length n, as the planner makes them (insertions and replacements). */
const edits = fc
  .array(fc.record({ at: fc.nat(200), len: fc.nat(5), text: fc.string({ maxLength: 6 }) }), { maxLength: 30 })
  .map((raw) => {
    const out: TextEdit[] = [];
    let from = 0;
    for (const r of [...raw].sort((x, y) => x.at - y.at)) {
      const start = Math.max(from, r.at);
      out.push({ start, end: start + r.len, newText: r.text });
      from = start + r.len;
    }
    return fc.sample(fc.shuffledSubarray(out, { minLength: out.length, maxLength: out.length }), 1)[0];
  });

test('positionMap agrees with walking the edits, for every offset', () => {
  fc.assert(
    fc.property(edits, (list) => {
      const map = positionMap(list);
      for (let pos = 0; pos <= 260; pos++) assert.equal(map(pos), walk(list, pos), `offset ${pos}`);
    }),
    { numRuns: 2000 },
  );
});

test('the safety net still refuses a plan that changes what a citation cites', () => {
  const text = 'Shock [1] and leak [2].\n\n[iscls-references style=ama keys=a,b]\n1. A\n2. B\n[/iscls-references]\n';
  const ctx = { knownKeys: new Set(['a', 'b']), style: 'ama', markup: 'plain' as const, formatEntries: (keys: string[]) => keys.map((k) => k.toUpperCase()) };
  const a = analyze(text, 'numeric', { knownKeys: ctx.knownKeys, markup: 'plain' });
  const bad: TextEdit[] = [{ start: text.indexOf('[1]'), end: text.indexOf('[1]') + 3, newText: '[2]' }];
  assert.throws(() => verifyPlan(text, a, ctx, bad, [], false, () => []), /would change what the citation \[1\] on line 1 refers to/);
  // The same net lets a plan through that only moves text around the citations.
  const fine: TextEdit[] = [{ start: 0, end: 0, newText: 'Intro. ' }];
  assert.doesNotThrow(() => verifyPlan(text, a, ctx, fine, [], false, () => []));
});
