// `iscls convert` and the refusal that replaced `bib --format numeric` emptying a pandoc list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

function iscls(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'iscls-convert-')), name);
  writeFileSync(file, content);
  return file;
}

const DRAFT = 'First described in 1960 [@clarkson1960]; a French cohort [see @gousseff2011, p. 464] and a review [@druey2010].\n';

test('bib --format numeric on a pandoc document refuses and names the conversion (it used to write keys=)', () => {
  const file = tempFile('paper.md', DRAFT);
  const listed = iscls('bib', file, '--write');
  assert.equal(listed.code, 0);
  const before = readFileSync(file, 'utf8');
  assert.match(before, /keys=clarkson1960,gousseff2011,druey2010 -->/);
  const { code, stderr } = iscls('bib', file, '--format', 'numeric', '--write');
  assert.equal(code, 2);
  assert.match(stderr, /cites with pandoc markers \(3\), not numeric ones.*iscls convert .*paper\.md --to numeric --write/);
  assert.equal(readFileSync(file, 'utf8'), before);
});

test('convert --to numeric, then back to pandoc, then numeric again: the same numeric document', () => {
  const file = tempFile('paper.md', DRAFT);
  assert.equal(iscls('bib', file, '--write').code, 0);
  const toNumeric = iscls('convert', file, '--to', 'numeric', '--marker', 'superscript', '--write');
  assert.equal(toNumeric.code, 0, toNumeric.stderr);
  assert.match(toNumeric.stderr, /converted 3 citations from pandoc to numeric, reference list rewritten/);
  const numeric = readFileSync(file, 'utf8');
  assert.match(numeric, /^First described in 1960\^1\^; a French cohort see\^2\(p464\)\^ and a review\.\^3\^/);
  assert.match(numeric, /^1\. Clarkson B, Thompson D, Horwith M, Luckey EH\. Cyclical edema and shock/m);
  // A .md file whose citations are numbers is read as numeric without --format.
  assert.equal(iscls('convert', file, '--to', 'pandoc', '--write').code, 0);
  assert.match(readFileSync(file, 'utf8'), /^First described in 1960 \[@clarkson1960\]; a French cohort see \[@gousseff2011, p\. 464\]/);
  assert.equal(iscls('convert', file, '--to', 'numeric', '--marker', 'superscript', '--write').code, 0);
  assert.equal(readFileSync(file, 'utf8'), numeric);
  // Printed (no --write) LaTeX: a thebibliography list.
  const latex = iscls('convert', file, '--to', 'latex');
  assert.match(latex.stdout, /1960~\\cite\{clarkson1960\}; a French cohort see~\\cite\[p\. 464\]\{gousseff2011\}/);
  assert.match(latex.stdout, /\\begin\{thebibliography\}\{99\}\n\\bibitem\{clarkson1960\}/);
});

test('convert refuses numbers without a list, and bad --to', () => {
  const file = tempFile('typed.txt', 'Seen in two patients [1].\n');
  const typed = iscls('convert', file, '--to', 'pandoc');
  assert.equal(typed.code, 2);
  assert.match(typed.stderr, /no managed reference list/);
  assert.equal(iscls('convert', file, '--to', 'word').code, 2);
});

test('convert --to numeric on a numeric file normalises its markers to the style form; numbers and text kept', () => {
  const file = tempFile('paper.md', DRAFT);
  assert.equal(iscls('convert', file, '--to', 'numeric', '--marker', 'superscript', '--write').code, 0);
  const superscript = readFileSync(file, 'utf8');
  assert.match(superscript, /in 1960\^1\^; a French cohort see\^2\(p464\)\^ and a review\.\^3\^\n/);
  const toBrackets = iscls('convert', file, '--to', 'numeric', '--style', 'vancouver', '--write');
  assert.equal(toBrackets.code, 0, toBrackets.stderr);
  assert.match(toBrackets.stderr + toBrackets.stdout, /normalised 3 citation markers/);
  const brackets = readFileSync(file, 'utf8');
  assert.match(brackets, /in 1960 \[1\]; a French cohort see \[2\(p464\)\] and a review\.\[3\]\n/);
  assert.equal(brackets.slice(brackets.indexOf('<!--')), superscript.slice(superscript.indexOf('<!--')), 'the list is untouched');
  assert.equal(iscls('convert', file, '--to', 'numeric', '--marker', 'superscript', '--write').code, 0);
  assert.equal(readFileSync(file, 'utf8'), superscript, 'and back');
});
