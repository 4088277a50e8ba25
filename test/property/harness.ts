// The property harness of the manuscript engine: for each convention, generated
// documents whose spans the model knows independently; after every insert, update and bib:
// bytes outside our markers and list unchanged, a second run changes nothing, every marker reads
// back and cites what it cited (typed numbers stay unresolved), line endings and BOM kept; after an
// insert, each cursor lands right after a citation that cites every inserted key.
// ISCLS_PROPERTY_RUNS (default 10000 per convention) and ISCLS_PROPERTY_SEED replay a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, planInsertion, planListUpdate, scanDocument, type CitationContext, type DocumentScan } from '../../src/core/manuscript';
import type { Convention, TextEdit } from '../../src/core/types';
import { docSpec, KEYS, render, type Conv, type Doc } from './model';

const RUNS = Number(process.env.ISCLS_PROPERTY_RUNS ?? 10000);
const SEED = Number(process.env.ISCLS_PROPERTY_SEED ?? Date.now() % 2 ** 31);

const ctx: CitationContext = {
  knownKeys: new Set(KEYS),
  style: 'ama',
  formatEntries: (keys) => keys.map((k) => `Title of ${k}`),
};

interface OpSpec {
  kind: 'insert' | 'update' | 'bib';
  /** AMA superscript `^1^` for new numeric markers (they go after a full stop or comma). */
  superscript: boolean;
  /** The style lists pandoc/LaTeX references alphabetically (APA-like). */
  alphabetical: boolean;
  at: number[];
  keys: number[];
}
const opSpec: fc.Arbitrary<OpSpec> = fc.record({
  kind: fc.constantFrom<OpSpec['kind']>('insert', 'update', 'bib'),
  superscript: fc.boolean(),
  alphabetical: fc.boolean(),
  at: fc.array(fc.nat(1 << 20), { minLength: 1, maxLength: 2 }),
  keys: fc.array(fc.nat(20), { minLength: 1, maxLength: 2 }),
});

function engineArgs(conv: Conv): { convention: Convention; c: CitationContext } {
  if (conv === 'numeric-plain') return { convention: 'numeric', c: { ...ctx, markup: 'plain' } };
  if (conv === 'numeric-markdown') return { convention: 'numeric', c: { ...ctx, markup: 'markdown' } };
  return { convention: conv, c: ctx };
}

const sameSet = (x: string[], y: string[]) => new Set(x).size === new Set(y).size && x.every((k) => y.includes(k));

/** The engine reads exactly the model's citations; typed numbers are unresolved or not markers. */
function checkScan(doc: Doc, scan: DocumentScan): void {
  const byStart = new Map(scan.markers.map((m) => [m.start, m]));
  const cites = doc.spans.filter((s) => s.kind === 'citation');
  for (const s of cites) {
    const m = byStart.get(s.start);
    assert.ok(m && m.end === s.end, `citation ${doc.text.slice(s.start, s.end)} at ${s.start} not read`);
    assert.ok(sameSet(m.keys, s.keys!), `citation ${m.raw} read as ${m.keys}, model ${s.keys}`);
  }
  for (const m of scan.markers) {
    const span = doc.spans.find((s) => s.start <= m.start && m.start < s.end && s.kind !== 'prose');
    if (span?.kind === 'citation') continue;
    if (span?.kind === 'typed' && m.unknown.length > 0) continue;
    assert.fail(`engine read ${JSON.stringify(m.raw)} at ${m.start} as a citation; the model says ${span?.kind ?? 'prose'}`);
  }
}

/** Where an original offset lands after the edits; -1 inside a replaced range. */
function mapper(edits: TextEdit[]): (p: number) => number {
  return (p) => {
    let shift = 0;
    for (const e of edits) {
      if (e.end <= p) shift += e.newText.length - (e.end - e.start);
      else if (e.start < p) return -1;
    }
    return p + shift;
  };
}

function within(s: number, e: number, span: { start: number; end: number }): boolean {
  return s >= span.start && e <= span.end;
}

/** Every edit lies in a citation, in our list, or inserts at a cursor or where a new list goes. */
function checkEditsConfined(doc: Doc, edits: TextEdit[], cursors: number[]): void {
  const text = doc.text;
  const ours = doc.spans.filter((s) => s.kind === 'citation');
  // A cursor inside a typed number: the new marker goes right after it (the number itself stays).
  const afterTyped = doc.spans.filter((s) => s.kind === 'typed' && cursors.some((p) => s.start < p && p < s.end)).map((s) => s.end);
  const endDoc = text.search(/(?<=^|[\r\n])\\end\{document\}/);
  for (const e of edits) {
    if (doc.list && within(e.start, e.end, doc.list)) continue;
    if (ours.some((s) => within(e.start, e.end, s))) continue;
    const insertion = e.start === e.end;
    // A cursor at 0 means after a byte order mark (the writer never sees it).
    // A superscript goes after a full stop or comma right after the cursor (AMA).
    const cursorAt = (p: number) =>
      cursors.includes(p) || (doc.bom && p === 1 && cursors.includes(0)) || (/[.,]/.test(text[p - 1] ?? '') && cursors.includes(p - 1));
    if (insertion && (cursorAt(e.start) || afterTyped.includes(e.start) || e.start === text.length || e.start === endDoc)) {
      for (const br of e.newText.match(/\r\n|\n|\r/g) ?? []) {
        assert.ok(doc.eols.includes(br) || doc.eols.length === 0, `inserted line break ${JSON.stringify(br)} is not the document's`);
      }
      continue;
    }
    assert.fail(`edit ${JSON.stringify(e)} changes the writer's text ${JSON.stringify(text.slice(e.start - 5, e.end + 5))}`);
  }
}

/** After the operation every model citation still cites (at least) its keys; typed numbers stay unresolved. */
function checkReadBack(doc: Doc, edits: TextEdit[], after: DocumentScan, inserted: string[]): void {
  const map = mapper(edits);
  const at = new Map(after.markers.map((m) => [m.start, m]));
  for (const s of doc.spans) {
    if (s.kind !== 'citation' && s.kind !== 'typed') continue;
    const p = map(s.start);
    const m = at.get(p);
    if (s.kind === 'typed') {
      assert.ok(!m || m.unknown.length > 0, `typed number ${doc.text.slice(s.start, s.end)} now resolves to ${m?.keys}`);
      continue;
    }
    assert.ok(m, `citation ${doc.text.slice(s.start, s.end)} no longer reads back`);
    // An insertion next to a citation may merge into it: it keeps its keys and gains only inserted ones.
    const gained = m.keys.filter((k) => !s.keys!.includes(k));
    const ok = s.keys!.every((k) => m.keys.includes(k)) && gained.every((k) => inserted.includes(k));
    assert.ok(ok, `citation ${doc.text.slice(s.start, s.end)} now cites ${m.keys} (${m.raw})`);
  }
}

/** Each cursor lands right after the citation inserted (or merged into) at its place. */
function checkCursors(after: string, scan: DocumentScan, asked: number[], landed: number[], keys: string[]): void {
  assert.equal(landed.length, asked.length, 'one landing position per cursor');
  landed.forEach((cursor, i) => {
    const m = scan.markers.find((marker) => marker.end === cursor);
    assert.ok(m, `cursor ${asked[i]} lands at ${cursor}, where no citation ends: ${JSON.stringify(after.slice(Math.max(0, cursor - 12), cursor + 4))}`);
    assert.ok(keys.every((k) => m.keys.includes(k)), `cursor ${asked[i]} lands after ${m.raw}, which does not cite ${keys}`);
    cursorsChecked++;
  });
}
let cursorsChecked = 0;

/** Refusal messages (numbers and quoted parts elided) and how often each was seen. */
const refusals = new Map<string, number>();

function runOp(doc: Doc, op: OpSpec): 'changed' | 'unchanged' | 'refused' {
  const args = engineArgs(doc.conv);
  const convention = args.convention;
  const c: CitationContext = {
    ...args.c,
    numericMarker: op.superscript ? 'superscript' : 'brackets',
    ...(op.alphabetical ? { listOrder: (keys: string[]) => [...keys].sort() } : {}),
  };
  const text = doc.text;
  const cursors = [...new Set(op.at.map((u) => u % (text.length + 1)))];
  const keys = [...new Set(op.keys.map((k) => KEYS[k % KEYS.length]))];
  let edits: TextEdit[];
  let landed: number[] = [];
  try {
    if (op.kind === 'insert') ({ edits, cursors: landed } = planInsertion(text, convention, cursors, keys, c));
    else edits = planListUpdate(text, convention, c, { create: op.kind === 'bib' });
  } catch (e) {
    const message = (e as Error).message;
    assert.ok(!/Internal error/.test(message) && !message.includes('\n'), `unclean refusal: ${message}`);
    const kind = message.replace(/\[[^\]]*\]|"[^"]*"|\d+/g, '…').slice(0, 70);
    refusals.set(kind, (refusals.get(kind) ?? 0) + 1);
    return 'refused';
  }
  checkEditsConfined(doc, edits, cursors);
  const after = applyEdits(text, edits);
  assert.equal(after.startsWith('\uFEFF'), doc.bom, 'BOM changed');
  const scan = scanDocument(after, convention, { knownKeys: c.knownKeys, markup: c.markup });
  checkReadBack(doc, edits, scan, op.kind === 'insert' ? keys : []);
  if (op.kind === 'insert') for (const k of keys) assert.ok(scan.order.includes(k), `inserted ${k} not read back`);
  if (op.kind === 'insert') checkCursors(after, scan, cursors, landed, keys);
  if (scan.list || op.kind === 'bib') {
    assert.deepEqual(planListUpdate(after, convention, c, { create: op.kind === 'bib' }), [], 'a second run changes something');
  }
  return edits.length > 0 ? 'changed' : 'unchanged';
}



/** Runs the property for one convention (one test file per convention, so they run in parallel). */
export function propertyTest(conv: Conv): void {
  test(`property: ${conv}: ${RUNS} generated documents, insert/update/bib never damage them`, () => {
    const outcomes = { changed: 0, unchanged: 0, refused: 0 };
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const property = fc.property(docSpec, fc.array(opSpec, { minLength: 3, maxLength: 3 }), (spec, opList) => {
      const doc = render(spec, conv);
      const { convention, c } = engineArgs(conv);
      checkScan(doc, scanDocument(doc.text, convention, { knownKeys: c.knownKeys, markup: c.markup }));
      for (const op of opList) {
        outcomes[runOp(doc, op)]++;
      }
    });
    const details = fc.check(property, { numRuns: RUNS, seed: SEED });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    console.log(
      `${conv}: ${details.numRuns} documents, ${outcomes.changed + outcomes.unchanged + outcomes.refused} operations ` +
        `(${outcomes.changed} changed, ${outcomes.unchanged} no-op, ${outcomes.refused} refused with a message), seed ${SEED}, ` +
        `${cursorsChecked} cursor landings checked, ${Math.round(details.numRuns / seconds)} documents/s (${Math.round(details.numRuns / cpuSeconds)} per CPU second)`,
    );
    if (process.env.ISCLS_PROPERTY_VERBOSE) {
      for (const [kind, n] of [...refusals].sort((x, y) => y[1] - x[1])) console.log(`  refused ${n}×: ${kind}`);
    }
    if (details.failed) {
      const [spec, opList] = details.counterexample!;
      const doc = render(spec, conv);
      assert.fail(
        `${conv}: property failed (seed ${SEED}, path ${details.counterexamplePath}) on the shrunk document\n` +
          `${JSON.stringify(doc.text)}\nwith operations ${JSON.stringify(opList)}\n${String(details.errorInstance)}`,
      );
    }
  });
}
