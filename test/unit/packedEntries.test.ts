// The build-time entries of every style, packed once for dist/pack.json (src/core/format/packedEntries.ts):
// unpacking gives back each style's entries-<style>.json exactly, whatever its entries look like.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packEntries, textOfHtml, unpackEntries } from '../../src/core/format/packedEntries';
import type { PrecomputedEntries } from '../../src/core/format/precomputedEntries';

const fingerprints = { a: '1-x', b: '2-y', c: '3-z' };

test('unpacking gives back every table, entries whose text is not their HTML text and missing ones included', () => {
  const tables: Record<string, PrecomputedEntries> = {
    one: {
      fingerprints,
      text: { a: 'Smith & Jones. <Title>. J Med. 2020;1:2.', b: 'Other text than the HTML', c: 'Text alone' },
      html: { a: 'Smith &#38; Jones. &lt;Title&gt;. <i>J Med</i>. 2020;1:2.', b: '<b>Bold</b>' },
    },
    two: { fingerprints, text: { a: 'Smith.' }, html: { a: 'Smith.', c: '<i>HTML alone</i>' } },
  };
  const packed = packEntries(tables);
  assert.deepEqual(packed.entries.a, ['Smith &#38; Jones. &lt;Title&gt;. <i>J Med</i>. 2020;1:2.', 'Smith.'], 'text left out where it is the HTML text');
  assert.deepEqual(packed.entries.b, [['<b>Bold</b>', 'Other text than the HTML'], null]);
  assert.deepEqual(packed.entries.c, [[null, 'Text alone'], ['<i>HTML alone</i>', null]]);
  const again = JSON.parse(JSON.stringify(packed));
  for (const style of Object.keys(tables)) assert.deepEqual(unpackEntries(again, style), tables[style], style);
  assert.equal(unpackEntries(again, 'three'), undefined);
});

test('styles formatted from different items cannot share fingerprints: packing refuses', () => {
  const other = { ...fingerprints, a: '1-changed' };
  assert.throws(() => packEntries({ one: { fingerprints, text: {}, html: {} }, two: { fingerprints: other, text: {}, html: {} } }), /fingerprints of two differ/);
});

test('textOfHtml: tags dropped, entities decoded', () => {
  assert.equal(textOfHtml('<span style="font-variant:small-caps;">Ab</span> &#38; <i>c</i> &lt;d&gt; &#x2013;'), 'Ab & c <d> \u2013');
});

test('the shipped styles: every built entries-<style>.json comes back from the pack as the CLI reads it', () => {
  const dir = join(__dirname, '..', '..', '..', 'dist', 'csl');
  const files = readdirSync(dir).filter((f) => /^entries-.+\.json$/.test(f));
  assert.ok(files.length >= 7, 'npm run build wrote the entries');
  const tables = Object.fromEntries(files.map((f) => [f.slice('entries-'.length, -'.json'.length), JSON.parse(readFileSync(join(dir, f), 'utf8')) as PrecomputedEntries]));
  const packed = JSON.parse(JSON.stringify(packEntries(tables)));
  for (const [style, table] of Object.entries(tables)) assert.deepEqual(unpackEntries(packed, style), table, style);
});
