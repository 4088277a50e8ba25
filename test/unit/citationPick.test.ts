// The citation pick's decisions (Zotero Quick Format style) and the ranking the pick shows: first
// authors before co-authors of the same name, given names found, stale rankings never shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CitationDraft, enterAction, LatestQuery, rankedKeys } from '../../src/core/search/citationPick';
import { KnowledgeSearch } from '../../src/core/search/search';
import { givenInitials, vancouverName, vancouverNames } from '../../src/core/presentation/labels';
import type { Reference } from '../../src/core/types';

test('Enter on a reference row adds it; on the Insert row (or an empty filter) inserts what was built', () => {
  assert.deepEqual(enterAction({ key: 'amoura1997' }, [], 'amoura'), { kind: 'add', key: 'amoura1997' });
  assert.deepEqual(enterAction({ key: 'druey2010' }, ['amoura1997'], ''), { kind: 'add', key: 'druey2010' });
  assert.deepEqual(enterAction({ action: 'insert' }, ['amoura1997', 'druey2010'], ''), { kind: 'insert', keys: ['amoura1997', 'druey2010'] });
  assert.deepEqual(enterAction(undefined, ['amoura1997'], ''), { kind: 'insert', keys: ['amoura1997'] });
  assert.deepEqual(enterAction(undefined, ['amoura1997'], 'dru'), { kind: 'none' }, 'a row of an older list names nothing');
  assert.deepEqual(enterAction(undefined, [], ''), { kind: 'none' });
  assert.deepEqual(enterAction({ action: 'removeLast' }, ['a', 'b'], ''), { kind: 'removeLast' });
  assert.deepEqual(enterAction({ action: 'noMatch' }, [], 'zzz'), { kind: 'openLibrarySetting' });
  assert.deepEqual(enterAction({ action: 'noMatch' }, ['a'], 'zzz'), { kind: 'none' }, 'a citation under way is not thrown away');
});

test('the citation being built keeps the order of adding, each work once, and drops the last on request', () => {
  const draft = new CitationDraft();
  assert.equal(draft.add('b'), true);
  assert.equal(draft.add('a'), true);
  assert.equal(draft.add('b'), false);
  assert.deepEqual(draft.keys, ['b', 'a']);
  assert.equal(draft.removeLast(), 'a');
  assert.deepEqual(draft.keys, ['b']);
});

test('rankedKeys: the typed number leads, each key once, only showable keys', () => {
  assert.deepEqual(rankedKeys(['x', 'y', 'x', 'z'], 'y', (k) => k !== 'z'), ['y', 'x']);
  assert.deepEqual(rankedKeys(['x'], undefined, () => true), ['x']);
});

test('LatestQuery: a ranking finished after a newer query began is dropped; a query already shown is not ranked again', () => {
  const latest = new LatestQuery();
  latest.shown('');
  assert.equal(latest.begin(''), undefined, "VS Code's echo of the empty filter");
  const older = latest.begin('am')!;
  const newer = latest.begin('amo')!;
  assert.equal(latest.commit(older, 'am'), false);
  assert.equal(latest.commit(newer, 'amo'), true);
  assert.equal(latest.begin('amo'), undefined);
  const again = latest.begin('amou')!;
  latest.shown(''); // the pick cleared the filter meanwhile
  assert.equal(latest.commit(again, 'amou'), false);
});

test('names in Vancouver form: initials from given names, literal names as they are', () => {
  assert.equal(givenInitials('Marie'), 'M');
  assert.equal(givenInitials('E. H.'), 'EH');
  assert.equal(givenInitials('Jean-Pierre'), 'JP');
  assert.equal(givenInitials('KM'), 'KM');
  assert.equal(givenInitials('Kirk M.'), 'KM');
  assert.equal(givenInitials('Élodie'), 'É');
  assert.equal(vancouverName({ family: 'Gousseff', given: 'Marie' }), 'Gousseff M');
  assert.equal(vancouverName({ literal: 'World Health Organization' }), 'World Health Organization');
  assert.equal(vancouverNames([{ family: 'Gousseff', given: 'Marie' }, { family: 'Arnaud', given: 'Laurent' }]), 'Gousseff M, Arnaud L');
  assert.equal(vancouverNames([{ family: 'A', given: 'B' }, { family: 'C' }, { family: 'D' }], false, 2), 'A B, C, et al.');
  assert.equal(vancouverNames([], true), '');
});

const references = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../data/references.json'), 'utf8')) as Reference[];
const search = new KnowledgeSearch({ references, sections: [], terms: [] });
const top = (q: string) => search.search(q, { kinds: ['reference'], limit: 500 })[0]?.id;
const byKey = new Map(references.map((r) => [r['citation-key'] ?? r.id, r]));

test('a first author outranks a co-author of the same name (amoura → Amoura 1997, not Gousseff 2009)', () => {
  assert.equal(byKey.get(top('amoura')!)?.author?.[0]?.family, 'Amoura');
  // Every first author of the 72: the top row is a paper they wrote first.
  for (const ref of references) {
    const family = ref.author?.[0]?.family;
    if (!family) continue;
    const hit = byKey.get(top(family)!);
    assert.equal(hit?.author?.[0]?.family, family, `"${family}" tops with ${hit?.['citation-key']}`);
  }
});

test('given names are searched too, below family names ("robichaud jasmine")', () => {
  const library = new KnowledgeSearch({ references: [], sections: [], terms: [] });
  const item = (id: string, author: { family: string; given: string }[], title: string) => ({ key: id, source: 'refs.bib', item: { id, type: 'article-journal', author, title, issued: { 'date-parts': [[2020]] } } });
  library.setReferences([
    item('robichaud2020', [{ family: 'Robichaud', given: 'Jasmine' }, { family: 'Lee', given: 'Paul' }], 'Capillary leak after vaccination'),
    item('jasmine2019', [{ family: 'Jasmine', given: 'Anna' }], 'Another paper'),
  ]);
  const ids = (q: string) => library.search(q, { kinds: ['reference'] }).map((h) => h.id);
  assert.deepEqual(ids('robichaud jasmine'), ['robichaud2020']);
  assert.deepEqual(ids('jasmine'), ['jasmine2019', 'robichaud2020'], 'a family name before a given name');
  assert.deepEqual(ids('paul'), ['robichaud2020']);
});
