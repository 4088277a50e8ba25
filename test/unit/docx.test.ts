// `iscls docx` as a writer runs it: the .docx pandoc writes is opened (word/document.xml) and its in-text
// numbers and every list entry are checked against our own `bib` output for the same style.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { expand, iscls, needsPandoc, paragraphs, tempDir } from './docxFile';
import { scanDocument } from '../../src/core/manuscript';
import { loadKnowledgeBase } from '../../src/node/dataFiles';

const root = join(__dirname, '..', '..', '..');
const fixture = join(root, 'test', 'fixtures', 'manuscripts', 'review.md');
const kb = loadKnowledgeBase(join(root, 'data'));

/** The list entries of `iscls bib FILE --style S` (our own rendering), without their numbers. */
function ourList(file: string, style: string): { keys: string[]; entries: string[] } {
  const out = iscls('bib', file, '--style', style);
  assert.equal(out.code, 0, out.stderr);
  const keys = /keys=(\S*)/.exec(out.stdout)![1].split(',');
  const entries = [...out.stdout.matchAll(/^\d+\. (.*)$/gm)].map((m) => m[1]);
  return { keys, entries };
}

/** Expected in-text numbers: each citation's keys as positions in our list, sorted. */
function expectedNumbers(file: string, keys: string[]): number[][] {
  const scan = scanDocument(readFileSync(file, 'utf8'), 'pandoc', { knownKeys: kb.keys() });
  return scan.markers.map((m) => [...new Set(m.keys.map((k) => keys.indexOf(k) + 1))].sort((a, b) => a - b));
}

for (const [style, inText] of [
  ['american-medical-association', 'superscript'],
  ['vancouver', 'parentheses'],
] as const) {
  test(`${style}: the .docx has our in-text numbers and exactly our reference list, once`, needsPandoc, async () => {
    const out = join(tempDir(), 'review.docx');
    const run = iscls('docx', fixture, '--out', out, '--style', style);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /wrote .*review\.docx \(pandoc [\d.]+, 8 references/);
    const paras = await paragraphs(out);
    const { keys, entries } = ourList(fixture, style);
    // The list: exactly our entries, in our order, numbered 1..n, and no second list.
    const listed = paras.filter((p) => /^\d+\.\s/.test(p.text));
    assert.deepEqual(listed.map((p) => p.text.replace(/^\d+\.\s*/, '').trim()), entries);
    assert.deepEqual(listed.map((p) => Number(/^\d+/.exec(p.text)![0])), entries.map((_, i) => i + 1));
    assert.ok(paras.every((p) => !p.text.includes('iscls-references')));
    // The list stands where the managed list stood: right after the "References" heading.
    const heading = paras.findIndex((p) => p.text === 'References');
    assert.equal(paras.indexOf(listed[0]), heading + 1);
    // In-text numbers: our numbering, citation by citation.
    const body = paras.slice(0, heading);
    const found =
      inText === 'superscript'
        ? body.flatMap((p) => p.superscripts)
        : body.flatMap((p) => [...p.text.matchAll(/\((\d[\d,\u2013-]*)\)/g)].map((m) => m[1]));
    assert.deepEqual(found.map(expand), expectedNumbers(fixture, keys));
    if (inText === 'parentheses') assert.ok(body.every((p) => p.superscripts.length === 0));
  });
}

test('a numeric document is converted as written: its numbers and its one list', needsPandoc, async () => {
  const dir = tempDir();
  const file = join(dir, 'numeric.md');
  writeFileSync(
    file,
    'First described in 1960.^1^ A registry followed.^2,3^\n\n' +
      '<!-- iscls-references style=american-medical-association keys=clarkson1960,gousseff2011,kapoor2010 -->\n<!-- /iscls-references -->\n',
  );
  assert.equal(iscls('bib', file, '--format', 'numeric', '--write').code, 0);
  const out = join(dir, 'numeric.docx');
  const run = iscls('docx', file, '--out', out, '--format', 'numeric');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /numbers as written/);
  const paras = await paragraphs(out);
  assert.deepEqual(paras.flatMap((p) => p.superscripts), ['1', '2,3']);
  assert.equal(paras.filter((p) => /Clarkson B, Thompson D/.test(p.text)).length, 1);
});

test('the sample manuscript (one citation, no list yet) gets its one entry at the end', needsPandoc, async () => {
  const dir = tempDir();
  const file = join(dir, 'manuscript.md');
  copyFileSync(join(root, 'test', 'fixtures', 'manuscripts', 'manuscript.md'), file);
  const run = iscls('docx', file);
  assert.equal(run.code, 0, run.stderr);
  const paras = await paragraphs(join(dir, 'manuscript.docx'));
  assert.deepEqual(paras.flatMap((p) => p.superscripts), ['1']);
  const listed = paras.filter((p) => /^\d+\.\s/.test(p.text));
  assert.equal(listed.length, 1);
  assert.equal(paras[paras.length - 1], listed[0]);
  assert.match(listed[0].text, /^1\.\s+Clarkson B, Thompson D, Horwith M, Luckey EH\. Cyclical edema/);
});

test('bad input: no citations is a note; no pandoc, an unwritable folder, a missing reference doc are one-line errors, nothing written', needsPandoc, async () => {
  const dir = tempDir();
  const plain = join(dir, 'plain.md');
  writeFileSync(plain, '# Notes\n\nNo citations here.\n');
  const none = iscls('docx', plain);
  assert.equal(none.code, 0, none.stderr);
  assert.match(none.stderr, /cites no reference: converted without a reference list/);
  assert.ok(existsSync(join(dir, 'plain.docx')));

  const before = readdirSync(dir).sort();
  const missing = iscls('docx', fixture, '--out', join(dir, 'x.docx'), '--pandoc', join(dir, 'no-such-pandoc'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^iscls: pandoc was not found .* Install pandoc 2\.11 or later/);
  assert.equal(missing.stderr.trim().split('\n').length, 1);

  const noFolder = iscls('docx', fixture, '--out', join(dir, 'missing', 'x.docx'));
  assert.equal(noFolder.code, 2);
  assert.match(noFolder.stderr, /^iscls: Cannot write .*the folder .* does not exist\.\n$/);

  const badRef = iscls('docx', fixture, '--out', join(dir, 'x.docx'), '--reference-doc', join(dir, 'template.docx'));
  assert.equal(badRef.code, 2);
  assert.match(badRef.stderr, /reference document .*template\.docx does not exist/);
  assert.deepEqual(readdirSync(dir).sort(), before);

  if (process.getuid?.() !== 0) {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const denied = iscls('docx', fixture, '--out', join(locked, 'x.docx'));
    assert.equal(denied.code, 2);
    assert.match(denied.stderr, /permission denied/);
  }
});

test('pandoc failing (a reference doc that starts as a zip but is none) is one line, pandoc\'s stderr before it, nothing written', needsPandoc, () => {
  const dir = tempDir();
  const template = join(dir, 'template.docx');
  writeFileSync(template, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('not a zip')]));
  const out = join(dir, 'x.docx');
  const run = iscls('docx', fixture, '--out', out, '--reference-doc', template);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /\niscls: pandoc failed: .+\n$/);
  assert.ok(!existsSync(out));
  assert.deepEqual(readdirSync(dir), ['template.docx']);
});

test('a journal template (--reference-doc) is used: its styles come into the .docx', needsPandoc, async () => {
  const dir = tempDir();
  const template = join(dir, 'journal.docx');
  const made = spawnSync('pandoc', ['-o', template, '--print-default-data-file', 'reference.docx']);
  assert.equal(made.status, 0);
  const zip = await JSZip.loadAsync(readFileSync(template));
  const styles = await zip.file('word/styles.xml')!.async('string');
  zip.file('word/styles.xml', styles.replace(/w:styleId="Title">/, 'w:styleId="Title"><w:aliases w:val="ISCLS-JOURNAL-TEMPLATE"/>'));
  writeFileSync(template, await zip.generateAsync({ type: 'nodebuffer' }));
  const out = join(dir, 'review.docx');
  assert.equal(iscls('docx', fixture, '--out', out, '--reference-doc', template).code, 0);
  const result = await JSZip.loadAsync(readFileSync(out));
  assert.match(await result.file('word/styles.xml')!.async('string'), /ISCLS-JOURNAL-TEMPLATE/);
});
