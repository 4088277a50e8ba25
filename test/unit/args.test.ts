// The one argument parser of the commands: the same forms are accepted everywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { reviewResolver } from '../../src/core/manuscript/resolver';
import { referenceArg, sectionArg, termArg } from '../../src/vscode/shared/args';
import { loadKnowledgeBase } from '../../src/node/dataFiles';

const kb = loadKnowledgeBase(join(__dirname, '..', '..', '..', 'data'));
const resolver = reviewResolver(kb.references);

test('a reference is named by key, @key, number, "#number", a tree item or a reference object', () => {
  for (const arg of ['clarkson1960', '@clarkson1960', ' clarkson1960 ', 1, '1', '#1', { kind: 'reference', key: 'clarkson1960' }, { reference: { 'citation-key': 'clarkson1960' } }, kb.reference('clarkson1960')]) {
    assert.deepEqual(referenceArg(arg, kb, resolver), { kind: 'ok', value: 'clarkson1960' }, JSON.stringify(arg));
  }
  assert.deepEqual(referenceArg(14, kb, resolver), { kind: 'ok', value: kb.referenceByNumber(14)!['citation-key'] });
  assert.deepEqual(referenceArg(undefined, kb, resolver), { kind: 'none' });
  assert.equal(referenceArg('nokey2099', kb, resolver).kind, 'invalid');
  assert.equal(referenceArg(999, kb, resolver).kind, 'invalid');
  assert.equal(referenceArg({ kind: 'section', id: 'overview' }, kb, resolver).kind, 'invalid');
});

test('a term or a section is named by its id or an object carrying it', () => {
  assert.deepEqual(termArg('hemoconcentration', kb), { kind: 'ok', value: 'hemoconcentration' });
  assert.deepEqual(termArg({ term: { id: 'hemoconcentration' } }, kb), { kind: 'ok', value: 'hemoconcentration' });
  assert.equal(termArg('overview', kb).kind, 'invalid');
  assert.deepEqual(sectionArg({ kind: 'section', id: 'overview' }, kb), { kind: 'ok', value: 'overview' });
  assert.deepEqual(sectionArg(null, kb), { kind: 'none' });
});
