// A formatter over a large library makes the citeproc item of a record when that record is first
// formatted, not every record's at the first call: the first hover card of a 20,000-entry library
// formatted one entry after making 20,000 items.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CitationFormatter } from '../../src/core/format/citations';
import type { CslItem } from '../../src/core/types';

const root = join(__dirname, '..', '..', '..');
const load = (file: string) => JSON.parse(readFileSync(join(root, 'dist', 'csl', file), 'utf8'));
const AMA = 'american-medical-association';

/** A record whose fields, once read, count as "its item was made". */
function record(i: number, touched: Set<string>): CslItem {
  const id = `lazy${i}`;
  const fields: Record<string, unknown> = {
    id,
    type: 'article-journal',
    title: `Capillary leak study ${i}`,
    author: [{ family: `Author${i}`, given: 'A' }],
    'container-title': 'J Test',
    issued: { 'date-parts': [[2000 + (i % 20)]] },
    volume: String(i + 1),
    page: '1-9',
  };
  return new Proxy(fields, {
    get(target, property, receiver) {
      if (property !== 'id') touched.add(id);
      return Reflect.get(target, property, receiver);
    },
    ownKeys(target) {
      touched.add(id);
      return Reflect.ownKeys(target);
    },
  }) as CslItem;
}

test('formatting one record of 2,000 makes that record\'s item only; every key is still known', () => {
  const touched = new Set<string>();
  const records = Array.from({ length: 2000 }, (_, i) => record(i, touched));
  const f = new CitationFormatter(records, load);
  const entry = f.reference('lazy1234', AMA);
  assert.match(entry, /Author1234 A\. Capillary leak study 1234\. J Test/, entry);
  assert.deepEqual([...touched], ['lazy1234']);
  assert.throws(() => f.reference('nosuchkey', AMA), /Unknown citation key: nosuchkey/);
  assert.match(f.bibliography(['lazy7', 'lazy1234'], AMA)[0], /Author7 A\./);
});
