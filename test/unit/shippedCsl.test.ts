// The shipped styles are the official .csl files vendored in vendor/csl/: the build turns each into the
// tree citeproc-js formats with and ships the file itself for pandoc and the Export command; pandoc (an
// independent CSL processor) renders our exported CSL-JSON with that .csl as our list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { XmlJsonNode } from '../../src/core/format/citationTypes';
import { CitationFormatter } from '../../src/core/format/citations';
import { correctionFilter, correctionsFor } from '../../src/node/pandocFilter';
import { loadKnowledgeBase } from '../../src/node/dataFiles';

const root = join(__dirname, '..', '..', '..');
const cslDir = join(root, 'dist', 'csl');
const vendor = join(root, 'vendor', 'csl');
const cli = join(root, 'dist', 'cli.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CSL = require('citeproc') as { parseXml(xml: string): XmlJsonNode };

const load = (file: string) => JSON.parse(readFileSync(join(cslDir, file), 'utf8'));
const kb = loadKnowledgeBase(join(root, 'data'));
const styles = load('styles.json') as { id: string; label: string }[];
const hasPandoc = spawnSync('pandoc', ['--version']).status === 0;
const needsPandoc = { skip: !hasPandoc && !process.env.CI ? 'pandoc is not installed (npm run setup installs it)' : false };

/**
 * citeproc's parser keeps whitespace-only text between elements and the namespace; the shipped trees
 * have neither, and of `<info>` only the categories (the .csl beside them has the whole block).
 */
function shipped(node: XmlJsonNode): XmlJsonNode {
  const elements = node.children.some((c) => typeof c !== 'string');
  const kept = node.children.filter((c) => !(elements && typeof c === 'string' && c.trim() === '') && (node.name !== 'info' || (typeof c !== 'string' && c.name === 'category')));
  return {
    name: node.name,
    attrs: Object.fromEntries(Object.entries(node.attrs).filter(([k]) => k !== 'xmlns')),
    children: kept.map((c) => (typeof c === 'string' ? c : shipped(c))),
  };
}

test('every shipped style and locale is a vendored official file, and nothing else is shipped', () => {
  const vendored = readdirSync(join(vendor, 'styles')).map((f) => f.replace(/\.csl$/, '')).sort();
  assert.deepEqual(styles.map((s) => s.id).sort(), vendored);
  for (const file of readdirSync(cslDir).filter((f) => f.startsWith('locales-'))) {
    const xml = readFileSync(join(vendor, 'locales', file.replace(/\.json$/, '.xml')), 'utf8');
    assert.deepEqual(load(file), shipped(CSL.parseXml(xml)), file);
  }
});

for (const { id } of styles) {
  test(`${id}: dist/csl holds the official .csl unchanged and the tree citeproc-js reads from it`, () => {
    const xml = readFileSync(join(vendor, 'styles', `${id}.csl`), 'utf8');
    assert.match(xml, /<rights license="http:\/\/creativecommons.org\/licenses\/by-sa\/3.0\/">/);
    assert.equal(readFileSync(join(cslDir, `${id}.csl`), 'utf8'), xml);
    assert.equal(iscls('styles', id, '--csl'), xml);
    assert.deepEqual(load(`${id}.json`), shipped(CSL.parseXml(xml)));
  });
}

test('citeproc-js formats all 72 references identically from the .csl and from the shipped tree', () => {
  const keys = kb.references.map((r) => r.id);
  for (const id of ['american-medical-association', 'vancouver', 'apa']) {
    const xml = readFileSync(join(cslDir, `${id}.csl`), 'utf8');
    const fromTree = new CitationFormatter([...kb.references], load);
    const fromXml = new CitationFormatter([...kb.references], (f) => (f === `${id}.json` ? xml : load(f)), { precomputed: false });
    assert.deepEqual(fromXml.bibliography(keys, id, 'html'), fromTree.bibliography(keys, id, 'html'), id);
  }
});

/** pandoc's bibliography entries (text, without the number column) by citation key. */
function pandocEntries(style: string, data: string, filter?: string): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'iscls-csl-'));
  const doc = join(dir, 'doc.md');
  writeFileSync(doc, kb.references.map((r) => `Text [@${r.id}].`).join('\n\n') + '\n');
  writeFileSync(join(dir, 'style.csl'), iscls('styles', style, '--csl'));
  writeFileSync(join(dir, 'refs.json'), data);
  const args = ['--citeproc', '--csl', join(dir, 'style.csl'), '--bibliography', join(dir, 'refs.json'), '-M', 'link-bibliography=false', '-t', 'html', '--wrap=none'];
  if (filter) {
    writeFileSync(join(dir, 'fix.lua'), filter);
    args.push('--lua-filter', join(dir, 'fix.lua'));
  }
  const result = spawnSync('pandoc', [...args, doc], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const text = (s: string) =>
    s.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim();
  const entries = new Map<string, string>();
  for (const m of result.stdout.matchAll(/<div id="ref-([^"]+)" class="csl-entry"[^>]*>([\s\S]*?)<\/div>\s*(?=<div id="ref-|<\/div>)/g)) {
    const body = /<div class="csl-right-inline">([\s\S]*)/.exec(m[2])?.[1] ?? m[2];
    entries.set(m[1], text(body));
  }
  return entries;
}

function iscls(...args: string[]): string {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

for (const style of ['american-medical-association', 'vancouver', 'apa']) {
  test(`${style}: pandoc renders the exported CSL-JSON with the exported .csl as our list, entry by entry`, needsPandoc, () => {
    const data = iscls('export', '--all', '--to', 'csljson');
    const ours = new CitationFormatter([...kb.references], load).bibliographyEntries(
      kb.references.map((r) => r.id),
      style,
      'text',
    );
    const corrections = correctionsFor(kb.references);
    const corrected = new Set([...corrections.noVolume.map((e) => e.key), ...corrections.truncated]);
    // The .csl and the data alone: every entry our formatter does not correct is identical.
    const plain = pandocEntries(style, data);
    assert.equal(plain.size, kb.references.length);
    for (const { key, entry } of ours) if (!corrected.has(key)) assert.equal(plain.get(key), entry, key);
    // "et al." survives the export: every truncated list ends in "et al." in pandoc's rendering too.
    for (const key of corrections.truncated) assert.match(plain.get(key) ?? '', /et al\./, key);
    // With the corrections our formatter applies (the Word export's filter), every entry is identical.
    const fixed = pandocEntries(style, data, correctionFilter(corrections));
    for (const { key, entry } of ours) assert.equal(fixed.get(key), entry, key);
  });
}
