// The CLI as a user runs it: the built dist/cli.js in a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
/** The built-in works: the review's 72, then the literature update. */
const builtInRecords = JSON.parse(readFileSync(join(root, 'data', 'references.json'), 'utf8')) as { 'authors-truncated'?: boolean; completed?: { author?: unknown[] } }[];
const builtIn = builtInRecords.length;
const truncatedUncompleted = builtInRecords.filter((r) => r['authors-truncated'] && !r.completed?.author).length;

function iscls(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'iscls-cli-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

test('refs lists the built-in references (the 72, then the update) by number and key', () => {
  const { code, stdout } = iscls('refs');
  assert.equal(code, 0);
  const lines = stdout.trimEnd().split('\n');
  assert.equal(lines.length, builtIn);
  assert.match(lines[0], /^1\tclarkson1960\tClarkson 1960\tCyclical edema and shock/);
  assert.match(lines[17], /^18\tlancet1988\tLancet 1988\tTreatment of systemic capillary leak syndrome$/);
});

test('refs --style formats every entry; --json gives the CSL-JSON', () => {
  const formatted = iscls('refs', '--style', 'vancouver');
  assert.equal(formatted.code, 0);
  assert.match(formatted.stdout, /^1\. Clarkson B, Thompson D, Horwith M, Luckey EH\. Cyclical edema/m);
  const json = JSON.parse(iscls('refs', '--json').stdout);
  assert.equal(json.length, builtIn);
  assert.equal(json[3]['citation-key'], 'gousseff2011');
});

test('cite prints the citation in each convention with its references', () => {
  const pandoc = iscls('cite', 'gousseff2011', 'clarkson1960', '--format', 'pandoc');
  assert.equal(pandoc.code, 0);
  assert.equal(pandoc.stdout.split('\n')[0], '[@gousseff2011; @clarkson1960]');
  assert.match(pandoc.stdout, /^1\. Gousseff M, Arnaud L, Lambert M, et al\. The systemic capillary leak syndrome/m);
  assert.equal(iscls('cite', 'gousseff2011', '--format', 'latex').stdout.split('\n')[0], '\\cite{gousseff2011}');
  assert.equal(iscls('cite', 'druey2010', 'xie2012').stdout.split('\n')[0], '[1,2]');
});

test('terms finds ISCLS terms with offsets and concept ids', () => {
  const text = 'Clarkson disease presents with haemoconcentration and an MGUS.\n';
  const file = tempFile('notes.txt', text);
  const { code, stdout } = iscls('terms', file, '--json');
  assert.equal(code, 0);
  const hits = JSON.parse(stdout) as { start: number; end: number; text: string; concept: string }[];
  for (const hit of hits) assert.equal(text.slice(hit.start, hit.end), hit.text);
  const found = hits.map((h) => h.text.toLowerCase());
  assert.ok(found.includes('haemoconcentration'));
  assert.ok(hits.some((h) => h.text === 'MGUS'));
});

test('bib renumbers a numeric manuscript and --write replaces it atomically and idempotently', () => {
  const original = 'Attacks can be fatal [@gousseff2011].\n';
  const file = tempFile('draft.md', original);
  const printed = iscls('bib', file);
  assert.equal(printed.code, 0);
  assert.ok(printed.stdout.startsWith(original), 'the prose is untouched');
  assert.match(printed.stdout, /Gousseff M, Arnaud L, Lambert M, et al\./);
  assert.equal(readFileSync(file, 'utf8'), original, 'without --write the file is unchanged');
  assert.equal(iscls('bib', file, '--write').code, 0);
  const written = readFileSync(file, 'utf8');
  assert.equal(written, printed.stdout);
  assert.equal(iscls('bib', file, '--write').code, 0);
  assert.equal(readFileSync(file, 'utf8'), written, 'a second run changes nothing');
  assert.deepEqual(readdirSync(join(file, '..')), ['draft.md'], 'no temporary file is left behind');
});

test('export writes BibTeX of the cited references, or of all', () => {
  const file = tempFile('paper.tex', 'As shown \\cite{clarkson1960,xie2012}.\n');
  const { code, stdout } = iscls('export', file, '--to', 'bibtex');
  assert.equal(code, 0);
  assert.equal((stdout.match(/^@article\{/gm) ?? []).length, 2);
  assert.match(stdout, /@article\{clarkson1960,/);
  const all = iscls('export', '--all', '--to', 'ris');
  assert.equal((all.stdout.match(/^TY {2}- /gm) ?? []).length, builtIn);
  const yaml = iscls('export', '--all', '--to', 'cslyaml');
  assert.equal(yaml.code, 0);
  assert.equal((yaml.stdout.match(/^- id: /gm) ?? []).length, builtIn);
  // "et al." where the review printed it and no record completed the list.
  assert.equal((yaml.stdout.match(/^ {4}- literal: "et al\."$/gm) ?? []).length, truncatedUncompleted);
});

test('search finds references by author with diacritics folded', () => {
  const { code, stdout } = iscls('search', 'svensjo', '--json');
  assert.equal(code, 0);
  const hits = JSON.parse(stdout) as { kind: string; id: string }[];
  assert.deepEqual(hits[0], { ...hits[0], kind: 'reference', id: 'svensjo1982' });
});

test('bad input: one line on stderr, exit code 2, nothing written', () => {
  const cases: string[][] = [
    ['cite', 'nosuchkey'],
    ['cite', 'clarkson1960', '--style', 'no-such-style'],
    ['terms', '/no/such/file.md'],
    ['bib'],
    ['export', '--all', '--to', 'docx'],
    ['frobnicate'],
    ['refs', '--bogus'],
  ];
  for (const args of cases) {
    const { code, stdout, stderr } = iscls(...args);
    assert.equal(code, 2, args.join(' '));
    assert.equal(stdout, '', args.join(' '));
    assert.equal(stderr.trimEnd().split('\n').length, 1, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, /^iscls: /);
  }
  const file = tempFile('keep.md', 'Mine [@clarkson1960].\n');
  assert.equal(iscls('bib', file, '--style', 'nope', '--write').code, 2);
  assert.equal(readFileSync(file, 'utf8'), 'Mine [@clarkson1960].\n');
});

test('bib --style apa lists a pandoc manuscript alphabetically; numeric manuscripts keep first appearance', () => {
  const file = tempFile('apa.md', 'Later work [@xie2012] built on the first report [@clarkson1960].\n');
  const { code, stdout } = iscls('bib', file, '--style', 'apa');
  assert.equal(code, 0);
  assert.match(stdout, /style=apa keys=clarkson1960,xie2012 -->\n1\. Clarkson, B\., Thompson, D\./);
  const numeric = tempFile('apa.txt', 'Later work [1] built on the first report [2].\n\n[iscls-references style=apa keys=xie2012,clarkson1960]\n1. x\n2. y\n[/iscls-references]\n');
  assert.match(iscls('bib', numeric, '--style', 'apa').stdout, /keys=xie2012,clarkson1960\]\n1\. Xie, Z\./);
});

test('bib warns on stderr for each key it cannot resolve (like pandoc), lists the rest and exits 0', () => {
  const file = tempFile('typo.md', 'First [@clarkson1960].\nThen [@gousef2011; @druey2010] and [@nokey1999].\n');
  const { code, stdout, stderr } = iscls('bib', file);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /keys=clarkson1960,druey2010 -->/);
  const warnings = stderr.trimEnd().split('\n');
  assert.deepEqual(warnings.map((w) => w.replace(/^.*typo\.md:/, '')), [
    "2: warning: citation 'gousef2011' not found (neither in the review nor in your library): it gets no entry",
    "2: warning: citation 'nokey1999' not found (neither in the review nor in your library): it gets no entry",
  ]);
  assert.equal(iscls('bib', tempFile('clean.md', 'First [@clarkson1960].\n')).stderr, '', 'no warning when every key resolves');
});

test('bib --write on a .txt that cites [@clarkson1960] writes its list (the file is a pandoc manuscript)', () => {
  const file = tempFile('notes.txt', 'Shock recurs [@clarkson1960].\n');
  const { code, stderr } = iscls('bib', file, '--write');
  assert.equal(code, 0, stderr);
  const written = readFileSync(file, 'utf8');
  assert.match(written, /keys=clarkson1960\b/);
  assert.match(written, /Clarkson B, Thompson D, Horwith M, Luckey EH\. Cyclical edema/);
  const exported = iscls('export', file, '--to', 'csljson');
  assert.equal(exported.code, 0, exported.stderr);
  assert.deepEqual(JSON.parse(exported.stdout).map((item: { id: string }) => item.id), ['clarkson1960']);
});

test('refs into a pipe its reader closed before the first write exits quietly (no EPIPE stack)', () => {
  // The reader closes its end, then lets the CLI start (a FIFO hands over the turn): the first write
  // fails with EPIPE every time, whatever the pipe's buffer size or the machine's speed.
  const dir = mkdtempSync(join(tmpdir(), 'iscls-epipe-'));
  const script =
    `mkfifo "${dir}/go"; ` +
    `{ read _ < "${dir}/go"; "${process.execPath}" "${cli}" refs --style vancouver; echo $? > "${dir}/status"; } | ` +
    `{ exec 0<&-; echo go > "${dir}/go"; }`;
  const result = spawnSync('sh', ['-c', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(readFileSync(join(dir, 'status'), 'utf8').trim(), '0', `the CLI's exit code; stderr: ${result.stderr}`);
  assert.equal(result.stderr, '');
});
