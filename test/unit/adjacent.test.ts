import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, planInsertion, type CitationContext } from '../../src/core/manuscript';
import type { Convention } from '../../src/core/types';

const KEYS = ['clarkson1960', 'druey2010', 'gousseff2011', 'xie2012', 'amoura1997'];
const ctx = (extra: Partial<CitationContext> = {}): CitationContext => ({
  knownKeys: new Set(KEYS),
  style: 'american-medical-association',
  formatEntries: (keys: string[]) => keys.map((k) => `Entry for ${k}.`),
  ...extra,
});

/** Inserts `key` at the `|` of `marked`; returns the first line of the result. */
function cite(marked: string, conv: Convention, key: string, c = ctx()): string {
  const offset = marked.indexOf('|');
  const text = marked.replace('|', '');
  return applyEdits(text, planInsertion(text, conv, [offset], [key], c).edits).split('\n')[0];
}

const LIST = (keys: string[]) =>
  `\n\n[iscls-references style=american-medical-association keys=${keys.join(',')}]\n${keys.map((k, i) => `${i + 1}. Entry for ${k}.`).join('\n')}\n[/iscls-references]\n`;

test('numeric brackets: after, before, inside and across the full stop merge; ranges stay compressed', () => {
  const list = LIST(['clarkson1960', 'druey2010']);
  assert.equal(cite(`Shock [1,2] |and more.${list}`, 'numeric', 'gousseff2011'), 'Shock [1-3] and more.');
  assert.equal(cite(`Shock| [1,2] and more.${list}`, 'numeric', 'gousseff2011'), 'Shock [1-3] and more.');
  assert.equal(cite(`Shock [1,|2] and more.${list}`, 'numeric', 'gousseff2011'), 'Shock [1-3] and more.');
  assert.equal(cite(`Shock [1,2].| And more.${list}`, 'numeric', 'gousseff2011'), 'Shock [1-3]. And more.');
  // A new sentence is a new citation.
  assert.equal(cite(`Shock [1,2]. |And more.${list}`, 'numeric', 'gousseff2011'), 'Shock [1,2]. [3]And more.');
  // A line break is not adjacency.
  assert.equal(cite(`Shock [1]\n|Next${LIST(['clarkson1960'])}`, 'numeric', 'druey2010'), 'Shock [1]');
});

test('numeric superscripts: across the punctuation AMA puts before them', () => {
  const list = LIST(['clarkson1960', 'druey2010']);
  assert.equal(cite(`Shock|.^1,2^ More.${list}`, 'numeric', 'gousseff2011'), 'Shock.^1-3^ More.');
  assert.equal(cite(`Shock.^1,2^ |More.${list}`, 'numeric', 'gousseff2011'), 'Shock.^1-3^ More.');
  assert.equal(cite(`Shock <sup>1</sup>|, more${LIST(['clarkson1960'])}`, 'numeric', 'druey2010'), 'Shock <sup>1,2</sup>, more');
});

test('pandoc and LaTeX: [@a; @b] and \\cite{a,b}, not two markers', () => {
  assert.equal(cite('Leak [@clarkson1960] |is rare.', 'pandoc', 'druey2010'), 'Leak [@clarkson1960; @druey2010] is rare.');
  assert.equal(cite('Leak| [@clarkson1960] is rare.', 'pandoc', 'druey2010'), 'Leak [@clarkson1960; @druey2010] is rare.');
  assert.equal(cite('Leak [@clarkson1960].|', 'pandoc', 'druey2010'), 'Leak [@clarkson1960; @druey2010].');
  assert.equal(cite('Leak~\\cite{clarkson1960} |is rare.', 'latex', 'druey2010'), 'Leak~\\cite{clarkson1960,druey2010} is rare.');
  // An in-text @key is part of the sentence: a new bracket, not a merge.
  assert.equal(cite('As @clarkson1960 |showed.', 'pandoc', 'druey2010'), 'As @clarkson1960 [@druey2010]showed.');
});
