// Numbering by work, on generated documents (model.ts): 'a' and 'b' stand for one work, as a review
// key and the writer's library key of the same paper do. After any sequence of insertions and list
// updates that the engine accepts:
// - numeric and pandoc lists name each work once; LaTeX lists every cited key (a \cite needs its \bibitem);
// - the list is the works in order of first appearance, so numeric citations of either key show
//   the work's one number;
// - every cursor lands right after a citation of the inserted works;
// - a second update changes nothing;
// - 'zeta' is a third key of that work (the same paper in a second library file): the same holds for three keys;
// - pandoc: what goes to citeproc for a Word file cites each work by the one key it is listed under.
// ISCLS_PROPERTY_RUNS (default 10000; a tenth of it here) and ISCLS_PROPERTY_SEED replay a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, planInsertion, planListUpdate, scanDocument, type CitationContext } from '../../src/core/manuscript';
import type { Convention, TextEdit } from '../../src/core/types';
import { docSpec, KEYS, render, type Conv } from './model';
import { planPandocInput } from '../../src/core/export/pandocInput';

const RUNS = Math.max(100, Math.round(Number(process.env.ISCLS_PROPERTY_RUNS ?? 10000) / 10));
const SEED = Number(process.env.ISCLS_PROPERTY_SEED ?? Date.now() % 2 ** 31);
const WORKS: Record<string, string> = { a: 'a', b: 'a', zeta: 'a' };
const canonical = (key: string) => WORKS[key] ?? key;
/** Accepted insertions of one key of the work where the other was already cited. */
let bothKeys = 0;

interface Op {
  kind: 'insert' | 'bib';
  at: number[];
  keys: number[];
}
// Mostly 'a' and 'b', so documents cite the work by both keys.
const keyIndex = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(0, 1) }, { weight: 1, arbitrary: fc.nat(KEYS.length - 1) });
const op: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom<Op['kind']>('insert', 'insert', 'bib'),
  at: fc.array(fc.nat(1 << 20), { minLength: 1, maxLength: 2 }),
  keys: fc.array(keyIndex, { minLength: 1, maxLength: 2 }),
});

function contextOf(conv: Conv): { convention: Convention; c: CitationContext } {
  const c: CitationContext = { knownKeys: new Set(KEYS), style: 'ama', formatEntries: (keys) => keys.map((k) => `Title of ${k}`), canonical };
  if (conv === 'numeric-plain') return { convention: 'numeric', c: { ...c, markup: 'plain' } };
  if (conv === 'numeric-markdown') return { convention: 'numeric', c: { ...c, markup: 'markdown' } };
  return { convention: conv, c };
}

/** One operation; the new text, or undefined when the engine refused it (with a clean message). */
function apply(text: string, convention: Convention, c: CitationContext, o: Op): string | undefined {
  const cursors = [...new Set(o.at.map((u) => u % (text.length + 1)))];
  const keys = [...new Set(o.keys.map((k) => KEYS[k]))];
  let edits: TextEdit[];
  let landed: number[] = [];
  try {
    if (o.kind === 'insert') ({ edits, cursors: landed } = planInsertion(text, convention, cursors, keys, c));
    else edits = planListUpdate(text, convention, c, { create: true });
  } catch (e) {
    const message = (e as Error).message;
    assert.ok(!/Internal error/.test(message), `unclean refusal: ${message}`);
    return undefined;
  }
  const after = applyEdits(text, edits);
  if (o.kind === 'insert' && edits.length > 0) {
    // The other key of the work already cited: the case this property is about.
    const before = scanDocument(text, convention, { knownKeys: c.knownKeys, markup: c.markup }).order;
    if ((keys.includes('a') && before.includes('b')) || (keys.includes('b') && before.includes('a'))) bothKeys++;
  }
  const scan = scanDocument(after, convention, { knownKeys: c.knownKeys, markup: c.markup, canonical });
  const work = convention === 'latex' ? (k: string) => k : canonical;
  for (const cursor of landed) {
    const m = scan.markers.find((marker) => marker.end === cursor);
    assert.ok(m, `no citation ends at the cursor ${cursor}: ${JSON.stringify(after.slice(Math.max(0, cursor - 12), cursor + 4))}`);
    const cited = new Set(m.keys.map(work));
    assert.ok(keys.every((k) => cited.has(work(k))), `the cursor lands after ${m.raw}, which does not cite ${keys}`);
  }
  if (scan.list) {
    const listed = scan.list.keys.map(work);
    assert.equal(new Set(listed).size, listed.length, `the list names a work twice: ${scan.list.keys}`);
    // So every citation of a work shows its one number: the list's position of the work.
    assert.deepEqual(scan.list.keys, scan.order, 'the list follows first appearance, one key per work');
    assert.deepEqual(planListUpdate(after, convention, c), [], 'a second run changes something');
  }
  if (convention === 'pandoc') {
    const input = planPandocInput(after, convention, scan, { canonical });
    const sent = scanDocument(input.text, convention, { knownKeys: c.knownKeys, markup: c.markup });
    const cited = new Set(sent.markers.flatMap((m) => m.keys.filter((k) => c.knownKeys.has(k))));
    assert.deepEqual([...cited].sort(), [...scan.order].sort(), `pandoc gets a work under two keys: ${input.text}`);
  }
  return after;
}

for (const conv of ['pandoc', 'latex', 'numeric-plain', 'numeric-markdown'] as const) {
  test(`property: ${conv}: a work cited by two keys gets one number and one list entry (${RUNS} documents)`, () => {
    const { convention, c } = contextOf(conv);
    let accepted = 0;
    bothKeys = 0;
    const property = fc.property(docSpec, fc.array(op, { minLength: 1, maxLength: 4 }), (spec, ops) => {
      let text = render(spec, conv).text;
      for (const o of ops) {
        const after = apply(text, convention, c, o);
        if (after === undefined) continue;
        accepted++;
        text = after;
      }
    });
    const details = fc.check(property, { numRuns: RUNS, seed: SEED });
    console.log(`${conv}: ${details.numRuns} documents, ${accepted} operations accepted (${bothKeys} citing the work by its other key), seed ${SEED}`);
    if (details.failed) {
      const [spec, ops] = details.counterexample!;
      assert.fail(`${conv}: failed (seed ${SEED}) on ${JSON.stringify(render(spec, conv).text)} with ${JSON.stringify(ops)}\n${String(details.errorInstance)}`);
    }
  });
}
