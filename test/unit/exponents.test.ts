// Exponents are never renumbered as citations: a superscript right after a unit, a symbol or a
// single letter is the writer's exponent, and where it could be either the engine refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEdits, planAdoption, planConversion, planInsertion, planListUpdate, readDraft, scanDocument, type CitationContext } from '../../src/core/manuscript';

const KEYS = ['clarkson1960', 'marks1973', 'druey2010'];
const ctx: CitationContext = { knownKeys: new Set(KEYS), style: 'ama', formatEntries: (keys) => keys.map((k) => `Title of ${k}`) };
const md: CitationContext = { ...ctx, markup: 'markdown' };
const plain: CitationContext = { ...ctx, markup: 'plain' };
const mdList = (keys: string[]) =>
  `<!-- iscls-references style=ama keys=${keys.join(',')} -->\n${keys.map((k, i) => `${i + 1}. Title of ${k}\n`).join('')}<!-- /iscls-references -->\n`;
const plainList = (keys: string[]) =>
  `[iscls-references style=ama keys=${keys.join(',')}]\n${keys.map((k, i) => `${i + 1}. Title of ${k}\n`).join('')}[/iscls-references]\n`;
const update = (text: string, c: CitationContext) => applyEdits(text, planListUpdate(text, 'numeric', c, { create: true }));
const raws = (text: string, c: CitationContext) => scanDocument(text, 'numeric', { knownKeys: c.knownKeys, markup: c.markup }).markers.map((m) => m.raw);

test('compound units: kg/m<sup>2</sup> and mg/m^2^ are exponents, never renumbered', () => {
  const doc = `Obesity, BMI over 30 kg/m<sup>2</sup> [2], dose 375 mg/m^2^ weekly [1].\n\n${mdList(['clarkson1960', 'marks1973'])}`;
  assert.deepEqual(raws(doc, md), ['[2]', '[1]']);
  const t = update(doc, md);
  assert.ok(t.startsWith('Obesity, BMI over 30 kg/m<sup>2</sup> [1], dose 375 mg/m^2^ weekly [2].'), t);
  // Superscript citations elsewhere do not make the exponents citations either.
  const sup = `Shock.^2^ BMI 30 kg/m<sup>2</sup> and 375 mg/m^2^.^1^\n\n${mdList(['clarkson1960', 'marks1973'])}`;
  assert.deepEqual(raws(sup, md), ['^2^', '^1^']);
  assert.ok(update(sup, md).startsWith('Shock.^1^ BMI 30 kg/m<sup>2</sup> and 375 mg/m^2^.^2^'));
});

test('a superscript right after a single letter is not a citation of a bracket document: x^2^ capillary [1] in plain text', () => {
  const doc = `Fit x^2^ capillary [2] and r<sup>2</sup> [1].\n\n${plainList(['clarkson1960', 'marks1973'])}`;
  assert.deepEqual(raws(doc, plain), ['[2]', '[1]']);
  assert.ok(update(doc, plain).startsWith('Fit x^2^ capillary [1] and r<sup>2</sup> [2].'));
  // In a document citing by superscript, χ^2^ or "hepatitis B^1^" could be either: refused, not renumbered.
  const sup = `Shock.^2^ The χ^2^ test.^1^\n\n${mdList(['clarkson1960', 'marks1973'])}`;
  assert.throws(() => update(sup, md), /superscript in χ\^2\^ on line 1 .*could be an exponent or a citation/);
  // A unit word with no number before it: "per mm^3^", "cells/µL^2^".
  assert.deepEqual(raws('Cells per mm^3^ and per µL^2^ [1].', plain), ['[1]']);
});

test('a superscript after a word, punctuation or a year is still a citation (AMA), and several numbers always are', () => {
  const doc = `Clarkson disease^1^ and et al^2^ occurs.^1^ In 1960^2^ "shock"^1^ x^1,2^\n\n${mdList(['clarkson1960', 'marks1973'])}`;
  assert.deepEqual(raws(doc, md), ['^1^', '^2^', '^1^', '^2^', '^1^', '^1,2^']);
});

test('insertion next to an exponent renumbers the citations only', () => {
  const doc = `Dose 375 mg/m^2^ [1]. BMI 30 kg/m<sup>2</sup>.\n\n${mdList(['clarkson1960', 'marks1973'])}`;
  const t = applyEdits(doc, planInsertion(doc, 'numeric', [4], ['druey2010'], md).edits);
  assert.ok(t.startsWith('Dose [1] 375 mg/m^2^ [2]. BMI 30 kg/m<sup>2</sup>.'), t);
  // A new superscript is never written where it would read as an exponent.
  assert.throws(
    () => planInsertion('Fit of x', 'numeric', [8], ['druey2010'], { ...md, numericMarker: 'superscript' }),
    /would not read back as written/,
  );
});

test('conversion to superscripts keeps the space where the superscript would read as an exponent', () => {
  const doc = 'Dose 10 [@marks1973], hepatitis B [@clarkson1960] and shock [@marks1973].\n';
  const t = applyEdits(doc, planConversion(doc, 'pandoc', 'numeric', { ...md, numericMarker: 'superscript' }).edits);
  assert.ok(t.startsWith('Dose 10 ^1^, hepatitis B ^2^ and shock^1^.'), t);
});

test('Adopt leaves exponents alone', () => {
  const doc = 'BMI over 30 kg/m<sup>2</sup> [2] and x^2^ shock [1].\n\nReferences\n\n1. Clarkson B. Cyclical edema.\n2. Marks J. Capillary leak.\n';
  const draft = readDraft(doc, [], 'markdown');
  assert.deepEqual([...draft.cited].sort(), [1, 2]);
  const t = applyEdits(doc, planAdoption(doc, draft, ['clarkson1960', 'marks1973'], md).edits);
  assert.ok(t.startsWith('BMI over 30 kg/m<sup>2</sup> [1] and x^2^ shock [2].'), t);
});

test('in doubt (a superscript right after a symbol in a document citing by superscript) the engine refuses', () => {
  const doc = `Shock.^1^ The term (a+b)^2^ grows.\n\n${mdList(['clarkson1960', 'marks1973'])}`;
  assert.throws(() => update(doc, md), /\(a\+b\)\^2\^ on line 1.*exponent or a citation.*nothing was changed/);
  assert.throws(() => readDraft(`Shock.^1^ The term (a+b)^2^.\n\n1. Clarkson B.\n2. Marks J.\n`, [], 'markdown'), /\(a\+b\)\^2\^.*exponent or a citation/);
  // A document citing with brackets only: the superscript is not one of its citations.
  const brackets = `Shock [1]. The term (a+b)^2^ grows.\n\n${mdList(['clarkson1960', 'marks1973'])}`;
  assert.deepEqual(raws(brackets, md), ['[1]']);
  assert.equal(update(brackets, md).slice(0, 40), brackets.slice(0, 40));
});

test('iscls bib --format numeric keeps kg/m<sup>2</sup>, mg/m^2^ and x^2^ as written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iscls-exp-'));
  const file = join(dir, 'doc.md');
  writeFileSync(file, `BMI 30 kg/m<sup>2</sup> [2], dose 375 mg/m^2^, x^2^ capillary [1].\n\n${mdList(['clarkson1960', 'marks1973'])}`);
  const r = spawnSync(process.execPath, [join(__dirname, '..', '..', '..', 'dist', 'cli.js'), 'bib', file, '--format', 'numeric'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.startsWith('BMI 30 kg/m<sup>2</sup> [1], dose 375 mg/m^2^, x^2^ capillary [2].'), r.stdout);
});
