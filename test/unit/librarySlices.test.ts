// A large library is read and merged in slices in the editor, so the host never blocks for long: the
// sliced merge is the same merge, and the formatter copies a record only when it formats it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLibrary } from '../../src/core/library';
import { lineIndex } from '../../src/core/library/bibtexSyntax';
import { MergedLibrary, formatterItems } from '../../src/core/library/merge';
import { nextMessage, nextTurn, runInSlices, runToEnd, type Steps } from '../../src/core/library/slices';
import { CitationFormatter } from '../../src/core/format/citations';
import type { LibraryFile } from '../../src/core/library/types';
import { loadKnowledgeBase } from '../../src/node/dataFiles';

const root = join(__dirname, '..', '..', '..');
const kb = loadKnowledgeBase(join(root, 'data'));
const review = [...kb.references];
const load = (file: string) => JSON.parse(readFileSync(join(root, 'dist', 'csl', file), 'utf8'));

async function library(count: number): Promise<LibraryFile> {
  const { syntheticBibtex } = await import(join(root, 'scripts', 'bench', 'library-fixture.mjs'));
  return parseLibrary(Buffer.from(syntheticBibtex(count) as string), '/w/big.bib');
}

/** What a merge decides: every key's source, work and review match, the works, problems and duplicates. */
function decisions(merged: MergedLibrary) {
  return {
    keys: [...merged.keys()].map((k) => [k, merged.get(k)?.source, merged.canonical(k), merged.get(k)?.review?.number]),
    works: merged.works.map((w) => [w.key, w.keys, w.sources]),
    problems: merged.problems,
    duplicates: merged.duplicates.map((d) => [d.entry.key, d.review['citation-key']]),
  };
}

/** 0 + 1 + … + (n − 1), a checkpoint after each addition. */
function* sumBelow(n: number): Steps<number> {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += i;
    yield;
  }
  return sum;
}

test('slices: runInSlices pauses once a slice has used its time, and returns what runToEnd returns', async () => {
  const count = () => sumBelow(10);
  let pauses = 0;
  assert.equal(await runInSlices(count(), async () => void pauses++, 0), runToEnd(count()));
  assert.equal(pauses, 10, 'a zero-length slice pauses at every checkpoint');
  pauses = 0;
  assert.equal(await runInSlices(count(), async () => void pauses++, 60_000), 45);
  assert.equal(pauses, 0, 'work shorter than a slice never pauses');
});

test('a library merged in slices is the same merge, duplicates of the 72 and repeated keys included', async () => {
  const big = await library(3000);
  // The same file twice: every key of the second is reported, every work is one work.
  const twice: LibraryFile = { ...big, file: '/w/again.bib' };
  const clarkson: LibraryFile = parseLibrary(Buffer.from('@article{Clarkson1960cyclical, title = {Cyclical edema and shock due to increased capillary permeability}, author = {Clarkson, B. and Thompson, D.}, journal = {Am J Med}, year = {1960}}\n'), '/w/own.bib');
  const files = [clarkson, big, twice];
  let pauses = 0;
  const sliced = await MergedLibrary.inSlices(review, files, (f) => f.split('/').pop() as string, async () => void pauses++, 0);
  const whole = new MergedLibrary(review, files, (f) => f.split('/').pop() as string);
  assert.deepEqual(decisions(sliced), decisions(whole));
  assert.equal(whole.duplicates.length, 1, 'Clarkson 1960 is one of the 72');
  assert.equal(whole.problems.filter((p) => /also defined in big\.bib/.test(p.message)).length, 3000);
  assert.ok(pauses > 0);
  assert.equal(sliced.get('Clarkson1960cyclical')?.review?.number, 1);
});

test('a merge in slices has a checkpoint every few hundred entries (a zero-length slice pauses at each)', async () => {
  const big = await library(2000);
  let pauses = 0;
  const merged = await MergedLibrary.inSlices(review, [big], (f) => f, async () => void pauses++, 0);
  assert.ok(pauses >= 16, `${pauses} pauses for 2,000 entries`);
  assert.equal(merged.libraryWorks().length, 2000);
});

test('the formatter of a merged library copies a record only when it formats it, and never lists them all for it', async () => {
  const big = await library(2000);
  const merged = new MergedLibrary(review, [big]);
  const touched = new Set<string>();
  let listed = 0;
  const source = formatterItems(merged);
  const counting = { ids: () => (listed++, source.ids()), has: source.has, record: (id: string) => (touched.add(id), source.record(id)) };
  const key = big.entries[1234].key;
  const f = new CitationFormatter(counting, load);
  assert.match(f.reference(key, 'american-medical-association'), /\w/);
  assert.deepEqual([...touched], [key]);
  f.setReferences(counting);
  assert.match(f.reference(key, 'american-medical-association'), /\w/);
  assert.equal(listed, 0, 'the 2,000 keys were gone through to give them to the formatter');
  assert.throws(() => f.reference('nosuchkey', 'american-medical-association'), /Unknown citation key: nosuchkey/);
  assert.match(f.reference('gousseff2011', 'american-medical-association'), /Gousseff/);
});

test('line numbers found as far as asked agree with counting newlines, in any order of asking', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 50; round++) {
    const text = Array.from({ length: Math.floor(random() * 300) }, () => (random() < 0.2 ? '\n' : random() < 0.1 ? '\r\n' : 'a')).join('');
    const line = lineIndex(text);
    for (let i = 0; i < 40; i++) {
      const offset = Math.floor(random() * (text.length + 2));
      assert.equal(line(offset), text.slice(0, offset).split('\n').length, `offset ${offset} of ${JSON.stringify(text)}`);
    }
  }
});

test('the pause between slices lets work queued before it run first, without going through the timer queue', async () => {
  const order: string[] = [];
  setImmediate(() => order.push('queued before'));
  const setTimeoutWas = globalThis.setTimeout;
  // A chain of setTimeout(0) waits ≥ 1 ms a step in Node.js (4 ms in a browser worker): not the way.
  globalThis.setTimeout = (() => {
    throw new Error('the pause used setTimeout');
  }) as unknown as typeof setTimeout;
  try {
    const pause = nextTurn();
    order.push('paused');
    await pause;
  } finally {
    globalThis.setTimeout = setTimeoutWas;
  }
  order.push('resumed');
  assert.deepEqual(order, ['paused', 'queued before', 'resumed']);
});

test("the browser worker's pause (a message to itself) resumes every waiter, in order, and keeps no process alive", async () => {
  const keepAlive = setInterval(() => {}, 1000);
  try {
    const resumed: number[] = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => nextMessage().then(() => resumed.push(i))));
    assert.deepEqual(resumed, [0, 1, 2, 3, 4]);
    // Sliced work with it gives the same result as at once.
    assert.equal(await runInSlices(sumBelow(2000), nextMessage, 0), runToEnd(sumBelow(2000)));
  } finally {
    clearInterval(keepAlive);
  }
});
